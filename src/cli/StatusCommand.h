#pragma once

#include "cli/ApiOptions.h"
#include "cli/WorkflowReport.h"

#include <QObject>
#include <QTextStream>

class QNetworkAccessManager;

namespace rw {
class RegistrarClient;
}

namespace rw::cli {

class CommandBudget;

// `registrar-watch status`: fetches each named workflow once and prints what the API said.
// Its requests draw on the credentials' budget with those of the app and `watch`
// (CommandBudget): when they spent it, it waits and says so.
class StatusCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusCommand)
public:
    // Parses the arguments and runs to completion; returns the exit code.
    static int run(const QStringList &arguments, const QProcessEnvironment &environment,
                   QTextStream &out, QTextStream &err);

    StatusCommand(ApiOptions::Resolved settings, bool json, QNetworkAccessManager *network,
                  QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~StatusCommand() override;
    void start();

signals:
    void finished(int exitCode);

private:
    static constexpr int maxInFlight = 4; // be gentle with the account's shared budget

    void startNext();
    void send(qsizetype index, bool allowed);
    void finishOne(qsizetype index, WorkflowReport report);
    [[nodiscard]] WorkflowReport skipped(const WorkflowRef &workflow) const;
    void print();

    ApiOptions::Resolved m_settings;
    bool m_json;
    RegistrarClient *m_client;
    CommandBudget *m_budget;
    QTextStream &m_out;
    QList<std::optional<WorkflowReport>> m_reports;
    qsizetype m_next = 0;
    int m_inFlight = 0; // sent, or waiting for the budget
    bool m_printed = false;
    // Once credentials are rejected or the account is rate limited, further requests would
    // only fail the same way (and a 429 would be prolonged): the rest are not sent.
    std::optional<ApiError> m_stopCause;
};

} // namespace rw::cli
