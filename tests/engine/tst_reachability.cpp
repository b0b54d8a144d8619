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
    Rig()
        : sim(scenario())
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

void TestReachability::anHttpErrorIsAnAnswer()
{
    Rig rig;
    QSignalSpy spy(&rig.engine, &PollEngine::reachabilityChanged);
    rig.engine.track(ref(u"example.com"_s));
    rig.engine.track(ref(u"missing.example"_s)); // a 404 each time: the API answers
    rig.run(300s);
    QVERIFY(rig.engine.workflow(*rig.engine.find(ref(u"missing.example"_s)))->totalErrors >= 2);
    QCOMPARE(spy.count(), 0);
    QVERIFY(!rig.engine.unreachableSince(testAccountId).isValid());
}

QTEST_GUILESS_MAIN(TestReachability)
#include "tst_reachability.moc"
