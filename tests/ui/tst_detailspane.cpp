// The details pane against real answers: the simulator's scenarios played in-process on a manual
// clock, through the engine, into a store on a temporary SQLite file. Every part of an answer
// shows up (state and its meaning, what happens next, the facts, the whole context as a tree,
// the error, the envelope's errors and messages, the links, the timeline from the store, the
// raw answer), and the pane follows the selected row through sorting and filtering.

#include "common/Duration.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "report/WorkflowText.h"
#include "store/WorkflowStore.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"
#include "ui/DetailsPane.h"
#include "ui/WorkflowFilterProxy.h"
#include "ui/WorkflowTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QFrame>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::DetailsPane;
using rw::ui::WorkflowFilterProxy;
using rw::ui::WorkflowTableModel;
using Column = WorkflowTableModel::Column;

namespace {

// ManualClock's default start: the scenario's time zero.
const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

QString registrationPath(const QString &domain)
{
    return u"/accounts/%1/registrar/registrations/%2"_s.arg(testAccountId, domain);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A success answer that also carries a notice in `messages[]`: the simulator plays it as a
// fault's body, since its normal answers never carry one.
QString answerWithNotice()
{
    const QString self = QString(registrationPath(u"flaky.example"_s) + u"/update-status"_s);
    const QJsonObject result{
        {u"state"_s, u"in_progress"_s},
        {u"completed"_s, false},
        {u"created_at"_s, u"2026-03-01T12:00:03Z"_s},
        {u"updated_at"_s, u"2026-03-01T12:00:03Z"_s},
        {u"links"_s,
         QJsonObject{{u"self"_s, self}, {u"resource"_s, registrationPath(u"flaky.example"_s)}}},
        {u"context"_s, QJsonObject{{u"domain_name"_s, u"flaky.example"_s}}},
        {u"error"_s, QJsonValue::Null},
    };
    return compact(QJsonObject{
        {u"success"_s, true},
        {u"errors"_s, QJsonArray()},
        {u"messages"_s,
         QJsonArray{QJsonObject{
             {u"code"_s, 10042},
             {u"message"_s, u"Registry maintenance until 14:00 UTC; expect delays."_s},
             {u"documentation_url"_s, u"https://developers.cloudflare.com/registrar/"_s}}}},
        {u"result"_s, result},
    });
}

// A refusal with everything an envelope item can hold, and a message beside it.
QString refusal()
{
    return compact(QJsonObject{
        {u"success"_s, false},
        {u"errors"_s, QJsonArray{QJsonObject{
                          {u"code"_s, 1004},
                          {u"message"_s, u"DNS Validation Error"_s},
                          {u"documentation_url"_s, u"https://developers.cloudflare.com/api/"_s},
                          {u"source"_s, QJsonObject{{u"pointer"_s, u"/domain_name"_s}}}}}},
        {u"messages"_s,
         QJsonArray{QJsonObject{{u"code"_s, 10001},
                                {u"message"_s, u"Check the domain's DNS before retrying."_s}}}},
        {u"result"_s, QJsonValue::Null},
    });
}

sim::Scenario scenario()
{
    const QJsonObject rejectedContext{
        {u"registrant"_s,
         QJsonObject{{u"organisation"_s, u"Rejected Inc."_s},
                     {u"contact"_s, QJsonObject{{u"email"_s, u"hostmaster@rejected.example"_s},
                                                {u"phone"_s, u"+1.5550100"_s}}}}},
        {u"nameservers"_s, QJsonArray{u"ns1.example.net"_s, u"ns2.example.net"_s}},
        {u"years"_s, 2},
        {u"premium"_s, false},
        {u"quote"_s, QJsonValue::Null},
    };
    QJsonObject failed = contextStep(30, u"failed"_s, rejectedContext);
    failed.insert(u"error"_s,
                  QJsonObject{{u"code"_s, u"registry_rejected"_s},
                              {u"message"_s, u"The registry rejected the registration: the name "
                                             u"is on its reserved list."_s}});
    const QJsonObject slowContext{
        {u"waiting_on"_s, u"losing_registrar"_s},
        {u"transfer"_s,
         QJsonObject{{u"auth_code_accepted"_s, true},
                     {u"losing_registrar"_s, QJsonObject{{u"name"_s, u"Example Registrar, Inc."_s},
                                                         {u"iana_id"_s, 9999}}}}},
    };
    const QJsonObject busyContext{
        {u"step"_s, u"contacting the registry"_s},
        {u"order"_s,
         QJsonObject{
             {u"years"_s, 1},
             {u"contacts"_s,
              QJsonObject{{u"registrant"_s, QJsonObject{{u"email"_s, u"owner@busy.example"_s}}}}}}},
    };
    QJsonObject busyDone = busyContext;
    busyDone.insert(u"step"_s, u"done"_s);

    QJsonObject json = baseScenario();
    json.insert(
        u"workflows"_s,
        QJsonArray{
            scenarioWorkflow(u"rejected.example"_s,
                             {stepJson(-20, u"pending"_s), stepJson(5, u"in_progress"_s), failed},
                             u"registration"_s),
            scenarioWorkflow(
                u"confirm.example"_s,
                {stepJson(0, u"in_progress"_s),
                 contextStep(10, u"action_required"_s,
                             {{u"action"_s, u"Confirm the new registrant email address using the "
                                            u"link in the message we sent"_s},
                              {u"confirmation_sent_to"_s, u"hostmaster@confirm.example"_s}})},
                u"update"_s),
            scenarioWorkflow(
                u"slow.example"_s,
                {stepJson(0, u"in_progress"_s), contextStep(20, u"blocked"_s, slowContext)},
                u"transfer-in"_s),
            scenarioWorkflow(
                u"flaky.example"_s, {stepJson(3, u"in_progress"_s)}, u"update"_s,
                {QJsonObject{{u"on_request"_s, 2}, {u"body"_s, answerWithNotice()}},
                 QJsonObject{{u"on_request"_s, 3}, {u"status"_s, 503}},
                 QJsonObject{{u"on_request"_s, 4}, {u"status"_s, 400}, {u"body"_s, refusal()}}}),
            scenarioWorkflow(u"busy.example"_s,
                             {contextStep(0, u"in_progress"_s, busyContext),
                              contextStep(200, u"succeeded"_s, busyDone)},
                             u"update"_s),
        });
    auto parsed = sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!parsed)
        qFatal("bad test scenario: %s", qPrintable(parsed.error()));
    return parsed.value();
}

WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update)
{
    return {{testAccountId, false}, domain, kind};
}

std::unique_ptr<WorkflowStore> openStore(const QTemporaryDir &dir)
{
    auto store = WorkflowStore::open(dir.filePath(u"store.sqlite"_s));
    if (!store)
        qFatal("cannot open the test store: %s", qPrintable(store.error()));
    return std::move(store).value();
}

// How the pane writes a moment: local time, to the second.
QString shown(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s);
}

// A time of day as the pane says it: local, with the zone (CET: every date here is in winter).
QString timeOfDay(const QDateTime &time)
{
    return time.toLocalTime().toString(u"HH:mm:ss"_s) + u" CET"_s;
}

QTreeWidgetItem *child(QTreeWidgetItem *parent, const QString &key)
{
    for (int i = 0; parent && i < parent->childCount(); ++i) {
        if (parent->child(i)->text(0) == key)
            return parent->child(i);
    }
    return nullptr;
}

QTreeWidgetItem *topLevel(QTreeWidget *tree, const QString &key)
{
    const QList<QTreeWidgetItem *> found = tree->findItems(key, Qt::MatchExactly, 0);
    return found.size() == 1 ? found.first() : nullptr;
}

// Every top-level row, its columns joined by '|'.
QStringList rows(QTreeWidget *tree)
{
    QStringList list;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QStringList columns;
        for (int column = 0; column < tree->columnCount(); ++column)
            columns.append(tree->topLevelItem(i)->text(column));
        list.append(columns.join(u'|'));
    }
    return list;
}

struct Fixture
{
    QTemporaryDir dir;
    ManualClock clock;
    std::unique_ptr<WorkflowStore> store = openStore(dir);
    sim::ScenarioFetcher fetcher{scenario(), clock};
    PollEngine engine{&fetcher, clock};
    DetailsPane pane{&engine, store.get(), clock};

    Fixture()
    {
        engine.setStore(store.get());
        engine.setJitterSource([] { return 0.0; });
        pane.resize(700, 1400);
        pane.show();
    }

    template<typename T>
    T *part(const QString &name) const
    {
        auto *widget = pane.findChild<T *>(name);
        if (!widget)
            qFatal("the details pane has no %s", qPrintable(name));
        return widget;
    }
    QString label(const QString &name) const { return part<QLabel>(name)->text(); }
    QStringList facts() const { return label(u"facts"_s).split(u'\n'); }
    QTreeWidget *tree(const QString &name) const { return part<QTreeWidget>(name); }
    QPlainTextEdit *raw() const { return part<QPlainTextEdit>(u"raw"_s); }
    const TrackedWorkflow &tracked(qint64 id) const { return *engine.workflow(id); }

    // rejected.example, shown, two minutes in: it has failed.
    qint64 failedRegistration()
    {
        const qint64 id = engine.track(ref(u"rejected.example"_s, WorkflowKind::Registration));
        pane.setWorkflow(id);
        clock.advance(2min);
        return id;
    }

    // Lets the workflow's next check happen; false if no answer arrived.
    [[nodiscard]] bool pollOnce(qint64 id)
    {
        const int before = tracked(id).polls;
        if (!tracked(id).nextPollAt.isValid())
            return false;
        const QDateTime due = tracked(id).nextPollAt; // a copy: it moves as the clock does
        clock.advanceTo(due);
        return tracked(id).polls == before + 1;
    }
};

// The five workflows two minutes in, in the table as MainWindow builds it (sorted by state),
// followed by the pane as MainWindow has it.
struct Table
{
    Fixture &f;
    WorkflowTableModel model{&f.engine, f.clock};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    WorkflowFilterProxy proxy;
    std::unique_ptr<QAbstractItemModelTester> proxyTester;
    QTableView view;

    explicit Table(Fixture &fixture)
        : f(fixture)
    {
        f.engine.track(ref(u"rejected.example"_s, WorkflowKind::Registration));
        f.engine.track(ref(u"confirm.example"_s));
        f.engine.track(ref(u"slow.example"_s, WorkflowKind::TransferIn));
        f.engine.track(ref(u"flaky.example"_s));
        f.engine.track(ref(u"busy.example"_s));
        f.clock.advance(2min);

        proxy.setSourceModel(&model);
        proxyTester = std::make_unique<QAbstractItemModelTester>(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(int(Column::State), Qt::AscendingOrder);
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.setSelectionMode(QAbstractItemView::ExtendedSelection);
        f.pane.follow(&view);
        view.resize(1000, 400);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            qFatal("the table view was not exposed");
    }

    int rowOf(qint64 id) const
    {
        for (int row = 0; row < proxy.rowCount(); ++row) {
            if (proxy.index(row, 0).data(WorkflowTableModel::IdRole).toLongLong() == id)
                return row;
        }
        return -1;
    }
    QList<qint64> selectedIds() const
    {
        QList<qint64> ids;
        const QModelIndexList selected = view.selectionModel()->selectedRows();
        for (const QModelIndex &index : selected)
            ids.append(index.data(WorkflowTableModel::IdRole).toLongLong());
        return ids;
    }
    // The pane shows this workflow, and it alone is selected and current.
    bool showsOnly(qint64 id, const QString &domain) const
    {
        return f.pane.workflowId() == id && f.label(u"title"_s) == domain &&
               selectedIds() == QList<qint64>{id} &&
               view.currentIndex().data(WorkflowTableModel::IdRole).toLongLong() == id;
    }
    // The operator clicks the workflow's row.
    void click(qint64 id)
    {
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                          view.visualRect(proxy.index(rowOf(id), int(Column::Domain))).center());
    }
};

} // namespace

class TestDetailsPane : public QObject
{
    Q_OBJECT
private slots:
    // Local time is not UTC here, so that a time said in the wrong zone shows.
    void initTestCase();
    void showsNothingWithoutASelection();
    void beforeTheFirstAnswerSaysWhenItWillAsk();
    void failedWorkflowSaysItIsFinishedAndWhy();
    void showsTheWholeContextAsATree();
    void showsTheLinksAndAnEmptyEnvelope();
    void rawAnswerIsIndentedReadOnlyAndCopyable();
    void showsTheEnvelopesErrorsAndMessages();
    void keepsWhatWasKnownWhileChecksFail();
    void actionRequiredSaysWhatToDoAndOffersResume();
    void blockedSaysHowLongAndWhenTheNextCheckIs();
    void timelineComesFromTheStore();
    void keepsTheContextTreeAsTheUserLeftIt();
    void followsTheClickedRowThroughSorting();
    void staysOnTheSelectedRowThroughFiltersThatKeepIt();
    void followsTheSelectedRowWhenItsStateMovesIt();
    void showsNothingWhenAFilterHidesTheSelectedRow();
    void saysCloudflareFoundNoWorkflow();
    void saysWhyADueCheckWaits();
    void listsTheRecentFailedChecks();
    void saysWhenAResumeFindsItStillWaiting();
    void startsAtTheTopForAnotherWorkflow();
    void saysTimesAreLocalAndGivesUtc();
    void actionRequiredSaysSinceWhenAndTheEstimatedEnd();
    void namesTheAccountByItsLabel();
    void aNoticeSaysWhyWhenAndWhatToDo();
};

void TestDetailsPane::initTestCase()
{
    qputenv("TZ", "Europe/Berlin");
    tzset();
    QCOMPARE(start.toLocalTime().offsetFromUtc(), 3600);
}

void TestDetailsPane::showsNothingWithoutASelection()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
    auto *empty = f.part<QLabel>(u"empty"_s);
    QVERIFY(empty->isVisible());
    QVERIFY(!f.part<QLabel>(u"title"_s)->isVisible());

    const qint64 id = f.engine.track(ref(u"busy.example"_s));
    f.pane.setWorkflow(id);
    QCOMPARE(f.pane.workflowId(), id);
    QVERIFY(!empty->isVisible());
    QVERIFY(f.part<QLabel>(u"title"_s)->isVisible());
    QCOMPARE(f.label(u"title"_s), u"busy.example"_s);

    // Removed while shown: back to the empty page, not a stale workflow.
    f.engine.remove(id);
    QCOMPARE(f.pane.workflowId(), 0);
    QVERIFY(empty->isVisible());
    f.pane.setWorkflow(12345); // not tracked
    QVERIFY(empty->isVisible());
}

void TestDetailsPane::beforeTheFirstAnswerSaysWhenItWillAsk()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"rejected.example"_s, WorkflowKind::Registration));
    f.pane.setWorkflow(id);
    QCOMPARE(f.label(u"title"_s), u"rejected.example"_s);
    QCOMPARE(f.label(u"subtitle"_s), u"registration workflow · account %1"_s.arg(testAccountId));
    QCOMPARE(f.label(u"state"_s), u"not checked yet"_s);
    QCOMPARE(f.label(u"meaning"_s), u"Registrar Watch has not had an answer yet."_s);
    QCOMPARE(f.label(u"next"_s),
             u"Not checked yet; checked again in 2s (at %1)."_s.arg(timeOfDay(start.addSecs(2))));
    QCOMPARE(f.raw()->toPlainText(), u"(no answer yet)"_s);
}

void TestDetailsPane::failedWorkflowSaysItIsFinishedAndWhy()
{
    Fixture f;
    const qint64 id = f.failedRegistration();
    QCOMPARE(f.tracked(id).watch, WatchState::Settled);

    // The state, what it means, and that nothing more will happen.
    QCOMPARE(f.label(u"state"_s), u"failed"_s);
    QCOMPARE(f.label(u"meaning"_s),
             u"Finished without success; review the error before trying again."_s);
    QCOMPARE(f.label(u"next"_s), u"Finished: no more checks."_s);
    QVERIFY(!f.part<QFrame>(u"actionBox"_s)->isVisible());
    QVERIFY(!f.part<QPushButton>(u"resume"_s)->isVisible());

    // completed, created_at, updated_at as the API said them.
    const QStringList facts = f.facts();
    QVERIFY2(facts.contains(u"Completed: yes"_s), qPrintable(facts.join(u'\n')));
    QVERIFY2(facts.contains(u"Created: %1"_s.arg(shown(start.addSecs(-20)))),
             qPrintable(facts.join(u'\n')));
    QVERIFY2(facts.contains(u"Updated: %1"_s.arg(shown(start.addSecs(30)))),
             qPrintable(facts.join(u'\n')));
    QVERIFY2(facts.contains(u"Next check: none"_s), qPrintable(facts.join(u'\n')));

    // The error's code and message.
    QVERIFY(f.part<QFrame>(u"errorBox"_s)->isVisible());
    QCOMPARE(f.label(u"error"_s), u"registry_rejected: The registry rejected the registration: "
                                  u"the name is on its reserved list."_s);
}

void TestDetailsPane::showsTheWholeContextAsATree()
{
    Fixture f;
    f.failedRegistration();

    // The whole context, nested objects and arrays included, values as JSON writes them.
    QTreeWidget *context = f.tree(u"context"_s);
    QCOMPARE(context->topLevelItemCount(), 6);
    QCOMPARE(topLevel(context, u"domain_name"_s)->text(1), u"rejected.example"_s);
    QCOMPARE(topLevel(context, u"years"_s)->text(1), u"2"_s);
    QCOMPARE(topLevel(context, u"premium"_s)->text(1), u"false"_s);
    QCOMPARE(topLevel(context, u"quote"_s)->text(1), u"null"_s);
    QTreeWidgetItem *nameservers = topLevel(context, u"nameservers"_s);
    QVERIFY(nameservers);
    QCOMPARE(nameservers->text(1), u"[2]"_s);
    QCOMPARE(nameservers->childCount(), 2);
    QCOMPARE(child(nameservers, u"1"_s)->text(1), u"ns2.example.net"_s);
    QTreeWidgetItem *registrant = topLevel(context, u"registrant"_s);
    QVERIFY(registrant);
    QCOMPARE(registrant->text(1), u"{2}"_s);
    QCOMPARE(child(registrant, u"organisation"_s)->text(1), u"Rejected Inc."_s);
    QTreeWidgetItem *contact = child(registrant, u"contact"_s);
    QVERIFY(contact);
    QCOMPARE(child(contact, u"email"_s)->text(1), u"hostmaster@rejected.example"_s);
    QCOMPARE(child(contact, u"phone"_s)->text(1), u"+1.5550100"_s);
    // Open on the first two levels, deeper ones a click away.
    QVERIFY(registrant->isExpanded());
    QVERIFY(contact->isExpanded());
    QVERIFY(context->rootIsDecorated());
}

void TestDetailsPane::showsTheLinksAndAnEmptyEnvelope()
{
    Fixture f;
    f.failedRegistration();

    // Nothing in the envelope this time, and it says so.
    QCOMPARE(rows(f.tree(u"messages"_s)), QStringList{u"||None in the last answer."_s});

    // Both links.
    QCOMPARE(f.label(u"links"_s), u"Status: %1/registration-status\nResource: %1"_s.arg(
                                      registrationPath(u"rejected.example"_s)));
}

void TestDetailsPane::rawAnswerIsIndentedReadOnlyAndCopyable()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"rejected.example"_s, WorkflowKind::Registration));
    f.pane.setWorkflow(id);
    f.clock.advance(2min);
    QVERIFY(QTest::qWaitForWindowExposed(&f.pane));

    QPlainTextEdit *raw = f.raw();
    const QString text = raw->toPlainText();
    // The same answer the engine received (compact on the wire), indented for reading.
    const QByteArray received = f.tracked(id).lastBody;
    QVERIFY(!received.contains('\n'));
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()), QJsonDocument::fromJson(received));
    QVERIFY2(text.contains(u"\n    \"result\": {\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"\n        \"state\": \"failed\"\n"_s) ||
                 text.contains(u"\n        \"state\": \"failed\",\n"_s),
             qPrintable(text));
    QVERIFY(text.count(u'\n') > 20);

    // Read-only, but the operator can select and copy it, with the mouse or the keyboard.
    QVERIFY(raw->isReadOnly());
    QVERIFY(raw->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
    QVERIFY(raw->textInteractionFlags().testFlag(Qt::TextSelectableByKeyboard));
    QGuiApplication::clipboard()->clear();
    raw->setFocus();
    QTest::keySequence(raw, QKeySequence::SelectAll);
    QTest::keySequence(raw, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), text);
    // Typing changes nothing.
    QTest::keyClicks(raw, u"oops"_s);
    QCOMPARE(raw->toPlainText(), text);
    // Part of it, by keyboard: the first line.
    QTest::keyClick(raw, Qt::Key_Home, Qt::ControlModifier);
    QTest::keyClick(raw, Qt::Key_End, Qt::ShiftModifier);
    QTest::keySequence(raw, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"{"_s);

    // A later answer that says the same does not disturb a selection in progress.
    raw->selectAll();
    const int selected = raw->textCursor().selectedText().size();
    QVERIFY(selected > 0);
    f.pane.setWorkflow(id);
    QCOMPARE(raw->textCursor().selectedText().size(), selected);
}

void TestDetailsPane::showsTheEnvelopesErrorsAndMessages()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"flaky.example"_s));
    f.pane.setWorkflow(id);
    QTreeWidget *messages = f.tree(u"messages"_s);

    // 1: before the workflow exists, Cloudflare's "No workflow found" in errors[].
    QVERIFY(f.pollOnce(id));
    QCOMPARE(rows(messages), QStringList{u"error|10000|No workflow found for flaky.example"_s});

    // 2: a good answer with a notice in messages[], its documentation link included.
    QVERIFY(f.pollOnce(id));
    QCOMPARE(rows(messages),
             QStringList{u"message|10042|Registry maintenance until 14:00 UTC; expect delays. — "
                         u"https://developers.cloudflare.com/registrar/"_s});

    // 3: a server error: the simulator's failure envelope.
    QVERIFY(f.pollOnce(id));
    QCOMPARE(rows(messages), QStringList{u"error|10000|Service Unavailable"_s});

    // 4: a refusal with a source pointer and a documentation link, and a message beside it.
    QVERIFY(f.pollOnce(id));
    QCOMPARE(rows(messages),
             (QStringList{u"error|1004|DNS Validation Error (at /domain_name) — "
                          u"https://developers.cloudflare.com/api/"_s,
                          u"message|10001|Check the domain's DNS before retrying."_s}));

    // 5: a clean answer clears them.
    QVERIFY(f.pollOnce(id));
    QCOMPARE(rows(messages), QStringList{u"||None in the last answer."_s});
}

void TestDetailsPane::keepsWhatWasKnownWhileChecksFail()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"flaky.example"_s));
    f.pane.setWorkflow(id);
    auto *errorBox = f.part<QFrame>(u"errorBox"_s);
    const QString statusPath = QString(registrationPath(u"flaky.example"_s) + u"/update-status"_s);

    // 1: no workflow yet: the failed check, what Cloudflare said, the link asked, the refusal as
    // received.
    QVERIFY(f.pollOnce(id));
    QVERIFY(errorBox->isVisible());
    QVERIFY(f.tracked(id).lastError);
    QCOMPARE(f.label(u"error"_s), u"Last check failed: %1"_s.arg(f.tracked(id).lastError->message));
    QCOMPARE(f.label(u"state"_s), u"no workflow found"_s);
    QVERIFY(
        f.label(u"meaning"_s)
            .startsWith(u"Cloudflare answered that there is no such workflow (checked once)."_s));
    QCOMPARE(f.label(u"links"_s), u"Status: %1"_s.arg(statusPath));
    QCOMPARE(QJsonDocument::fromJson(f.raw()->toPlainText().toUtf8())
                 .object()
                 .value(u"success"_s)
                 .toBool(true),
             false);

    // 2: a good answer: no error, its state and both links.
    QVERIFY(f.pollOnce(id));
    QVERIFY(!errorBox->isVisible());
    QCOMPARE(f.label(u"state"_s), u"in progress"_s);
    QCOMPARE(f.label(u"links"_s),
             u"Status: %1\nResource: %2"_s.arg(statusPath, registrationPath(u"flaky.example"_s)));

    // 3: a server error: what was known stays shown, the failure beside it.
    QVERIFY(f.pollOnce(id));
    QVERIFY(errorBox->isVisible());
    QVERIFY(f.label(u"error"_s).startsWith(u"Last check failed: Cloudflare had a server error"_s));
    QCOMPARE(f.label(u"state"_s), u"in progress"_s);
    QVERIFY(f.raw()->toPlainText().contains(u"\"Service Unavailable\""_s));

    // 4: a refusal.
    QVERIFY(f.pollOnce(id));
    QVERIFY(f.label(u"error"_s).contains(u"DNS Validation Error"_s));

    // 5: a clean answer clears it.
    QVERIFY(f.pollOnce(id));
    QVERIFY(!errorBox->isVisible());
}

void TestDetailsPane::actionRequiredSaysWhatToDoAndOffersResume()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
    const qint64 id = f.engine.track(ref(u"confirm.example"_s));
    f.pane.setWorkflow(id);
    auto *actionBox = f.part<QFrame>(u"actionBox"_s);
    auto *resume = f.part<QPushButton>(u"resume"_s);
    QVERIFY(!actionBox->isVisible()); // nothing to do yet

    f.clock.advance(1min);
    QCOMPARE(f.tracked(id).watch, WatchState::NeedsOperator);
    QCOMPARE(f.label(u"state"_s), u"action required"_s);
    QCOMPARE(f.label(u"meaning"_s), u"Paused until you act; it will not continue on its own."_s);
    QCOMPARE(f.label(u"next"_s), u"Checks have stopped: Cloudflare waits for you. Once done, "
                                 u"resume it in Registrar Watch."_s);
    QVERIFY(f.facts().contains(u"Next check: none"_s));
    QVERIFY(actionBox->isVisible());
    QCOMPARE(f.label(u"action"_s),
             u"What to do: Confirm the new registrant email address using the link in the message "
             u"we sent\nThe confirmation was sent to hostmaster@confirm.example."_s);
    QVERIFY(resume->isVisible());
    QVERIFY(resume->isEnabled());

    QSignalSpy resumed(&f.pane, &DetailsPane::resumeRequested);
    QSignalSpy checked(&f.pane, &DetailsPane::checkNowRequested);
    QTest::mouseClick(resume, Qt::LeftButton);
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(resumed.first().first().toLongLong(), id);
    QCOMPARE(checked.size(), 0);
    QTest::mouseClick(f.part<QPushButton>(u"checkNow"_s), Qt::LeftButton);
    QCOMPARE(checked.size(), 1);
    QCOMPARE(checked.first().first().toLongLong(), id);
}

void TestDetailsPane::blockedSaysHowLongAndWhenTheNextCheckIs()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"slow.example"_s, WorkflowKind::TransferIn));
    f.pane.setWorkflow(id);
    f.clock.advanceTo(start.addSecs(180));
    QCOMPARE(f.tracked(id).state(), WorkflowState::Blocked);
    QCOMPARE(f.tracked(id).watch, WatchState::Watching);
    const QDateTime due = f.tracked(id).nextPollAt;
    QVERIFY(due > f.clock.now().addSecs(60)); // no check in the next minute

    QCOMPARE(f.label(u"state"_s), u"blocked"_s);
    // Who it waits on, as its context says.
    QCOMPARE(f.label(u"meaning"_s),
             u"Waiting on the losing registrar, which has up to 5 days to approve or reject the "
             u"transfer; nothing you do will speed it up."_s);
    const auto expected = [&](const QString &blockedFor) {
        const qint64 left = (f.clock.now().msecsTo(due) + 999) / 1000;
        return u"Blocked for %1; checked again in %2 (at %3). Blocked workflows are checked less "
               u"often, up to hourly."_s.arg(blockedFor, formatDuration(seconds(left)),
                                             timeOfDay(due));
    };
    // Blocked since the answer's updated_at (20 s in), not since we noticed.
    QCOMPARE(f.label(u"next"_s), expected(u"2m 40s"_s));
    QVERIFY(f.facts().contains(u"Next check: %1"_s.arg(shown(due))));

    // A minute later, with no check in between, the pane still tells the truth.
    const int polls = f.tracked(id).polls;
    f.clock.advance(1min);
    QCOMPARE(f.tracked(id).polls, polls);
    QCOMPARE(f.label(u"next"_s), expected(u"3m 40s"_s));
}

void TestDetailsPane::timelineComesFromTheStore()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"rejected.example"_s, WorkflowKind::Registration));
    f.pane.setWorkflow(id);
    QTreeWidget *timeline = f.tree(u"timeline"_s);
    QCOMPARE(timeline->topLevelItemCount(), 0);

    // Each change appears as it is seen.
    f.clock.advance(2s);
    QCOMPARE(rows(timeline), QStringList{u"%1|—|pending"_s.arg(shown(start.addSecs(2)))});
    f.clock.advance(2min);
    QCOMPARE(f.tracked(id).watch, WatchState::Settled);
    const auto history = f.store->history(id);
    QVERIFY(history.hasValue());
    QCOMPARE(history->size(), 3);
    QStringList expected;
    for (const StateChange &change : *history)
        expected.append(u"%1|%2|%3"_s.arg(shown(change.observedAt),
                                          change.fromState.value_or(u"—"_s), change.toState));
    QCOMPARE(rows(timeline), expected);
    QCOMPARE(expected.at(1).section(u'|', 1), u"pending|in_progress"_s);
    QCOMPARE(expected.at(2).section(u'|', 1), u"in_progress|failed"_s);
    QVERIFY(history->at(0).observedAt < history->at(1).observedAt);
    QVERIFY(history->at(1).observedAt < history->at(2).observedAt);

    // After a restart, an engine that saw none of it shows the same timeline: it is the store's.
    PollEngine restarted(&f.fetcher, f.clock);
    restarted.setStore(f.store.get());
    QCOMPARE(restarted.loadFromStore(), std::nullopt);
    DetailsPane pane(&restarted, f.store.get(), f.clock);
    pane.setWorkflow(id);
    QCOMPARE(rows(pane.findChild<QTreeWidget *>(u"timeline"_s)), expected);
}

void TestDetailsPane::keepsTheContextTreeAsTheUserLeftIt()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"busy.example"_s));
    f.pane.setWorkflow(id);
    QVERIFY(f.pollOnce(id));
    QTreeWidget *context = f.tree(u"context"_s);
    QVERIFY(topLevel(context, u"order"_s));
    QTreeWidgetItem *registrant =
        child(child(topLevel(context, u"order"_s), u"contacts"_s), u"registrant"_s);
    QVERIFY(registrant);
    QVERIFY(!registrant->isExpanded()); // the third level starts closed

    // The operator opens the third level, closes the top one and picks a row.
    registrant->setExpanded(true);
    topLevel(context, u"order"_s)->setExpanded(false);
    context->setCurrentItem(topLevel(context, u"step"_s));

    // Checks that bring the same context leave all that alone.
    const int polls = f.tracked(id).polls;
    f.clock.advance(1min);
    QVERIFY(f.tracked(id).polls >= polls + 2);
    QTreeWidgetItem *order = topLevel(context, u"order"_s);
    QVERIFY(order);
    QVERIFY(!order->isExpanded());
    QVERIFY(child(child(order, u"contacts"_s), u"registrant"_s)->isExpanded());
    QVERIFY(context->currentItem());
    QCOMPARE(context->currentItem()->text(0), u"step"_s);

    // A changed context is shown.
    f.clock.advanceTo(start.addSecs(300));
    QCOMPARE(f.tracked(id).state(), WorkflowState::Succeeded);
    QCOMPARE(topLevel(context, u"step"_s)->text(1), u"done"_s);
}

void TestDetailsPane::followsTheClickedRowThroughSorting()
{
    Fixture f;
    Table table(f);
    const qint64 slow = f.engine.find(ref(u"slow.example"_s, WorkflowKind::TransferIn)).value();

    // The operator clicks a row.
    const int before = table.rowOf(slow);
    QVERIFY(before >= 0);
    table.click(slow);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));
    QCOMPARE(f.label(u"state"_s), u"blocked"_s);

    // Sorting by another column moves the row; the pane and the selection stay with it.
    QHeaderView *header = table.view.horizontalHeader();
    QTest::mouseClick(
        header->viewport(), Qt::LeftButton, {},
        QPoint(header->sectionViewportPosition(int(Column::Domain)) + 5, header->height() / 2));
    QCOMPARE(table.proxy.sortColumn(), int(Column::Domain));
    table.view.sortByColumn(int(Column::Domain), Qt::DescendingOrder);
    const int sorted = table.rowOf(slow);
    QCOMPARE(sorted, 0); // slow, rejected, flaky, confirm, busy
    QVERIFY(sorted != before);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));
}

void TestDetailsPane::staysOnTheSelectedRowThroughFiltersThatKeepIt()
{
    Fixture f;
    Table table(f);
    const qint64 slow = f.engine.find(ref(u"slow.example"_s, WorkflowKind::TransferIn)).value();
    table.click(slow);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));

    // Filters that keep it: the others go, the pane stays.
    table.proxy.setCategory(WorkflowTableModel::Blocked);
    QCOMPARE(table.proxy.rowCount(), 1);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));
    table.proxy.setCategory({});
    table.proxy.setSearchText(u"transfer"_s);
    QCOMPARE(table.proxy.rowCount(), 1);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));
    table.proxy.setSearchText({});
    QCOMPARE(table.proxy.rowCount(), 5);
    QVERIFY(table.showsOnly(slow, u"slow.example"_s));
}

void TestDetailsPane::followsTheSelectedRowWhenItsStateMovesIt()
{
    Fixture f;
    Table table(f);
    // A change of state moves the selected row (busy.example succeeds at 200 s): the pane and
    // the selection go with it.
    const qint64 busy = f.engine.find(ref(u"busy.example"_s)).value();
    const int busyRow = table.rowOf(busy);
    table.click(busy);
    QVERIFY(table.showsOnly(busy, u"busy.example"_s));
    f.clock.advanceTo(start.addSecs(300));
    QCOMPARE(f.tracked(busy).state(), WorkflowState::Succeeded);
    // Answers move rows at the proxy's next catch-up (WorkflowFilterProxy::catchUpInterval).
    QTRY_VERIFY(table.rowOf(busy) != busyRow);
    QVERIFY(table.showsOnly(busy, u"busy.example"_s));
    QCOMPARE(f.label(u"state"_s), u"succeeded"_s);

    // Another click moves the pane to that row.
    const qint64 rejected =
        f.engine.find(ref(u"rejected.example"_s, WorkflowKind::Registration)).value();
    table.click(rejected);
    QVERIFY(table.showsOnly(rejected, u"rejected.example"_s));
}

void TestDetailsPane::showsNothingWhenAFilterHidesTheSelectedRow()
{
    Fixture f;
    Table table(f);
    const qint64 rejected =
        f.engine.find(ref(u"rejected.example"_s, WorkflowKind::Registration)).value();
    table.click(rejected);
    QVERIFY(table.showsOnly(rejected, u"rejected.example"_s));

    // A filter that hides the selected row leaves no selection: the pane must not show some
    // other, unselected workflow.
    table.proxy.setCategory(WorkflowTableModel::Active);
    QVERIFY(table.rowOf(rejected) < 0);
    QVERIFY(table.selectedIds().isEmpty());
    // (QItemSelectionModel moves the current index to a neighbour, unselected.)
    QVERIFY2(f.pane.workflowId() == 0, qPrintable(u"the pane shows %1"_s.arg(f.label(u"title"_s))));
}

void TestDetailsPane::saysCloudflareFoundNoWorkflow()
{
    // A workflow Cloudflare does not know: three "No workflow found" answers, then it stops.
    // What the pane says is what Cloudflare answered, not that nothing was asked.
    Fixture f;
    const qint64 id = f.engine.track(ref(u"ghost.example"_s));
    f.pane.setWorkflow(id);
    f.clock.advance(2min);
    QCOMPARE(f.tracked(id).watch, WatchState::GaveUp);
    QCOMPARE(f.tracked(id).polls, 3);

    QCOMPARE(f.label(u"state"_s), u"no workflow found"_s);
    QCOMPARE(f.label(u"meaning"_s),
             u"Cloudflare answered that there is no such workflow (checked 3 times). It may not "
             u"have started yet; otherwise check the domain and the kind of workflow (update)."_s);
    QCOMPARE(f.label(u"next"_s), u"Stopped watching: no workflow found. Resume it in Registrar "
                                 u"Watch to watch it again."_s);
    QVERIFY(f.facts().contains(u"Checks: 3, failed: 3"_s));
    for (const QString &name : {u"state"_s, u"meaning"_s, u"next"_s}) {
        QVERIFY2(!f.label(name).contains(u"not checked yet"_s, Qt::CaseInsensitive) &&
                     !f.label(name).contains(u"not had an answer"_s),
                 qPrintable(f.label(name)));
    }
}

void TestDetailsPane::saysWhyADueCheckWaits()
{
    // One request at a time, each taking 30 s: the second workflow falls due and waits.
    Fixture f;
    PollSettings settings;
    settings.maxInFlight = 1;
    f.engine.setSettings(settings);
    f.fetcher.setLatency(30s);
    const qint64 first = f.engine.track(ref(u"busy.example"_s));
    const qint64 second = f.engine.track(ref(u"flaky.example"_s));
    f.pane.setWorkflow(second);
    const QDateTime due = f.tracked(second).nextPollAt;
    QCOMPARE(due, start.addSecs(2));

    f.clock.advance(10s);
    QVERIFY(f.engine.isInFlight(first));
    QVERIFY(!f.engine.isInFlight(second));
    // The budget has room: what it waits for is the one request at a time.
    QCOMPARE(f.label(u"next"_s),
             u"Not checked yet; due since %1, waiting for a request to finish (at most 1 at "
             u"once for the account, 1 check waiting)."_s.arg(timeOfDay(due)));

    // Once the slot is free, it goes.
    f.clock.advance(25s);
    QVERIFY(f.engine.isInFlight(second));
    QCOMPARE(f.label(u"next"_s), u"Not checked yet; being checked now."_s);
}

void TestDetailsPane::listsTheRecentFailedChecks()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"flaky.example"_s));
    f.pane.setWorkflow(id);
    QTreeWidget *failed = f.tree(u"failedChecks"_s);
    QCOMPARE(rows(failed), QStringList{u"|||None."_s});

    // 1: "No workflow found", 2: an answer, 3: a server error, 4: a refusal, 5: an answer.
    QList<QDateTime> checked;
    for (int i = 0; i < 5; ++i) {
        QVERIFY(f.pollOnce(id));
        checked.append(f.tracked(id).lastCheckedAt);
    }
    QCOMPARE(f.tracked(id).totalErrors, 3);
    const QStringList expected{
        u"%1|rejected|400|"_s.arg(shown(checked.at(3))),
        u"%1|server|503|"_s.arg(shown(checked.at(2))),
        u"%1|no workflow|404|"_s.arg(shown(checked.at(0))),
    };
    QStringList listed = rows(failed);
    QCOMPARE(listed.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(listed.at(i).startsWith(expected.at(i)), qPrintable(listed.at(i)));
        QVERIFY2(listed.at(i).size() > expected.at(i).size() + 10, qPrintable(listed.at(i)));
    }
    QVERIFY(listed.at(0).contains(u"DNS Validation Error"_s));
    QVERIFY(listed.at(2).contains(u"No workflow found for flaky.example"_s));
    // The moment in UTC is a pointer away.
    QCOMPARE(failed->topLevelItem(0)->toolTip(0), workflowText::timeTip(checked.at(3)));

    // They are the store's: after a restart, the same list.
    PollEngine restarted(&f.fetcher, f.clock);
    restarted.setStore(f.store.get());
    QCOMPARE(restarted.loadFromStore(), std::nullopt);
    DetailsPane pane(&restarted, f.store.get(), f.clock);
    pane.setWorkflow(id);
    QCOMPARE(rows(pane.findChild<QTreeWidget *>(u"failedChecks"_s)), listed);
}

void TestDetailsPane::saysWhenAResumeFindsItStillWaiting()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"confirm.example"_s));
    f.pane.setWorkflow(id);
    f.clock.advance(1min);
    QCOMPARE(f.tracked(id).watch, WatchState::NeedsOperator);
    const QString waiting = u"Checks have stopped: Cloudflare waits for you. Once done, resume it "
                            u"in Registrar Watch."_s;
    QCOMPARE(f.label(u"next"_s), waiting);

    // The operator resumes without having done it: Cloudflare still waits, and the pane says
    // that this is news from the check the resume made.
    f.clock.advance(1min);
    const QDateTime resumedAt = f.clock.now();
    f.engine.resume(id);
    QCOMPARE(f.tracked(id).watch, WatchState::Watching);
    f.clock.advance(1s); // the answer to the check the resume made
    QCOMPARE(f.tracked(id).watch, WatchState::NeedsOperator);
    QVERIFY(f.tracked(id).lastCheckedAt >= resumedAt);
    QCOMPARE(
        f.label(u"next"_s),
        u"You resumed it at %1; Cloudflare still says it needs you (checked %2). Once done, "
        u"resume it again."_s.arg(timeOfDay(resumedAt), timeOfDay(f.tracked(id).lastCheckedAt)));
    QVERIFY(f.label(u"next"_s) != waiting);
}

void TestDetailsPane::startsAtTheTopForAnotherWorkflow()
{
    Fixture f;
    f.pane.resize(500, 300);
    QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
    const qint64 failed = f.failedRegistration();
    const qint64 busy = f.engine.track(ref(u"busy.example"_s));
    f.clock.advance(5s);
    QScrollBar *bar = f.part<QScrollArea>(u"scroll"_s)->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 200);

    // Read down to the raw answer of one workflow, then pick another: its top is shown.
    bar->setValue(bar->maximum());
    QVERIFY(bar->value() > 200);
    f.pane.setWorkflow(busy);
    QCOMPARE(bar->value(), 0);

    // The same workflow updating leaves the operator where they were.
    bar->setValue(bar->maximum());
    const int scrolled = bar->value();
    QVERIFY(scrolled > 200);
    QVERIFY(f.pollOnce(busy));
    QCOMPARE(bar->value(), scrolled);
    f.pane.setWorkflow(busy); // chosen again: still the same workflow
    QCOMPARE(bar->value(), scrolled);

    f.pane.setWorkflow(failed);
    QCOMPARE(bar->value(), 0);
}

void TestDetailsPane::saysTimesAreLocalAndGivesUtc()
{
    Fixture f;
    const qint64 id = f.failedRegistration();
    // Local time, and the zone said where the times are.
    QCOMPARE(f.label(u"zone"_s), u"Times are local (CET, UTC+01:00)."_s);
    const QDateTime checked = f.tracked(id).lastCheckedAt;
    QVERIFY(f.facts().contains(u"Last checked: %1"_s.arg(shown(checked))));
    QVERIFY(shown(checked).startsWith(u"2026-03-01 13:"_s)); // an hour ahead of UTC

    // UTC where the operator points: the facts, the timeline.
    const QString tip = f.part<QLabel>(u"facts"_s)->toolTip();
    QVERIFY2(tip.contains(
                 u"Last checked: %1 UTC"_s.arg(checked.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s))),
             qPrintable(tip));
    QTreeWidget *timeline = f.tree(u"timeline"_s);
    QVERIFY(timeline->topLevelItemCount() > 0);
    const StateChange first = f.store->history(id).value().first();
    QCOMPARE(timeline->topLevelItem(0)->toolTip(0), workflowText::timeTip(first.observedAt));
    QVERIFY(workflowText::timeTip(first.observedAt).contains(u" UTC"_s));
}

// A change of registrant waits for the operator with a clock: since when, and when Cloudflare
// cancels it unless it is confirmed (an estimate, from its published 7 days).
void TestDetailsPane::actionRequiredSaysSinceWhenAndTheEstimatedEnd()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
    const qint64 id = f.engine.track(ref(u"confirm.example"_s));
    f.pane.setWorkflow(id);
    auto *deadline = f.part<QLabel>(u"deadline"_s);
    QVERIFY(!deadline->isVisible()); // in progress: no deadline
    f.clock.advance(1min);
    QCOMPARE(f.tracked(id).watch, WatchState::NeedsOperator);
    QVERIFY(deadline->isVisible());
    const QDateTime since = f.tracked(id).status->updatedAt;
    const QString began = since.toLocalTime().toString(u"ddd d MMM HH:mm"_s);
    const QString ends = since.addDays(7).toLocalTime().toString(u"ddd d MMM HH:mm"_s);
    QCOMPARE(deadline->text(),
             u"Waiting for you since %1 (1 minute). Cancelled in about 6 days, on %2 (estimate: "
             u"7 days after the request, unless the registrant approves it)."_s.arg(began, ends));
    // It counts down by itself.
    f.clock.advance(std::chrono::hours(24 * 3));
    QTRY_VERIFY2(deadline->text().contains(u"(3 days). Cancelled in about 3 days"_s),
                 qPrintable(deadline->text()));
}

void TestDetailsPane::namesTheAccountByItsLabel()
{
    Fixture f;
    const qint64 id = f.engine.track(ref(u"busy.example"_s));
    f.pane.setWorkflow(id);
    QCOMPARE(f.label(u"subtitle"_s), u"update workflow · account %1"_s.arg(testAccountId));
    AccountLabels labels;
    labels.set(testAccountId, u"Acme production"_s);
    f.pane.setAccountLabels(labels);
    QCOMPARE(f.label(u"subtitle"_s),
             u"update workflow · account Acme production (%1)"_s.arg(testAccountId));
}

// A registration that needs the operator: why, its date, auto-renew and what to do, without
// the parts only a workflow has; it goes when the notice does.
void TestDetailsPane::aNoticeSaysWhyWhenAndWhatToDo()
{
    Fixture f;
    Table t(f);
    RegistrationNotices notices;
    t.model.setNotices(&notices);
    f.pane.setNotices(&notices);
    RegistrationNotice notice;
    notice.account = {testAccountId, false};
    notice.domain = u"lapsing.example"_s;
    const QDateTime expires = f.clock.now().addDays(12).addSecs(60);
    notice.attention = {RegistrationAttention::Reason::ExpiresSoon, expires};
    notice.registration.domainName = notice.domain;
    notice.registration.status = u"active"_s;
    notice.registration.expiresAt = expires;
    notice.registration.raw =
        QJsonObject{{u"domain_name"_s, notice.domain}, {u"auto_renew"_s, false}};
    notice.foundAt = f.clock.now();
    notices.put(notice);
    qint64 id = 0;
    for (int row = 0; row < t.proxy.rowCount(); ++row) {
        if (t.proxy.index(row, 0).data().toString() == u"lapsing.example"_s)
            id = t.proxy.index(row, 0).data(WorkflowTableModel::IdRole).toLongLong();
    }
    QVERIFY(id < 0);
    t.click(id);
    QCOMPARE(f.label(u"title"_s), u"lapsing.example"_s);
    QCOMPARE(f.pane.workflowId(), 0);
    QVERIFY(f.label(u"subtitle"_s).endsWith(u"found by watching the whole account"_s));
    QCOMPARE(f.label(u"state"_s), u"Expires in 12 days"_s);
    const QString date = expires.toLocalTime().toString(u"ddd d MMM HH:mm"_s);
    QCOMPARE(
        f.label(u"meaning"_s),
        u"Expires in 12 days, on %1. Auto-renew is off. Nothing renews it by itself."_s.arg(date));
    QVERIFY(f.part<QFrame>(u"actionBox"_s)->isVisible());
    QVERIFY2(f.label(u"action"_s)
                 .startsWith(u"What to do: renew it, or turn auto-renew on, in "
                             u"the Cloudflare dashboard."_s),
             qPrintable(f.label(u"action"_s)));
    QVERIFY(!f.part<QPushButton>(u"resume"_s)->isVisible());
    QVERIFY(!f.part<QPushButton>(u"checkNow"_s)->isVisible());
    QVERIFY(!f.tree(u"timeline"_s)->isVisible());
    QVERIFY(!f.raw()->isVisible());
    QVERIFY(f.facts().contains(u"Auto-renew: off"_s));
    QVERIFY(f.facts().contains(u"Expires: %1"_s.arg(shown(expires))));
    QVERIFY(topLevel(f.tree(u"context"_s), u"auto_renew"_s));
    // Back to a workflow: its parts again.
    const qint64 busy = f.engine.find(ref(u"busy.example"_s)).value();
    t.click(busy);
    QCOMPARE(f.pane.workflowId(), busy);
    QVERIFY(f.part<QPushButton>(u"checkNow"_s)->isVisible());
    QVERIFY(f.tree(u"timeline"_s)->isVisible());
    // Dismissed while shown: nothing is shown.
    t.click(id);
    QCOMPARE(f.label(u"title"_s), u"lapsing.example"_s);
    notices.remove(notice.account, notice.domain);
    QVERIFY(f.part<QLabel>(u"empty"_s)->isVisible());
}

QTEST_MAIN(TestDetailsPane)
#include "tst_detailspane.moc"
