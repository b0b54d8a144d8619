#include "serve/MetricsCollector.h"

#include "discovery/RegistrationNotices.h"
#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "registrar/AccountLabels.h"
#include "report/Deadline.h"
#include "serve/MetricsWriter.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <array>
#include <limits>
#include <map>
#include <unordered_map>

namespace rw {

namespace {

using Type = MetricsWriter::Type;

// The contract's names of failed checks; several of the client's kinds fold into `other`.
constexpr std::array<QByteArrayView, 10> failureKinds = {
    "network",   "timeout",      "tls",         "server",     "unauthorized",
    "forbidden", "rate_limited", "no_workflow", "unreadable", "other"};

std::size_t failureIndex(ApiErrorKind kind)
{
    switch (kind) {
    case ApiErrorKind::Network:
        return 0;
    case ApiErrorKind::Timeout:
        return 1;
    case ApiErrorKind::Tls:
        return 2;
    case ApiErrorKind::Server:
        return 3;
    case ApiErrorKind::Unauthorized:
        return 4;
    case ApiErrorKind::Forbidden:
        return 5;
    case ApiErrorKind::RateLimited:
        return 6;
    case ApiErrorKind::NoWorkflow:
        return 7;
    case ApiErrorKind::BadPayload:
        return 8;
    case ApiErrorKind::NotFound:
    case ApiErrorKind::Rejected:
    case ApiErrorKind::RefusedOrigin:
        return 9;
    }
    return 9;
}

QByteArrayView kindLabel(WorkflowKind kind)
{
    switch (kind) {
    case WorkflowKind::Update:
        return "update";
    case WorkflowKind::Registration:
        return "registration";
    case WorkflowKind::TransferIn:
        return "transfer_in";
    }
    return "update";
}

// A rate limit and a server quota used up are both "wait for the registrar's limit".
QByteArrayView holdReason(RequestBudget::Hold hold)
{
    switch (hold) {
    case RequestBudget::Hold::None:
        return {};
    case RequestBudget::Hold::RateLimited:
    case RequestBudget::Hold::QuotaLow:
        return "rate_limited";
    case RequestBudget::Hold::CredentialsRejected:
        return "credentials_rejected";
    case RequestBudget::Hold::CredentialsMissing:
        return "credentials_missing";
    }
    return {};
}

QByteArrayView noticeReason(RegistrationAttention::Reason reason)
{
    // Expired, in redemption, pending delete and suspended are all "lapsed" (report/Deadline's
    // word too): the registration no longer resolves as the owner meant, and only they can act.
    return reason == RegistrationAttention::Reason::ExpiresSoon
               ? QByteArrayView("expiring_without_auto_renew")
               : "lapsed";
}

qint64 seconds(const QDateTime &time)
{
    // Floor, also before 1970: timestamps are whole seconds.
    const qint64 ms = time.toMSecsSinceEpoch();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

// The account an API request was for: the segment after `/accounts/` in its path.
QString accountOfUrl(const QUrl &url)
{
    const QString path = url.path();
    constexpr QStringView marker = u"/accounts/";
    const qsizetype at = path.indexOf(marker);
    if (at < 0)
        return {};
    const qsizetype start = at + marker.size();
    const qsizetype end = path.indexOf(u'/', start);
    return path.mid(start, end < 0 ? -1 : end - start);
}

// The states every account reports a count of, also when none is in them: a rule can then
// compare with zero instead of with an absent series.
constexpr std::array<QByteArrayView, 7> countedStates = {
    "not_checked", "pending", "in_progress", "action_required", "blocked", "succeeded", "failed"};

} // namespace

struct MetricsCollector::Private
{
    PollEngine *engine = nullptr;
    AccountLabels labels;
    const RegistrationNotices *notices = nullptr;
    bool storeWritable = true;
    qint64 startTime = 0;
    // Counted between scrapes; kept for the life of the process, as counters are.
    std::map<std::pair<QString, QByteArray>, quint64> requests; // (account, code)
    std::map<QString, std::array<quint64, failureKinds.size()>> failures;
    // The last good answer of workflows whose latest check failed (the workflow keeps only when
    // it was last checked).
    QHash<qint64, QDateTime> lastSuccess;

    // What a scrape writes of a workflow, made once and kept: its labels, escaped (made again
    // when the account labels change), and the times that change only with an answer (made
    // again when its count of checks moves on). Rendering 10,000 workflows is then mostly
    // copying bytes.
    static constexpr qint64 none = std::numeric_limits<qint64>::min();
    struct Cached
    {
        WorkflowRef ref;  // what it was made for (an id the store gives again is another)
        QByteArray plain; // account="…",domain="…",kind="…"
        QByteArray named; // account="…",account_label="…",domain="…",kind="…"
        int polls = -1;   // the checks the times below were made after
        qint64 since = none;
        qint64 success = none;
        qint64 deadline = none;
        // A deadline can also move with the clock alone (a registration's expiry enters the
        // warning period): it is asked again after a few minutes, not at every scrape.
        qint64 deadlineUntilMs = 0;
    };
    std::unordered_map<qint64, Cached> cache; // node-based: a scrape holds references
    // The last body, whose memory the next scrape writes into once the caller let go of it: a
    // scrape of 10,000 workflows is megabytes, and fresh pages cost more than writing them.
    QByteArray body;

    const Cached &cachedOf(const TrackedWorkflow &workflow, const QDateTime &now, qint64 nowMs);
};

const MetricsCollector::Private::Cached &
MetricsCollector::Private::cachedOf(const TrackedWorkflow &workflow, const QDateTime &now,
                                    qint64 nowMs)
{
    auto it = cache.find(workflow.id);
    if (it == cache.end() || !(it->second.ref == workflow.ref)) {
        Cached made;
        made.ref = workflow.ref;
        const QString &account = workflow.ref.account.id;
        MetricsWriter::appendLabel(made.plain, "account", QStringView(account));
        made.named = made.plain;
        MetricsWriter::appendLabel(made.named, "account_label",
                                   QStringView(labels.labelOf(account)));
        QByteArray rest;
        MetricsWriter::appendLabel(rest, "domain", QStringView(workflow.ref.domain));
        MetricsWriter::appendLabel(rest, "kind", kindLabel(workflow.ref.kind));
        made.plain.append(',').append(rest);
        made.named.append(',').append(rest);
        it = cache.insert_or_assign(workflow.id, std::move(made)).first;
    }
    Cached &cached = it->second;
    const bool answered = cached.polls != workflow.polls;
    if (answered) {
        cached.polls = workflow.polls;
        const QDateTime &began =
            workflow.stateSince.isValid() ? workflow.stateSince : workflow.trackedAt;
        cached.since = began.isValid() ? seconds(began) : none;
        const QDateTime lastGood = workflow.status && !workflow.lastError
                                       ? workflow.lastCheckedAt
                                       : lastSuccess.value(workflow.id);
        cached.success = lastGood.isValid() ? seconds(lastGood) : none;
    }
    if (answered || nowMs >= cached.deadlineUntilMs) {
        // report/Deadline decides, as for the table's Deadline column.
        const auto ends = workflow.status ? Deadline::of(workflow, now) : std::nullopt;
        cached.deadline = ends && ends->end.isValid() ? seconds(ends->end) : none;
        cached.deadlineUntilMs = nowMs + 300'000 + (workflow.id & 0xff) * 1000; // spread out
    }
    return cached;
}

MetricsFormat metricsFormatFor(const QByteArray &acceptHeader)
{
    return acceptHeader.contains("application/openmetrics-text") ? MetricsFormat::OpenMetrics
                                                                 : MetricsFormat::Prometheus;
}

QByteArray metricsContentType(MetricsFormat format)
{
    return format == MetricsFormat::OpenMetrics
               ? QByteArrayLiteral("application/openmetrics-text; version=1.0.0; charset=utf-8")
               : QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

MetricsCollector::MetricsCollector(EngineHost *host, QObject *parent)
    : MetricsCollector(host->engine(), host->network(), parent)
{}

MetricsCollector::MetricsCollector(PollEngine *engine, QNetworkAccessManager *network,
                                   QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->engine = engine;
    d->startTime = seconds(QDateTime::currentDateTimeUtc());
    if (network)
        connect(network, &QNetworkAccessManager::finished, this, &MetricsCollector::countReply);
    connect(engine, &PollEngine::pollFailed, this,
            [this](const TrackedWorkflow &workflow, const ApiError &error) {
                auto &counts = d->failures[workflow.ref.account.id];
                ++counts[failureIndex(error.kind)];
            });
    connect(engine, &PollEngine::workflowUpdated, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.status && !workflow.lastError)
            d->lastSuccess.insert(workflow.id, workflow.lastCheckedAt);
    });
    connect(engine, &PollEngine::workflowRemoved, this, [this](const TrackedWorkflow &workflow) {
        d->lastSuccess.remove(workflow.id);
        d->cache.erase(workflow.id);
    });
    connect(engine, &PollEngine::storageError, this, [this] { d->storeWritable = false; });
    connect(engine, &PollEngine::storageRecovered, this, [this] { d->storeWritable = true; });
}

MetricsCollector::~MetricsCollector() = default;

void MetricsCollector::setAccountLabels(const AccountLabels &labels)
{
    if (labels == d->labels)
        return;
    d->labels = labels;
    d->cache.clear();
}

void MetricsCollector::setRegistrationNotices(const RegistrationNotices *notices)
{
    if (d->notices)
        disconnect(d->notices, &QObject::destroyed, this, nullptr);
    d->notices = notices;
    if (notices)
        connect(notices, &QObject::destroyed, this, [this] { d->notices = nullptr; });
}

bool MetricsCollector::storeWritable() const
{
    return d->storeWritable;
}

void MetricsCollector::countReply(QNetworkReply *reply)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int code = status.isValid() ? status.toInt() : 0;
    // No HTTP answer: refused, reset, timed out, or taken back.
    const QByteArray codeText = code > 0 ? QByteArray::number(code) : QByteArrayLiteral("none");
    ++d->requests[{accountOfUrl(reply->url()), codeText}];
}

QByteArray MetricsCollector::render(MetricsFormat format, const QDateTime &now) const
{
    const PollEngine &engine = *d->engine;

    // What an account's samples repeat, escaped once per scrape.
    struct Account
    {
        QByteArray id;      // account="…"
        QByteArray labeled; // account="…",account_label="…"
        bool off = false;
        std::array<qint64, countedStates.size()> states{};
        std::map<QByteArray, qint64> otherStates; // states this version does not know
    };
    std::map<QString, Account> accounts;
    auto accountOf = [&accounts, this](const QString &id) -> Account & {
        auto [it, added] = accounts.try_emplace(id);
        if (added) {
            Account &account = it->second;
            MetricsWriter::appendLabel(account.id, "account", QStringView(id));
            account.labeled = account.id;
            MetricsWriter::appendLabel(account.labeled, "account_label",
                                       QStringView(d->labels.labelOf(id)));
            account.off = d->engine->accountStatus(id).off;
        }
        return it->second;
    };
    for (const QString &id : d->labels.accountIds())
        accountOf(id);
    for (const QString &id : engine.accounts())
        accountOf(id);

    // The workflows once, in id order; then each per-workflow family in a pass of its own, written
    // straight into the body from labels escaped at an earlier scrape.
    struct Row
    {
        const TrackedWorkflow *workflow;
        const Private::Cached *cached;
        Account *account;
    };
    const QList<qint64> ids = engine.workflowIds();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    std::vector<Row> rows;
    rows.reserve(ids.size());
    {
        // Two workflows that differ only in being the sandbox's would make one series twice:
        // where an account is seen both ways, the first of them (by id) is the one shown.
        QHash<QString, bool> sandboxOf;
        bool checkDuplicates = false;
        for (const qint64 id : ids) {
            const AccountRef &ref = engine.workflow(id)->ref.account;
            const auto mode = sandboxOf.constFind(ref.id);
            if (mode == sandboxOf.cend())
                sandboxOf.insert(ref.id, ref.sandbox);
            else if (*mode != ref.sandbox)
                checkDuplicates = true;
        }
        QSet<WorkflowRef> seen;
        const QString *lastAccountId = nullptr;
        Account *account = nullptr;
        for (const qint64 id : ids) {
            const TrackedWorkflow &workflow = *engine.workflow(id);
            if (checkDuplicates) {
                WorkflowRef key = workflow.ref;
                key.account.sandbox = false;
                if (seen.contains(key))
                    continue;
                seen.insert(key);
            }
            const QString &accountId = workflow.ref.account.id;
            if (!lastAccountId || *lastAccountId != accountId) {
                account = &accountOf(accountId);
                lastAccountId = &accountId;
            }
            rows.push_back({&workflow, &d->cachedOf(workflow, now, nowMs), account});
            if (!workflow.status)
                ++account->states[0];
            else if (workflow.status->state == WorkflowState::Unknown)
                ++account->otherStates[workflow.status->stateText.toUtf8()];
            else
                ++account->states[std::size_t(workflow.status->state) + 1];
        }
    }

    QByteArray &body = d->body;
    if (!body.isDetached())
        body = QByteArray(); // the caller still holds the last one
    body.truncate(0);
    body.reserve(std::max(body.capacity(), qsizetype(rows.size()) * 900 + 16384));
    MetricsWriter out(format, body);
    QByteArray line; // labels of one sample
    line.reserve(512);
    const auto perWorkflow = [&](QByteArrayView name, QByteArrayView help, auto write) {
        out.family(name, Type::Gauge, help);
        for (const Row &row : rows)
            write(row, name);
    };

    perWorkflow("registrar_watch_workflow_state",
                "The API's state of each watched workflow (value 1), verbatim; not_checked before "
                "the first answer.",
                [&](const Row &row, QByteArrayView name) {
                    const TrackedWorkflow &workflow = *row.workflow;
                    line.truncate(0);
                    line.append(row.cached->named);
                    if (!workflow.status)
                        MetricsWriter::appendLabel(line, "state", countedStates[0]);
                    else if (workflow.status->state == WorkflowState::Unknown)
                        MetricsWriter::appendLabel(line, "state",
                                                   QStringView(workflow.status->stateText));
                    else
                        MetricsWriter::appendLabel(
                            line, "state", countedStates[std::size_t(workflow.status->state) + 1]);
                    MetricsWriter::appendSample(body, name, line, 1);
                });
    perWorkflow("registrar_watch_workflow_state_since_timestamp_seconds",
                "Since when the workflow has been in its current state, as far as known.",
                [&](const Row &row, QByteArrayView name) {
                    if (row.cached->since != Private::none)
                        MetricsWriter::appendSample(body, name, row.cached->plain,
                                                    row.cached->since);
                });
    perWorkflow("registrar_watch_workflow_last_success_timestamp_seconds",
                "When the workflow was last checked with an answer.",
                [&](const Row &row, QByteArrayView name) {
                    if (row.cached->success != Private::none)
                        MetricsWriter::appendSample(body, name, row.cached->plain,
                                                    row.cached->success);
                });
    perWorkflow("registrar_watch_workflow_watching",
                "1 while the workflow is checked on schedule; 0 once it ended, gave up, waits for "
                "the operator or was paused.",
                [&](const Row &row, QByteArrayView name) {
                    MetricsWriter::appendSample(body, name, row.cached->plain,
                                                row.workflow->watch == WatchState::Watching &&
                                                    !row.account->off);
                });
    perWorkflow("registrar_watch_workflow_needs_operator",
                "1 while the workflow is in action_required: it waits for the operator.",
                [&](const Row &row, QByteArrayView name) {
                    const auto &status = row.workflow->status;
                    MetricsWriter::appendSample(body, name, row.cached->named,
                                                status &&
                                                    status->state == WorkflowState::ActionRequired);
                });
    perWorkflow("registrar_watch_workflow_deadline_timestamp_seconds",
                "When a workflow that waits is expected to end by itself, or its registration "
                "expires (an estimate from Cloudflare's published windows).",
                [&](const Row &row, QByteArrayView name) {
                    if (row.cached->deadline != Private::none)
                        MetricsWriter::appendSample(body, name, row.cached->plain,
                                                    row.cached->deadline);
                });

    const QList<RegistrationNotice> noRegistrations;
    const QList<RegistrationNotice> &registrations =
        d->notices ? d->notices->notices() : noRegistrations;
    for (const RegistrationNotice &notice : registrations)
        accountOf(notice.account.id);
    for (const auto &[id, counts] : d->failures)
        accountOf(id);
    for (const auto &[key, count] : d->requests)
        if (!key.first.isEmpty())
            accountOf(key.first);

    QByteArray labels;
    out.family("registrar_watch_registration_needs_operator", Type::Gauge,
               "A registration that needs the operator although no workflow runs for it (value "
               "1): lapsed, or expiring without auto-renew.");
    QByteArray expiries;
    for (const RegistrationNotice &notice : registrations) {
        const Account &owner = accountOf(notice.account.id);
        labels = owner.labeled;
        MetricsWriter::appendLabel(labels, "domain", QStringView(notice.domain));
        MetricsWriter::appendLabel(labels, "reason", noticeReason(notice.attention.reason));
        out.sample(labels, 1);
        if (notice.attention.expiresAt.isValid()) {
            labels = owner.id;
            MetricsWriter::appendLabel(labels, "domain", QStringView(notice.domain));
            MetricsWriter::appendSample(expiries,
                                        "registrar_watch_registration_expiry_timestamp_seconds",
                                        labels, seconds(notice.attention.expiresAt));
        }
    }
    out.family("registrar_watch_registration_expiry_timestamp_seconds", Type::Gauge,
               "When a registration that needs the operator expires or expired.");
    out.append(expiries);

    out.family("registrar_watch_workflows", Type::Gauge,
               "How many watched workflows of the account are in each state.");
    for (const auto &[id, owner] : accounts) {
        for (std::size_t i = 0; i < countedStates.size(); ++i) {
            labels = owner.id;
            MetricsWriter::appendLabel(labels, "state", countedStates[i]);
            out.sample(labels, owner.states[i]);
        }
        for (const auto &[name, count] : owner.otherStates) {
            labels = owner.id;
            MetricsWriter::appendLabel(labels, "state", QByteArrayView(name));
            out.sample(labels, count);
        }
    }

    out.family("registrar_watch_requests", Type::Counter,
               "Requests sent to the API, by account and HTTP status of the answer (none: no "
               "answer came).");
    for (const auto &[key, count] : d->requests) {
        labels.clear();
        MetricsWriter::appendLabel(labels, "account", QStringView(key.first));
        MetricsWriter::appendLabel(labels, "code", QByteArrayView(key.second));
        out.sample(labels, qint64(count));
    }

    out.family("registrar_watch_check_failures", Type::Counter,
               "Checks of a workflow that brought no answer about it, by kind of failure.");
    for (const auto &[id, owner] : accounts) {
        const auto counted = d->failures.find(id);
        for (std::size_t i = 0; i < failureKinds.size(); ++i) {
            labels = owner.id;
            MetricsWriter::appendLabel(labels, "kind", failureKinds[i]);
            out.sample(labels, counted == d->failures.end() ? 0 : qint64(counted->second[i]));
        }
    }

    // Budgets by credential: accounts signed in as one user share one (Cloudflare limits users).
    const QList<PollEngine::BudgetStatus> budgets = engine.budgetStatuses();
    const auto perBudget = [&](QByteArrayView name, QByteArrayView help, auto value) {
        out.family(name, Type::Gauge, help);
        for (const PollEngine::BudgetStatus &budget : budgets) {
            labels.clear();
            MetricsWriter::appendLabel(labels, "credential", QStringView(budget.key));
            out.sample(labels, value(budget));
        }
    };
    perBudget("registrar_watch_budget_requests",
              "Our requests on the credential in the budget's trailing window.",
              [](const PollEngine::BudgetStatus &budget) { return qint64(budget.sentInWindow); });
    perBudget("registrar_watch_budget_limit_requests",
              "How many requests the budget allows in its window.",
              [](const PollEngine::BudgetStatus &budget) { return qint64(budget.budget); });
    perBudget("registrar_watch_budget_window_seconds", "The length of the budget's window.",
              [](const PollEngine::BudgetStatus &budget) { return qint64(budget.window.count()); });

    out.family("registrar_watch_account", Type::Info,
               "Each account: its label and the credential (budget key) its requests draw on.");
    for (const auto &[id, owner] : accounts) {
        labels = owner.labeled;
        MetricsWriter::appendLabel(labels, "credential", QStringView(engine.budgetKey(id)));
        out.sample(labels, 1);
    }

    out.family("registrar_watch_account_held", Type::Gauge,
               "1 while nothing is asked for the account: credentials rejected or missing, or "
               "rate limited.");
    QByteArray heldUntil;
    for (const auto &[id, owner] : accounts) {
        const PollEngine::AccountStatus status = engine.accountStatus(id);
        const QByteArrayView reason = holdReason(status.hold);
        if (reason.isEmpty())
            continue;
        labels = owner.labeled;
        MetricsWriter::appendLabel(labels, "reason", reason);
        out.sample(labels, 1);
        if (status.heldUntil.isValid())
            MetricsWriter::appendSample(heldUntil,
                                        "registrar_watch_account_held_until_timestamp_seconds",
                                        owner.id, seconds(status.heldUntil));
    }
    out.family("registrar_watch_account_held_until_timestamp_seconds", Type::Gauge,
               "When the account's hold ends by itself (absent while it waits for credentials).");
    out.append(heldUntil);

    out.family("registrar_watch_store_writable", Type::Gauge,
               "1 while the store takes what the watcher learns; 0 after a write failed.");
    out.sample({}, d->storeWritable);
    out.family("registrar_watch_build", Type::Info, "The watcher's version and Qt's.");
    labels.clear();
    MetricsWriter::appendLabel(labels, "version", QByteArrayView(RW_VERSION));
    MetricsWriter::appendLabel(labels, "qt_version", QByteArrayView(qVersion()));
    out.sample(labels, 1);
    out.family("registrar_watch_start_time_seconds", Type::Gauge,
               "When the watcher started, in Unix seconds.");
    out.sample({}, d->startTime);

    out.finish();
    return body;
}

} // namespace rw
