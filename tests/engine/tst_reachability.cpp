// An outage is the account's news, not each row's: against the HTTP simulator on loopback, the
// engine tells once that the API cannot be reached (after two requests in a row got no answer at
// all), since when, and once that it answers again. An HTTP error is an answer.

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "support/SimulatorFixture.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

QJsonObject scenario()
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s,
                QJsonArray{workflowJson(u"example.com"_s, u"update"_s,
                                        {{0, u"in_progress"_s}, {100000, u"succeeded"_s}}),
                           workflowJson(u"other.example"_s, u"update"_s,
                                        {{0, u"in_progress"_s}, {100000, u"succeeded"_s}})});
    return json;
}

WorkflowRef ref(const QString &domain)
{
    return {{testAccountId, false}, domain, WorkflowKind::Update};
}

// A port on loopback where nothing listens: every connection is refused.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        qFatal("no port to close");
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

struct Rig
{
    explicit Rig(const QJsonObject &json = scenario())
        : sim(json)
        , fetcher(&network, sim.clock())
        , engine(&fetcher, sim.clock())
    {
        toSim.base = ApiBase::fromUrl(sim.baseUrl()).value();
        toSim.credentials = Credentials::apiToken(testToken);
        toNowhere = toSim;
        QUrl closed = sim.baseUrl();
        closed.setPort(closedPort());
        toNowhere.base = ApiBase::fromUrl(closed).value();
        fetcher.setDefaultConfig(toSim);
    }
    // Moves the clock on by `span`, letting every request come back over the wire first.
    void run(seconds span)
    {
        ManualClock &clock = sim.clock();
        const QDateTime until = clock.now().addSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor([this] { return engine.inFlight() == 0; }, 10000))
                qFatal("a request did not come back");
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
    }
    SimulatorFixture sim;
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher;
    ClientConfig toSim;
    ClientConfig toNowhere;
    PollEngine engine;
};

} // namespace

class TestReachability : public QObject
{
    Q_OBJECT
private slots:
    void tellsAnOutageOnceAndItsEndOnce();
    void oneFailureIsNoOutage();
    void anHttpErrorIsAnAnswer();
    void anOutageEndsWhenTheAccountIsTurnedOff();
    void anOutageEndsWhenItsLastWorkflowIsRemoved();
    void eachAccountTriesAgainOnItsOwnTime();

private:
    // Both workflows tracked, answered, then the API refuses connections until the outage is
    // told: the spy has that one signal.
    static void startAnOutage(Rig &rig, QSignalSpy &spy);
};

void TestReachability::tellsAnOutageOnceAndItsEndOnce()
{
    Rig rig;
    QVERIFY(rig.sim.isListening());
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    rig.engine.track(ref(u"example.com"_s));
    rig.engine.track(ref(u"other.example"_s));
    rig.run(10s);
    QCOMPARE(spy.count(), 0); // answered: nothing to tell
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());

    // The API stops answering: connections are refused.
    rig.fetcher.setDefaultConfig(rig.toNowhere);
    const QDateTime stopped = rig.sim.clock().now();
    rig.run(120s);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), testAccountId);
    QCOMPARE(spy.at(0).at(1).toBool(), false);
    const QDateTime since = spy.at(0).at(2).toDateTime();
    // Since the first request that got no answer: at most one interval after the stop.
    QVERIFY2(since >= stopped && since <= stopped.addSecs(60),
             qPrintable(u"%1 after the stop"_s.arg(stopped.secsTo(since))));
    QCOMPARE(rig.engine.unreachableSince(testAccountId), since);

    // Back: the first answer clears it, once.
    rig.fetcher.setDefaultConfig(rig.toSim);
    const QDateTime back = rig.sim.clock().now();
    rig.run(1000s);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(1).toBool(), true);
    QVERIFY(spy.at(1).at(2).toDateTime() >= back);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
}

void TestReachability::oneFailureIsNoOutage()
{
    Rig rig;
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    const qint64 id = rig.engine.track(ref(u"example.com"_s));
    rig.run(10s);
    rig.fetcher.setDefaultConfig(rig.toNowhere);
    // One request goes out and fails; the API is back before the next.
    QTRY_VERIFY(rig.engine.workflow(id)->nextPollAt.isValid());
    const QDateTime due = rig.engine.workflow(id)->nextPollAt;
    rig.sim.clock().advanceTo(due);
    QTRY_COMPARE(rig.engine.workflow(id)->consecutiveErrors, 1);
    rig.fetcher.setDefaultConfig(rig.toSim);
    rig.run(300s);
    QCOMPARE(rig.engine.workflow(id)->consecutiveErrors, 0);
    QCOMPARE(spy.count(), 0);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
}

// One workflow only, so that no other answer breaks the streak. An HTTP error is an answer both
// ways: 503s in a row start no outage, and after an outage the first answer that comes back, a
// 503 again, ends it. (Were a 5xx taken for no answer, the first part would tell an outage, or
// else the last would leave the outage standing.)
void TestReachability::anHttpErrorIsAnAnswer()
{
    QJsonObject json = baseScenario();
    QJsonObject failing = workflowJson(u"failing.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    QJsonArray faults;
    for (int request = 1; request <= 20; ++request)
        faults.append(QJsonObject{{u"on_request"_s, request}, {u"status"_s, 503}});
    failing.insert(u"faults"_s, faults);
    json.insert(u"workflows"_s, QJsonArray{failing});
    Rig rig(json);
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    const qint64 id = rig.engine.track(ref(u"failing.example"_s));
    const auto failures = [&] {
        return rig.engine.workflow(id)->totalErrors;
    };
    rig.run(600s);
    // Several 503s, one after the other, and nothing else: no outage.
    QVERIFY2(failures() >= 3, qPrintable(u"%1 errors"_s.arg(failures())));
    QCOMPARE(rig.engine.workflow(id)->lastError->httpStatus, 503);
    QCOMPARE(spy.count(), 0);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());

    // Nothing answers: an outage.
    rig.fetcher.setDefaultConfig(rig.toNowhere);
    for (int step = 0; step < 40 && spy.count() == 0; ++step)
        rig.run(300s);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toBool(), false);

    // The API answers again, with a 503: an answer, which ends the outage.
    rig.fetcher.setDefaultConfig(rig.toSim);
    const int before = failures();
    for (int step = 0; step < 40 && failures() == before; ++step)
        rig.run(300s);
    QCOMPARE(rig.engine.workflow(id)->lastError->httpStatus, 503);
    QVERIFY(!rig.engine.workflow(id)->status.has_value()); // never a good answer
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(1).toBool(), true);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
}

void TestReachability::startAnOutage(Rig &rig, QSignalSpy &spy)
{
    rig.engine.track(ref(u"example.com"_s));
    rig.engine.track(ref(u"other.example"_s));
    rig.run(10s);
    rig.fetcher.setDefaultConfig(rig.toNowhere);
    rig.run(120s);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toBool(), false);
    QVERIFY(rig.engine.unreachableSince(testAccountId).isValid());
}

// An account that sends nothing more cannot be told back by an answer: its outage ends there.
void TestReachability::anOutageEndsWhenTheAccountIsTurnedOff()
{
    Rig rig;
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    startAnOutage(rig, spy);
    if (QTest::currentTestFailed())
        return;
    rig.engine.setAccountEnabled(testAccountId, false);
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toString(), testAccountId);
    QCOMPARE(spy.at(1).at(1).toBool(), true);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
    rig.run(300s); // nothing is sent, nothing more is told
    QCOMPARE(spy.count(), 2);
}

void TestReachability::anOutageEndsWhenItsLastWorkflowIsRemoved()
{
    Rig rig;
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    startAnOutage(rig, spy);
    if (QTest::currentTestFailed())
        return;
    rig.engine.remove(*rig.engine.find(ref(u"example.com"_s)));
    QTest::qWait(0);
    QCOMPARE(spy.count(), 1); // the other one still asks: still out
    QVERIFY(rig.engine.unreachableSince(testAccountId).isValid());
    rig.engine.remove(*rig.engine.find(ref(u"other.example"_s)));
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(1).toBool(), true);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
}

// Two accounts, one of them pointed nowhere: its next try is its own workflow's, later than the
// next check of the account that answers, which the engine-wide next check gives.
void TestReachability::eachAccountTriesAgainOnItsOwnTime()
{
    const QString other = u"0123456789abcdef0123456789abcdef"_s;
    QJsonObject json = scenario();
    json.insert(u"other_accounts"_s, QJsonArray{other});
    QJsonObject theirs = workflowJson(u"theirs.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    theirs.insert(u"account"_s, other);
    json.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}}), theirs});
    Rig rig(json);
    rig.fetcher.setAccountConfig(other, rig.toNowhere);
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    const qint64 mine = rig.engine.track(ref(u"example.com"_s));
    const qint64 out =
        rig.engine.track({{other, false}, u"theirs.example"_s, WorkflowKind::Update});
    QVERIFY(!rig.engine.nextCheck(u"no-such-account"_s).isValid());
    // Until the outage is told and its account's next try is further off than the other's
    // next check.
    for (int step = 0; step < 120; ++step) {
        rig.run(5s);
        QTRY_COMPARE(rig.engine.inFlight(), 0);
        if (rig.engine.unreachableSince(other).isValid() &&
            rig.engine.workflow(out)->nextPollAt > rig.engine.workflow(mine)->nextPollAt)
            break;
    }
    QCOMPARE(spy.count(), 1);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
    const QDateTime theirNext = rig.engine.workflow(out)->nextPollAt;
    const QDateTime myNext = rig.engine.workflow(mine)->nextPollAt;
    QVERIFY2(theirNext > myNext, qPrintable(u"%1 s after"_s.arg(myNext.secsTo(theirNext))));
    QCOMPARE(rig.engine.nextCheck(other), theirNext);
    QCOMPARE(rig.engine.nextCheck(testAccountId), myNext);
    QCOMPARE(rig.engine.nextCheck(), myNext);
}

QTEST_GUILESS_MAIN(TestReachability)
#include "tst_reachability.moc"
