#pragma once

#include "cli/ApiOptions.h"
#include "cli/WorkflowReport.h"
#include "engine/PollEngine.h"

#include <QHash>
#include <QObject>
#include <QTextStream>

#include <memory>

class QNetworkAccessManager;

namespace rw {
class ClientStatusFetcher;
class WorkflowStore;
} // namespace rw

namespace rw::cli {

// `registrar-watch watch`: follows the named workflows with the polling engine, prints every
// state change, and exits once each has settled (or on --max-wait, or Ctrl-C).
class WatchCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchCommand)
public:
    static int run(const QStringList &arguments, const QProcessEnvironment &environment,
                   QTextStream &out, QTextStream &err);

    struct Options
    {
        ApiOptions::Resolved api;
        bool json = false;
        std::optional<std::chrono::seconds> maxWait;
        QString storePath; // empty: no store
    };
    WatchCommand(Options options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~WatchCommand() override;

    // Opens the store and starts watching; returns an error sentence when it cannot.
    [[nodiscard]] std::optional<QString> start();
    // Stops now and reports the state reached (--max-wait, Ctrl-C).
    void stop(const QString &why);

signals:
    void finished(int exitCode);

private:
    void onStateChanged(qint64 id, const StateChange &change);
    void onWatchChanged(qint64 id, WatchState from, WatchState to);
    void onPollFailed(qint64 id, const ApiError &error);
    void onAccountHeld(const QString &account, const QString &reason, const QDateTime &until);
    void onAccountReleased(const QString &account);
    void checkDone();
    void remindOfLongBlock(qint64 id);
    void finish(const QString &why);
    [[nodiscard]] int exitCode() const;
    [[nodiscard]] WorkflowReport reportFor(qint64 id) const;
    void printEvent(qint64 id, const QString &event, const QString &human,
                    const QJsonObject &extra = {});
    void printLine(const QString &human, const QJsonObject &json);

    Options m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<WorkflowStore> m_store;
    ClientStatusFetcher *m_fetcher = nullptr;
    PollEngine *m_engine = nullptr;
    QList<qint64> m_ids;                      // the workflows asked for, in argument order
    QHash<qint64, QDateTime> m_previousSince; // when each one's current state began
    QHash<qint64, QDateTime> m_remindedAt;    // the last "still blocked" line
    bool m_credentialsRejected = false;
    bool m_finished = false;
};

} // namespace rw::cli
