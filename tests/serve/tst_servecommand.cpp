// registrar-watch-serve end to end: the real binary against the real registrar-sim, over
// loopback HTTP on ports the system chooses. It says where it listens, answers /healthz,
// /readyz and /metrics, watches the domains file and what it finds in a whole account, reads
// its configuration again on SIGHUP (keeping the old one when the new one is broken), stops
// cleanly on SIGTERM with everything in its store, and refuses a configuration with a secret
// in it or a listen address open to the network. The token never shows.

#include "store/WorkflowStore.h"
#include "support/DueChecks.h"
#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace rw::test;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

QJsonObject registration(const QString &domain)
{
    return QJsonObject{{u"domain"_s, domain},
                       {u"status"_s, u"active"_s},
                       {u"auto_renew"_s, true},
                       {u"expires_in_days"_s, 300}};
}

void write(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

// One registrar-watch-serve process, its stderr kept whole.
class Serve
{
public:
    Serve() = default;
    Q_DISABLE_COPY_MOVE(Serve)
    ~Serve()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    void start(const QStringList &arguments, const QProcessEnvironment &environment)
    {
        m_process.setProgram(QStringLiteral(RW_SERVE_BINARY));
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(environment);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_err += QString::fromUtf8(m_process.readAllStandardError()); });
        m_process.start();
    }
    // The port it says it listens on; 0 when it never says.
    quint16 waitForPort()
    {
        static const QRegularExpression listening(uR"(listening on http://127\.0\.0\.1:(\d+))"_s);
        QRegularExpressionMatch match;
        const auto said = [&] {
            match = listening.match(m_err);
            return match.hasMatch() || m_process.state() == QProcess::NotRunning;
        };
        [[maybe_unused]] const bool done = QTest::qWaitFor(said, 20000);
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }
    void signal(int number) { ::kill(pid_t(m_process.processId()), number); }
    [[nodiscard]] bool finish(int timeoutMs = 20000)
    {
        return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
    }
    [[nodiscard]] QProcess &process() { return m_process; }
    [[nodiscard]] const QString &err() const { return m_err; }
    [[nodiscard]] QString allErr()
    {
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return m_err;
    }

private:
    QProcess m_process;
    QString m_err;
};

} // namespace

class TestServeCommand final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void watchesServesAndReloads();
    void aRejectedTokenFromACredentialFileIsNotReady();
    void refusesAConfigurationItMustNot_data();
    void refusesAConfigurationItMustNot();
    void checksAConfigurationWithoutRunning();
    void theMainBinaryHandsServeOver();
    void linksNoWidgetsAndNoGui();

private:
    [[nodiscard]] Answer get(quint16 port, const QString &path, const QByteArray &accept = {},
                             const QByteArray &method = "GET");
    [[nodiscard]] QProcessEnvironment environment() const;
    [[nodiscard]] QString config(const QString &account, const QString &extra = {}) const;

    QTemporaryDir m_dir;
    SimulatorProcess m_sim;
    QNetworkAccessManager m_network;
};

void TestServeCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"listed.example"_s, u"update"_s,
                                {{-60, u"in_progress"_s}, {3600, u"succeeded"_s}}),
                   workflowJson(u"found.example"_s, u"update"_s, {{-600, u"action_required"_s}}),
                   workflowJson(u"added.example"_s, u"update"_s, {{-60, u"in_progress"_s}})});
    scenario.insert(u"registrations"_s,
                    QJsonArray{registration(u"listed.example"_s), registration(u"found.example"_s),
                               registration(u"added.example"_s)});
    const auto error = m_sim.start(QStringLiteral(RW_SIM_BINARY), scenario, m_dir.path());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
}

QProcessEnvironment TestServeCommand::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name :
         {u"CLOUDFLARE_API_TOKEN"_s, u"CLOUDFLARE_EMAIL"_s, u"CLOUDFLARE_API_KEY"_s,
          u"CLOUDFLARE_ACCOUNT_ID"_s, u"CLOUDFLARE_BASE_URL"_s, u"CREDENTIALS_DIRECTORY"_s,
          u"STATE_DIRECTORY"_s, u"JOURNAL_STREAM"_s, u"QT_LOGGING_RULES"_s})
        environment.remove(name);
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
    return environment;
}

QString TestServeCommand::config(const QString &account, const QString &extra) const
{
    return u"[serve]\nlisten = 127.0.0.1:0\napi_base = %1\n%2\n[ops]\naccount_id = %3\n"
           u"list_every = 1m\n"_s.arg(m_sim.base().toString(), extra, account);
}

Answer TestServeCommand::get(quint16 port, const QString &path, const QByteArray &accept,
                             const QByteArray &method)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)));
    if (!accept.isEmpty())
        request.setRawHeader("Accept", accept);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->readAll(),
                  reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    reply->deleteLater();
    return answer;
}

void TestServeCommand::watchesServesAndReloads()
{
    QTemporaryDir dir;
    const QString domains = dir.filePath(u"domains.txt"_s);
    const QString store = dir.filePath(u"watch.sqlite"_s);
    write(domains, u"# the team's\nops/listed.example\n"_s);
    const QString extra = u"store = %1\ndomains_file = %2\n"_s.arg(store, domains);
    const QString path = dir.filePath(u"serve.ini"_s);
    write(path, config(testAccountId, extra) + u"watch_whole_account = true\n"_s);
    QProcessEnvironment environment = this->environment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);

    Serve serve;
    serve.start({u"--config"_s, path}, environment);
    const quint16 port = serve.waitForPort();
    QVERIFY2(port != 0, qPrintable(serve.err()));

    const Answer health = get(port, u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(get(port, u"/readyz"_s).status, 200, 20000);
    QCOMPARE(get(port, u"/readyz"_s).body, "ready\n"_ba);
    QCOMPARE(get(port, u"/elsewhere"_s).status, 404);
    QCOMPARE(get(port, u"/metrics"_s, {}, "POST").status, 405);
    {
        // Nobody pours data into a scrape target: a big request is cut off unanswered.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        QByteArray answered;
        connect(&socket, &QTcpSocket::readyRead, &socket,
                [&socket, &answered] { answered += socket.readAll(); });
        socket.write(
            "POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n");
        socket.write(QByteArray(1000000, 'x'));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 10000);
        QVERIFY2(answered.isEmpty(), answered.constData());
    }
    QCOMPARE(get(port, u"/healthz"_s).status, 200);

    const Answer metrics = get(port, u"/metrics"_s);
    QCOMPARE(metrics.status, 200);
    QVERIFY2(metrics.contentType.startsWith("text/plain; version=0.0.4"),
             metrics.contentType.constData());
    const Answer open = get(port, u"/metrics"_s, "application/openmetrics-text; version=1.0.0");
    QCOMPARE(open.status, 200);
    QVERIFY2(open.contentType.startsWith("application/openmetrics-text"),
             open.contentType.constData());
    // The series themselves are the metrics collector's (tst_metrics); here, that serve feeds
    // it what it watches: the domains file's workflow and the one found in the account.
    QTRY_VERIFY_WITH_TIMEOUT(get(port, u"/metrics"_s).body.contains("domain=\"found.example\""),
                             30000);
    const QByteArray body = get(port, u"/metrics"_s).body;
    QVERIFY2(body.contains("domain=\"listed.example\""), body.constData());
    QVERIFY(!body.contains(testToken.toUtf8()));
    QVERIFY(!get(port, u"/metrics"_s, "application/openmetrics-text")
                 .body.contains(testToken.toUtf8()));
    // SIGHUP with a new domain watches it.
    write(domains, u"ops/listed.example\nadded.example\n"_s);
    serve.signal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(
        serve.allErr().contains(u"configuration reloaded: domain added.example:update added"_s),
        10000);

    // SIGHUP with a broken file keeps what runs, and says why.
    write(path, config(testAccountId, extra) + u"token = %1\n"_s.arg(testToken));
    serve.signal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(serve.allErr().contains(u"going on with the one read before"_s),
                             10000);
    QVERIFY2(serve.err().contains(u"[ops] token: a secret does not belong"_s),
             qPrintable(serve.err()));
    QCOMPARE(serve.process().state(), QProcess::Running);
    QCOMPARE(get(port, u"/healthz"_s).status, 200);

    // Discovery finds the workflow in flight in the account and the engine asks about it;
    // then stop: everything is in the store.
    const auto foundChecked = [&store] {
        auto opened = rw::WorkflowStore::open(store);
        if (!opened)
            return false;
        auto all = opened.value()->loadAll();
        return all && std::any_of(all->cbegin(), all->cend(), [](const auto &workflow) {
                   return workflow.ref.domain == u"found.example"_s && workflow.status;
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(foundChecked(), 30000);
    serve.signal(SIGTERM);
    QVERIFY(serve.finish());
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);
    QVERIFY2(serve.allErr().contains(u"store %1 closed"_s.arg(store)), qPrintable(serve.err()));
    QVERIFY2(!serve.err().contains(testToken), qPrintable(serve.err()));

    auto opened = rw::WorkflowStore::open(store);
    QVERIFY2(opened.hasValue(), qPrintable(opened ? QString() : opened.error()));
    auto all = opened.value()->loadAll();
    QVERIFY(all.hasValue());
    QStringList domainsKept;
    for (const rw::TrackedWorkflow &workflow : all.value())
        domainsKept.append(workflow.ref.domain);
    domainsKept.sort();
    QCOMPARE(domainsKept,
             (QStringList{u"added.example"_s, u"found.example"_s, u"listed.example"_s}));
    opened.value().reset();

    // Started again once their checks came due, it asks them with the account's credentials:
    // it sent them before setting those, and held the account as rejected (not ready).
    QCOMPARE(makeEveryCheckDue(store), 3);
    write(path, config(testAccountId, extra) + u"watch_whole_account = true\n"_s);
    Serve again;
    again.start({u"--config"_s, path}, environment);
    const quint16 portAgain = again.waitForPort();
    QVERIFY2(portAgain != 0, qPrintable(again.err()));
    QTRY_COMPARE_WITH_TIMEOUT(get(portAgain, u"/readyz"_s).status, 200, 20000);
    QVERIFY2(!again.allErr().contains(u"rejected"_s), qPrintable(again.allErr()));
}

void TestServeCommand::aRejectedTokenFromACredentialFileIsNotReady()
{
    QTemporaryDir dir;
    QTemporaryDir credentials;
    const QString wrong = u"wrong-token-from-a-file"_s;
    write(credentials.filePath(u"ops-token"_s), wrong + u"\n"_s);
    QFile(credentials.filePath(u"ops-token"_s)).setPermissions(QFile::ReadOwner);
    write(dir.filePath(u"domains.txt"_s), u"listed.example\n"_s);
    const QString path = dir.filePath(u"serve.ini"_s);
    write(path, config(testAccountId, u"store = %1\ndomains_file = domains.txt\n"_s.arg(
                                          dir.filePath(u"watch.sqlite"_s))) +
                    u"token_file = ops-token\nwatch_whole_account = false\n"_s);
    QProcessEnvironment environment = this->environment();
    environment.insert(u"CREDENTIALS_DIRECTORY"_s, credentials.path());
    environment.insert(u"JOURNAL_STREAM"_s, u"8:1234"_s);

    Serve serve;
    serve.start({u"--config"_s, path}, environment);
    const quint16 port = serve.waitForPort();
    QVERIFY2(port != 0, qPrintable(serve.err()));
    // journald's form: each line begins with its priority.
    QVERIFY2(serve.err().contains(u"<6>listening on http://127.0.0.1:"_s), qPrintable(serve.err()));
    QTRY_COMPARE_WITH_TIMEOUT(get(port, u"/readyz"_s).status, 503, 20000);
    const QByteArray reasons = get(port, u"/readyz"_s).body;
    QVERIFY2(reasons.contains(
                 QByteArray("account ops (" + testAccountId.toUtf8() + "): credentials rejected")),
             reasons.constData());
    QCOMPARE(get(port, u"/healthz"_s).status, 200);
    QVERIFY(!get(port, u"/metrics"_s).body.contains(wrong.toUtf8()));
    serve.signal(SIGTERM);
    QVERIFY(serve.finish());
    QCOMPARE(serve.process().exitCode(), 0);
    QVERIFY2(!serve.allErr().contains(wrong), qPrintable(serve.err()));
}

void TestServeCommand::refusesAConfigurationItMustNot_data()
{
    QTest::addColumn<QString>("serveGroup");
    QTest::addColumn<QString>("accountGroup");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("a secret in the file")
        << QString() << u"api_token = %1\n"_s.arg(testToken)
        << u"[ops] api_token: a secret does not belong in the configuration file"_s;
    QTest::newRow("listening on every address")
        << u"listen = 0.0.0.0:0\n"_s << QString()
        << u"[serve] listen: 0.0.0.0:0 is not a loopback address"_s;
}

void TestServeCommand::refusesAConfigurationItMustNot()
{
    QFETCH(QString, serveGroup);
    QFETCH(QString, accountGroup);
    QFETCH(QString, sentence);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"serve.ini"_s);
    write(path,
          u"[serve]\n%1[ops]\naccount_id = %2\n%3"_s.arg(serveGroup, testAccountId, accountGroup));
    QProcessEnvironment environment = this->environment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);
    Serve serve;
    serve.start({u"--config"_s, path}, environment);
    QVERIFY(serve.finish());
    QCOMPARE(serve.process().exitCode(), 2);
    const QString err = serve.allErr();
    QVERIFY2(err.contains(sentence), qPrintable(err));
    QVERIFY2(!err.contains(u"listening on"_s), qPrintable(err));
    QVERIFY2(!err.contains(testToken), qPrintable(err));
}

void TestServeCommand::checksAConfigurationWithoutRunning()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"serve.ini"_s);
    write(path, config(testAccountId));
    QProcessEnvironment environment = this->environment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);
    QProcess check;
    check.setProcessEnvironment(environment);
    check.start(QStringLiteral(RW_SERVE_BINARY), {u"--config"_s, path, u"--check-config"_s});
    QVERIFY(check.waitForFinished(20000));
    QCOMPARE(check.exitCode(), 0);
    QCOMPARE(check.readAllStandardOutput(), "configuration OK\n"_ba);

    write(path, config(u"not an id"_s));
    check.start(QStringLiteral(RW_SERVE_BINARY), {u"--config"_s, path, u"--check-config"_s});
    QVERIFY(check.waitForFinished(20000));
    QCOMPARE(check.exitCode(), 2);
    QVERIFY(check.readAllStandardError().contains("[ops] account_id: "));
}

void TestServeCommand::theMainBinaryHandsServeOver()
{
    QProcess watch;
    watch.start(QStringLiteral(RW_WATCH_BINARY), {u"serve"_s, u"--version"_s});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitCode(), 0);
    QVERIFY2(watch.readAllStandardOutput().startsWith("registrar-watch-serve "),
             watch.readAllStandardError().constData());

    watch.start(QStringLiteral(RW_WATCH_BINARY), {u"help"_s});
    QVERIFY(watch.waitForFinished(20000));
    QVERIFY(watch.readAllStandardOutput().contains("serve --config FILE"));

    // Without its sibling, it says what is missing and where it looked.
    QTemporaryDir alone;
    const QString copy = alone.filePath(u"registrar-watch"_s);
    QVERIFY(QFile::copy(QStringLiteral(RW_WATCH_BINARY), copy));
    watch.start(copy, {u"serve"_s, u"--version"_s});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitCode(), 2);
    const QByteArray said = watch.readAllStandardError();
    QVERIFY2(said.contains(QByteArray(
                 QFile::encodeName(alone.filePath(u"registrar-watch-serve"_s)) + " is missing")),
             said.constData());
}

void TestServeCommand::linksNoWidgetsAndNoGui()
{
    // ldd lists what the loader would bring in, also through other libraries.
    QProcess ldd;
    ldd.start(u"ldd"_s, {QStringLiteral(RW_SERVE_BINARY)});
    QVERIFY(ldd.waitForFinished(20000));
    QCOMPARE(ldd.exitCode(), 0);
    const QByteArray libraries = ldd.readAllStandardOutput();
    QVERIFY2(libraries.contains("libQt6Core"), libraries.constData());
    QVERIFY2(libraries.contains("libQt6HttpServer"), libraries.constData());
    QVERIFY2(!libraries.contains("libQt6Widgets"), libraries.constData());
    QVERIFY2(!libraries.contains("libQt6Gui"), libraries.constData());
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
