// The team watcher's whole alerting path with the real servers, on loopback: registrar-sim plays
// a workflow that fails a few seconds in, `registrar-watch-serve` watches it, Debian's
// `prometheus` scrapes the watcher and evaluates the shipped rules, and Debian's
// `prometheus-alertmanager` delivers the alert to a webhook this test runs. Skipped, saying so,
// only where prometheus or prometheus-alertmanager are not installed.

#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace rw::test;

namespace {

const QString failingDomain = u"fails.example"_s;
const QString succeedingDomain = u"works.example"_s;
const QString accountLabel = u"team"_s;
const QString tokenVariable = u"RW_TEAM_TEST_TOKEN"_s;

// A port nobody listens on right now, for the servers that cannot be told to take port 0 and
// say which they got. Another process could take it in between; on a loopback test machine
// that is rare enough, and start() then fails loudly rather than testing the wrong thing.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(text.toUtf8()) == text.toUtf8().size();
}

// One server process of the test: stopped with SIGTERM (then killed) when the test ends, whatever
// happened, and its output kept for the failure message.
class Daemon
{
public:
    explicit Daemon(QString name)
        : m_name(std::move(name))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
    }
    Q_DISABLE_COPY_MOVE(Daemon)
    ~Daemon()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished();
    }

    [[nodiscard]] QProcess &process() { return m_process; }

    // Everything it said so far, its last lines first thing in a failure message.
    [[nodiscard]] QString output()
    {
        m_output += QString::fromUtf8(m_process.readAll());
        return m_output;
    }
    [[nodiscard]] QString tail()
    {
        const QString all = output();
        return u"--- %1 (%2) ---\n%3\n"_s.arg(m_name,
                                              m_process.state() == QProcess::NotRunning
                                                  ? u"exited %1"_s.arg(m_process.exitCode())
                                                  : u"running"_s,
                                              all.right(3000));
    }

private:
    QString m_name;
    QProcess m_process;
    QString m_output;
};

} // namespace

class TstTeamAlerting final : public QObject
{
    Q_OBJECT

private slots:
    void aFailedWorkflowReachesTheWebhookThroughPrometheusAndAlertmanager();
};

void TstTeamAlerting::aFailedWorkflowReachesTheWebhookThroughPrometheusAndAlertmanager()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    const QString alertmanager = QStandardPaths::findExecutable(u"prometheus-alertmanager"_s);
    if (prometheus.isEmpty() || alertmanager.isEmpty())
        QSKIP("prometheus or prometheus-alertmanager is not installed: install the Debian "
              "packages prometheus and prometheus-alertmanager (scripts/install-deps.sh does)");
    // The build's binary, or another one (a branch's build) named in the environment.
    const QString serve = qEnvironmentVariable("RW_SERVE_BINARY", QStringLiteral(RW_SERVE_BINARY));
    QVERIFY2(QFile::exists(serve), qPrintable(u"no registrar-watch-serve at %1"_s.arg(serve)));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // The webhook receiver: Alertmanager's POSTs, one JSON payload each.
    QList<QJsonObject> payloads;
    QHttpServer webhook;
    webhook.route(u"/alerts"_s, [&payloads](const QHttpServerRequest &request) {
        payloads.append(QJsonDocument::fromJson(request.body()).object());
        return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
    });
    const quint16 webhookPort = webhook.listen(QHostAddress::LocalHost, 0);
    QVERIFY(webhookPort != 0);

    // The registrar: one update fails 4 s in (final: the alert fires at once), another succeeds
    // (no alert). Both are in progress first, so the watcher sees the change happen.
    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"workflows"_s,
        QJsonArray{
            scenarioWorkflow(
                failingDomain,
                QJsonArray{stepJson(0, u"in_progress"_s),
                           stepJson(4, u"failed"_s,
                                    {{u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                                              {u"message"_s,
                                                               u"The registry refused it"_s}}}})}),
            scenarioWorkflow(succeedingDomain, QJsonArray{stepJson(0, u"in_progress"_s),
                                                          stepJson(4, u"succeeded"_s)})});
    SimulatorProcess simulator;
    const auto simError = simulator.start(QStringLiteral(RW_SIM_BINARY), scenario, dir.path());
    QVERIFY2(!simError, qPrintable(simError.value_or(QString())));

    // The watcher (contract: docs/examples/serve.ini), on a port of its own choosing.
    QVERIFY(writeFile(dir.filePath(u"domains.txt"_s),
                      u"# the workflows of the test\n%1/%2\n%1/%3:update\n"_s.arg(
                          accountLabel, failingDomain, succeedingDomain)));
    QVERIFY(writeFile(dir.filePath(u"serve.ini"_s),
                      u"[serve]\n"
                      u"listen = 127.0.0.1:0\n"
                      u"store = %1\n"
                      u"domains_file = %2\n"
                      u"api_base = %3\n"
                      u"[%4]\n"
                      u"account_id = %5\n"
                      u"watch_whole_account = false\n"
                      u"token_env = %6\n"_s.arg(dir.filePath(u"watch.sqlite"_s),
                                                dir.filePath(u"domains.txt"_s),
                                                simulator.base().toString(), accountLabel,
                                                testAccountId, tokenVariable)));
    Daemon watcher(u"registrar-watch-serve"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(tokenVariable, testToken);
    environment.remove(u"JOURNAL_STREAM"_s); // plain lines, whoever runs the test
    environment.remove(u"CLOUDFLARE_API_TOKEN"_s);
    watcher.process().setProcessEnvironment(environment);
    watcher.process().start(serve, {u"--config"_s, dir.filePath(u"serve.ini"_s)});
    QVERIFY2(watcher.process().waitForStarted(), qPrintable(watcher.process().errorString()));
    const auto listeningOn = [&watcher]() -> QString {
        static const QRegularExpression listening(u"listening on http://(127\\.0\\.0\\.1:\\d+)"_s);
        return listening.match(watcher.output()).captured(1);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(!listeningOn().isEmpty(), qPrintable(watcher.tail()), 15000);
    const QString watcherAddress = listeningOn();
    QVERIFY2(!watcherAddress.endsWith(u":0"_s), qPrintable(watcher.tail()));

    // Alertmanager: everything to the webhook, at once.
    const quint16 alertmanagerPort = freePort();
    QVERIFY(alertmanagerPort != 0);
    QVERIFY(writeFile(dir.filePath(u"alertmanager.yml"_s),
                      u"route:\n"
                      u"  receiver: webhook\n"
                      u"  group_by: [alertname, account]\n"
                      u"  group_wait: 1s\n"
                      u"  group_interval: 1s\n"
                      u"  repeat_interval: 1h\n"
                      u"receivers:\n"
                      u"  - name: webhook\n"
                      u"    webhook_configs:\n"
                      u"      - url: http://127.0.0.1:%1/alerts\n"
                      u"        send_resolved: false\n"_s.arg(webhookPort)));
    Daemon alertmanagerProcess(u"prometheus-alertmanager"_s);
    alertmanagerProcess.process().start(
        alertmanager, {u"--config.file=%1"_s.arg(dir.filePath(u"alertmanager.yml"_s)),
                       u"--storage.path=%1"_s.arg(dir.filePath(u"alertmanager"_s)),
                       u"--web.listen-address=127.0.0.1:%1"_s.arg(alertmanagerPort),
                       u"--cluster.listen-address="_s});
    QVERIFY2(alertmanagerProcess.process().waitForStarted(),
             qPrintable(alertmanagerProcess.process().errorString()));

    // Prometheus: scrapes the watcher every second, evaluates the shipped rules every second.
    const quint16 prometheusPort = freePort();
    QVERIFY(prometheusPort != 0);
    QVERIFY(writeFile(dir.filePath(u"prometheus.yml"_s),
                      u"global:\n"
                      u"  scrape_interval: 1s\n"
                      u"  evaluation_interval: 1s\n"
                      u"rule_files:\n"
                      u"  - %1\n"
                      u"alerting:\n"
                      u"  alertmanagers:\n"
                      u"    - static_configs:\n"
                      u"        - targets: ['127.0.0.1:%2']\n"
                      u"scrape_configs:\n"
                      u"  - job_name: registrar-watch\n"
                      u"    static_configs:\n"
                      u"      - targets: ['%3']\n"_s.arg(QStringLiteral(RW_RULES_FILE))
                          .arg(alertmanagerPort)
                          .arg(watcherAddress)));
    Daemon prometheusProcess(u"prometheus"_s);
    prometheusProcess.process().start(prometheus,
                                      {u"--config.file=%1"_s.arg(dir.filePath(u"prometheus.yml"_s)),
                                       u"--storage.tsdb.path=%1"_s.arg(dir.filePath(u"tsdb"_s)),
                                       u"--web.listen-address=127.0.0.1:%1"_s.arg(prometheusPort)});
    QVERIFY2(prometheusProcess.process().waitForStarted(),
             qPrintable(prometheusProcess.process().errorString()));

    // The failed workflow's alert, as Alertmanager delivers it. The workflow fails at 4 s and is
    // seen within seconds more; a scrape, an evaluation and group_wait add a few: a minute is
    // far more than it needs.
    const auto failedAlert = [&payloads]() -> QJsonObject {
        for (const QJsonObject &payload : payloads) {
            for (const QJsonValue &alert : payload.value(u"alerts").toArray()) {
                if (alert[u"labels"][u"alertname"].toString() == u"RegistrarWorkflowFailed")
                    return alert.toObject();
            }
        }
        return {};
    };
    const auto diagnostics = [&]() -> QString {
        QStringList received;
        for (const QJsonObject &payload : payloads)
            received.append(QString::fromUtf8(QJsonDocument(payload).toJson()));
        return u"webhook received %1 payload(s):\n%2\n"_s.arg(payloads.size())
                   .arg(received.join(u'\n')) +
               watcher.tail() + prometheusProcess.tail() + alertmanagerProcess.tail();
    };
    // QTRY_ would go on waiting twice as long again after a failure, to say when it would have
    // passed: minutes with these servers, past ctest's timeout and without the diagnostics.
    const QDeadlineTimer deadline(60000);
    while (failedAlert().isEmpty() && !deadline.hasExpired())
        QTest::qWait(100);
    QVERIFY2(!failedAlert().isEmpty(), qPrintable(diagnostics()));

    const QJsonObject alert = failedAlert();
    const QJsonObject labels = alert.value(u"labels").toObject();
    QCOMPARE(alert.value(u"status").toString(), u"firing"_s);
    QCOMPARE(labels.value(u"domain").toString(), failingDomain);
    QCOMPARE(labels.value(u"account").toString(), testAccountId);
    QCOMPARE(labels.value(u"account_label").toString(), accountLabel);
    QCOMPARE(labels.value(u"kind").toString(), u"update"_s);
    QCOMPARE(labels.value(u"state").toString(), u"failed"_s);
    QCOMPARE(labels.value(u"severity").toString(), u"page"_s);
    QCOMPARE(labels.value(u"job").toString(), u"registrar-watch"_s);
    const QJsonObject annotations = alert.value(u"annotations").toObject();
    QCOMPARE(annotations.value(u"summary").toString(),
             u"%1: the update workflow failed (account %2)"_s.arg(failingDomain, accountLabel));
    const QString dashboard =
        u"https://dash.cloudflare.com/%1/%2"_s.arg(testAccountId, failingDomain);
    QCOMPARE(annotations.value(u"dashboard").toString(), dashboard);
    const QString description = annotations.value(u"description").toString();
    QVERIFY2(description.contains(failingDomain) && description.contains(accountLabel) &&
                 description.contains(dashboard),
             qPrintable(description));

    // The workflow that succeeded raised nothing: every alert delivered is about the failed one.
    for (const QJsonObject &payload : payloads) {
        for (const QJsonValue &delivered : payload.value(u"alerts").toArray())
            QVERIFY2(delivered[u"labels"][u"domain"].toString() != succeedingDomain,
                     qPrintable(QString::fromUtf8(QJsonDocument(payload).toJson())));
    }
}

QTEST_GUILESS_MAIN(TstTeamAlerting)
#include "tst_teamalerting.moc"
