#include "serve/ServeCommand.h"

#include "cli/SignalWatcher.h"
#include "discovery/DiscoveryHost.h"
#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "registrar/AccountLabels.h"
#include "serve/MetricsCollector.h"
#include "serve/RequestLimit.h"
#include "store/RequestLedger.h"
#include "store/WorkflowStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QSet>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServe, "rw.serve")

namespace rw::serve {

namespace {

using Status = QHttpServerResponder::StatusCode;

constexpr int usageError = 2;
constexpr int cannotStart = 1;

QString describe(const WorkflowRef &workflow)
{
    return u"%1:%2"_s.arg(workflow.domain, kindName(workflow.kind));
}

QString describe(const ServeAccount &account)
{
    return u"%1 (%2%3)"_s.arg(account.label, account.account.id,
                              account.account.sandbox ? u", sandbox"_s : QString());
}

QHttpServerResponse text(const QByteArray &body, Status status)
{
    return QHttpServerResponse("text/plain; charset=utf-8"_ba, body, status);
}

// What changed between two readings of the file, in words for the log; never a secret.
QStringList changes(const ServeConfig &before, const ServeConfig &after)
{
    QStringList said;
    for (const ServeAccount &account : after.accounts) {
        const auto old = std::find_if(
            before.accounts.cbegin(), before.accounts.cend(),
            [&account](const ServeAccount &was) { return was.account.id == account.account.id; });
        if (old == before.accounts.cend()) {
            said.append(u"account %1 added"_s.arg(describe(account)));
            continue;
        }
        if (*old == account)
            continue;
        QStringList what;
        if (old->label != account.label)
            what.append(u"label was %1"_s.arg(old->label));
        if (old->account.sandbox != account.account.sandbox)
            what.append(account.account.sandbox ? u"now the sandbox"_s
                                                : u"no longer the sandbox"_s);
        if (old->watchWholeAccount != account.watchWholeAccount)
            what.append(account.watchWholeAccount ? u"whole account watched"_s
                                                  : u"whole account no longer watched"_s);
        if (old->listEvery != account.listEvery || old->expiryWarning != account.expiryWarning)
            what.append(u"discovery pace or expiry warning changed"_s);
        if (old->secretSource != account.secretSource ||
            old->credentials.token() != account.credentials.token() ||
            old->credentials.email() != account.credentials.email())
            what.append(u"new secret from %1"_s.arg(account.secretSource));
        said.append(u"account %1 changed: %2"_s.arg(describe(account), what.join(u", "_s)));
    }
    for (const ServeAccount &account : before.accounts) {
        const bool kept = std::any_of(
            after.accounts.cbegin(), after.accounts.cend(),
            [&account](const ServeAccount &now) { return now.account.id == account.account.id; });
        if (!kept)
            said.append(u"account %1 removed: its workflows are no longer watched"_s.arg(
                describe(account)));
    }
    for (const WorkflowRef &workflow : after.workflows) {
        if (!before.workflows.contains(workflow))
            said.append(u"domain %1 added"_s.arg(describe(workflow)));
    }
    for (const WorkflowRef &workflow : before.workflows) {
        if (!after.workflows.contains(workflow))
            said.append(u"domain %1 removed"_s.arg(describe(workflow)));
    }
    if (before.apiBase.url() != after.apiBase.url())
        said.append(u"api_base is now %1"_s.arg(after.apiBase.url().toString()));
    return said;
}

} // namespace

int ServeCommand::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The team's headless Registrar Watch: watches the accounts and domains of FILE and\n"
        u"serves /metrics for Prometheus, /healthz and /readyz. SIGHUP reads FILE again;\n"
        u"SIGTERM stops it. Secrets come from the environment or from files (systemd's\n"
        u"LoadCredential=), never from FILE. Exit status: 0 stopped, 1 could not start,\n"
        u"2 usage or configuration error."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version."_s);
    const QCommandLineOption config(u"config"_s, u"The configuration file (INI)."_s, u"file"_s);
    const QCommandLineOption check(u"check-config"_s,
                                   u"Read the configuration, print its problems (or "
                                   u"\"configuration OK\") and exit."_s);
    parser.addOptions({help, version, config, check});
    if (!parser.parse(QStringList{u"registrar-watch-serve"_s} + arguments)) {
        err << "registrar-watch-serve: " << parser.errorText() << "\n"
            << "Try 'registrar-watch-serve --help'.\n";
        return usageError;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    if (parser.isSet(version)) {
        out << "registrar-watch-serve " << QCoreApplication::applicationVersion() << "\n";
        return 0;
    }
    if (!parser.isSet(config) || !parser.positionalArguments().isEmpty()) {
        err << "registrar-watch-serve: give the configuration file: --config FILE\n"
            << "Try 'registrar-watch-serve --help'.\n";
        return usageError;
    }
    auto read = ServeConfig::read(parser.value(config), environment);
    if (parser.isSet(check)) {
        if (read) {
            for (const QString &warning : read->warnings)
                err << "warning: " << warning << "\n";
            out << "configuration OK\n";
            return 0;
        }
        for (const QString &problem : read.error())
            err << problem << "\n";
        return usageError;
    }
    if (!read) {
        for (const QString &problem : read.error())
            qCCritical(lcServe).noquote() << problem;
        return usageError;
    }
    for (const QString &warning : read->warnings)
        qCWarning(lcServe).noquote() << warning;

    ServeCommand command(std::move(read).value(), environment);
    if (const auto error = command.start()) {
        qCCritical(lcServe).noquote() << *error;
        return cannotStart;
    }
    QEventLoop loop;
    cli::SignalWatcher watcher;
    watcher.catchHangUp();
    connect(&watcher, &cli::SignalWatcher::hangUp, &command, &ServeCommand::reload);
    connect(&watcher, &cli::SignalWatcher::interrupted, &loop, [&loop](int signal) {
        qCInfo(lcServe).noquote() << u"signal %1: stopping"_s.arg(signal);
        loop.quit();
    });
    loop.exec();
    return 0;
}

ServeCommand::ServeCommand(ServeConfig config, QProcessEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_environment(std::move(environment))
{}

ServeCommand::~ServeCommand()
{
    // Nothing more is asked or written once the server stops answering: the engine, then the
    // store, close last (EngineHost's order).
    m_http.reset();
    m_metrics.reset();
    m_discovery.reset();
    const QString store = m_host && m_host->store() ? m_host->store()->path() : QString();
    m_host.reset();
    if (!store.isEmpty())
        qCInfo(lcServe).noquote() << u"stopped; store %1 closed"_s.arg(store);
}

std::optional<QString> ServeCommand::start()
{
    // Only the configured accounts' workflows: another account's would be asked with the first
    // account's credentials.
    QSet<QString> accounts;
    for (const ServeAccount &account : std::as_const(m_config.accounts))
        accounts.insert(account.account.id);
    // Gated until apply() set the accounts' credentials: what the store says is due would go
    // out at once, without them.
    auto host =
        EngineHost::open({m_config.storePath, {}, true, RequestLedger::defaultPath()},
                         SystemClock::instance(), [&accounts](const TrackedWorkflow &workflow) {
                             return accounts.contains(workflow.ref.account.id);
                         });
    if (!host)
        return u"The store %1 cannot be opened: %2"_s.arg(m_config.storePath, host.error());
    m_host = std::move(host).value();
    for (const QString &notice : m_host->notices())
        qCWarning(lcServe).noquote() << notice;
    m_metrics = std::make_unique<MetricsCollector>(m_host.get());
    m_metrics->setRegistrationNotices(&m_notices);
    m_discovery = std::make_unique<DiscoveryHost>(
        m_host->engine(), m_host->network(), m_host->store(), &m_notices, SystemClock::instance());
    connect(m_discovery.get(), &DiscoveryHost::problem, this,
            [](const QString &accountId, const QString &message) {
                qCWarning(lcServe).noquote()
                    << u"account %1: discovery stopped early: %2"_s.arg(accountId, message);
            });
    PollEngine *engine = m_host->engine();
    connect(engine, &PollEngine::storageError, this, [](const QString &message) {
        qCCritical(lcServe).noquote() << u"store: %1"_s.arg(message);
    });
    connect(engine, &PollEngine::accountHeld, this,
            [](const QString &accountId, const QString &reason, const QDateTime &until) {
                qCWarning(lcServe).noquote() << u"account %1 held%2: %3"_s.arg(
                    accountId,
                    until.isValid() ? u" until "_s + until.toUTC().toString(Qt::ISODate)
                                    : QString(),
                    reason);
            });
    connect(engine, &PollEngine::accountReleased, this, [](const QString &accountId) {
        qCInfo(lcServe).noquote() << u"account %1 no longer held"_s.arg(accountId);
    });
    apply(m_config, nullptr);
    m_host->openGate();

    m_http = std::make_unique<QHttpServer>();
    m_http->route(u"/metrics"_s,
                  [this](const QHttpServerRequest &request) { return metrics(request); });
    m_http->route(u"/healthz"_s, [](const QHttpServerRequest &request) {
        if (auto refusal = refused(request))
            return std::move(*refusal);
        return text("ok\n"_ba, Status::Ok);
    });
    m_http->route(u"/readyz"_s,
                  [this](const QHttpServerRequest &request) { return ready(request); });
    auto *listener = new RequestLimit(m_http.get());
    if (!listener->listen(m_config.listenAddress, m_config.listenPort))
        return u"Cannot listen on %1: %2"_s.arg(m_config.listenText(), listener->errorString());
    m_http->bind(listener);
    ServeConfig shown = m_config;
    shown.listenPort = listener->serverPort();
    qCInfo(lcServe).noquote() << u"listening on http://%1 (store %2, %3 account(s), %4 "
                                 u"workflow(s) tracked)"_s
                                     .arg(shown.listenText(), m_config.storePath)
                                     .arg(m_config.accounts.size())
                                     .arg(engine->workflowIds().size());
    return std::nullopt;
}

void ServeCommand::apply(const ServeConfig &next, const ServeConfig *previous)
{
    PollEngine *engine = m_host->engine();
    AccountLabels labels;
    QList<DiscoveryAccount> discovery;
    for (const ServeAccount &account : next.accounts) {
        labels.set(account.account.id, account.label);
        const ClientConfig config{next.apiBase, account.credentials};
        m_host->setAccountConfig(account.account.id, config);
        // Accounts signed in as one Cloudflare user share its limit.
        engine->setBudgetKey(account.account.id, account.credentials.budgetKey());
        if (previous) {
            const auto old = std::find_if(previous->accounts.cbegin(), previous->accounts.cend(),
                                          [&account](const ServeAccount &was) {
                                              return was.account.id == account.account.id;
                                          });
            // New credentials lift a hold for rejected ones: the operator fixed them.
            if (old == previous->accounts.cend() ||
                old->credentials.token() != account.credentials.token() ||
                old->credentials.email() != account.credentials.email())
                engine->credentialsChanged(account.account.id);
        }
        DiscoveryAccount watched;
        watched.account = account.account;
        watched.config = config;
        watched.enabled = account.watchWholeAccount;
        watched.listEvery = account.listEvery;
        watched.expiryWarning = account.expiryWarning;
        watched.heldBackWhenRemoved = false;
        discovery.append(watched);
    }
    // A workflow of no configured account (none is loaded; a link could name one) goes with
    // the first account's credentials, as `watch` does.
    m_host->setDefaultConfig({next.apiBase, next.accounts.first().credentials});
    m_metrics->setAccountLabels(labels);
    m_discovery->setAccounts(discovery);

    if (previous) {
        for (const ServeAccount &account : previous->accounts) {
            const bool kept = std::any_of(next.accounts.cbegin(), next.accounts.cend(),
                                          [&account](const ServeAccount &now) {
                                              return now.account.id == account.account.id;
                                          });
            if (kept)
                continue;
            m_host->forgetAccount(account.account.id);
            m_notices.removeAccount(account.account.id);
            m_host->setAccountConfig(account.account.id, {next.apiBase, {}});
        }
        // A domain taken out of the file is no longer watched; what discovery found stays.
        for (const WorkflowRef &workflow : previous->workflows) {
            if (next.workflows.contains(workflow))
                continue;
            if (const auto id = engine->find(workflow)) {
                if (engine->workflow(*id)->origin != WorkflowOrigin::Found)
                    engine->remove(*id);
            }
        }
    }
    QList<WorkflowRef> added;
    for (const WorkflowRef &workflow : next.workflows) {
        if (!previous || !previous->workflows.contains(workflow))
            added.append(workflow);
    }
    const PollEngine::WatchSummary summary = engine->watchAll(added);
    if (!added.isEmpty())
        qCInfo(lcServe).noquote() << u"watching %1 workflow(s) of the domains file: %2 new, %3 "
                                     u"resumed, %4 known"_s.arg(added.size())
                                         .arg(summary.added)
                                         .arg(summary.resumed)
                                         .arg(summary.rechecked);
}

void ServeCommand::reload()
{
    qCInfo(lcServe).noquote() << u"SIGHUP: reading %1 again"_s.arg(m_config.path);
    auto read = ServeConfig::read(m_config.path, m_environment);
    if (!read) {
        qCCritical(lcServe).noquote()
            << u"the configuration has problems; going on with the one read before:"_s;
        for (const QString &problem : read.error())
            qCCritical(lcServe).noquote() << problem;
        return;
    }
    ServeConfig next = std::move(read).value();
    for (const QString &warning : next.warnings)
        qCWarning(lcServe).noquote() << warning;
    if (next.listenText() != m_config.listenText() || next.allowRemote != m_config.allowRemote)
        qCWarning(lcServe).noquote()
            << u"listen changed to %1: that takes a restart; still on %2"_s.arg(
                   next.listenText(), m_config.listenText());
    if (next.storePath != m_config.storePath)
        qCWarning(lcServe).noquote()
            << u"store changed to %1: that takes a restart; still %2"_s.arg(next.storePath,
                                                                            m_config.storePath);
    // What only a restart changes stays as it runs.
    next.listenAddress = m_config.listenAddress;
    next.listenPort = m_config.listenPort;
    next.allowRemote = m_config.allowRemote;
    next.storePath = m_config.storePath;
    const QStringList said = changes(m_config, next);
    apply(next, &m_config);
    m_config = std::move(next);
    if (said.isEmpty())
        qCInfo(lcServe).noquote() << u"configuration reloaded: nothing changed"_s;
    for (const QString &change : said)
        qCInfo(lcServe).noquote() << u"configuration reloaded: %1"_s.arg(change);
}

std::optional<QHttpServerResponse> ServeCommand::refused(const QHttpServerRequest &request)
{
    // A scrape target reads, it takes nothing in: no other method, no body.
    if (request.method() != QHttpServerRequest::Method::Get &&
        request.method() != QHttpServerRequest::Method::Head) {
        QHttpServerResponse response =
            text("Only GET is served here.\n"_ba, Status::MethodNotAllowed);
        response.setHeader("Allow"_ba, "GET, HEAD"_ba);
        return response;
    }
    if (!request.body().isEmpty())
        return text("A request here carries no body.\n"_ba, Status::PayloadTooLarge);
    return std::nullopt;
}

QHttpServerResponse ServeCommand::metrics(const QHttpServerRequest &request) const
{
    if (auto refusal = refused(request))
        return std::move(*refusal);
    QByteArray accept;
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("accept", Qt::CaseInsensitive) == 0)
            accept += value + ',';
    }
    const MetricsFormat format = metricsFormatFor(accept);
    return QHttpServerResponse(metricsContentType(format),
                               m_metrics->render(format, SystemClock::instance().now()));
}

QHttpServerResponse ServeCommand::ready(const QHttpServerRequest &request) const
{
    if (auto refusal = refused(request))
        return std::move(*refusal);
    QStringList reasons;
    if (!m_host->store())
        reasons.append(u"store: not open"_s);
    else if (!m_metrics->storeWritable())
        reasons.append(u"store: %1 refused a write"_s.arg(m_host->store()->path()));
    for (const ServeAccount &account : m_config.accounts) {
        const PollEngine::AccountStatus status =
            m_host->engine()->accountStatus(account.account.id);
        if (account.credentials.isEmpty())
            reasons.append(u"account %1: no secret"_s.arg(describe(account)));
        else if (RequestBudget::waitsForCredentials(status.hold))
            reasons.append(
                u"account %1: credentials rejected: %2"_s.arg(describe(account), status.reason));
    }
    if (reasons.isEmpty())
        return text("ready\n"_ba, Status::Ok);
    return text((reasons.join(u'\n') + u'\n').toUtf8(), Status::ServiceUnavailable);
}

} // namespace rw::serve
