// What /metrics says, end to end: an EngineHost (store, network, engine) asks the HTTP simulator
// over loopback on the simulator's virtual clock, and the collector renders what it sees. Lines
// are asserted exactly, as Prometheus would read them; the classic format goes through the real
// parser (`promtool check metrics`).

#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "net/Credentials.h"
#include "registrar/AccountLabels.h"
#include "serve/MetricsCollector.h"
#include "serve/MetricsWriter.h"
#include "store/WorkflowStore.h"
#include "support/SimulatorFixture.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

// Plainly not a real token; it must never appear in a scrape.
const QString token = u"fake-metrics-token-not-a-secret"_s;
const QByteArray account = testAccountId.toUtf8();

QByteArray ids(const QByteArray &labels)
{
    return "account=\"" + account + "\"," + labels;
}

qint64 unixSeconds(const QDateTime &time)
{
    return time.toSecsSinceEpoch();
}

// The engine on a host with a store, asking the simulator as the serve command's host does.
struct Watcher
{
    explicit Watcher(const QJsonObject &scenario, const QString &useToken = token)
        : sim(scenario)
    {
        EngineHost::Options options;
        options.storePath = dir.filePath(u"watch.sqlite"_s);
        auto opened = EngineHost::open(options, sim.clock());
        if (!opened)
            qFatal("store: %s", qPrintable(opened.error()));
        host = std::move(opened).value();
        host->engine()->setJitterSource([] { return 0.0; });
        ClientConfig config;
        config.base = ApiBase::fromUrl(sim.baseUrl()).value();
        config.credentials = Credentials::apiToken(useToken);
        host->setAccountConfig(testAccountId, config);
        host->engine()->setBudgetKey(testAccountId, config.credentials.budgetKey());
        collector = std::make_unique<MetricsCollector>(host.get());
    }
    [[nodiscard]] PollEngine &engine() const { return *host->engine(); }
    qint64 track(const QString &domain)
    {
        return engine().track({{testAccountId, false}, domain, WorkflowKind::Update});
    }
    // Moves the virtual clock alarm by alarm, each request answered over the wire before the
    // next, until `done` or `span` has passed.
    bool run(std::chrono::seconds span, const std::function<bool()> &done = {})
    {
        ManualClock &clock = sim.clock();
        const QDateTime until = clock.now().addSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor([this] { return engine().inFlight() == 0; }, 10000))
                return false;
            if (done && done())
                return true;
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
        return QTest::qWaitFor([this] { return engine().inFlight() == 0; }, 10000);
    }
    [[nodiscard]] QByteArray scrape(MetricsFormat format = MetricsFormat::Prometheus)
    {
        return collector->render(format, sim.clock().now());
    }
    [[nodiscard]] QByteArrayList lines(MetricsFormat format = MetricsFormat::Prometheus)
    {
        return scrape(format).split('\n');
    }

    QTemporaryDir dir;
    SimulatorFixture sim;
    std::unique_ptr<EngineHost> host;
    std::unique_ptr<MetricsCollector> collector;
};

QJsonObject scenarioWith(const QJsonArray &workflows)
{
    QJsonObject json = baseScenario();
    json.insert(u"tokens"_s, QJsonArray{token});
    json.insert(u"workflows"_s, workflows);
    return json;
}

// The value of the one sample whose line starts with `series` (name and labels), or nothing.
std::optional<qint64> valueOf(const QByteArrayList &lines, const QByteArray &series)
{
    std::optional<qint64> value;
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(series + ' '))) {
            if (value)
                return std::nullopt; // twice: a duplicate series
            value = line.mid(series.size() + 1).toLongLong();
        }
    }
    return value;
}

} // namespace

#define QVERIFY_LINE(lines, line)                                                                  \
    QVERIFY2((lines).contains(line), qPrintable(u"missing: "_s + QString::fromUtf8(line)))

class TestMetrics : public QObject
{
    Q_OBJECT
private slots:
    void escapesLabelValuesAndHelp();
    void theStateSeriesFollowsTheAnswers();
    void accountLabelsAreEscaped();
    void aRateLimitIsCountedAndHolds();
    void rejectedCredentialsAreCountedAndHold();
    void openMetricsDiffersFromTheClassicFormat();
    void promtoolReadsTheScrapeWithoutComplaint();
    void aDeadlineComesFromTheReport();
    void theStoreIsWritableAgainAfterAWriteWentThrough();
    void noAnswerIsCountedAsNone();
    void aWorkflowIsOneSeriesAlsoInTheSandbox();
};

void TestMetrics::escapesLabelValuesAndHelp()
{
    QByteArray labels;
    MetricsWriter::appendLabel(labels, "a", u"back\\slash \"quoted\"\nline"_s);
    MetricsWriter::appendLabel(labels, "b", u"plain"_s);
    QCOMPARE(labels, QByteArray(R"(a="back\\slash \"quoted\"\nline",b="plain")"));

    QByteArray classicBody;
    MetricsWriter classic(MetricsFormat::Prometheus, classicBody);
    classic.family("x", MetricsWriter::Type::Gauge, "a \\ b \"c\"\nd");
    classic.finish();
    QCOMPARE(classicBody, QByteArray("# HELP x a \\\\ b \"c\"\\nd\n# TYPE x gauge\n"));
    QByteArray openBody;
    MetricsWriter open(MetricsFormat::OpenMetrics, openBody);
    open.family("x", MetricsWriter::Type::Gauge, "a \\ b \"c\"\nd");
    open.finish();
    QCOMPARE(openBody, QByteArray("# HELP x a \\\\ b \\\"c\\\"\\nd\n# TYPE x gauge\n# EOF\n"));
}

void TestMetrics::theStateSeriesFollowsTheAnswers()
{
    Watcher watcher(scenarioWith({workflowJson(u"example.com"_s, u"update"_s,
                                               {{0, u"in_progress"_s}, {300, u"succeeded"_s}})}));
    QVERIFY2(watcher.sim.isListening(), qPrintable(watcher.sim.error()));
    const QDateTime start = watcher.sim.clock().now();
    const qint64 id = watcher.track(u"example.com"_s);
    const QByteArray workflow = R"(domain="example.com",kind="update")";
    const QByteArray label = R"(account_label=")" + account + R"(",)";

    QByteArrayList lines = watcher.lines();
    QVERIFY_LINE(lines, "registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="not_checked"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_workflows{account=")" + account +
                            R"(",state="not_checked"} 1)");
    QVERIFY(!valueOf(lines, "registrar_watch_workflow_last_success_timestamp_seconds{" +
                                ids(workflow) + "}"));

    QVERIFY(watcher.run(60s));
    lines = watcher.lines();
    QVERIFY_LINE(lines, "registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="in_progress"} 1)");
    QVERIFY(!lines.contains("registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="not_checked"} 1)"));
    QVERIFY_LINE(lines, "registrar_watch_workflow_watching{" + ids(workflow) + "} 1");
    QVERIFY_LINE(lines, "registrar_watch_workflow_needs_operator{" + ids(label + workflow) + "} 0");
    QVERIFY_LINE(lines, "registrar_watch_workflow_state_since_timestamp_seconds{" + ids(workflow) +
                            "} " + QByteArray::number(unixSeconds(start)));
    QCOMPARE(valueOf(lines, "registrar_watch_workflow_last_success_timestamp_seconds{" +
                                ids(workflow) + "}"),
             unixSeconds(watcher.engine().workflow(id)->lastCheckedAt));
    QVERIFY_LINE(lines, R"(registrar_watch_workflows{account=")" + account +
                            R"(",state="in_progress"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_requests_total{account=")" + account +
                            R"(",code="200"} )" +
                            QByteArray::number(watcher.engine().workflow(id)->polls));

    // The next answer after the change: one series, the new state, and watching ends. A scrape
    // still held (being sent) is not touched by the next one.
    const QByteArray held = watcher.scrape();
    const QByteArray heldCopy(held.constData(), held.size());
    QVERIFY(watcher.run(30min));
    lines = watcher.lines();
    QCOMPARE(held, heldCopy);
    QVERIFY_LINE(lines, "registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="succeeded"} 1)");
    QVERIFY(!lines.contains("registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="in_progress"} 1)"));
    QVERIFY_LINE(lines, "registrar_watch_workflow_watching{" + ids(workflow) + "} 0");
    QVERIFY_LINE(lines, "registrar_watch_workflow_state_since_timestamp_seconds{" + ids(workflow) +
                            "} " + QByteArray::number(unixSeconds(start) + 300));
    QVERIFY_LINE(lines,
                 R"(registrar_watch_workflows{account=")" + account + R"(",state="succeeded"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_workflows{account=")" + account +
                            R"(",state="in_progress"} 0)");
    QVERIFY_LINE(lines, "registrar_watch_store_writable 1");
    // Nothing of the token, in either format; the credential is its budget key.
    const QByteArray key = Credentials::apiToken(token).budgetKey().toUtf8();
    QCOMPARE(key.size(), 16);
    QVERIFY_LINE(lines, "registrar_watch_account_info{" + ids(label) + R"(credential=")" + key +
                            R"("} 1)");
    for (const auto format : {MetricsFormat::Prometheus, MetricsFormat::OpenMetrics})
        QVERIFY(!watcher.scrape(format).contains(token.toUtf8()));
}

void TestMetrics::accountLabelsAreEscaped()
{
    Watcher watcher(
        scenarioWith({workflowJson(u"example.com"_s, u"update"_s, {{0, u"action_required"_s}})}));
    watcher.track(u"example.com"_s);
    QVERIFY(watcher.run(60s));
    // Without a label the account is named by its id; a new label shows at the next scrape.
    QVERIFY(watcher.scrape().contains(
        QByteArray("account_label=\"" + account + "\",domain=\"example.com\"")));
    AccountLabels labels;
    labels.set(testAccountId, u"Ops \"blue\" C:\\team\nnights"_s);
    watcher.collector->setAccountLabels(labels);
    const QByteArrayList lines = watcher.lines();
    const QByteArray label = R"(account_label="Ops \"blue\" C:\\team\nnights",)";
    const QByteArray workflow = R"(domain="example.com",kind="update")";
    QVERIFY_LINE(lines, "registrar_watch_workflow_state{" + ids(label + workflow) +
                            R"(,state="action_required"} 1)");
    QVERIFY_LINE(lines, "registrar_watch_workflow_needs_operator{" + ids(label + workflow) + "} 1");
    QVERIFY_LINE(lines, "registrar_watch_workflow_watching{" + ids(workflow) + "} 0");
}

void TestMetrics::aRateLimitIsCountedAndHolds()
{
    QJsonObject limited = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
    limited.insert(u"faults"_s,
                   QJsonArray{QJsonObject{
                       {u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 120}}});
    Watcher watcher(scenarioWith({limited}));
    QSignalSpy held(&watcher.engine(), &PollEngine::accountHeld);
    watcher.track(u"example.com"_s);
    QVERIFY(watcher.run(10min, [&] { return !held.isEmpty(); }));
    QCOMPARE(held.size(), 1);

    const QByteArrayList lines = watcher.lines();
    QVERIFY_LINE(lines,
                 R"(registrar_watch_requests_total{account=")" + account + R"(",code="200"} 1)");
    QVERIFY_LINE(lines,
                 R"(registrar_watch_requests_total{account=")" + account + R"(",code="429"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_check_failures_total{account=")" + account +
                            R"(",kind="rate_limited"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_check_failures_total{account=")" + account +
                            R"(",kind="unauthorized"} 0)");
    QVERIFY_LINE(lines, "registrar_watch_account_held{" +
                            ids("account_label=\"" + account + R"(",reason="rate_limited"} 1)"));
    const QDateTime until = watcher.engine().accountStatus(testAccountId).heldUntil;
    QVERIFY(until > watcher.sim.clock().now());
    QVERIFY_LINE(lines, R"(registrar_watch_account_held_until_timestamp_seconds{account=")" +
                            account + R"("} )" + QByteArray::number(unixSeconds(until)));
    // The last good answer stays known while the latest check failed.
    QVERIFY(valueOf(lines, R"(registrar_watch_workflow_last_success_timestamp_seconds{account=")" +
                               account + R"(",domain="example.com",kind="update"})"));

    // Once the hold is over and checks go on, no series of it is left.
    QVERIFY(watcher.run(5min));
    const QByteArray after = watcher.scrape();
    QVERIFY(!after.contains("registrar_watch_account_held{"));
    QVERIFY(!after.contains("registrar_watch_account_held_until_timestamp_seconds{"));
}

void TestMetrics::rejectedCredentialsAreCountedAndHold()
{
    const QString wrong = u"fake-wrong-token-not-a-secret"_s;
    Watcher watcher(
        scenarioWith({workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}})}),
        wrong);
    QSignalSpy held(&watcher.engine(), &PollEngine::accountHeld);
    watcher.track(u"example.com"_s);
    QVERIFY(watcher.run(10min, [&] { return !held.isEmpty(); }));

    const QByteArrayList lines = watcher.lines();
    QVERIFY_LINE(lines,
                 R"(registrar_watch_requests_total{account=")" + account + R"(",code="401"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_check_failures_total{account=")" + account +
                            R"(",kind="unauthorized"} 1)");
    QVERIFY_LINE(lines,
                 "registrar_watch_account_held{" +
                     ids("account_label=\"" + account + R"(",reason="credentials_rejected"} 1)"));
    // It waits for new credentials, not for a time.
    QVERIFY(!watcher.scrape().contains("registrar_watch_account_held_until_timestamp_seconds{"));
    QVERIFY_LINE(lines, R"(registrar_watch_workflow_state{account=")" + account +
                            R"(",account_label=")" + account +
                            R"(",domain="example.com",kind="update",state="not_checked"} 1)");
    for (const auto format : {MetricsFormat::Prometheus, MetricsFormat::OpenMetrics})
        QVERIFY(!watcher.scrape(format).contains(wrong.toUtf8()));
}

void TestMetrics::openMetricsDiffersFromTheClassicFormat()
{
    QCOMPARE(metricsFormatFor("application/openmetrics-text; version=1.0.0,text/plain;q=0.5"),
             MetricsFormat::OpenMetrics);
    QCOMPARE(metricsFormatFor("text/plain;version=0.0.4;q=1,*/*;q=0.1"), MetricsFormat::Prometheus);
    QCOMPARE(metricsFormatFor({}), MetricsFormat::Prometheus);

    Watcher watcher(
        scenarioWith({workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}})}));
    watcher.track(u"example.com"_s);
    QVERIFY(watcher.run(60s));
    const QByteArray classic = watcher.scrape(MetricsFormat::Prometheus);
    const QByteArray open = watcher.scrape(MetricsFormat::OpenMetrics);
    const QByteArrayList classicLines = classic.split('\n');
    const QByteArrayList openLines = open.split('\n');

    // Counters: the classic format names the family as its samples, OpenMetrics without _total.
    QVERIFY_LINE(classicLines, "# TYPE registrar_watch_requests_total counter");
    QVERIFY_LINE(openLines, "# TYPE registrar_watch_requests counter");
    QVERIFY(!open.contains("# TYPE registrar_watch_requests_total"));
    const qint64 polls = watcher.engine().workflow(watcher.engine().workflowIds().first())->polls;
    const QByteArray sample = R"(registrar_watch_requests_total{account=")" + account +
                              R"(",code="200"} )" + QByteArray::number(polls);
    QVERIFY_LINE(classicLines, sample);
    QVERIFY_LINE(openLines, sample);
    // Infos: a gauge in the classic format.
    QVERIFY_LINE(classicLines, "# TYPE registrar_watch_build_info gauge");
    QVERIFY_LINE(openLines, "# TYPE registrar_watch_build info");
    QVERIFY(
        classic.contains("\nregistrar_watch_build_info{version=\"" RW_VERSION "\",qt_version=\""));
    // Units, and the end.
    QVERIFY_LINE(openLines,
                 "# UNIT registrar_watch_workflow_state_since_timestamp_seconds seconds");
    QVERIFY(!classic.contains("# UNIT"));
    QVERIFY(open.endsWith("\n# EOF\n"));
    QVERIFY(!classic.contains("# EOF"));
    QVERIFY(classic.endsWith('\n'));

    // Each family declared once, in both.
    for (const QByteArrayList &lines : {classicLines, openLines}) {
        QSet<QByteArray> families;
        for (const QByteArray &line : lines) {
            if (line.startsWith("# TYPE ")) {
                const QByteArray name = line.split(' ').at(2);
                QVERIFY2(!families.contains(name), name.constData());
                families.insert(name);
            }
        }
        QCOMPARE(families.size(), 20); // every family of docs/METRICS.md
    }
    QCOMPARE(metricsContentType(MetricsFormat::OpenMetrics),
             "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

void TestMetrics::promtoolReadsTheScrapeWithoutComplaint()
{
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        QSKIP("promtool is not installed (Debian package prometheus; scripts/install-deps.sh)");
    QJsonObject limited = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
    limited.insert(u"faults"_s,
                   QJsonArray{QJsonObject{
                       {u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 60}}});
    Watcher watcher(scenarioWith(
        {limited, workflowJson(u"xn--bcher-kva.example"_s, u"update"_s, {{0, u"blocked"_s}})}));
    AccountLabels labels;
    labels.set(testAccountId, u"Ops \"blue\" C:\\team\nnights"_s);
    watcher.collector->setAccountLabels(labels);
    QSignalSpy held(&watcher.engine(), &PollEngine::accountHeld);
    watcher.track(u"example.com"_s);
    watcher.track(u"xn--bcher-kva.example"_s);
    QVERIFY(watcher.run(10min, [&] { return !held.isEmpty(); }));

    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(promtool, {u"check"_s, u"metrics"_s});
    QVERIFY(check.waitForStarted());
    const QByteArray scrape = watcher.scrape();
    QVERIFY(scrape.contains("code=\"429\""));
    check.write(scrape);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(60000));
    const QByteArray said = check.readAll();
    QVERIFY2(said.trimmed().isEmpty(), said.constData());
    QCOMPARE(check.exitCode(), 0);
}

void TestMetrics::aDeadlineComesFromTheReport()
{
    // A change of registrant waits for the registrant; Cloudflare cancels it after 7 days.
    QJsonObject json = scenarioWith({scenarioWorkflow(
        u"example.com"_s,
        {contextStep(
            0, u"action_required"_s,
            {{u"action"_s, u"Confirm the change of registrant from the email sent"_s}})})});
    Watcher waiting(json);
    const QDateTime start = waiting.sim.clock().now();
    waiting.track(u"example.com"_s);
    QVERIFY(waiting.run(60s));
    QVERIFY_LINE(waiting.lines(),
                 R"(registrar_watch_workflow_deadline_timestamp_seconds{account=")" + account +
                     R"(",domain="example.com",kind="update"} )" +
                     QByteArray::number(unixSeconds(start.addDays(7))));
}

void TestMetrics::theStoreIsWritableAgainAfterAWriteWentThrough()
{
    Watcher watcher(
        scenarioWith({workflowJson(u"a.example"_s, u"update"_s, {{0, u"in_progress"_s}}),
                      workflowJson(u"b.example"_s, u"update"_s, {{0, u"in_progress"_s}})}));
    QSignalSpy failed(&watcher.engine(), &PollEngine::storageError);
    QSignalSpy recovered(&watcher.engine(), &PollEngine::storageRecovered);
    watcher.track(u"a.example"_s);
    // Someone else writes b.example into the store first: the engine's insert of it fails.
    const qint64 b = watcher.track(u"b.example"_s);
    const TrackedWorkflow twin = *watcher.engine().workflow(b);
    watcher.engine().remove(b);
    QVERIFY(watcher.host->store()->insert(twin).hasValue());
    watcher.track(u"b.example"_s);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!watcher.collector->storeWritable());
    QVERIFY_LINE(watcher.lines(), "registrar_watch_store_writable 0");

    // The next answer about a.example is written: the store takes writes again.
    QVERIFY(watcher.run(60s));
    QCOMPARE(recovered.size(), 1);
    QVERIFY(watcher.collector->storeWritable());
    QVERIFY_LINE(watcher.lines(), "registrar_watch_store_writable 1");
}

void TestMetrics::noAnswerIsCountedAsNone()
{
    Watcher watcher(
        scenarioWith({workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}})}));
    // A port nobody listens on: the connection is refused, no HTTP answer comes.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    ClientConfig config;
    config.base = ApiBase::fromUrl(QUrl(u"http://127.0.0.1:%1/client/v4"_s.arg(port))).value();
    config.credentials = Credentials::apiToken(token);
    watcher.host->setAccountConfig(testAccountId, config);
    QSignalSpy failed(&watcher.engine(), &PollEngine::pollFailed);
    watcher.track(u"example.com"_s);
    QVERIFY(watcher.run(10min, [&] { return !failed.isEmpty(); }));
    const QByteArrayList lines = watcher.lines();
    QVERIFY_LINE(lines,
                 R"(registrar_watch_requests_total{account=")" + account + R"(",code="none"} 1)");
    QVERIFY_LINE(lines, R"(registrar_watch_check_failures_total{account=")" + account +
                            R"(",kind="network"} 1)");
}

void TestMetrics::aWorkflowIsOneSeriesAlsoInTheSandbox()
{
    Watcher watcher(scenarioWith({}));
    watcher.track(u"example.com"_s);
    watcher.engine().track({{testAccountId, true}, u"example.com"_s, WorkflowKind::Update});
    watcher.track(u"example.org"_s);
    QCOMPARE(watcher.engine().workflowIds().size(), 3);
    const QByteArray scrape = watcher.scrape();
    QCOMPARE(scrape.count("registrar_watch_workflow_state{"), 2);
    QCOMPARE(scrape.count("registrar_watch_workflow_watching{"), 2);
    QCOMPARE(scrape.count(R"(domain="example.com")"), 4); // state, since, watching, operator
    QVERIFY_LINE(scrape.split('\n'), R"(registrar_watch_workflows{account=")" + account +
                                         R"(",state="not_checked"} 2)");
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
