#pragma once

#include "cli/ApiOptions.h"
#include "cli/WorkflowReport.h"
#include "engine/PollEngine.h"
#include "engine/PollSettings.h"

#include <QHash>
#include <QObject>
#include <QTextStream>

#include <memory>

namespace rw {
class EngineHost;
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
        // --from-settings: each account's own configuration, its credentials included.
        QHash<QString, ClientConfig> accounts;
        PollSettings poll; // --from-settings: the app's, checked
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
    void onStateChanged(const TrackedWorkflow &workflow, const StateChange &change);
    void onWatchChanged(const TrackedWorkflow &workflow, WatchState from, WatchState to);
    void onPollFailed(const TrackedWorkflow &workflow, const ApiError &error);
    void onAccountHeld(const QString &account, const QString &reason, const QDateTime &until);
    void onAccountReleased(const QString &account);
    // One line when the account's API stops answering, one when it answers again.
    void onReachabilityChanged(const QString &account, bool reachable, const QDateTime &since);
    void checkDone();
    void remindOfLongBlock(const TrackedWorkflow &workflow);
    void finish(const QString &why);
    [[nodiscard]] int exitCode() const;
    [[nodiscard]] static WorkflowReport reportFor(const TrackedWorkflow &workflow);
    void printEvent(const TrackedWorkflow &workflow, const QString &event, const QString &human,
                    const QJsonObject &extra = {});
    void printLine(const QString &human, const QJsonObject &json);

    Options m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<EngineHost> m_host;
    PollEngine *m_engine = nullptr;           // the host's
    QList<qint64> m_ids;                      // the workflows asked for, in argument order
    QHash<qint64, QDateTime> m_previousSince; // when each one's current state began
    QHash<qint64, QDateTime> m_remindedAt;    // the last "still blocked" line
    QHash<QString, QDateTime> m_unreachable;  // accounts told as not answering, since when
    bool m_credentialsRejected = false;
    bool m_finished = false;
};

} // namespace rw::cli
