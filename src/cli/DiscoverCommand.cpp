#include "cli/DiscoverCommand.h"

#include "cli/CommandBudget.h"
#include "cli/ExitCode.h"
#include "cli/WorkflowReport.h"
#include "common/Duration.h"
#include "common/Json.h"
#include "discovery/AccountDiscovery.h"
#include "discovery/RegistrationNotices.h"
#include "registrar/DomainName.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace rw::cli {

namespace {

QString reasonName(RegistrationAttention::Reason reason)
{
    using Reason = RegistrationAttention::Reason;
    switch (reason) {
    case Reason::ExpiresSoon:
        return u"expires_soon"_s;
    case Reason::Expired:
        return u"expired"_s;
    case Reason::RedemptionPeriod:
        return u"redemption_period"_s;
    case Reason::PendingDelete:
        return u"pending_delete"_s;
    case Reason::Suspended:
        return u"suspended"_s;
    }
    return u"expired"_s;
}

QString reasonText(const RegistrationNotice &notice)
{
    if (notice.attention.reason == RegistrationAttention::Reason::ExpiresSoon)
        return u"expires soon, auto-renew off"_s;
    return reasonName(notice.attention.reason).replace(u'_', u' ');
}

} // namespace

int DiscoverCommand::run(const QStringList &arguments, const QProcessEnvironment &environment,
                         QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Look through the whole account once: its registrations list, then the update status\n"
        u"of each registration, at a pace that leaves most of the account's rate limit to\n"
        u"others. Prints the workflows in flight (whoever started them) and the registrations\n"
        u"that need you (lapsed, or expiring with auto-renew off). Watches nothing.\n\n"
        u"Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.\n"
        u"Exit status: 0 nothing needs you, 2 usage or configuration error, 3 a workflow or a\n"
        u"registration needs you, 5 credentials rejected, 6 the account could not be looked\n"
        u"through."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption json(u"json"_s, u"Print one JSON object per line."_s);
    const QCommandLineOption expiring(
        u"expiring-within"_s,
        u"A registration with auto-renew off needs you from this long before it expires "
        u"(default 30d)."_s,
        u"duration"_s, u"30d"_s);
    parser.addOption(help);
    parser.addOption(json);
    parser.addOption(expiring);
    const ApiOptions apiOptions;
    apiOptions.addTo(parser);

    if (!parser.parse(QStringList{u"registrar-watch discover"_s} + arguments)) {
        err << "registrar-watch discover: " << parser.errorText() << "\n"
            << "Try 'registrar-watch discover --help'.\n";
        return UsageError;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return Success;
    }
    auto settings = apiOptions.resolve(parser, environment, ApiOptions::Domains::None);
    const auto warning = parseDuration(parser.value(expiring));
    if (!settings || !warning || warning->count() < 0) {
        if (!settings) {
            for (const QString &problem : settings.error())
                err << "registrar-watch discover: " << problem << "\n";
        }
        if (!warning || warning->count() < 0)
            err << "registrar-watch discover: Invalid --expiring-within \""
                << parser.value(expiring) << "\": give a duration such as 30d.\n";
        return UsageError;
    }

    QNetworkAccessManager network;
    DiscoverCommand command(settings.value(), parser.isSet(json),
                            std::chrono::duration_cast<std::chrono::days>(*warning), &network, out,
                            err);
    QEventLoop loop;
    int exitCode = Success;
    connect(&command, &DiscoverCommand::finished, &loop, [&](int code) {
        exitCode = code;
        loop.quit();
    });
    command.start();
    loop.exec();
    return exitCode;
}

DiscoverCommand::DiscoverCommand(const ApiOptions::Resolved &settings, bool json,
                                 std::chrono::days expiryWarning, QNetworkAccessManager *network,
                                 QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_json(json)
    , m_out(out)
    , m_err(err)
    , m_budget(new CommandBudget(network, settings.client, {settings.account.id}, u"discover"_s,
                                 err, this))
    , m_notices(new RegistrationNotices(this))
{
    DiscoveryAccount account;
    account.account = settings.account;
    account.config = settings.client;
    account.expiryWarning = expiryWarning;
    m_discovery = new AccountDiscovery(account, m_budget->engine(), network, nullptr, m_notices,
                                       SystemClock::instance(), this);
    m_discovery->setTracking(false);
    connect(m_discovery, &AccountDiscovery::found, this, &DiscoverCommand::onFound);
    connect(m_discovery, &AccountDiscovery::finished, this, &DiscoverCommand::print);
}

DiscoverCommand::~DiscoverCommand() = default;

void DiscoverCommand::start()
{
    m_discovery->runOnce();
}

void DiscoverCommand::onFound(const WorkflowRef &workflow,
                              const std::optional<WorkflowStatus> &status)
{
    m_found.append({workflow, status, {}});
}

void DiscoverCommand::print()
{
    const QDateTime now = SystemClock::instance().now();
    for (Found &found : m_found) {
        if (found.status)
            continue;
        for (const Registration &registration : m_discovery->registrations()) {
            if (registration.domainName.compare(found.workflow.domain, Qt::CaseInsensitive) == 0)
                found.registrationStatus = registration.status;
        }
    }
    bool needsYou = !m_notices->notices().isEmpty();
    QList<QStringList> workflowRows;
    for (const Found &found : std::as_const(m_found)) {
        needsYou =
            needsYou || (found.status && found.status->state == WorkflowState::ActionRequired);
        const WorkflowReport report{found.workflow, found.status, std::nullopt, now};
        if (m_json) {
            QJsonObject line = report.toJson();
            line.insert(u"type"_s, u"workflow"_s);
            line.insert(u"registration_status"_s, found.registrationStatus.isEmpty()
                                                      ? QJsonValue(QJsonValue::Null)
                                                      : QJsonValue(found.registrationStatus));
            m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << "\n";
        } else if (found.status) {
            workflowRows.append(report.toColumns(now));
        } else {
            workflowRows.append({domain::toUnicode(found.workflow.domain),
                                 kindName(found.workflow.kind), printable(found.registrationStatus),
                                 u"-"_s, u"as the registrations list shows it"_s});
        }
    }
    QList<QStringList> noticeRows;
    for (const RegistrationNotice &notice : m_notices->notices()) {
        if (m_json) {
            const QJsonObject line{
                {u"type"_s, u"registration"_s},
                {u"domain"_s, notice.domain},
                {u"account_id"_s, notice.account.id},
                {u"sandbox"_s, notice.account.sandbox},
                {u"reason"_s, reasonName(notice.attention.reason)},
                {u"expires_at"_s, json::formatDateTime(notice.attention.expiresAt)},
                {u"status"_s, notice.registration.status},
                {u"auto_renew"_s, notice.registration.autoRenew}};
            m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << "\n";
        } else {
            noticeRows.append({domain::toUnicode(notice.domain), reasonText(notice),
                               notice.attention.expiresAt.isValid()
                                   ? notice.attention.expiresAt.toString(u"yyyy-MM-dd"_s)
                                   : u"-"_s});
        }
    }
    if (!m_json) {
        m_out << "Workflows in flight:\n";
        if (workflowRows.isEmpty())
            m_out << "  none\n";
        else
            m_out << formatTable(WorkflowReport::columnTitles(), workflowRows);
        m_out << "\nRegistrations that need you:\n";
        if (noticeRows.isEmpty())
            m_out << "  none\n";
        else
            m_out << formatTable({u"DOMAIN"_s, u"WHY"_s, u"EXPIRES"_s}, noticeRows);
        const int count = m_discovery->registrationCount();
        if (count >= 0)
            m_out << "\n"
                  << count << (count == 1 ? " registration" : " registrations")
                  << " looked through.\n";
    }
    m_out.flush();
    if (const auto &error = m_discovery->lastError()) {
        m_err << "registrar-watch discover: " << printable(error->message) << "\n";
        m_err.flush();
        emit finished(error->isCredentialProblem() ? CredentialsRejected : NotFetched);
        return;
    }
    emit finished(needsYou ? NeedsAction : Success);
}

} // namespace rw::cli
