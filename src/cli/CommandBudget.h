#pragma once

#include "net/ApiResult.h"
#include "net/ClientConfig.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QTextStream;

namespace rw {
class ClientStatusFetcher;
class PollEngine;
class RequestLedger;
} // namespace rw

namespace rw::cli {

// The API budget a one-shot command (`status`, `discover`) draws on: the engine's slots
// (PollEngine::takeSlot) counted in the user's request ledger, so that the command's requests
// count with those the app, `watch` and the team watcher send on the same credentials, and wait
// when those spent the budget. A ledger that cannot be opened is said on `err`; the command then
// counts only its own.
class CommandBudget final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandBudget)
public:
    CommandBudget(QNetworkAccessManager *network, const ClientConfig &client,
                  const QStringList &accountIds, QString command, QTextStream &err,
                  QObject *parent = nullptr);
    ~CommandBudget() override;

    [[nodiscard]] PollEngine *engine() const { return m_engine.get(); }
    // Calls `send(true)` once the account's budget lets one more request go (at once when it
    // has room), its slot taken: give it back with finished(). The first wait is said on `err`.
    // `send(false)`: dropped by dropWaiting(), no slot taken.
    void whenAllowed(const QString &accountId, std::function<void(bool allowed)> send);
    // Gives up every request still waiting (the command stops asking: a 429, rejected
    // credentials), each told at once with `send(false)`.
    void dropWaiting();
    // The answer to a request whenAllowed() sent (httpStatus 0: none came).
    void finished(const QString &accountId, const ResponseInfo &response);

private:
    void sendWhatIsAllowed();

    struct Waiting
    {
        QString accountId;
        std::function<void(bool)> send;
    };
    QString m_command;
    QTextStream &m_err;
    std::unique_ptr<RequestLedger> m_ledger;
    std::unique_ptr<ClientStatusFetcher> m_fetcher;
    std::unique_ptr<PollEngine> m_engine; // after the ledger it writes: destroyed before it
    std::deque<Waiting> m_waiting;
    QTimer m_retry;
    bool m_toldWait = false;
};

} // namespace rw::cli
