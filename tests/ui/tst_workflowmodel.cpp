// The table model and its proxy, with QAbstractItemModelTester watching every change: rows
// come and go without resets, one changed workflow is one dataChanged for one row, sorting is
// on raw values, and the quick filters and search find what they should.

#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "report/WorkflowText.h"
#include "support/FindChild.h"
#include "support/LocalZone.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"
#include "ui/DetailsPane.h"
#include "ui/FilterBar.h"
#include "ui/WorkflowFilterProxy.h"
#include "ui/WorkflowTableModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::WorkflowFilterProxy;
using rw::ui::WorkflowTableModel;
using Column = WorkflowTableModel::Column;

namespace {

sim::Scenario scenario()
{
    QJsonObject json = baseScenario();
    json.insert(
        u"workflows"_s,
        QJsonArray{
            scenarioWorkflow(u"active.example"_s, {stepJson(0, u"in_progress"_s)}),
            scenarioWorkflow(u"contoso.example"_s,
                             {stepJson(0, u"in_progress"_s),
                              contextStep(20, u"blocked"_s, {{u"waiting_on"_s, u"registry"_s}})},
                             u"transfer-in"_s),
            scenarioWorkflow(
                u"fabrikam.example"_s,
                {stepJson(0, u"in_progress"_s),
                 contextStep(10, u"action_required"_s, {{u"action"_s, u"Confirm it"_s}})}),
            scenarioWorkflow(u"done.example"_s,
                             {stepJson(0, u"in_progress"_s), stepJson(5, u"succeeded"_s)}),
            scenarioWorkflow(
                u"broken.example"_s,
                {stepJson(0, u"in_progress"_s),
                 QJsonObject{{u"at_s"_s, 5},
                             {u"state"_s, u"failed"_s},
                             {u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                                      {u"message"_s, u"No."_s}}}}},
                u"registration"_s),
            scenarioWorkflow(u"bücher.example"_s, {stepJson(0, u"pending"_s)}),
        });
    return sim::Scenario::fromJson(QJsonDocument(json).toJson()).value();
}

WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update)
{
    return {{testAccountId, false}, domain, kind};
}

using Reason = RegistrationAttention::Reason;

// A registration that needs the operator, as account discovery would put it.
RegistrationNotice notice(const QString &accountId, const QString &domain, Reason reason,
                          const QDateTime &expiresAt, bool sandbox = false)
{
    RegistrationNotice notice;
    notice.account = {accountId, sandbox};
    notice.domain = domain;
    notice.attention = {reason, expiresAt};
    notice.registration.domainName = domain;
    notice.registration.status = reason == Reason::ExpiresSoon ? u"active"_s : u"expired"_s;
    notice.registration.expiresAt = expiresAt;
    notice.foundAt = expiresAt.addDays(-20);
    return notice;
}

// The domains as the proxy shows them, top to bottom.
QStringList shownDomains(const QAbstractItemModel &proxy)
{
    QStringList domains;
    for (int row = 0; row < proxy.rowCount(); ++row)
        domains.append(proxy.index(row, int(Column::Domain)).data().toString());
    return domains;
}

// What a column says of a domain's row.
QString textOf(const QAbstractItemModel &model, const QString &domain, Column column)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data().toString() == domain)
            return model.index(row, int(column)).data().toString();
    }
    return u"(no row)"_s;
}

// A scenario with these workflows.
sim::Scenario scenarioOf(const QJsonArray &workflows)
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s, workflows);
    return sim::Scenario::fromJson(QJsonDocument(json).toJson()).value();
}

struct Fixture
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher;
    PollEngine engine{&fetcher, clock};
    WorkflowTableModel model{&engine, clock};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

    explicit Fixture(sim::Scenario played = scenario())
        : fetcher(std::move(played), clock)
    {
        engine.setJitterSource([] { return 0.0; });
    }
    void trackAll()
    {
        engine.track(ref(u"active.example"_s));
        engine.track(ref(u"contoso.example"_s, WorkflowKind::TransferIn));
        engine.track(ref(u"fabrikam.example"_s));
        engine.track(ref(u"done.example"_s));
        engine.track(ref(u"broken.example"_s, WorkflowKind::Registration));
        engine.track(ref(u"xn--bcher-kva.example"_s));
    }
    QString text(const QString &domain, Column column) const
    {
        return textOf(model, domain, column);
    }
};

// 1,000 workflows that answer together, as a burst does: no budget in the way, no latency, no
// jitter, so that every check of a round is answered in the same pass of the event loop. Every
// tenth needs the operator from the second round on (its state sorts first).
struct Burst
{
    static constexpr int count = 1000;
    ManualClock clock;
    sim::ScenarioFetcher fetcher{scenario(), clock};
    PollEngine engine{&fetcher, clock, settings()};
    WorkflowTableModel model{&engine, clock};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

    static QString domain(int i) { return u"b%1.example"_s.arg(i, 4, 10, QChar(u'0')); }
    static PollSettings settings()
    {
        PollSettings settings;
        settings.budgetRequests = 100000;
        settings.budgetBurst = 10000;
        settings.maxInFlight = 64;
        return settings;
    }
    static sim::Scenario scenario()
    {
        QJsonObject json = baseScenario();
        json.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, 1000000}, {u"window_s"_s, 300}});
        QJsonArray workflows;
        for (int i = 0; i < count; ++i) {
            QJsonArray steps{stepJson(0, u"in_progress"_s)};
            if (i % 10 == 0)
                steps.append(contextStep(5, u"action_required"_s, {{u"action"_s, u"Confirm"_s}}));
            workflows.append(scenarioWorkflow(domain(i), steps));
        }
        json.insert(u"workflows"_s, workflows);
        return sim::Scenario::fromJson(QJsonDocument(json).toJson()).value();
    }
    Burst()
    {
        engine.setJitterSource([] { return 0.0; });
        for (int i = 0; i < count; ++i)
            engine.track(ref(domain(i)));
    }
    // Virtual seconds until every workflow has been answered `rounds` times, a pass of the event
    // loop after each.
    void answer(int rounds)
    {
        qint64 answered = 0;
        for (int second = 0; second < 600 && answered < rounds * count; ++second) {
            QSignalSpy updated(&engine, &PollEngine::workflowUpdated);
            const QDateTime before = clock.now();
            clock.advance(std::chrono::seconds(1));
            answered += answers(updated, before);
            QCoreApplication::processEvents();
        }
    }
    // How many of the updates `spy` saw are answers since `since`.
    [[nodiscard]] static qint64 answers(const QSignalSpy &spy, const QDateTime &since)
    {
        return std::count_if(spy.cbegin(), spy.cend(), [&since](const QList<QVariant> &arguments) {
            return arguments.at(0).value<TrackedWorkflow>().lastCheckedAt > since;
        });
    }
};

// The dataChanged signals for whole rows (the once-a-second refresh of the times aside).
qsizetype rowChanges(const QSignalSpy &spy)
{
    return std::count_if(spy.cbegin(), spy.cend(), [](const QList<QVariant> &arguments) {
        return arguments.at(0).toModelIndex().column() == 0;
    });
}

} // namespace

class TestWorkflowModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsFollowTheEngine();
    void oneChangeIsOneRow();
    void showsWhenItWillAskBeforeTheFirstAnswer();
    void showsEachStateInWordsWithItsNote();
    void agesAndCountdownsReadToTheMinuteFromTenMinutes();
    void everyStateHasAnIconAndAMeaning();
    void aPausedRowSaysSo();
    void aRowThatGaveUpSaysWhatCloudflareAnswered();
    void sortsOnRawValues();
    void countsEachQuickFilter();
    void countsNeverCheckedRowsOnTheirOwn();
    void aRowCheckedWithoutAStateIsNotNotChecked();
    void quickFiltersShowTheirRows();
    void searchFindsEveryWordInAnyForm();
    void aFilterFollowsChanges();
    void staysIncrementalWithManyRows();
    void accountHoldsChangeOnlyTheRowsTheyMove();
    void missingCredentialsNeedMeOnlyForWatchedRows();
    void timeTooltipsSayTheZoneAndUtc();
    void anAccountColumnNamesEachAccount();
    void theAccountFilterShowsOneAccount();
    void aNoticeIsARowThatNeedsTheOperator();
    void deadlinesSortByTimeNotText();
    void needsMeComesNearestDeadlineFirst();
    void aBurstOfAnswersIsOneFlush();
    void theProxyCatchesUpAfterTheThrottle();
    void theSelectionAndDetailsFollowTheRow();
};

void TestWorkflowModel::rowsFollowTheEngine()
{
    Fixture f;
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
    f.trackAll();
    QCOMPARE(f.model.rowCount(), 6);
    QCOMPARE(inserted.size(), 6);
    QCOMPARE(f.model.columnCount(), int(Column::Count));
    const qint64 fabrikam = f.model.idAt(2);
    QCOMPARE(f.model.index(2, int(Column::Domain)).data().toString(), u"fabrikam.example"_s);
    QCOMPARE(f.model.index(2, 0).data(WorkflowTableModel::IdRole).toLongLong(), fabrikam);
    f.engine.remove(f.model.idAt(1));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(f.model.rowCount(), 5);
    QCOMPARE(f.model.rowOf(fabrikam), 1); // rows after it moved up
    QCOMPARE(f.model.idAt(1), fabrikam);
    QCOMPARE(reset.size(), 0);
}

void TestWorkflowModel::oneChangeIsOneRow()
{
    Fixture f;
    f.trackAll();
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.clock.advance(30s);
    QTRY_VERIFY(!changed.isEmpty()); // at the end of the pass
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        const auto topLeft = arguments.at(0).toModelIndex();
        const auto bottomRight = arguments.at(1).toModelIndex();
        // Whole rows (a run of neighbours that changed in the same pass)...
        const bool oneRow = topLeft.row() <= bottomRight.row() && topLeft.column() == 0 &&
                            bottomRight.column() == int(Column::Count) - 1;
        // ...or the once-a-second refresh of the columns that show passing time.
        const bool tick = topLeft.column() == int(Column::State) &&
                          bottomRight.column() == int(Column::NextCheck);
        QVERIFY2(oneRow || tick, qPrintable(u"%1,%2 - %3,%4"_s.arg(topLeft.row())
                                                .arg(topLeft.column())
                                                .arg(bottomRight.row())
                                                .arg(bottomRight.column())));
    }
}

void TestWorkflowModel::showsWhenItWillAskBeforeTheFirstAnswer()
{
    Fixture f;
    f.trackAll();
    QCOMPARE(f.text(u"active.example"_s, Column::State), u"not checked yet"_s);
    QCOMPARE(f.text(u"active.example"_s, Column::LastChecked), u"never"_s);
    QCOMPARE(f.text(u"active.example"_s, Column::NextCheck), u"in 2s"_s);
}

void TestWorkflowModel::showsEachStateInWordsWithItsNote()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    QCOMPARE(f.text(u"bücher.example"_s, Column::State), u"pending"_s); // shown in Unicode
    QCOMPARE(f.text(u"active.example"_s, Column::State), u"in progress"_s);
    QCOMPARE(f.text(u"active.example"_s, Column::TimeInState), u"2m"_s);
    QCOMPARE(f.text(u"contoso.example"_s, Column::State), u"blocked"_s);
    QCOMPARE(f.text(u"contoso.example"_s, Column::Kind), u"transfer-in"_s);
    QCOMPARE(f.text(u"contoso.example"_s, Column::Notes), u"Waiting on the .example registry."_s);
    QCOMPARE(f.text(u"fabrikam.example"_s, Column::State), u"action required"_s);
    QCOMPARE(f.text(u"fabrikam.example"_s, Column::Notes), u"Needs you: Confirm it"_s);
    QCOMPARE(f.text(u"fabrikam.example"_s, Column::NextCheck), u"—"_s);
    QCOMPARE(f.text(u"broken.example"_s, Column::Notes), u"registry_rejected: No."_s);
    QCOMPARE(f.text(u"done.example"_s, Column::State), u"succeeded"_s);
    QVERIFY(f.text(u"active.example"_s, Column::LastChecked).endsWith(u" ago"_s));
}

// A narrow column reads at a glance: seconds while they matter, minutes from ten minutes on
// (the tooltips keep the exact time).
void TestWorkflowModel::agesAndCountdownsReadToTheMinuteFromTenMinutes()
{
    Fixture f(scenarioOf(
        {scenarioWorkflow(u"done.example"_s, {stepJson(0, u"succeeded"_s)}),
         scenarioWorkflow(u"blocked.example"_s, {stepJson(0, u"blocked"_s)}, u"transfer-in"_s)}));
    const qint64 done = f.engine.track(ref(u"done.example"_s));
    while (f.engine.workflow(done)->watch != WatchState::Settled && f.clock.advanceToNextAlarm()) {
    }
    QCOMPARE(f.engine.workflow(done)->watch, WatchState::Settled);
    const QDateTime checked = f.engine.workflow(done)->lastCheckedAt;
    QVERIFY(checked.isValid());
    f.clock.advance(std::chrono::milliseconds(f.clock.now().msecsTo(checked.addSecs(9 * 60 + 59))));
    QCOMPARE(f.text(u"done.example"_s, Column::LastChecked), u"9m 59s ago"_s);
    f.clock.advance(17min + 35s);
    QCOMPARE(f.text(u"done.example"_s, Column::LastChecked), u"27m ago"_s);
    QCOMPARE(f.text(u"done.example"_s, Column::TimeInState), u"27m"_s);

    // A blocked transfer is soon checked only every few minutes: the countdown says minutes.
    const qint64 blocked = f.engine.track(ref(u"blocked.example"_s, WorkflowKind::TransferIn));
    const auto left = [&f, blocked] {
        const TrackedWorkflow *row = f.engine.workflow(blocked);
        return row->lastCheckedAt.isValid() ? f.clock.now().secsTo(row->nextPollAt) : 0;
    };
    for (int alarm = 0; alarm < 1000 && left() < 10 * 60 && f.clock.advanceToNextAlarm(); ++alarm) {
    }
    QVERIFY2(left() >= 10 * 60, qPrintable(u"%1 s"_s.arg(left())));
    const QString next = f.text(u"blocked.example"_s, Column::NextCheck);
    QVERIFY2(QRegularExpression(u"^in (\\d+h )?\\d+m$"_s).match(next).hasMatch(), qPrintable(next));
}

void TestWorkflowModel::everyStateHasAnIconAndAMeaning()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    const int row =
        f.model.rowOf(f.engine.find(ref(u"contoso.example"_s, WorkflowKind::TransferIn)).value());
    QVERIFY(
        !f.model.index(row, int(Column::State)).data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(f.model.index(row, int(Column::State))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Waiting on the .example registry"_s)); // as its context says
}

void TestWorkflowModel::aRowThatGaveUpSaysWhatCloudflareAnswered()
{
    // Three "No workflow found" answers, then it stops: the row says what was answered and that
    // it gave up, not "not checked yet" beside three checks.
    Fixture f;
    const qint64 id = f.engine.track(ref(u"ghost.example"_s));
    f.clock.advance(2min);
    QCOMPARE(f.engine.workflow(id)->watch, WatchState::GaveUp);
    QCOMPARE(f.engine.workflow(id)->polls, 3);
    QCOMPARE(f.text(u"ghost.example"_s, Column::State), u"no workflow found · gave up"_s);
    const QString tip =
        f.model.index(f.model.rowOf(id), int(Column::State)).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(u"Cloudflare answered that there is no such workflow (checked 3 "
                            u"times)."_s),
             qPrintable(tip));
}

void TestWorkflowModel::aPausedRowSaysSo()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    f.engine.pause(f.model.idAt(0));
    QCOMPARE(f.text(u"active.example"_s, Column::State), u"in progress · paused"_s);
    QCOMPARE(f.text(u"active.example"_s, Column::NextCheck), u"paused"_s);
}

void TestWorkflowModel::sortsOnRawValues()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(int(Column::State), Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, int(Column::Domain)).data().toString(), u"fabrikam.example"_s);
    QCOMPARE(proxy.index(1, int(Column::Domain)).data().toString(), u"broken.example"_s);
    QCOMPARE(proxy.index(5, int(Column::Domain)).data().toString(), u"done.example"_s);
    proxy.sort(int(Column::Domain), Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, int(Column::Domain)).data().toString(), u"active.example"_s);
    QCOMPARE(proxy.index(1, int(Column::Domain)).data().toString(), u"broken.example"_s);
    QCOMPARE(proxy.index(2, int(Column::Domain)).data().toString(), u"bücher.example"_s);
    // Time in state sorts by time, not by its text ("2m" after "10s").
    proxy.sort(int(Column::TimeInState), Qt::DescendingOrder);
    const auto secondsIn = [&](int row) {
        return proxy.index(row, int(Column::TimeInState))
            .data(WorkflowTableModel::SortRole)
            .toLongLong();
    };
    for (int row = 1; row < proxy.rowCount(); ++row)
        QVERIFY(secondsIn(row - 1) >= secondsIn(row));
}

void TestWorkflowModel::countsEachQuickFilter()
{
    Fixture f;
    f.trackAll();
    QSignalSpy counts(&f.model, &WorkflowTableModel::countsChanged);
    f.clock.advance(2min);
    QTRY_COMPARE(counts.size(), 1); // once for the pass
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe), 1);
    QCOMPARE(f.model.count(WorkflowTableModel::Active), 2); // active, bücher
    QCOMPARE(f.model.count(WorkflowTableModel::Blocked), 1);
    QCOMPARE(f.model.count(WorkflowTableModel::Finished), 2);
    QCOMPARE(f.model.count(WorkflowTableModel::Failed), 1);
}

void TestWorkflowModel::countsNeverCheckedRowsOnTheirOwn()
{
    // Watched but never answered is not "Active": nothing is known of them yet.
    Fixture f;
    f.trackAll();
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked), 6);
    QCOMPARE(f.model.count(WorkflowTableModel::Active), 0);
    QCOMPARE(f.model.count(WorkflowTableModel::Blocked), 0);
    f.clock.advance(2min);
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked), 0);
    QCOMPARE(f.model.count(WorkflowTableModel::Active), 2);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    proxy.setCategory(WorkflowTableModel::NotChecked);
    QCOMPARE(proxy.rowCount(), 0);
    f.engine.track(ref(u"late.example"_s));
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked), 1);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, int(Column::Domain)).data().toString(), u"late.example"_s);
}

// A row whose checks got no answer was checked: it says "Checked at …, no answer yet", so Not
// checked leaves it out.
void TestWorkflowModel::aRowCheckedWithoutAStateIsNotNotChecked()
{
    Fixture f;
    f.fetcher.setTimeout(1s);
    f.fetcher.setLatency(5s); // every request times out
    const qint64 id = f.engine.track(ref(u"active.example"_s));
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked), 1);
    f.clock.advance(2min);
    const TrackedWorkflow *workflow = f.engine.workflow(id);
    QVERIFY(workflow && workflow->lastCheckedAt.isValid() && !workflow->state());
    QVERIFY(workflow->consecutiveErrors >= 1);
    QCOMPARE(workflow->watch, WatchState::Watching); // still asked about
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked), 0);
    QCOMPARE(f.model.count(WorkflowTableModel::Active), 0);
}

void TestWorkflowModel::quickFiltersShowTheirRows()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setCategory(WorkflowTableModel::Blocked);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"contoso.example"_s);
    proxy.setCategory(WorkflowTableModel::NeedsMe);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"fabrikam.example"_s);
}

void TestWorkflowModel::searchFindsEveryWordInAnyForm()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSearchText(u"registry"_s); // in notes: blocked on the registry, rejected by it
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText(u"REGISTRY transfer"_s); // every word, any case
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(u"xn--bcher"_s); // the ASCII form finds the Unicode name
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText({});
    QCOMPARE(proxy.rowCount(), 6);
}

void TestWorkflowModel::aFilterFollowsChanges()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Removing the one that needs the operator empties "Needs me".
    proxy.setCategory(WorkflowTableModel::NeedsMe);
    QCOMPARE(proxy.rowCount(), 1);
    f.engine.remove(f.engine.find(ref(u"fabrikam.example"_s)).value());
    QCOMPARE(proxy.rowCount(), 0);
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe), 0);
}

void TestWorkflowModel::staysIncrementalWithManyRows()
{
    ManualClock clock;
    QJsonObject json = baseScenario();
    QJsonArray workflows;
    for (int i = 0; i < 10000; ++i)
        workflows.append(
            scenarioWorkflow(u"w%1.example"_s.arg(i), {stepJson(0, u"in_progress"_s)}));
    json.insert(u"workflows"_s, workflows);
    sim::ScenarioFetcher fetcher(sim::Scenario::fromJson(QJsonDocument(json).toJson()).value(),
                                 clock);
    PollEngine engine(&fetcher, clock);
    WorkflowTableModel model(&engine, clock);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(int(Column::State));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy proxyReset(&proxy, &QAbstractItemModel::modelReset);
    for (int i = 0; i < 10000; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    QCOMPARE(model.rowCount(), 10000);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    clock.advance(2min);
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(reset.size(), 0);
    QCOMPARE(proxyReset.size(), 0);
    QCOMPARE(proxy.rowCount(), 10000);
}

void TestWorkflowModel::accountHoldsChangeOnlyTheRowsTheyMove()
{
    // Three workflows of one account; the first's second answer is a 429, its third a 401.
    QJsonObject limited = scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s)});
    limited.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 60}},
                   QJsonObject{{u"on_request"_s, 3}, {u"status"_s, 401}}});
    Fixture f(
        scenarioOf({limited, scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s)}),
                    scenarioWorkflow(u"c.example"_s, {stepJson(0, u"in_progress"_s)})}));
    auto &[clock, fetcher, engine, model, tester] = f;
    for (const QString &domain : {u"a.example"_s, u"b.example"_s, u"c.example"_s})
        engine.track(ref(domain));
    QSignalSpy held(&engine, &PollEngine::accountHeld);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const auto categoryChanges = [&changed] {
        QList<std::pair<int, int>> rows;
        for (const QList<QVariant> &arguments : std::as_const(changed)) {
            if (arguments.at(2).value<QList<int>>() == QList<int>{WorkflowTableModel::CategoryRole})
                rows.append(
                    {arguments.at(0).toModelIndex().row(), arguments.at(1).toModelIndex().row()});
        }
        return rows;
    };

    // The 429: the account is held, but no row's categories move.
    QVERIFY(clock.advanceToNextAlarm());
    while (held.isEmpty() && clock.advanceToNextAlarm()) {
    }
    QCOMPARE(held.size(), 1);
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::RateLimited);
    QCOMPARE(categoryChanges(), (QList<std::pair<int, int>>{}));
    QCOMPARE(model.count(WorkflowTableModel::NeedsMe), 0);

    // The 401: every row of the account needs the operator, in one run of rows.
    while (held.size() < 2 && clock.advanceToNextAlarm()) {
    }
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::CredentialsRejected);
    QCOMPARE(model.count(WorkflowTableModel::NeedsMe), 3);
    QCOMPARE(categoryChanges(), (QList<std::pair<int, int>>{{0, 2}}));
}

void TestWorkflowModel::missingCredentialsNeedMeOnlyForWatchedRows()
{
    // After a restart with session-only credentials the account waits for its secret: the rows
    // still watched need the operator, a finished or paused one does not (it was counted as
    // "Needs me" with the rest, 203 for 3 that did).
    Fixture f(scenarioOf({scenarioWorkflow(u"watched.example"_s, {stepJson(0, u"in_progress"_s)}),
                          scenarioWorkflow(u"done.example"_s, {stepJson(0, u"succeeded"_s)}),
                          scenarioWorkflow(u"paused.example"_s, {stepJson(0, u"in_progress"_s)})}));
    auto &[clock, fetcher, engine, model, tester] = f;
    engine.track(ref(u"watched.example"_s));
    const qint64 done = engine.track(ref(u"done.example"_s));
    const qint64 paused = engine.track(ref(u"paused.example"_s));
    while (engine.workflow(done)->watch != WatchState::Settled && clock.advanceToNextAlarm()) {
    }
    QCOMPARE(engine.workflow(done)->watch, WatchState::Settled);
    engine.pause(paused);
    QCOMPARE(model.count(WorkflowTableModel::NeedsMe), 0);

    engine.credentialsMissing(testAccountId);
    QVERIFY(RequestBudget::waitsForCredentials(engine.accountStatus(testAccountId).hold));
    QCOMPARE(model.count(WorkflowTableModel::NeedsMe), 1);
    QCOMPARE(model.count(WorkflowTableModel::Finished), 1);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setCategory(WorkflowTableModel::NeedsMe);
    QCOMPARE(shownDomains(proxy), QStringList{u"watched.example"_s});

    // New credentials: nothing needs the operator any more.
    engine.credentialsChanged(testAccountId);
    QCOMPARE(model.count(WorkflowTableModel::NeedsMe), 0);
}

void TestWorkflowModel::timeTooltipsSayTheZoneAndUtc()
{
    // Local time with its zone, and UTC: a time column's tooltip never leaves the zone open.
    const rw::test::LocalZone berlin("Europe/Berlin");
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    const qint64 id = f.engine.find(ref(u"active.example"_s)).value();
    const QDateTime checked = f.engine.workflow(id)->lastCheckedAt;
    const auto tip = [&f, row = f.model.rowOf(id)](Column column) {
        return f.model.index(row, int(column)).data(Qt::ToolTipRole).toString();
    };
    QCOMPARE(tip(Column::LastChecked),
             u"%1 CET\n%2 UTC"_s.arg(checked.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s),
                                     checked.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    QCOMPARE(checked.toLocalTime().offsetFromUtc(), 3600);
    for (const Column column : {Column::NextCheck, Column::LastChange}) {
        const QString text = tip(column);
        QVERIFY2(text.contains(u" CET\n"_s) && text.endsWith(u" UTC"_s), qPrintable(text));
    }
    // The columns of times say, over their header, what their short title means and which
    // zone their times are in; their full title is their accessible text (and the column menu's).
    for (const auto &[column, full] : {std::pair{Column::LastChange, u"Last change"_s},
                                       std::pair{Column::LastChecked, u"Last checked"_s},
                                       std::pair{Column::NextCheck, u"Next check"_s}}) {
        const QString header =
            f.model.headerData(int(column), Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(header.contains(u". Times are local (CET, UTC+01:00)."_s), qPrintable(header));
        QVERIFY2(header.contains(u"Cloudflare"_s), qPrintable(header));
        QCOMPARE(f.model.headerData(int(column), Qt::Horizontal, Qt::AccessibleTextRole), full);
        QVERIFY(f.model.headerData(int(column), Qt::Horizontal).toString().size() < full.size());
    }
    QCOMPARE(f.model.headerData(int(Column::Domain), Qt::Horizontal, Qt::AccessibleTextRole),
             u"Domain"_s);
}

void TestWorkflowModel::anAccountColumnNamesEachAccount()
{
    Fixture f;
    f.trackAll();
    QCOMPARE(f.model.accountIds(), QStringList{testAccountId});
    QCOMPARE(f.text(u"active.example"_s, Column::Account), testAccountId); // no label: its ID
    QSignalSpy accounts(&f.model, &WorkflowTableModel::accountsChanged);
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    AccountLabels labels;
    labels.set(testAccountId, u"Acme production"_s);
    labels.set(u"other"_s, u"Contoso"_s);
    f.model.setAccountLabels(labels);
    QCOMPARE(accounts.size(), 1);
    QCOMPARE(f.model.accountIds(), (QStringList{testAccountId, u"other"_s}));
    QCOMPARE(f.text(u"active.example"_s, Column::Account), u"Acme production"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().column(), int(Column::Account));
    // A sandbox account says so.
    RegistrationNotices notices;
    f.model.setNotices(&notices);
    notices.put(notice(u"other"_s, u"sandboxed.example"_s, Reason::Expired,
                       f.clock.now().addDays(-2), true));
    QCOMPARE(f.text(u"sandboxed.example"_s, Column::Account), u"Contoso (sandbox)"_s);
    QCOMPARE(f.model.headerData(int(Column::Account), Qt::Horizontal).toString(), u"Account"_s);
}

void TestWorkflowModel::theAccountFilterShowsOneAccount()
{
    Fixture f;
    f.trackAll();
    RegistrationNotices notices;
    f.model.setNotices(&notices);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::FilterBar bar(&f.model, &proxy);
    auto *account = child<QComboBox>(bar, u"accountFilter"_s);
    QVERIFY(!account->isVisibleTo(&bar)); // one account: nothing to choose
    QSignalSpy accounts(&f.model, &WorkflowTableModel::accountsChanged);
    notices.put(
        notice(u"other"_s, u"elsewhere.example"_s, Reason::Expired, f.clock.now().addDays(-3)));
    QCOMPARE(accounts.size(), 1);
    QVERIFY(account->isVisibleTo(&bar));
    // Counted per account too (the tray's lines).
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe, u"other"_s), 1);
    QCOMPARE(f.model.count(WorkflowTableModel::NotChecked, testAccountId), 6);
    QCOMPARE(f.model.count(WorkflowTableModel::Active, testAccountId), 0);
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe, testAccountId), 0);
    QCOMPARE(account->count(), 3); // all, then each account
    QCOMPARE(account->itemText(0), u"All accounts"_s);
    account->setCurrentIndex(account->findData(u"other"_s));
    QCOMPARE(shownDomains(proxy), QStringList{u"elsewhere.example"_s});
    QCOMPARE(child<QToolButton>(bar, u"filterAll"_s)->text(), u"All (1)"_s);
    QCOMPARE(child<QToolButton>(bar, u"filterNeedsMe"_s)->text(), u"Needs me (1)"_s);
    account->setCurrentIndex(account->findData(testAccountId));
    QCOMPARE(proxy.rowCount(), 6);
    QCOMPARE(child<QToolButton>(bar, u"filterAll"_s)->text(), u"All (6)"_s);
    bar.showAll();
    QCOMPARE(proxy.rowCount(), 7);
    // The other account's last row goes: one account again, and every row.
    account->setCurrentIndex(account->findData(u"other"_s));
    notices.remove({u"other"_s, false}, u"elsewhere.example"_s);
    QVERIFY(!account->isVisibleTo(&bar));
    QCOMPARE(proxy.account(), QString());
    QCOMPARE(proxy.rowCount(), 6);
}

void TestWorkflowModel::aNoticeIsARowThatNeedsTheOperator()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    RegistrationNotices notices;
    f.model.setNotices(&notices);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    const QDateTime expires = f.clock.now().addDays(12).addSecs(60);
    notices.put(notice(testAccountId, u"lapsing.example"_s, Reason::ExpiresSoon, expires));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(f.model.rowCount(), 7);
    QCOMPARE(f.text(u"lapsing.example"_s, Column::Kind), u"Registration · found"_s);
    QCOMPARE(f.text(u"lapsing.example"_s, Column::State), u"Expires in 12 days"_s);
    QCOMPARE(f.text(u"lapsing.example"_s, Column::Deadline), u"expires in 12 days"_s);
    QCOMPARE(f.text(u"lapsing.example"_s, Column::NextCheck), u"—"_s);
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe), 2);
    const QModelIndex row = f.model.index(6, 0);
    QCOMPARE(row.data(WorkflowTableModel::RowKindRole).toInt(),
             int(WorkflowTableModel::RowKind::Registration));
    const auto allows =
        WorkflowTableModel::Allows::fromInt(row.data(WorkflowTableModel::AllowsRole).toInt());
    QVERIFY(!allows.testFlag(WorkflowTableModel::Watch)); // no pause, resume, check now
    QVERIFY(allows.testFlag(WorkflowTableModel::Dismiss));
    QVERIFY(allows.testFlag(WorkflowTableModel::Open));
    const qint64 id = row.data(WorkflowTableModel::IdRole).toLongLong();
    QVERIFY(f.model.noticeOf(id));
    QVERIFY(!f.engine.workflow(id)); // never one of the engine's ids
    QCOMPARE(f.model.index(0, 0).data(WorkflowTableModel::RowKindRole).toInt(),
             int(WorkflowTableModel::RowKind::Workflow));
    // A new reason changes the row in place.
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    notices.put(notice(testAccountId, u"lapsing.example"_s, Reason::Expired, expires));
    QCOMPARE(inserted.size(), 1);
    QTRY_VERIFY(std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant> &arguments) {
        return arguments.at(0).toModelIndex().row() <= 6 &&
               arguments.at(1).toModelIndex().row() >= 6 &&
               arguments.at(0).toModelIndex().column() == 0;
    }));
    QCOMPARE(f.text(u"lapsing.example"_s, Column::State), u"Expired"_s);
    notices.remove({testAccountId, false}, u"lapsing.example"_s);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(f.model.rowCount(), 6);
    QCOMPARE(f.model.count(WorkflowTableModel::NeedsMe), 1);
}

// By the moment itself: "expires in 2 days" before "expires in 12 days", though not as text.
void TestWorkflowModel::deadlinesSortByTimeNotText()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    RegistrationNotices notices;
    f.model.setNotices(&notices);
    const QDateTime now = f.clock.now();
    notices.put(notice(testAccountId, u"twelve.example"_s, Reason::ExpiresSoon,
                       now.addDays(12).addSecs(60)));
    notices.put(
        notice(testAccountId, u"two.example"_s, Reason::ExpiresSoon, now.addDays(2).addSecs(60)));
    notices.put(notice(testAccountId, u"lapsed.example"_s, Reason::Expired, now.addDays(-3)));
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(int(Column::Deadline), Qt::AscendingOrder);
    // Known ends first (the past one first), then the wait without an end, then the rest.
    QCOMPARE(shownDomains(proxy).mid(0, 4),
             (QStringList{u"lapsed.example"_s, u"two.example"_s, u"twelve.example"_s,
                          u"fabrikam.example"_s}));
    QCOMPARE(f.text(u"fabrikam.example"_s, Column::Deadline), u"waiting 1 minute"_s);
    QVERIFY(proxy.index(4, int(Column::Deadline)).data().toString().isEmpty());
    // The whole sentence is a point away; the header says what the column holds.
    QCOMPARE(proxy.index(0, int(Column::Deadline)).data(Qt::ToolTipRole).toString(),
             workflowText::attentionMeaning(
                 *notices.find({testAccountId, false}, u"lapsed.example"_s), now));
    QVERIFY(f.model.headerData(int(Column::Deadline), Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .startsWith(u"What comes first"_s));
}

// "Needs me" is worked through by what comes first: it sorts the table by the deadline, and
// the header says so.
void TestWorkflowModel::needsMeComesNearestDeadlineFirst()
{
    Fixture f;
    f.trackAll();
    f.clock.advance(2min);
    RegistrationNotices notices;
    f.model.setNotices(&notices);
    const QDateTime now = f.clock.now();
    notices.put(notice(testAccountId, u"twelve.example"_s, Reason::ExpiresSoon,
                       now.addDays(12).addSecs(60)));
    notices.put(notice(testAccountId, u"lapsed.example"_s, Reason::Expired, now.addDays(-3)));
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(int(Column::State), Qt::AscendingOrder);
    ui::FilterBar bar(&f.model, &proxy);
    bar.setSortHeader(view.horizontalHeader());
    child<QToolButton>(bar, u"filterNeedsMe"_s)->click();
    QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(Column::Deadline));
    QCOMPARE(view.horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(shownDomains(proxy),
             (QStringList{u"lapsed.example"_s, u"twelve.example"_s, u"fabrikam.example"_s}));
}

// Answers that come together change the table together: none is told before the pass ends, then
// one dataChanged for each run of neighbouring rows and the counts once, not one per answer.
void TestWorkflowModel::aBurstOfAnswersIsOneFlush()
{
    Burst b;
    QCoreApplication::processEvents();
    QSignalSpy changed(&b.model, &QAbstractItemModel::dataChanged);
    QSignalSpy counts(&b.model, &WorkflowTableModel::countsChanged);
    QSignalSpy answered(&b.engine, &PollEngine::workflowUpdated);
    const QDateTime before = b.clock.now();
    b.clock.advance(3s); // every workflow asked and answered, in this one pass
    QCOMPARE(Burst::answers(answered, before), Burst::count);
    QCOMPARE(rowChanges(changed), 0);
    QTRY_COMPARE(rowChanges(changed), 1);
    const auto first = std::find_if(changed.cbegin(), changed.cend(), [](const auto &arguments) {
        return arguments.at(0).toModelIndex().column() == 0;
    });
    QCOMPARE(first->at(0).toModelIndex(), b.model.index(0, 0));
    QCOMPARE(first->at(1).toModelIndex(), b.model.index(Burst::count - 1, int(Column::Count) - 1));
    QCOMPARE(counts.size(), 1);
    QCOMPARE(b.model.count(WorkflowTableModel::Active), Burst::count);
    QCOMPARE(textOf(b.model, Burst::domain(7), Column::State), u"in progress"_s);
}

// While answers keep coming the sorted and filtered view catches up at most every few hundred
// milliseconds, at once for all of them: one re-sort, no reset, and no stale row left.
void TestWorkflowModel::theProxyCatchesUpAfterTheThrottle()
{
    Burst b;
    WorkflowFilterProxy sorted;
    sorted.setSourceModel(&b.model);
    QAbstractItemModelTester sortedTester(&sorted,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    sorted.sort(int(Column::State));
    WorkflowFilterProxy active;
    active.setSourceModel(&b.model);
    QAbstractItemModelTester activeTester(&active,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    active.setCategory(WorkflowTableModel::Active);
    b.answer(1);
    QTRY_COMPARE(active.rowCount(), Burst::count);
    QSignalSpy layouts(&sorted, &QAbstractItemModel::layoutChanged);
    QSignalSpy resets(&sorted, &QAbstractItemModel::modelReset);
    b.answer(2); // every tenth now needs the operator
    QTRY_COMPARE(active.rowCount(), Burst::count - Burst::count / 10);
    QStringList expected;
    for (int i = 0; i < Burst::count; i += 10)
        expected.append(Burst::domain(i));
    const auto first = [&sorted] {
        QStringList domains = shownDomains(sorted).mid(0, Burst::count / 10);
        domains.sort();
        return domains.join(u' ');
    };
    QTRY_COMPARE(first(), expected.join(u' '));
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(resets.size(), 0);
    // The operator's sort is immediate.
    sorted.sort(int(Column::Domain), Qt::DescendingOrder);
    QCOMPARE(shownDomains(sorted).first(), Burst::domain(Burst::count - 1));
}

// A selected row that moves keeps its selection, and the details pane stays on it.
void TestWorkflowModel::theSelectionAndDetailsFollowTheRow()
{
    Burst b;
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&b.model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(int(Column::State), Qt::AscendingOrder);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    ui::DetailsPane details(&b.engine, nullptr, b.clock);
    details.follow(&view);
    b.answer(1);
    QTRY_COMPARE(proxy.rowCount(), Burst::count);
    const auto shownRow = [&](qint64 id) {
        return proxy.mapFromSource(b.model.index(b.model.rowOf(id), 0)).row();
    };
    // Of those that will need the operator, the one shown lowest: it will move up the most.
    qint64 chosen = 0;
    for (int i = 0; i < Burst::count; i += 10) {
        const qint64 id = b.engine.find(ref(Burst::domain(i))).value();
        if (!chosen || shownRow(id) > shownRow(chosen))
            chosen = id;
    }
    QVERIFY(shownRow(chosen) >= Burst::count / 10);
    view.selectionModel()->setCurrentIndex(proxy.index(shownRow(chosen), 0),
                                           QItemSelectionModel::ClearAndSelect |
                                               QItemSelectionModel::Rows);
    QCOMPARE(details.workflowId(), chosen);
    b.answer(2);
    QTRY_VERIFY(shownRow(chosen) < Burst::count / 10); // it needs the operator: among the first
    QCOMPARE(view.currentIndex().row(), shownRow(chosen));
    const QModelIndexList selected = view.selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(WorkflowTableModel::IdRole).toLongLong(), chosen);
    QCOMPARE(details.workflowId(), chosen);
}

QTEST_MAIN(TestWorkflowModel)
#include "tst_workflowmodel.moc"
