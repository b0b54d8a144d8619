#include "cli/WatchCommand.h"

#include "cli/ExitCode.h"
#include "cli/SignalWatcher.h"
#include "common/Duration.h"
#include "common/Json.h"
#include "engine/EngineHost.h"
#include "registrar/DomainName.h"
#include "report/WorkflowText.h"
#include "settings/AppSettings.h"
#include "settings/KeychainSecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "store/RequestLedger.h"
#include "store/WorkflowStore.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace rw::cli {

namespace {

QString clockTime(const QDateTime &time)
{
    return time.toLocalTime().toString(u"HH:mm:ss"_s);
}

// Each account's configuration for --from-settings, its secret read from where the desktop app
// keeps it: only the accounts the workflows name. Every problem is a sentence; none holds a
// secret.
Expected<QHash<QString, ClientConfig>, QStringList>
configsFromSettings(const QList<AccountSettings> &accounts, const QList<WorkflowRef> &workflows,
                    const ClientConfig &common)
{
    KeychainSecretStore keychain;
    PrivateFileSecretStore file(PrivateFileSecretStore::defaultPath());
    QStringList problems;
    QHash<QString, ClientConfig> configs;
    int waiting = 0;
    QEventLoop loop;
    QObject context;
    for (const AccountSettings &account : accounts) {
        const bool named = std::any_of(
            workflows.cbegin(), workflows.cend(),
            [&account](const WorkflowRef &workflow) { return workflow.account.id == account.id; });
        if (!named)
            continue;
        const QString secret = account.usesGlobalKey() ? u"Global API Key"_s : u"API token"_s;
        SecretStore *store = nullptr;
        switch (account.storage) {
        case AppSettings::SecretStorage::Keychain:
            store = &keychain;
            break;
        case AppSettings::SecretStorage::PrivateFile:
            store = &file;
            break;
        case AppSettings::SecretStorage::SessionOnly:
            problems.append(u"%1: its %2 was kept for the desktop app's session only, out of "
                            u"reach of the command line."_s.arg(account.label, secret));
            continue;
        }
        ++waiting;
        store->read(
            account.secretKey(), &context,
            [&, account, secret, store](const SecretStore::Result &result) {
                if (result.status == SecretStore::Status::Ok) {
                    ClientConfig config = common;
                    config.credentials =
                        account.usesGlobalKey()
                            ? Credentials::globalApiKey(account.email, result.secret)
                            : Credentials::apiToken(result.secret);
                    if (const auto problem = config.credentials.problem())
                        problems.append(
                            u"%1: credentials unusable: %2."_s.arg(account.label, *problem));
                    else
                        configs.insert(account.id, config);
                } else if (result.status == SecretStore::Status::NotFound) {
                    problems.append(u"%1: no %2 is in %3; enter it in the app's Settings."_s.arg(
                        account.label, secret, store->describe()));
                } else {
                    problems.append(u"%1: %2"_s.arg(account.label, result.message));
                }
                if (--waiting == 0)
                    loop.quit();
            });
    }
    if (waiting > 0)
        loop.exec();
    if (!problems.isEmpty())
        return Unexpected{problems};
    return configs;
}

} // namespace

int WatchCommand::run(const QStringList &arguments, const QProcessEnvironment &environment,
                      QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Follow workflows until each has settled, printing every change of state.\n\n"
        u"Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY;\n"
        u"with --from-settings, from the desktop app's accounts and where it keeps their secrets.\n"
        u"Exit status: 0 all succeeded, 1 any failed, 3 any needs your action, 4 gave up or\n"
        u"--max-wait passed (or interrupted before the end), 5 credentials rejected, 6 no\n"
        u"workflow found, 2 usage or configuration error. When several apply, the first of\n"
        u"5, 6, 4, 3, 1 wins."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption json(u"json"_s, u"Print one JSON object per line."_s);
    const QCommandLineOption maxWait(
        u"max-wait"_s, u"Stop after this long (90s, 15m, 2h, 3d), exit status 4."_s, u"duration"_s);
    const QCommandLineOption store(
        u"store"_s,
        u"Keep what is learnt in this SQLite file (default: the watch store in the "
        u"user's data directory)."_s,
        u"path"_s);
    const QCommandLineOption noStore(u"no-store"_s, u"Keep nothing: a throwaway run."_s);
    const QCommandLineOption fromSettings(
        u"from-settings"_s,
        u"Watch with the accounts of the desktop app's settings (those turned on), each signed "
        u"in with its own secret, instead of the environment. A DOMAIN names its account as "
        u"ACCOUNT/DOMAIN (label or ID), unless --account names it or only one account is on."_s);
    parser.addOptions({help, json, maxWait, store, noStore, fromSettings});
    const ApiOptions apiOptions;
    apiOptions.addTo(parser);

    if (!parser.parse(QStringList{u"registrar-watch watch"_s} + arguments)) {
        err << "registrar-watch watch: " << parser.errorText() << "\n"
            << "Try 'registrar-watch watch --help'.\n";
        return UsageError;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return Success;
    }
    Options options;
    std::optional<AppSettings> settings;
    QList<AccountSettings> accounts;
    if (parser.isSet(fromSettings)) {
        settings.emplace();
        // Said, and the watch goes on with what the settings hold now (none, when set aside).
        if (!settings->problem().isEmpty()) {
            err << "registrar-watch watch: " << settings->problem() << "\n";
            err.flush();
        }
        for (const AccountSettings &account : settings->accounts()) {
            if (account.enabled)
                accounts.append(account);
        }
        const PollSettingsRead poll = settings->readPollSettings();
        options.poll = poll.settings;
        for (const QString &ignored : poll.ignored)
            err << "registrar-watch watch: " << ignored << "\n";
    }
    auto api = settings ? apiOptions.resolveWith(parser, accounts, settings->apiBase())
                        : apiOptions.resolve(parser, environment);
    QStringList problems = api ? QStringList() : api.error();
    if (api && settings) {
        auto configs = configsFromSettings(accounts, api->workflows, api->client);
        if (configs)
            options.accounts = std::move(configs).value();
        else
            problems.append(configs.error());
    }
    options.json = parser.isSet(json);
    if (parser.isSet(maxWait)) {
        const auto wait = parseDuration(parser.value(maxWait));
        if (!wait || wait->count() < 1)
            problems.append(u"Invalid --max-wait \"%1\": give a duration such as 90s, 15m, 2h or "
                            u"3d."_s.arg(parser.value(maxWait)));
        else
            options.maxWait = *wait;
    }
    if (parser.isSet(store) && parser.isSet(noStore))
        problems.append(u"--store and --no-store contradict each other."_s);
    if (!problems.isEmpty()) {
        for (const QString &problem : std::as_const(problems))
            err << "registrar-watch watch: " << problem << "\n";
        return UsageError;
    }
    options.api = std::move(api).value();
    if (!parser.isSet(noStore))
        options.storePath = parser.isSet(store) ? parser.value(store)
                                                : WorkflowStore::defaultPath(u"watch.sqlite"_s);

    WatchCommand command(std::move(options), out, err);
    if (const auto error = command.start()) {
        err << "registrar-watch watch: " << *error << "\n";
        return UsageError;
    }
    QEventLoop loop;
    int exitCode = Success;
    connect(&command, &WatchCommand::finished, &loop, [&](int code) {
        exitCode = code;
        loop.quit();
    });
    SignalWatcher interruption;
    connect(&interruption, &SignalWatcher::interrupted, &command,
            [&command] { command.stop(u"interrupted"_s); });
    // An alarm, not a QTimer: Qt 6.4's timers take int milliseconds, 24 days at most.
    const std::unique_ptr<Alarm> deadline = SystemClock::instance().createAlarm();
    if (command.m_options.maxWait) {
        connect(deadline.get(), &Alarm::rang, &command, [&command] {
            command.stop(u"--max-wait %1 passed"_s.arg(formatDuration(*command.m_options.maxWait)));
        });
        deadline->setAt(SystemClock::instance().now().addSecs(command.m_options.maxWait->count()));
    }
    loop.exec();
    return exitCode;
}

WatchCommand::WatchCommand(Options options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{}

WatchCommand::~WatchCommand() = default;

std::optional<QString> WatchCommand::start()
{
    const QList<WorkflowRef> &wanted = m_options.api.workflows;
    // Gated until the credentials are set: what the store says is due would go out at once,
    // without them.
    auto host =
        EngineHost::open({m_options.storePath, m_options.poll, true, RequestLedger::defaultPath()},
                         SystemClock::instance(), [&wanted](const TrackedWorkflow &workflow) {
                             return wanted.contains(workflow.ref);
                         });
    if (!host)
        return host.error() + u" Use --store PATH for another file, or --no-store."_s;
    m_host = std::move(host).value();
    for (const QString &notice : m_host->notices())
        m_err << "registrar-watch watch: " << notice << "\n";
    m_err.flush();
    m_host->setDefaultConfig(m_options.api.client);
    m_engine = m_host->engine();
    for (auto it = m_options.accounts.cbegin(); it != m_options.accounts.cend(); ++it) {
        m_host->setAccountConfig(it.key(), it.value());
        // Accounts signed in as one Cloudflare user share its limit.
        m_engine->setBudgetKey(it.key(), it.value().credentials.budgetKey());
    }
    // The other accounts ask with the environment's credentials: their requests count on the
    // budget of those credentials, which the app and other watchers on them count on too.
    for (const WorkflowRef &ref : wanted) {
        if (!m_options.accounts.contains(ref.account.id))
            m_engine->setBudgetKey(ref.account.id, m_options.api.client.credentials.budgetKey());
    }
    m_host->openGate();
    connect(m_engine, &PollEngine::stateChanged, this, &WatchCommand::onStateChanged);
    connect(m_engine, &PollEngine::watchChanged, this, &WatchCommand::onWatchChanged);
    connect(m_engine, &PollEngine::pollFailed, this, &WatchCommand::onPollFailed);
    connect(m_engine, &PollEngine::accountHeld, this, &WatchCommand::onAccountHeld);
    connect(m_engine, &PollEngine::accountReleased, this, &WatchCommand::onAccountReleased);
    connect(m_engine, &PollEngine::reachabilityChanged, this, &WatchCommand::onReachabilityChanged);
    // Every answer may settle the last one, also when nothing changed (a re-check of a workflow
    // that had already ended).
    connect(m_engine, &PollEngine::workflowUpdated, this, [this](const TrackedWorkflow &workflow) {
        if (m_ids.contains(workflow.id)) {
            remindOfLongBlock(workflow);
            checkDone();
        }
    });
    connect(m_engine, &PollEngine::storageError, this, [this](const QString &message) {
        m_err << "registrar-watch watch: " << message << "\n";
        m_err.flush();
    });

    for (const WorkflowRef &ref : wanted) {
        if (const auto known = m_engine->find(ref)) {
            const TrackedWorkflow *workflow = m_engine->workflow(*known);
            if (workflow->status)
                printEvent(*workflow, u"known"_s,
                           u"%1 when last checked, %2"_s.arg(printable(workflow->status->stateText),
                                                             clockTime(workflow->lastCheckedAt)));
        }
        // Anything stopped before is asked again: that is what a new watch is for.
        m_ids.append(m_engine->watch(ref).id);
    }
    return std::nullopt;
}

WorkflowReport WatchCommand::reportFor(const TrackedWorkflow &workflow)
{
    return {workflow.ref, workflow.status, workflow.lastError,
            workflow.lastCheckedAt.isValid() ? workflow.lastCheckedAt
                                             : SystemClock::instance().now()};
}

void WatchCommand::printLine(const QString &human, const QJsonObject &json)
{
    if (m_options.json)
        m_out << QJsonDocument(json).toJson(QJsonDocument::Compact) << "\n";
    else
        m_out << human << "\n";
    m_out.flush();
}

void WatchCommand::printEvent(const TrackedWorkflow &workflow, const QString &event,
                              const QString &human, const QJsonObject &extra)
{
    const WorkflowReport report = reportFor(workflow);
    QJsonObject json = report.toJson();
    json.insert(u"event"_s, event);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        json.insert(it.key(), it.value());
    const QString kind =
        kindName(workflow.ref.kind) + (workflow.ref.account.sandbox ? u" (sandbox)"_s : QString());
    printLine(
        u"%1  %2  %3  %4"_s
            .arg(clockTime(report.observedAt), domain::toUnicode(workflow.ref.domain), kind, human)
            .trimmed(),
        json);
}

void WatchCommand::onStateChanged(const TrackedWorkflow &workflow, const StateChange &change)
{
    const qint64 id = workflow.id;
    if (!m_ids.contains(id))
        return;
    QString human = change.fromState
                        ? u"%1 → %2"_s.arg(printable(*change.fromState), printable(change.toState))
                        : printable(change.toState);
    if (workflow.status) {
        const QString details = WorkflowReport::details(*workflow.status);
        if (!details.isEmpty())
            human += u"  "_s + details;
    }
    QJsonObject extra;
    if (change.fromState) {
        extra.insert(u"previous_state"_s, *change.fromState);
        // How long the state before lasted: an operator wants to know a long blocked spell.
        if (m_previousSince.contains(id)) {
            const qint64 lasted = m_previousSince.value(id).secsTo(change.observedAt);
            extra.insert(u"previous_state_s"_s, lasted);
            human += u"  (%1 for %2)"_s.arg(printable(*change.fromState),
                                            formatDuration(std::chrono::seconds(lasted)));
        }
    }
    m_previousSince.insert(id, workflow.stateSince);
    printEvent(workflow, change.fromState ? u"changed"_s : u"observed"_s, human, extra);
    checkDone();
}

void WatchCommand::onWatchChanged(const TrackedWorkflow &workflow, WatchState from, WatchState to)
{
    Q_UNUSED(from)
    if (!m_ids.contains(workflow.id))
        return;
    if (to == WatchState::GaveUp) {
        const QString reason = workflow.stopReason;
        printEvent(workflow, u"gave_up"_s, u"gave up: %1"_s.arg(reason),
                   QJsonObject{{u"reason"_s, reason}});
    }
    checkDone();
}

void WatchCommand::onPollFailed(const TrackedWorkflow &workflow, const ApiError &error)
{
    if (!m_ids.contains(workflow.id) || error.isCredentialProblem() ||
        error.kind == ApiErrorKind::RateLimited)
        return; // the account's hold is reported instead
    const bool first = error.kind == ApiErrorKind::NoWorkflow ? workflow.noWorkflowAnswers == 1
                                                              : workflow.consecutiveErrors == 1;
    if (!first)
        return; // a streak of failures is reported once; the engine keeps trying
    if (error.isUnanswered() && m_unreachable.contains(workflow.ref.account.id))
        return; // the account's outage is told once, for all its workflows
    printEvent(workflow, u"error"_s,
               u"%1: %2"_s.arg(error.kindName().replace(u'_', u' '), printable(error.message)));
}

void WatchCommand::onAccountHeld(const QString &account, const QString &reason,
                                 const QDateTime &until)
{
    QJsonObject json{{u"event"_s, u"account_hold"_s},
                     {u"account_id"_s, account},
                     {u"reason"_s, reason},
                     {u"observed_at"_s, json::formatDateTime(SystemClock::instance().now())}};
    if (until.isValid())
        json.insert(u"until"_s, json::formatDateTime(until));
    printLine(
        u"%1  account %2: %3"_s.arg(clockTime(SystemClock::instance().now()), account, reason),
        json);
    if (m_engine->accountStatus(account).hold == RequestBudget::Hold::CredentialsRejected) {
        m_credentialsRejected = true;
        finish(u"credentials rejected"_s); // nothing will move until they change
    }
}

void WatchCommand::onAccountReleased(const QString &account)
{
    printLine(
        u"%1  account %2: requests resume"_s.arg(clockTime(SystemClock::instance().now()), account),
        QJsonObject{{u"event"_s, u"account_released"_s},
                    {u"account_id"_s, account},
                    {u"observed_at"_s, json::formatDateTime(SystemClock::instance().now())}});
}

void WatchCommand::onReachabilityChanged(const QString &account, bool reachable,
                                         const QDateTime &since)
{
    const QDateTime now = SystemClock::instance().now();
    QJsonObject json{{u"event"_s, reachable ? u"api_reached"_s : u"api_unreachable"_s},
                     {u"account_id"_s, account},
                     {u"observed_at"_s, json::formatDateTime(now)}};
    QString sentence;
    if (reachable) {
        const QDateTime began = m_unreachable.take(account);
        sentence = workflowText::reachedAgain(since, began);
        json.insert(u"at"_s, json::formatDateTime(since));
    } else {
        m_unreachable.insert(account, since);
        sentence = workflowText::unreachable(since);
        json.insert(u"since"_s, json::formatDateTime(since));
    }
    printLine(u"%1  account %2: %3"_s.arg(clockTime(now), account, sentence), json);
}

void WatchCommand::remindOfLongBlock(const TrackedWorkflow &workflow)
{
    // A blocked spell can last days: say how long, at most once an hour, so an operator
    // watching a transfer sees it is still alive.
    if (workflow.state() != WorkflowState::Blocked || !workflow.stateSince.isValid())
        return;
    const QDateTime now = workflow.lastCheckedAt;
    const qint64 blockedFor = workflow.stateSince.secsTo(now);
    const QDateTime last = m_remindedAt.value(workflow.id, workflow.stateSince);
    if (blockedFor < 3600 || last.secsTo(now) < 3600)
        return;
    m_remindedAt.insert(workflow.id, now);
    printEvent(workflow, u"still_blocked"_s,
               u"still blocked, for %1"_s.arg(formatDuration(std::chrono::seconds(blockedFor))),
               QJsonObject{{u"blocked_s"_s, blockedFor}});
}

void WatchCommand::checkDone()
{
    for (const qint64 id : std::as_const(m_ids)) {
        const TrackedWorkflow *workflow = m_engine->workflow(id);
        if (workflow->watch == WatchState::Watching || workflow->watch == WatchState::Paused ||
            m_engine->isInFlight(id))
            return;
    }
    finish(u"all settled"_s);
}

void WatchCommand::stop(const QString &why)
{
    finish(why);
}

int WatchCommand::exitCode() const
{
    if (m_credentialsRejected)
        return CredentialsRejected;
    bool noWorkflow = false, gaveUp = false, needsAction = false, failed = false;
    for (const qint64 id : m_ids) {
        const TrackedWorkflow *workflow = m_engine->workflow(id);
        switch (workflow->watch) {
        case WatchState::Watching:
        case WatchState::Paused:
            gaveUp = true; // stopped before it settled
            break;
        case WatchState::GaveUp:
            if (workflow->lastError && workflow->lastError->kind == ApiErrorKind::NoWorkflow)
                noWorkflow = true;
            else
                gaveUp = true;
            break;
        case WatchState::NeedsOperator:
            needsAction = true;
            break;
        case WatchState::Settled:
            failed = failed || workflow->state() == WorkflowState::Failed;
            break;
        }
    }
    return noWorkflow    ? NotFetched
           : gaveUp      ? GaveUp
           : needsAction ? NeedsAction
           : failed      ? WorkflowFailed
                         : Success;
}

void WatchCommand::finish(const QString &why)
{
    if (m_finished)
        return;
    m_finished = true;
    const int code = exitCode();
    const QDateTime now = SystemClock::instance().now();
    if (m_options.json) {
        for (const qint64 id : std::as_const(m_ids)) {
            const TrackedWorkflow &workflow = *m_engine->workflow(id);
            QJsonObject json = reportFor(workflow).toJson();
            json.insert(u"event"_s, u"final"_s);
            json.insert(u"watch"_s, watchStateName(workflow.watch));
            json.insert(u"reason"_s, why);
            m_out << QJsonDocument(json).toJson(QJsonDocument::Compact) << "\n";
        }
    } else {
        QList<QStringList> rows;
        for (const qint64 id : std::as_const(m_ids))
            rows.append(reportFor(*m_engine->workflow(id)).toColumns(now));
        m_out << "\n"
              << why.at(0).toUpper() + why.mid(1) << ":\n"
              << formatTable(WorkflowReport::columnTitles(), rows);
    }
    m_out.flush();
    QMetaObject::invokeMethod(
        this, [this, code] { emit finished(code); }, Qt::QueuedConnection);
}

} // namespace rw::cli
