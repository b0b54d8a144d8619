#include "ui/StatusBar.h"

#include "common/Duration.h"
#include "engine/PollEngine.h"
#include "report/WorkflowText.h"
#include "session/BatchProgress.h"
#include "session/DesktopSession.h"
#include "ui/ElidedLabel.h"
#include "ui/SettingsDialog.h"

#include <QLabel>
#include <QPushButton>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

// The earliest next check of these accounts' workflows; null for none.
QDateTime earliestCheck(const PollEngine &engine, const QStringList &accounts)
{
    QDateTime next;
    for (const QString &account : accounts) {
        const QDateTime at = engine.nextCheck(account);
        if (at.isValid() && (!next.isValid() || at < next))
            next = at;
    }
    return next;
}

// "12s", "1m 5s" until `time`, rounded up: never "0s" before it has come.
QString until(const QDateTime &now, const QDateTime &time)
{
    return formatDuration(seconds((now.msecsTo(time) + 999) / 1000));
}

} // namespace

StatusBar::StatusBar(session::DesktopSession *session, QWidget *parent)
    : QStatusBar(parent)
    , m_session(session)
    // Long sentences must not widen the window past a small screen: cut with "…", whole in the
    // tooltip. The same for the budgets of many credentials.
    , m_budget(new ElidedLabel(this))
    , m_next(new QLabel(this))
    , m_batch(new ElidedLabel(this))
    , m_hold(new ElidedLabel(this))
    , m_reach(new ElidedLabel(this))
    , m_enterSecret(new QPushButton(this))
    , m_credentials(new ElidedLabel(this))
{
    m_budget->setObjectName(u"budget"_s);
    m_next->setObjectName(u"nextCheck"_s);
    m_batch->setObjectName(u"batch"_s);
    m_hold->setObjectName(u"hold"_s);
    m_reach->setObjectName(u"reach"_s);
    m_reach->hide();
    m_enterSecret->setObjectName(u"enterSecret"_s);
    m_enterSecret->setFlat(true);
    m_enterSecret->setCursor(Qt::PointingHandCursor);
    m_enterSecret->hide();
    m_credentials->setObjectName(u"credentials"_s);
    addWidget(m_budget);
    addWidget(m_next);
    addWidget(m_reach);
    addWidget(m_batch);
    addWidget(m_hold, 1);
    // Beside the reason, which a message never covers: the way out stays in reach.
    addPermanentWidget(m_enterSecret);
    addPermanentWidget(m_credentials);
    connect(m_enterSecret, &QPushButton::clicked, this,
            [this] { SettingsDialog::openFor(m_session, window(), true); });
    // The batch alone: the rest is read when the engine has settled what it is doing.
    connect(session->batchProgress(), &session::BatchProgress::changed, this,
            &StatusBar::showBatch);

    auto *ticker = new QTimer(this);
    connect(ticker, &QTimer::timeout, this, &StatusBar::refresh);
    ticker->start(1000);
    PollEngine *engine = session->engine();
    connect(engine, &PollEngine::accountHeld, this, &StatusBar::refresh);
    connect(engine, &PollEngine::accountReleased, this, &StatusBar::refresh);
    connect(engine, &PollEngine::budgetHeld, this, &StatusBar::refresh);
    connect(engine, &PollEngine::budgetReleased, this, &StatusBar::refresh);
    connect(engine, &PollEngine::reachabilityChanged, this,
            [this](const QString &account, bool reachable, const QDateTime &at) {
                if (reachable) {
                    // Said for a while; the first answer has cleared the outage.
                    QString text = workflowText::reachedAgain(at, m_reachedSince.take(account));
                    if (m_session->engine()->accounts().size() > 1)
                        text += u" (%1)"_s.arg(m_session->accountLabels().labelOf(account));
                    showMessage(text + u'.', 15000);
                } else {
                    m_reachedSince.insert(account, at);
                }
                refresh();
            });
    connect(session, &session::DesktopSession::accountsChanged, this, &StatusBar::refresh);
    connect(this, &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty())
            refresh();
    });
    connect(engine, &PollEngine::storageError, this,
            [this](const QString &message) { showMessage(message, 30000); });
    connect(session, &session::DesktopSession::credentialsMissing, this,
            [this](const QString &why) {
                m_credentials->setText(why);
                m_credentials->setToolTip(why);
                refresh();
            });
    connect(session, &session::DesktopSession::credentialsReady, this, [this] {
        m_credentials->clear();
        m_credentials->setToolTip(QString());
        refresh();
    });
    m_credentials->setText(session->credentialsProblem()); // said before the window existed
    m_credentials->setToolTip(m_credentials->text());
    refresh();
}

void StatusBar::refresh()
{
    const PollEngine *engine = m_session->engine();
    const QList<PollEngine::BudgetStatus> budgets = engine->budgetStatuses();
    // With one credential there is one budget, whichever account asks: said as it always was.
    // With several, checks wait for a hold only when every budget is held.
    const PollEngine::AccountStatus mine =
        budgets.size() == 1 ? static_cast<const PollEngine::AccountStatus &>(budgets.first())
                            : engine->accountStatus(m_session->account().id);
    const bool allHeld = std::all_of(budgets.cbegin(), budgets.cend(), [](const auto &budget) {
        return budget.hold != RequestBudget::Hold::None;
    });
    PollEngine::AccountStatus status = mine;
    if (budgets.size() > 1 && !allHeld)
        status.hold = RequestBudget::Hold::None;
    showBudgets(budgets);
    const QDateTime now = SystemClock::instance().now();
    const auto in = [&now](const QDateTime &time) {
        return until(now, time);
    };
    // The accounts out of reach say their next try with their outage; the next check is that of
    // the accounts that answer.
    const QStringList out = showReach(now);
    QStringList answering = engine->accounts();
    answering.removeIf([&out](const QString &account) { return out.contains(account); });
    const QDateTime next = out.isEmpty() ? engine->nextCheck() : earliestCheck(*engine, answering);
    // While the account is held, due workflows wait in the engine's queue: nothing is checked.
    // Waiting for credentials, nothing is planned: no countdown to a time that passes unused.
    if (RequestBudget::waitsForCredentials(status.hold))
        m_next->setText(u"· no checks"_s);
    else if (answering.isEmpty())
        m_next->clear(); // every account is out of reach: its outage says when it tries again
    else if (status.hold != RequestBudget::Hold::None && next.isValid() && next <= now)
        m_next->setText(status.heldUntil.isValid()
                            ? u"· next check in %1"_s.arg(in(std::max(status.heldUntil, now)))
                            : u"· no checks"_s);
    else
        m_next->setText(!next.isValid() ? u"· nothing to check"_s
                        : next <= now   ? u"· checking"_s
                                        : u"· next check in %1"_s.arg(in(next)));
    // The session's own secret missing: the sentence beside the way to it says why, and
    // "no checks" that nothing goes out; the hold would say it a third time.
    const bool secretMissing =
        mine.hold == RequestBudget::Hold::CredentialsMissing && !m_credentials->text().isEmpty();
    if (budgets.size() <= 1) { // several: each held budget by name, in showBudgets()
        m_hold->setText(mine.hold == RequestBudget::Hold::None || secretMissing
                            ? QString()
                            : u"⚠ "_s + mine.reason);
    }
    m_hold->setToolTip(m_hold->text());
    showIfSaid(m_hold);
    showIfSaid(m_credentials); // a permanent widget: no message covers it
    // The way to the session's own secret, whatever the other budgets do.
    const bool credentials = RequestBudget::waitsForCredentials(mine.hold);
    m_enterSecret->setText(mine.hold == RequestBudget::Hold::CredentialsMissing
                               ? u"Enter the secret…"_s
                               : u"Enter new credentials…"_s);
    m_enterSecret->setVisible(credentials);
    showBatch();
}

void StatusBar::showBudgets(const QList<PollEngine::BudgetStatus> &budgets)
{
    const PollEngine *engine = m_session->engine();
    const QString window = formatDuration(engine->settings().budgetWindow);
    if (budgets.size() <= 1) {
        const int sent = budgets.isEmpty() ? 0 : budgets.first().sentInWindow;
        const int of =
            budgets.isEmpty() ? engine->settings().budgetRequests : budgets.first().budget;
        m_budget->setText(
            u"API budget: %1 of %2 requests in the last %3"_s.arg(sent).arg(of).arg(window));
        m_budget->setToolTip(m_budget->text());
        return;
    }
    QStringList parts;
    QStringList lines;
    QStringList holds;
    for (const PollEngine::BudgetStatus &budget : budgets) {
        const QString who = labelsOf(budget.accounts);
        // In one arg(): a label is the operator's text, and may hold a "%2".
        const QString sent = QString::number(budget.sentInWindow);
        const QString of = QString::number(budget.budget);
        QString part = u"%1: %2 of %3"_s.arg(who, sent, of);
        QString line = u"%1: %2 of %3 requests in the last %4"_s.arg(who, sent, of,
                                                                     formatDuration(budget.window));
        if (budget.accounts.size() > 1)
            line += u" (one credential, shared)"_s;
        if (budget.hold != RequestBudget::Hold::None) {
            part += budget.heldUntil.isValid()
                        ? u" ⚠ held until %1"_s.arg(
                              budget.heldUntil.toLocalTime().toString(u"HH:mm:ss"_s))
                        : u" ⚠ held"_s;
            line += u" — held: "_s + budget.reason;
            // The session's own secret missing is said beside "Enter the secret…" already.
            const bool ownSecretMissing = budget.hold == RequestBudget::Hold::CredentialsMissing &&
                                          budget.accounts.contains(m_session->account().id) &&
                                          !m_credentials->text().isEmpty();
            if (!ownSecretMissing)
                holds.append(u"%1: %2"_s.arg(who, budget.reason));
        }
        parts.append(part);
        lines.append(line);
    }
    // The window first: each part then reads as a count, and a hold stays with its budget.
    m_budget->setText(u"API budget, last %1: %2"_s.arg(window, parts.join(u" · "_s)));
    m_budget->setToolTip(lines.join(u'\n'));
    m_hold->setText(holds.isEmpty() ? QString() : u"⚠ "_s + holds.join(u" · "_s));
}

QStringList StatusBar::showReach(const QDateTime &now)
{
    const PollEngine *engine = m_session->engine();
    const QList<workflowText::Outage> outages =
        workflowText::outages(*engine, m_session->accountLabels());
    if (outages.isEmpty()) {
        m_reach->clear();
        m_reach->setToolTip(QString());
        m_reach->hide();
        return {};
    }
    QStringList out;
    QStringList parts;
    QStringList lines;
    for (const workflowText::Outage &outage : outages) {
        out.append(outage.accounts);
        // The outage's own accounts try again when their next check is due, whatever the
        // accounts that answer do.
        const QDateTime next = earliestCheck(*engine, outage.accounts);
        QString part = outage.text;
        if (next.isValid() && next > now) {
            part += u"; next try in %1"_s.arg(until(now, next));
            lines.append(u"%1; next try at %2"_s.arg(outage.text, workflowText::timeOfDay(next)));
        } else {
            if (next.isValid())
                part += u"; trying now"_s;
            lines.append(part);
        }
        parts.append(part);
    }
    m_reach->setText(u"⚠ "_s + parts.join(u" · "_s));
    lines.append(u"No request has had an answer (connection refused, timeout, DNS or TLS). Checks "
                 u"go on; the first answer clears this."_s);
    m_reach->setToolTip(lines.join(u'\n'));
    showIfSaid(m_reach);
    return out;
}

void StatusBar::showIfSaid(QLabel *label)
{
    // An empty label would still take its least width from the others. While a message shows,
    // QStatusBar keeps the labels hidden; they are shown as said when it ends (refresh()).
    if (currentMessage().isEmpty())
        label->setVisible(!label->text().isEmpty());
}

QString StatusBar::labelsOf(const QStringList &accounts) const
{
    QStringList labels;
    for (const QString &account : accounts)
        labels.append(m_session->accountLabels().labelOf(account));
    return labels.join(u", "_s);
}

void StatusBar::showBatch()
{
    const QString batch = m_session->batchProgress()->text();
    // While a message shows, the label stays hidden until it ends (showIfSaid).
    m_batch->setText(batch.isEmpty() ? QString() : u"· "_s + batch);
    m_batch->setToolTip(batch);
    showIfSaid(m_batch);
}

} // namespace rw::ui
