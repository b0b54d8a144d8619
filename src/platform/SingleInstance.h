#pragma once

#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

class QLocalServer;
class QLocalSocket;

namespace rw {

// One desktop app per user and data directory: the first instance listens on a local socket
// only its user can reach; a later one (or `registrar-watch add`) hands it a message and gets
// a sentence back saying what the first one did with it.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)
public:
    // What the running instance does with a message; returns the sentence for the sender.
    using Handler = std::function<QString(const QStringList &message)>;

    // `name`: a socket path; empty: one derived from the user's data directory.
    explicit SingleInstance(QString name = {}, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True: this is the first instance, and now listens. False: another one runs and has been
    // handed `message`; reply() says what it did (or, rarely, the socket cannot be had: see
    // error()).
    [[nodiscard]] bool claim(const QStringList &message = {});
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] const QString &reply() const { return m_reply; }
    [[nodiscard]] const QString &name() const { return m_name; }
    // Messages that arrive before a handler is set wait for it.
    void setHandler(Handler handler);
    [[nodiscard]] qsizetype waitingMessages() const { return m_waiting.size(); }

    // Hands `message` to the instance listening at `name`: its reply, or none when no instance
    // runs. While `whenNobody` runs (only when none does), no instance can start and miss what
    // it does.
    [[nodiscard]] static std::optional<QString> send(const QStringList &message,
                                                     const std::function<void()> &whenNobody = {},
                                                     const QString &name = defaultName());
    [[nodiscard]] static QString defaultName();

private:
    [[nodiscard]] static std::optional<QString> handOver(const QString &name,
                                                         const QStringList &message);
    void receive(QLocalSocket *socket);

    QString m_name;
    QLocalServer *m_server = nullptr;
    QString m_error;
    QString m_reply;
    Handler m_handler;
    QList<QPair<QLocalSocket *, QStringList>> m_waiting;
};

} // namespace rw
