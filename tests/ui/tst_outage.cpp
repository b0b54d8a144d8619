// An outage in the window: the real registrar-sim is stopped under a running session, and the
// status bar says once that the API cannot be reached and since when (not "next check in 1s"),
// then, when it is started again on the same port, that it was reached again. With two
// accounts and one of them out of reach, the status bar and the tray name it alike, and the bar
// gives its own next try, not the next check of the account that answers.

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"
#include "ui/DesktopApp.h"
#include "ui/MainWindow.h"
#include "ui/StatusBar.h"
#include "ui/TrayIcon.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QRegularExpression>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::session::DesktopSession;
using rw::ui::StatusBar;

namespace {

QJsonObject scenario()
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s,
                QJsonArray{scenarioWorkflow(u"one.example"_s, {stepJson(0, u"in_progress"_s)})});
    return json;
}

const QString globexId = u"0123456789abcdef0123456789abcdef"_s;

// Acme (the test account) and Globex on one token, a workflow in progress each.
QJsonObject twoAccounts()
{
    QJsonObject json = baseScenario();
    json.insert(u"other_accounts"_s, QJsonArray{globexId});
    QJsonObject theirs = scenarioWorkflow(u"globex.example"_s, {stepJson(0, u"in_progress"_s)});
    theirs.insert(u"account"_s, globexId);
    json.insert(
        u"workflows"_s,
        QJsonArray{scenarioWorkflow(u"acme.example"_s, {stepJson(0, u"in_progress"_s)}), theirs});
    return json;
}

// Requests about one account go to a proxy where nothing listens: refused, without an answer,
// while the other accounts' go straight to the simulator.
class OneAccountNowhere final : public QNetworkProxyFactory
{
public:
    explicit OneAccountNowhere(QString account)
        : m_account(std::move(account))
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost))
            qFatal("no port to close");
        m_port = server.serverPort();
    }
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (query.url().path().contains(u"/accounts/%1/"_s.arg(m_account)))
            return {QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, m_port)};
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    }

private:
    QString m_account;
    quint16 m_port = 0;
};

// "next try in 1m 5s" in a sentence: the seconds.
std::optional<qint64> nextTryIn(const QString &text)
{
    const auto match = QRegularExpression(u"next try in (?:(\\d+)m)? ?(?:(\\d+)s)?"_s).match(text);
    if (!match.hasMatch() || match.captured(0) == u"next try in "_s)
        return std::nullopt;
    return match.captured(1).toLongLong() * 60 + match.captured(2).toLongLong();
}

} // namespace

class TestOutage : public QObject
{
    Q_OBJECT
private slots:
    void theStatusBarTellsAnOutageAndItsEnd();
    void oneOfTwoAccountsOutOfReach();
};

void TestOutage::theStatusBarTellsAnOutageAndItsEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto sim = std::make_unique<SimulatorProcess>();
    if (const auto problem = sim->start(QStringLiteral(RW_SIM_BINARY), scenario(), dir.path()))
        QFAIL(qPrintable(*problem));
    const QUrl base = sim->base();

    AppSettings settings(new QSettings(dir.filePath(u"outage.ini"_s), QSettings::IniFormat));
    settings.setAccountId(testAccountId);
    settings.setSecretStorage(AppSettings::SecretStorage::SessionOnly);
    QList<AccountSettings> accounts = settings.accounts();
    accounts.first().watchWholeAccount = false;
    QVERIFY(!settings.setAccounts(accounts));
    PollSettings poll = settings.pollSettings();
    poll.activeMaxDelay = 1s;
    settings.setPollSettings(poll);
    MemorySecretStore secrets;
    bool written = false;
    secrets.write(SecretStore::keyFor(testAccountId, false), testToken, this,
                  [&written](const SecretStore::Result &result) {
                      written = result.status == SecretStore::Status::Ok;
                  });
    QTRY_VERIFY(written);
    DesktopSession session(
        &settings, [&secrets](AppSettings::SecretStorage) { return &secrets; },
        DesktopSession::Options{false, dir.filePath(u"outage.sqlite"_s), base});
    if (const auto error = session.start())
        QFAIL(qPrintable(*error));
    StatusBar bar(&session);
    bar.resize(1024, bar.sizeHint().height());
    bar.show();
    PollEngine *engine = session.engine();
    const qint64 id =
        engine->track({{testAccountId, false}, u"one.example"_s, WorkflowKind::Update});
    QTRY_VERIFY_WITH_TIMEOUT(engine->workflow(id)->status.has_value(), 20000);
    auto *reach = child<QLabel>(&bar, u"reach"_s);
    auto *next = child<QLabel>(&bar, u"nextCheck"_s);
    QVERIFY(!reach->isVisible());

    // The simulator stops: every connection is refused.
    sim.reset();
    QTRY_VERIFY_WITH_TIMEOUT(reach->isVisible(), 30000);
    const QDateTime since = engine->unreachableSince(testAccountId);
    QVERIFY(since.isValid());
    // One account: not named. Its next try follows.
    const QString outage =
        u"⚠ Cannot reach the API since %1"_s.arg(since.toLocalTime().toString(u"HH:mm"_s));
    QTRY_VERIFY2(reach->text() == outage + u"; trying now"_s ||
                     reach->text().startsWith(outage + u"; next try in "_s),
                 qPrintable(reach->text()));
    QVERIFY2(reach->toolTip().contains(u"the first answer clears this"_s),
             qPrintable(reach->toolTip()));
    QVERIFY2(!next->text().contains(u"next check"_s), qPrintable(next->text()));
    // The bar still fits a small screen.
    QVERIFY2(bar.minimumSizeHint().width() <= 1024,
             qPrintable(QString::number(bar.minimumSizeHint().width())));

    // Started again on the same port: the first answer clears it.
    sim = std::make_unique<SimulatorProcess>();
    if (const auto problem =
            sim->start(QStringLiteral(RW_SIM_BINARY), scenario(), dir.path(), quint16(base.port())))
        QFAIL(qPrintable(*problem));
    QTRY_VERIFY_WITH_TIMEOUT(!reach->isVisible(), 60000);
    QVERIFY(!engine->unreachableSince(testAccountId).isValid());
    QVERIFY2(bar.currentMessage().startsWith(u"Reached the API again at "_s),
             qPrintable(bar.currentMessage()));
}

void TestOutage::oneOfTwoAccountsOutOfReach()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimulatorFixture sim(twoAccounts());
    QVERIFY2(sim.isListening(), qPrintable(sim.error()));
    AppSettings settings(new QSettings(dir.filePath(u"two.ini"_s), QSettings::IniFormat));
    QList<AccountSettings> accounts;
    for (const auto &[id, label] :
         {std::pair{testAccountId, u"Acme"_s}, std::pair{globexId, u"Globex"_s}}) {
        AccountSettings account;
        account.id = id;
        account.label = label;
        account.storage = AppSettings::SecretStorage::SessionOnly;
        account.watchWholeAccount = false;
        accounts.append(account);
    }
    QVERIFY(!settings.setAccounts(accounts));
    settings.setApiBase(sim.baseUrl().toString());
    PollSettings poll = settings.pollSettings();
    poll.activeMaxDelay = 1s; // Acme's next check is never more than a second or so away
    settings.setPollSettings(poll);
    MemorySecretStore secrets;
    for (const QString &id : {testAccountId, globexId}) {
        bool written = false;
        secrets.write(SecretStore::keyFor(id, false), testToken, this,
                      [&written](const SecretStore::Result &result) {
                          written = result.status == SecretStore::Status::Ok;
                      });
        QTRY_VERIFY(written);
    }
    // What `registrar-watch add` left for the next start is read from the data directory: the
    // test's own.
    qputenv("XDG_DATA_HOME", dir.filePath(u"data"_s).toUtf8());
    ui::DesktopApp app(
        &settings, [&secrets](AppSettings::SecretStorage) { return &secrets; },
        ui::DesktopApp::Options{false, dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    app.session()->network()->setProxyFactory(new OneAccountNowhere(globexId));
    PollEngine *engine = app.session()->engine();
    const qint64 acme =
        engine->track({{testAccountId, false}, u"acme.example"_s, WorkflowKind::Update});
    const qint64 globex =
        engine->track({{globexId, false}, u"globex.example"_s, WorkflowKind::Update});
    QTRY_VERIFY_WITH_TIMEOUT(engine->unreachableSince(globexId).isValid(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(engine->workflow(acme)->status.has_value(), 30000);
    QVERIFY(!engine->unreachableSince(testAccountId).isValid());

    // The bar and the tray say it in the same words, naming Globex alone.
    const QString outage = u"Cannot reach the API since %1 (Globex)"_s.arg(
        engine->unreachableSince(globexId).toLocalTime().toString(u"HH:mm"_s));
    auto *reach = child<QLabel>(app.window(), u"reach"_s);
    auto *next = child<QLabel>(app.window(), u"nextCheck"_s);
    QTRY_VERIFY2(reach->isVisible() && reach->text().startsWith(u"⚠ "_s + outage),
                 qPrintable(reach->text()));
    QTRY_VERIFY2(app.tray()->toolTip().split(u'\n').contains(u"⚠ "_s + outage),
                 qPrintable(app.tray()->toolTip()));

    // Globex tries again when its own workflow is due (after its failures, seconds away), not
    // when Acme's is: what the bar says of it is Globex's countdown.
    const auto globexIn = [&] {
        const QDateTime due = engine->workflow(globex)->nextPollAt;
        return due.isValid() ? std::optional<qint64>(
                                   (QDateTime::currentDateTimeUtc().msecsTo(due) + 999) / 1000)
                             : std::nullopt;
    };
    const auto said = [&]() -> QString {
        return reach->text() + u' ' + next->text();
    };
    QTRY_VERIFY_WITH_TIMEOUT(globexIn().value_or(0) >= 4, 60000);
    QTRY_VERIFY2(nextTryIn(said()) && std::abs(*nextTryIn(said()) - globexIn().value_or(0)) <= 2,
                 qPrintable(u"\"%1\", Globex's next try in %2 s"_s.arg(said()).arg(
                     globexIn().value_or(-1))));
    // And Acme's checks go on, told apart.
    QVERIFY2(!next->text().contains(u"next try"_s), qPrintable(next->text()));
}

QTEST_MAIN(TestOutage)
#include "tst_outage.moc"
