#include "cli/StatusCommand.h"

#include "cli/CommandBudget.h"
#include "cli/ExitCode.h"
#include "net/RegistrarClient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace rw::cli {

int StatusCommand::run(const QStringList &arguments, const QProcessEnvironment &environment,
                       QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fetch the status of each workflow once and print it.\n\n"
        u"Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.\n"
        u"Exit status: 0 every status fetched, 2 usage or configuration error, 5 credentials\n"
        u"rejected, 6 a workflow was not found or could not be fetched."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption json(u"json"_s, u"Print one JSON object per line."_s);
    parser.addOption(help);
    parser.addOption(json);
    const ApiOptions apiOptions;
    apiOptions.addTo(parser);

    if (!parser.parse(QStringList{u"registrar-watch status"_s} + arguments)) {
        err << "registrar-watch status: " << parser.errorText() << "\n"
            << "Try 'registrar-watch status --help'.\n";
        return UsageError;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return Success;
    }
    auto settings = apiOptions.resolve(parser, environment);
    if (!settings) {
        for (const QString &problem : settings.error())
            err << "registrar-watch status: " << problem << "\n";
        return UsageError;
    }

    QNetworkAccessManager network;
    StatusCommand command(std::move(settings).value(), parser.isSet(json), &network, out, err);
    QEventLoop loop;
    int exitCode = Success;
    connect(&command, &StatusCommand::finished, &loop, [&](int code) {
        exitCode = code;
        loop.quit();
    });
    command.start();
    loop.exec();
    return exitCode;
}

StatusCommand::StatusCommand(ApiOptions::Resolved settings, bool json,
                             QNetworkAccessManager *network, QTextStream &out, QTextStream &err,
                             QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_json(json)
    , m_client(new RegistrarClient(network, m_settings.client, SystemClock::instance(), this))
    , m_budget(nullptr)
    , m_out(out)
{
    QStringList accounts;
    for (const WorkflowRef &workflow : std::as_const(m_settings.workflows))
        accounts.append(workflow.account.id);
    accounts.removeDuplicates();
    m_budget = new CommandBudget(network, m_settings.client, accounts, u"status"_s, err, this);
    m_reports.resize(m_settings.workflows.size());
}

StatusCommand::~StatusCommand() = default;

void StatusCommand::start()
{
    startNext();
}

void StatusCommand::startNext()
{
    while (m_inFlight < maxInFlight && m_next < m_settings.workflows.size()) {
        const qsizetype index = m_next++;
        const WorkflowRef &workflow = m_settings.workflows.at(index);
        if (m_stopCause) {
            finishOne(index, skipped(workflow));
            continue;
        }
        ++m_inFlight;
        m_budget->whenAllowed(workflow.account.id,
                              [this, index](bool allowed) { send(index, allowed); });
    }
    if (m_inFlight == 0 && m_next >= m_settings.workflows.size())
        print();
}

void StatusCommand::send(qsizetype index, bool allowed)
{
    const WorkflowRef &workflow = m_settings.workflows.at(index);
    if (!allowed || m_stopCause) {
        // Given up while it waited for the budget: a slot it took goes back unused.
        if (allowed)
            m_budget->finished(workflow.account.id, ResponseInfo{});
        --m_inFlight;
        finishOne(index, skipped(workflow));
        return;
    }
    StatusCall *call = m_client->fetchStatus(workflow);
    connect(call, &ApiJob::finished, this, [this, call, index, workflow] {
        --m_inFlight;
        const ApiResult<WorkflowStatus> &result = call->result();
        m_budget->finished(workflow.account.id, result.response);
        if (result.error && !m_stopCause &&
            (result.error->isCredentialProblem() ||
             result.error->kind == ApiErrorKind::RateLimited)) {
            m_stopCause = result.error;
            // Those waiting for the budget (held until Retry-After on a 429) are not asked.
            m_budget->dropWaiting();
        }
        const QDateTime observed = result.response.receivedAt.isValid()
                                       ? result.response.receivedAt
                                       : SystemClock::instance().now();
        finishOne(index, {workflow, result.value, result.error, observed});
    });
}

WorkflowReport StatusCommand::skipped(const WorkflowRef &workflow) const
{
    ApiError error = *m_stopCause;
    error.httpStatus = 0;
    error.apiErrors.clear();
    error.message =
        u"Not requested, because an earlier request was refused: %1"_s.arg(m_stopCause->message);
    return {workflow, std::nullopt, error, SystemClock::instance().now()};
}

void StatusCommand::finishOne(qsizetype index, WorkflowReport report)
{
    m_reports[index] = std::move(report);
    // Queued, so that a burst of skipped entries does not recurse.
    QMetaObject::invokeMethod(this, &StatusCommand::startNext, Qt::QueuedConnection);
}

void StatusCommand::print()
{
    if (m_printed)
        return;
    m_printed = true;
    bool credentialsRejected = false;
    bool anyFailed = false;
    const QDateTime now = SystemClock::instance().now();
    QList<QStringList> rows;
    for (const auto &report : std::as_const(m_reports)) {
        if (report->error) {
            anyFailed = true;
            credentialsRejected = credentialsRejected || report->error->isCredentialProblem();
        }
        if (m_json)
            m_out << QJsonDocument(report->toJson()).toJson(QJsonDocument::Compact) << "\n";
        else
            rows.append(report->toColumns(now));
    }
    if (!m_json)
        m_out << formatTable(WorkflowReport::columnTitles(), rows);
    m_out.flush();
    emit finished(credentialsRejected ? CredentialsRejected : anyFailed ? NotFetched : Success);
}

} // namespace rw::cli
