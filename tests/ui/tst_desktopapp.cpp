// The desktop app's first run: with nothing set up, the demo opens at once and offers the
// settings; saving an account there replaces the demo with the account's own (empty) window,
// without a restart. With an account, the app opens it; --demo opens the demo regardless.

#include "settings/MemorySecretStore.h"
#include "store/HandOver.h"
#include "store/PendingWorkflows.h"
#include "store/WorkflowStore.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/DesktopApp.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/WorkflowTableModel.h"
#include "ui/settings/AccountDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace rw;
using rw::WorkflowRef;
using rw::ui::DesktopApp;
using rw::ui::MainWindow;
using rw::ui::SettingsDialog;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    MemorySecretStore secrets;
    DesktopApp::Options options{false, dir.path()};

    [[nodiscard]] DesktopApp::Options withDemo(bool demo) const { return {demo, dir.path()}; }
    [[nodiscard]] auto stores()
    {
        return [this](AppSettings::SecretStorage) -> SecretStore * {
            return &secrets;
        };
    }
};

QPushButton *button(QWidget *parent, const QString &text)
{
    for (auto *candidate : parent->findChildren<QPushButton *>()) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

} // namespace

class TestDesktopApp : public QObject
{
    Q_OBJECT
private slots:
    void firstRunOpensTheDemoAndOffersTheSettings();
    void savingAnAccountReplacesTheDemo();
    void exploringTheDemoKeepsIt();
    void anAccountOpensWithoutTheOffer();
    void unreadableSettingsShowTheRealStoreNotTheDemo();
    void demoOptionWinsOverAnAccount();
    void aLaterLaunchBringsTheWindowAndSaysSo();
    void handedOverWorkflowsAreWatchedAndSaidSo();
    void theDemoKeepsHandedOverWorkflowsForTheAccount();
    void aLaunchWithDemoAsksBeforeLeavingTheAccount();
    void aStoreOthersCanChangeIsMadePrivateAtTheOperatorsWord();
    void aStoreLeftAsItIsIsNotOpened();
    void aStoreThatIsNotTheOperatorsIsNotOffered();

private:
    void init();
};

void TestDesktopApp::init()
{
    // `registrar-watch add` records in the data directory: the test's own, never the user's.
    static QTemporaryDir data;
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    QFile::remove(PendingWorkflows().path());
}

namespace {

void openAccount(Fixture &fixture)
{
    fixture.settings.setAccountId(test::testAccountId);
    fixture.settings.setSecretStorage(AppSettings::SecretStorage::SessionOnly);
}

WorkflowRef bare(const QString &domain)
{
    return {{}, domain, WorkflowKind::Update}; // as `add` hands it over: the app's account
}

} // namespace

void TestDesktopApp::firstRunOpensTheDemoAndOffersTheSettings()
{
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);

    QVERIFY(app.session()->isDemo());
    QVERIFY(app.window()->isVisible());
    QVERIFY(app.window()->windowTitle().contains(u"demo"_s, Qt::CaseInsensitive));
    QVERIFY(app.welcome());
    QVERIFY(app.welcome()->isVisible());
    QVERIFY(app.welcome()->text().contains(u"demo"_s));
    QVERIFY(button(app.welcome(), u"Set up my account…"_s));
    // The demo is live behind the offer: its workflows are there and are being asked.
    QTRY_VERIFY(app.window()->model()->rowCount() >= 8);
    const QLabel *budget = test::child<QLabel>(app.window(), u"budget"_s);
    QTRY_VERIFY_WITH_TIMEOUT(budget->text().contains(u"API budget: "_s), 10000);
    QVERIFY(QFile::exists(fixture.dir.filePath(u"demo.sqlite"_s)));
    // Nothing about the account was written by looking at the demo.
    QVERIFY(!fixture.settings.isConfigured());
    QCOMPARE(fixture.secrets.size(), 0);
}

void TestDesktopApp::savingAnAccountReplacesTheDemo()
{
    Fixture fixture;
    test::SimulatorFixture registrar(test::baseScenario());
    QVERIFY2(registrar.isListening(), qPrintable(registrar.error()));
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QSignalSpy changed(&app, &DesktopApp::sessionChanged);

    fixture.settings.setApiBase(registrar.baseUrl().toString());
    QTest::mouseClick(button(app.welcome(), u"Set up my account…"_s), Qt::LeftButton);
    ui::AccountDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = app.window()->findChild<ui::AccountDialog *>()) && dialog->isVisible());
    dialog->findChild<QLineEdit *>(u"token"_s)->setText(test::testToken);
    dialog->findChild<QLineEdit *>(u"accountId"_s)->setText(test::testAccountId);
    QVERIFY2(dialog->isValid(), qPrintable(dialog->findChild<QLabel *>(u"problems"_s)->text()));
    dialog->accept();

    QTRY_COMPARE(changed.count(), 1);
    QVERIFY(!app.session()->isDemo());
    QCOMPARE(app.session()->account().id, test::testAccountId);
    QVERIFY(app.window()->isVisible());
    QVERIFY(!app.window()->windowTitle().contains(u"demo"_s, Qt::CaseInsensitive));
    // The account's own store: none of the demo's workflows came along.
    QCOMPARE(app.window()->model()->rowCount(), 0);
    QVERIFY(QFile::exists(fixture.dir.filePath(u"registrar-watch.sqlite"_s)));
    QCOMPARE(fixture.settings.accountId(), test::testAccountId);
    QCOMPARE(fixture.secrets.size(), 1);
}

void TestDesktopApp::exploringTheDemoKeepsIt()
{
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QSignalSpy changed(&app, &DesktopApp::sessionChanged);
    MainWindow *window = app.window();

    QTest::mouseClick(button(app.welcome(), u"Explore the demo"_s), Qt::LeftButton);
    QTRY_VERIFY(!app.welcome());
    QCOMPARE(app.window(), window);
    QVERIFY(app.session()->isDemo());
    QVERIFY(!window->findChild<SettingsDialog *>());
    QCOMPARE(changed.count(), 0);

    // The demo's "Settings" still leads to setting up an account, and cancelling keeps the demo.
    window->showSettings();
    ui::AccountDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<ui::AccountDialog *>()) && dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(!window->findChild<ui::AccountDialog *>());
    QVERIFY(app.session()->isDemo());
    QCOMPARE(changed.count(), 0);
    QVERIFY(!fixture.settings.isConfigured());
}

void TestDesktopApp::anAccountOpensWithoutTheOffer()
{
    Fixture fixture;
    fixture.settings.setAccountId(test::testAccountId);
    fixture.settings.setSecretStorage(AppSettings::SecretStorage::SessionOnly);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QVERIFY(!app.session()->isDemo());
    QVERIFY(!app.welcome());
    QVERIFY(!app.window()->windowTitle().contains(u"demo"_s, Qt::CaseInsensitive));
    QVERIFY(!QFile::exists(fixture.dir.filePath(u"demo.sqlite"_s)));
}

// Settings that cannot be read are not a first run: the operator's workflows are shown, with a
// sentence saying what became of the settings file.
void TestDesktopApp::unreadableSettingsShowTheRealStoreNotTheDemo()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(u"settings.ini"_s);
    {
        QFile file(ini);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("\x00\x01\xff\xfe not settings\n[[[\n=\n", 24));
        auto store = WorkflowStore::open(dir.filePath(u"registrar-watch.sqlite"_s));
        QVERIFY(store.hasValue());
        TrackedWorkflow workflow;
        workflow.ref = {{test::testAccountId, false}, u"kept.example"_s, WorkflowKind::Update};
        workflow.trackedAt = QDateTime::currentDateTimeUtc();
        workflow.watchingSince = workflow.trackedAt;
        QVERIFY(store.value()->insert(workflow).hasValue());
    }
    AppSettings settings(new QSettings(ini, QSettings::IniFormat));
    MemorySecretStore secrets;
    DesktopApp app(&settings,
                   [&secrets](AppSettings::SecretStorage) -> SecretStore * { return &secrets; },
                   {false, dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    QVERIFY(!app.session()->isDemo());
    QVERIFY(!app.welcome());
    QVERIFY(!QFile::exists(dir.filePath(u"demo.sqlite"_s)));
    QTRY_COMPARE(app.window()->model()->rowCount(), 1);
    QMessageBox *said = nullptr;
    QTRY_VERIFY((said = app.window()->findChild<QMessageBox *>()) && said->isVisible());
    QVERIFY2(said->text().contains(u"could not be read"_s) && said->text().contains(ini),
             qPrintable(said->text()));
}

void TestDesktopApp::demoOptionWinsOverAnAccount()
{
    const QString account = u"0123456789abcdef0123456789abcdef"_s;
    Fixture fixture;
    fixture.settings.setAccountId(account);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.withDemo(true));
    QCOMPARE(app.start(), std::nullopt);
    QVERIFY(app.session()->isDemo());
    // Asked for by name: no first-run offer.
    QVERIFY(!app.welcome());
    QVERIFY(app.session()->account().id != account);
    QCOMPARE(fixture.settings.accountId(), account);
}

void TestDesktopApp::aLaterLaunchBringsTheWindowAndSaysSo()
{
    Fixture fixture;
    openAccount(fixture);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    app.window()->hide(); // closed to the tray
    QCOMPARE(app.handle(handOver::launch({})),
             u"Registrar Watch is already running; its window is now in front."_s);
    QVERIFY(app.window()->isVisible());
}

void TestDesktopApp::handedOverWorkflowsAreWatchedAndSaidSo()
{
    Fixture fixture;
    openAccount(fixture);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QCOMPARE(app.handle(handOver::add({bare(u"a.example"_s), bare(u"b.example"_s)})),
             u"2 workflows added."_s);
    QCOMPARE(app.window()->model()->rowCount(), 2);
    const auto id = app.session()->engine()->find(
        {{test::testAccountId, false}, u"b.example"_s, WorkflowKind::Update});
    QVERIFY(id); // the account the app runs with
    QCOMPARE(app.handle(handOver::add({bare(u"b.example"_s), bare(u"c.example"_s)})),
             u"1 workflow added; 1 already watched, checked again now."_s);
    QCOMPARE(app.window()->model()->rowCount(), 3);
    QCOMPARE(app.handle({u"something"_s, u"else"_s}),
             u"Registrar Watch did not understand what it was handed (another version?)."_s);
}

void TestDesktopApp::theDemoKeepsHandedOverWorkflowsForTheAccount()
{
    Fixture fixture;
    test::SimulatorFixture registrar(test::baseScenario());
    QVERIFY2(registrar.isListening(), qPrintable(registrar.error()));
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QVERIFY(app.session()->isDemo());
    const int demoRows = app.window()->model()->rowCount();
    QCOMPARE(app.handle(handOver::add({bare(u"mine.example"_s)})),
             u"Registrar Watch runs the demo: the workflow is recorded, and watched once your "
             u"account is set up."_s);
    QCOMPARE(app.window()->model()->rowCount(), demoRows); // not in the simulated registrar
    QCOMPARE(PendingWorkflows().peek()->size(), 1);

    // The account is set up: its session watches what waited.
    fixture.settings.setAccountId(test::testAccountId);
    fixture.settings.setApiBase(registrar.baseUrl().toString());
    fixture.settings.setSecretStorage(AppSettings::SecretStorage::SessionOnly);
    DesktopApp account(&fixture.settings, fixture.stores(), fixture.options);
    app.quit();
    QCOMPARE(account.start(), std::nullopt);
    QVERIFY(account.session()->engine()->find(
        {{test::testAccountId, false}, u"mine.example"_s, WorkflowKind::Update}));
    QCOMPARE(PendingWorkflows().peek()->size(), 0); // taken once
}

void TestDesktopApp::aLaunchWithDemoAsksBeforeLeavingTheAccount()
{
    Fixture fixture;
    openAccount(fixture);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    QCOMPARE(app.start(), std::nullopt);
    QSignalSpy changed(&app, &DesktopApp::sessionChanged);
    QCOMPARE(app.handle(handOver::launch({u"--demo"_s})),
             u"Registrar Watch is running with your account; its window asks whether to switch "
             u"to the demo."_s);
    QMessageBox *ask = nullptr;
    QTRY_VERIFY((ask = app.window()->findChild<QMessageBox *>()) && ask->isVisible());
    QVERIFY(!app.session()->isDemo()); // nothing changes unless the operator says so
    QTest::mouseClick(button(ask, u"Switch to the demo"_s), Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);
    QVERIFY(app.session()->isDemo());
    QCOMPARE(app.handle(handOver::launch({u"--demo"_s})),
             u"The demo is already open; its window is now in front."_s);
}

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0;
}

// What the launch's "cannot start" dialog said and offered; answers it with the button `pick`
// returns among those it shows.
struct CannotStart
{
    QString text;
    QStringList buttons;
};

void answerCannotStart(CannotStart *seen,
                       const std::function<QAbstractButton *(QMessageBox *)> &pick)
{
    auto *poll = new QTimer;
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, poll, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != u"cannotStart"_s)
            return;
        poll->stop();
        poll->deleteLater();
        seen->text = box->text();
        for (const QAbstractButton *each : box->buttons())
            seen->buttons.append(each->text());
        pick(box)->click();
    });
    poll->start();
}

const QString makePrivate = u"Make It Private and Start"_s;

} // namespace

// An earlier version made its data folder under a umask of 002 (0775), and the store in it is
// refused: the launch says so and, at the operator's word, makes the folder private and opens
// the account's store.
void TestDesktopApp::aStoreOthersCanChangeIsMadePrivateAtTheOperatorsWord()
{
    Fixture fixture;
    openAccount(fixture);
    const QString store = fixture.dir.filePath(u"registrar-watch.sqlite"_s);
    QVERIFY(WorkflowStore::open(store).hasValue()); // the earlier version's, with its mode
    QCOMPARE(::chmod(QFile::encodeName(fixture.dir.path()).constData(), 0775), 0);

    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    CannotStart seen;
    answerCannotStart(&seen, [](QMessageBox *box) { return button(box, makePrivate); });
    QVERIFY(app.startOrSayWhy());
    QVERIFY2(seen.text.contains(fixture.dir.path()) &&
                 seen.text.contains(u"can be written by other users (mode 0775)"_s),
             qPrintable(seen.text));
    QCOMPARE(seen.buttons.size(), 2);
    QCOMPARE(modeOf(fixture.dir.path()), mode_t(0700));
    QCOMPARE(modeOf(store), mode_t(0600));
    QVERIFY(!app.mendableStore());
    QVERIFY(!app.session()->isDemo());
    QVERIFY(app.window()->isVisible());
}

void TestDesktopApp::aStoreLeftAsItIsIsNotOpened()
{
    Fixture fixture;
    openAccount(fixture);
    QCOMPARE(::chmod(QFile::encodeName(fixture.dir.path()).constData(), 0775), 0);
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    CannotStart seen;
    answerCannotStart(&seen, [](QMessageBox *box) { return box->button(QMessageBox::Cancel); });
    QVERIFY(!app.startOrSayWhy());
    QVERIFY(seen.buttons.contains(makePrivate));
    QCOMPARE(modeOf(fixture.dir.path()), mode_t(0775)); // nothing changed without a word
    QVERIFY(!app.session());
    QCOMPARE(::chmod(QFile::encodeName(fixture.dir.path()).constData(), 0700), 0);
}

// A link in the store's place: whoever made it chose the file; nothing is offered to change.
void TestDesktopApp::aStoreThatIsNotTheOperatorsIsNotOffered()
{
    Fixture fixture;
    openAccount(fixture);
    const QString elsewhere = fixture.dir.filePath(u"elsewhere.sqlite"_s);
    QVERIFY(WorkflowStore::open(elsewhere).hasValue());
    QVERIFY(QFile::link(elsewhere, fixture.dir.filePath(u"registrar-watch.sqlite"_s)));
    DesktopApp app(&fixture.settings, fixture.stores(), fixture.options);
    CannotStart seen;
    answerCannotStart(&seen, [](QMessageBox *box) { return box->button(QMessageBox::Close); });
    QVERIFY(!app.startOrSayWhy());
    QVERIFY2(seen.text.contains(u"symbolic link"_s), qPrintable(seen.text));
    QCOMPARE(seen.buttons.size(), 1);
    QVERIFY(!app.mendableStore());
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
