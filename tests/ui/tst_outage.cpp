// An outage in the window: the real registrar-sim is stopped under a running session, and the
// status bar says once that the API cannot be reached and since when (not "next check in 1s"),
// then, when it is started again on the same port, that it was reached again.

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"
#include "ui/StatusBar.h"

#include <QLabel>
#include <QSettings>
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

} // namespace

class TestOutage : public QObject
{
    Q_OBJECT
private slots:
    void theStatusBarTellsAnOutageAndItsEnd();
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
    QCOMPARE(reach->text(),
             u"⚠ Cannot reach the API since %1"_s.arg(since.toLocalTime().toString(u"HH:mm"_s)));
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

QTEST_MAIN(TestOutage)
#include "tst_outage.moc"
