// The budget is the credential's, not the process's (issue 13, point 3): the requests sent are
// kept in one ledger next to the stores, so that a restart, or two processes on one
// credential, never go over the budget.

#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "net/ClientConfig.h"
#include "support/SimulatorFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace rw;
using namespace rw::test;
using namespace Qt::StringLiterals;
using namespace std::chrono;

class TestRequestLedger : public QObject
{
    Q_OBJECT
private slots:
    void restartKeepsTheCount();
    void twoHostsOnOneCredentialStayWithinTheBudget();
    void corruptLedgerIsSaidAndTheAppGoesOn();
    void theUsersLedgerCountsWhateverTheStore();
};

namespace {

const AccountRef account{testAccountId, false};

std::unique_ptr<EngineHost> openHost(const QString &storePath, const Clock &clock,
                                     const PollSettings &poll = {})
{
    auto host = EngineHost::open({storePath, poll, false}, clock);
    if (!host)
        qFatal("the host did not open: %s", qPrintable(host.error()));
    return std::move(host).value();
}

} // namespace

void TestRequestLedger::restartKeepsTheCount()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ManualClock clock;
    const QString store = dir.filePath(u"registrar-watch.sqlite"_s);
    {
        auto host = openHost(store, clock);
        for (int i = 0; i < 870; ++i) {
            host->engine()->countOutsideRequest(account.id);
            clock.advance(milliseconds(200));
        }
        QCOMPARE(host->engine()->accountStatus(account.id).sentInWindow, 870);
    } // a restart: the host and its engine are gone
    clock.advance(seconds(5));
    auto host = openHost(store, clock);
    host->engine()->countOutsideRequest(account.id);
    // Not "1 of 900": what was sent before the restart is still in the window.
    const PollEngine::AccountStatus status = host->engine()->accountStatus(account.id);
    QCOMPARE(status.sentInWindow, 871);
    // And what is left of the budget is what the window leaves: the oldest requests must leave
    // it before more than 29 go out.
    clock.advance(seconds(300 - 174 - 5)); // the first of them left the window just now
    QVERIFY(host->engine()->accountStatus(account.id).sentInWindow < 871);
}

void TestRequestLedger::twoHostsOnOneCredentialStayWithinTheBudget()
{
    constexpr int budget = 60;
    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"rate_limit"_s,
        QJsonObject{{u"requests"_s, budget}, {u"window_s"_s, 300}, {u"block_s"_s, 300}});
    QJsonArray workflows;
    for (int i = 0; i < 40; ++i)
        workflows.append(
            workflowJson(u"busy%1.example"_s.arg(i), u"update"_s, {{0, u"in_progress"_s}}));
    scenario.insert(u"workflows"_s, workflows);
    SimulatorFixture sim(scenario);
    QVERIFY2(sim.isListening(), qPrintable(sim.error()));
    ManualClock &clock = sim.clock();
    const QDateTime began = clock.now();

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PollSettings poll;
    poll.budgetRequests = budget;
    poll.budgetWindow = seconds(300);
    poll.activeMaxDelay = seconds(10); // each host alone would want far more than the budget
    ClientConfig config;
    config.base = ApiBase::fromUrl(sim.baseUrl()).value();
    config.credentials = Credentials::apiToken(testToken);
    // The app and `watch` side by side: two stores in one folder, one ledger.
    std::vector<std::unique_ptr<EngineHost>> hosts;
    hosts.push_back(openHost(dir.filePath(u"registrar-watch.sqlite"_s), clock, poll));
    hosts.push_back(openHost(dir.filePath(u"watch.sqlite"_s), clock, poll));
    for (int h = 0; h < 2; ++h) {
        hosts[h]->setDefaultConfig(config);
        PollEngine *engine = hosts[h]->engine();
        engine->setJitterSource([] { return 0.0; });
        engine->setBudgetKey(account.id, config.credentials.budgetKey());
        for (int i = h * 20; i < h * 20 + 20; ++i)
            engine->track({account, u"busy%1.example"_s.arg(i), WorkflowKind::Update});
    }

    const auto settled = [&] {
        return std::all_of(hosts.cbegin(), hosts.cend(), [](const auto &host) {
            return host->engine()->accountStatus(account.id).inFlight == 0;
        });
    };
    const QDateTime until = clock.now().addSecs(15 * 60);
    while (clock.now() < until) {
        QVERIFY2(QTest::qWaitFor(settled, 10000), "a request did not come back");
        const QDateTime next = clock.nextAlarm();
        if (!next.isValid() || next > until)
            break;
        clock.advanceTo(next);
    }
    QVERIFY(QTest::qWaitFor(settled, 10000));

    const QJsonObject stats = sim.simulator().stats();
    // The figure for the note: what the simulator saw.
    qInfo("requests %d, 429 answers %d, most in one window %d (budget %d), virtual time %llds",
          stats.value(u"requests_total"_s).toInt(),
          stats.value(u"rate_limited_responses"_s).toInt(),
          stats.value(u"max_requests_in_window"_s).toInt(), budget, began.secsTo(clock.now()));
    // Over three windows, at the budget's pace (its burst, then its rate): well over one
    // window's budget in all, never over it in any window.
    QVERIFY2(stats.value(u"requests_total"_s).toInt() > budget + budget / 2,
             qPrintable(QString::number(stats.value(u"requests_total"_s).toInt())));
    QCOMPARE(stats.value(u"rate_limited_responses"_s).toInt(), 0);
    QVERIFY(stats.value(u"max_requests_in_window"_s).toInt() <= budget);
    // Each host's status bar counts both hosts' requests (once each has read the ledger).
    for (const auto &host : hosts)
        host->engine()->wake();
    const int first = hosts[0]->engine()->accountStatus(account.id).sentInWindow;
    const int second = hosts[1]->engine()->accountStatus(account.id).sentInWindow;
    QCOMPARE(first, second);
    QVERIFY2(first > 0 && first <= budget, qPrintable(QString::number(first)));
}

void TestRequestLedger::corruptLedgerIsSaidAndTheAppGoesOn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile garbage(dir.filePath(u"requests.sqlite"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    ManualClock clock;
    auto host = openHost(dir.filePath(u"registrar-watch.sqlite"_s), clock);
    const QStringList notices = host->notices();
    QVERIFY2(std::any_of(notices.cbegin(), notices.cend(),
                         [&](const QString &notice) {
                             return notice.contains(garbage.fileName()) &&
                                    notice.contains(u"only its own requests"_s);
                         }),
             qPrintable(notices.join(u" | "_s)));
    // The in-process budget still counts.
    host->engine()->countOutsideRequest(account.id);
    QCOMPARE(host->engine()->accountStatus(account.id).sentInWindow, 1);
    // And the file is left as it was, for the operator to look at.
    QCOMPARE(QFileInfo(garbage.fileName()).size(), 8192);
}

void TestRequestLedger::theUsersLedgerCountsWhateverTheStore()
{
    // The product opens the user's ledger (EngineHost::Options::ledgerPath), with a store
    // anywhere or none (`watch --no-store`, `status`): they all count on it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ledger = dir.filePath(u"user/requests.sqlite"_s);
    const QString key = Credentials::apiToken(testToken).budgetKey();
    ManualClock clock;
    const auto open = [&](const QString &store) {
        auto host = EngineHost::open({store, {}, false, ledger}, clock);
        if (!host)
            qFatal("the host did not open: %s", qPrintable(host.error()));
        std::unique_ptr<EngineHost> opened = std::move(host).value();
        opened->engine()->setBudgetKey(account.id, key);
        return opened;
    };
    {
        auto storeless = open(QString());
        QVERIFY2(storeless->notices().isEmpty(), qPrintable(storeless->notices().join(u" | "_s)));
        // Verify in the settings, before the credentials are saved: counted on their key.
        storeless->engine()->countOutsideRequestOnKey(key);
        storeless->engine()->countOutsideRequestOnKey(key);
        storeless->engine()->countOutsideRequestOnKey(QString()); // no credentials: nothing
        QCOMPARE(storeless->engine()->accountStatus(account.id).sentInWindow, 2);
    }
    QVERIFY(QFileInfo::exists(ledger));
    // A store in another folder (`watch --store /elsewhere`): the same ledger, the same count.
    auto elsewhere = open(dir.filePath(u"elsewhere/watch.sqlite"_s));
    elsewhere->engine()->countOutsideRequest(account.id);
    QCOMPARE(elsewhere->engine()->accountStatus(account.id).sentInWindow, 3);
    QVERIFY(!QFileInfo::exists(dir.filePath(u"elsewhere/requests.sqlite"_s)));
}

QTEST_MAIN(TestRequestLedger)
#include "tst_requestledger.moc"
