#pragma once

#include "cli/ApiOptions.h"
#include "registrar/WorkflowStatus.h"

#include <QObject>
#include <QTextStream>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

namespace rw {
class AccountDiscovery;
class RegistrationNotices;
} // namespace rw

namespace rw::cli {

class CommandBudget;

// `registrar-watch discover`: one sweep of one account, as the desktop's "Watch the whole
// account" makes (the same AccountDiscovery, on a budget of its own): its registrations list
// and the update-status of each registration. Prints the workflows in flight and the
// registrations that need the operator; watches nothing.
class DiscoverCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiscoverCommand)
public:
    // Parses the arguments and runs to completion; returns the exit code.
    static int run(const QStringList &arguments, const QProcessEnvironment &environment,
                   QTextStream &out, QTextStream &err);

    DiscoverCommand(const ApiOptions::Resolved &settings, bool json,
                    std::chrono::days expiryWarning, QNetworkAccessManager *network,
                    QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~DiscoverCommand() override;
    void start();

signals:
    void finished(int exitCode);

private:
    struct Found
    {
        WorkflowRef workflow;
        std::optional<WorkflowStatus> status; // none when only the list showed it
        QString registrationStatus;           // what the list said of the registration
    };

    void onFound(const WorkflowRef &workflow, const std::optional<WorkflowStatus> &status);
    void print();

    bool m_json;
    QTextStream &m_out;
    QTextStream &m_err;
    CommandBudget *m_budget; // the one the sweep draws on, with the app's and `watch`'s
    RegistrationNotices *m_notices;
    AccountDiscovery *m_discovery;
    QList<Found> m_found;
};

} // namespace rw::cli
