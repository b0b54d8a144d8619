#pragma once

#include "settings/SecretStore.h"

#include <QHash>
#include <QList>

#include <functional>

namespace rw::test {

// A secret store whose answers the test controls. It works like a keychain that is there,
// answering on the next pass of the event loop, unless told to hold its answers until released
// (QtKeychain working through its queue while an unlock prompt waits, in order) or to fail as a
// missing, locked or refusing keychain does.
class FakeSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeSecretStore)
public:
    enum class Failing {
        Nothing,
        Writes,     // reads answer; writes and removals fail
        Everything, // as a keychain with no Secret Service behind it
    };
    Q_ENUM(Failing)
    // What QtKeychain says when no Secret Service answers.
    static const QString missingKeychainMessage;

    explicit FakeSecretStore(QString description = QStringLiteral("the system keychain"),
                             QObject *parent = nullptr);

    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    [[nodiscard]] QString describe() const override { return m_description; }

    // What it holds; the test may fill it beforehand.
    [[nodiscard]] QHash<QString, QString> &secrets() { return m_secrets; }
    void fail(Failing what, Status status = Status::Unavailable,
              QString message = missingKeychainMessage);
    // Every request made so far, answered or not.
    [[nodiscard]] int calls() const { return m_calls; }

    void holdAnswers(bool hold) { m_hold = hold; }
    [[nodiscard]] qsizetype waiting() const { return m_queue.size(); }
    // Carries out the oldest held request and answers it; false when none waits.
    bool releaseOne();
    void releaseAll();

private:
    void handle(bool changes, QObject *context, Callback done, std::function<Result()> operation);

    QString m_description;
    QHash<QString, QString> m_secrets;
    Failing m_failing = Failing::Nothing;
    Result m_failure;
    int m_calls = 0;
    bool m_hold = false;
    QList<std::function<void()>> m_queue;
};

} // namespace rw::test
