// The desktop session with several accounts, against the HTTP simulator: each account signs in
// with its own credentials; a secret missing for one holds that one only; accounts signed in with
// the same token share its budget; a turned-off account sends nothing and keeps its workflows;
// a removed account leaves nothing behind.

#include "discovery/DiscoveryHost.h"
#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/MemorySecretStore.h"
#include "store/PendingWorkflows.h"
#include "store/WorkflowMark.h"
#include "store/WorkflowStore.h"
#include "support/SimulatorFixture.h"

#include <QDir>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;
using rw::session::DesktopSession;

namespace {

const QString acmeId = testAccountId;
const QString globexId = u"0123456789abcdef0123456789abcdef"_s;
const QString acmeToken = u"cfut_acme-test-token"_s;
const QString globexToken = u"cfut_globex-test-token"_s;

// Two accounts; unless `shared`, each token reaches its own account only, so a request signed
// with the other's would be refused.
QJsonObject scenario(bool shared = false)
{
    QJsonObject json = baseScenario();
    json.insert(u"other_accounts"_s, QJsonArray{globexId});
    if (shared)
        json.insert(u"tokens"_s, QJsonArray{acmeToken});
    else
        json.insert(u"tokens"_s, QJsonArray{QJsonObject{{u"token"_s, acmeToken},
                                                        {u"accounts"_s, QJsonArray{acmeId}}},
                                            QJsonObject{{u"token"_s, globexToken},
                                                        {u"accounts"_s, QJsonArray{globexId}}}});
    QJsonObject globexWorkflow = workflowJson(u"b.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    globexWorkflow.insert(u"account"_s, globexId);
    json.insert(u"workflows"_s,
                QJsonArray{workflowJson(u"a.example"_s, u"update"_s, {{0, u"in_progress"_s}}),
                           globexWorkflow});
    return json;
}

AccountSettings account(const QString &id, const QString &label)
{
    AccountSettings account;
    account.id = id;
    account.label = label;
    account.storage = AppSettings::SecretStorage::SessionOnly;
    // What these tests count is the workflows' requests; looking through whole accounts is
    // tested on its own below.
    account.watchWholeAccount = false;
    return account;
}

// A session on settings of its own, its secrets in memory.
struct Desk
{
    explicit Desk(const QUrl &base) { settings.setApiBase(base.toString()); }
    void put(const QString &id, const QString &secret)
    {
        bool written = false;
        memory.write(SecretStore::keyFor(id, false), secret, &memory,
                     [&written](const SecretStore::Result &) { written = true; });
        QTRY_VERIFY(written);
    }
    [[nodiscard]] bool start(const QUrl &base)
    {
        session = std::make_unique<DesktopSession>(
            &settings, [this](AppSettings::SecretStorage) { return &memory; },
            DesktopSession::Options{false, dir.filePath(u"store.sqlite"_s), base});
        return !session->start().has_value();
    }
    [[nodiscard]] PollEngine *engine() const { return session->engine(); }
    [[nodiscard]] bool answered(const WorkflowRef &ref) const
    {
        const auto id = engine()->find(ref);
        return id && engine()->workflow(*id)->status.has_value();
    }

    QTemporaryDir dir;
    AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    MemorySecretStore memory;
    std::unique_ptr<DesktopSession> session;
};

WorkflowRef acmeWorkflow()
{
    return {{acmeId}, u"a.example"_s, WorkflowKind::Update};
}

// Globex runs a transfer nobody added, and has a registration about to lapse; a registration
// of Acme's would lapse too.
QJsonObject wholeAccountScenario()
{
    QJsonObject json = scenario();
    QJsonObject transfer = workflowJson(u"t.example"_s, u"transfer-in"_s,
                                        {{-600, u"pending"_s}, {-500, u"in_progress"_s}});
    transfer.insert(u"account"_s, globexId);
    QJsonArray workflows = json.value(u"workflows"_s).toArray();
    workflows.append(transfer);
    json.insert(u"workflows"_s, workflows);
    json.insert(u"registrations"_s, QJsonArray{QJsonObject{{u"domain"_s, u"lapsing.example"_s},
                                                           {u"account"_s, globexId},
                                                           {u"auto_renew"_s, false},
                                                           {u"expires_in_days"_s, 5}},
                                               QJsonObject{{u"domain"_s, u"quiet.example"_s},
                                                           {u"auto_renew"_s, false},
                                                           {u"expires_in_days"_s, 5}}});
    return json;
}

AccountSettings globexWatchedWhole()
{
    AccountSettings globex = account(globexId, u"Globex"_s);
    globex.watchWholeAccount = true;
    return globex;
}

WorkflowRef globexWorkflow()
{
    return {{globexId}, u"b.example"_s, WorkflowKind::Update};
}

int requestsFor(SimulatorFixture &sim, const QString &domain)
{
    const QJsonArray workflows = sim.simulator().stats().value(u"workflows"_s).toArray();
    for (const QJsonValue &workflow : workflows) {
        if (workflow[u"domain"_s].toString() == domain)
            return workflow[u"requests"_s].toInt();
    }
    return 0;
}

constexpr int answerWithin = 60000; // a loaded machine may pace the first checks

// Acme as usual and Globex watched whole, each with its own token: started.
bool startWithGlobexWatchedWhole(Desk &desk, const QUrl &base)
{
    if (desk.settings.setAccounts({account(acmeId, u"Acme"_s), globexWatchedWhole()}))
        return false;
    desk.put(acmeId, acmeToken);
    desk.put(globexId, globexToken);
    return desk.start(base);
}

} // namespace

class TestDesktopSession final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        // Hand-overs and the user's request ledger are in the data directory: each test its
        // own (none counts another's requests), never the user's.
        m_data = std::make_unique<QTemporaryDir>();
        QVERIFY(m_data->isValid());
        qputenv("XDG_DATA_HOME", m_data->path().toUtf8());
        QFile::remove(PendingWorkflows().path());
    }

    void eachAccountSignsInWithItsOwnCredentials()
    {
        SimulatorFixture sim(scenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QCOMPARE(
            desk.settings.setAccounts({account(acmeId, u"Acme"_s), account(globexId, u"Globex"_s)}),
            std::nullopt);
        desk.put(acmeId, acmeToken);
        desk.put(globexId, globexToken);
        QVERIFY(desk.start(sim.baseUrl()));
        QCOMPARE(desk.session->accountLabels().labelOf(globexId), u"Globex"_s);
        QCOMPARE(desk.session->accounts().size(), 2);
        QSignalSpy failed(desk.engine(), &PollEngine::pollFailed);
        desk.engine()->track(acmeWorkflow());
        desk.engine()->track(globexWorkflow());
        // Each token reaches its own account only: crossed, the answers would be refusals.
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(acmeWorkflow()) && desk.answered(globexWorkflow()),
                                 answerWithin);
        QCOMPARE(failed.size(), 0);
        // Two users asked, once each.
        const QJsonArray credentials = sim.simulator().stats().value(u"by_credential"_s).toArray();
        QCOMPARE(credentials.size(), 2);
        for (const QJsonValue &credential : credentials)
            QCOMPARE(credential[u"requests"_s].toInt(), 1);
        QVERIFY(desk.session->credentialsProblem().isEmpty());
        // Each token is its own user's, with a budget of its own.
        QCOMPARE(desk.engine()->accountStatus(acmeId).sentInWindow, 1);
        QCOMPARE(desk.engine()->accountStatus(globexId).sentInWindow, 1);
    }

    void aMissingSecretHoldsOnlyItsAccount()
    {
        SimulatorFixture sim(scenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QCOMPARE(
            desk.settings.setAccounts({account(acmeId, u"Acme"_s), account(globexId, u"Globex"_s)}),
            std::nullopt);
        desk.put(acmeId, acmeToken); // Globex's was kept for the last session only
        QVERIFY(desk.start(sim.baseUrl()));
        desk.engine()->track(acmeWorkflow());
        desk.engine()->track(globexWorkflow());
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(acmeWorkflow()), answerWithin);
        QCOMPARE(desk.engine()->accountStatus(globexId).hold,
                 RequestBudget::Hold::CredentialsMissing);
        QCOMPARE(desk.engine()->accountStatus(acmeId).hold, RequestBudget::Hold::None);
        QCOMPARE(requestsFor(sim, u"b.example"_s), 0);
        QVERIFY(desk.session->credentialsProblem(acmeId).isEmpty());
        QCOMPARE(desk.session->credentialsProblem(globexId),
                 u"The API token was kept for one session only, as chosen in Settings."_s);
        QCOMPARE(desk.session->credentialsProblem(),
                 u"Globex: The API token was kept for one session only, as chosen in "
                 u"Settings."_s);

        // Entered again: Globex is asked about too.
        QSignalSpy ready(desk.session.get(), &DesktopSession::credentialsReady);
        desk.put(globexId, globexToken);
        desk.session->applySettings();
        QTRY_VERIFY(!ready.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(globexWorkflow()), answerWithin);
        QVERIFY(desk.session->credentialsProblem().isEmpty());
    }

    void accountsWithOneTokenShareItsBudget()
    {
        SimulatorFixture sim(scenario(true));
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QCOMPARE(
            desk.settings.setAccounts({account(acmeId, u"Acme"_s), account(globexId, u"Globex"_s)}),
            std::nullopt);
        desk.put(acmeId, acmeToken);
        desk.put(globexId, acmeToken);
        QVERIFY(desk.start(sim.baseUrl()));
        desk.engine()->track(acmeWorkflow());
        desk.engine()->track(globexWorkflow());
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(acmeWorkflow()) && desk.answered(globexWorkflow()),
                                 answerWithin);
        // One budget: each account's status counts the requests of both.
        QCOMPARE(desk.engine()->accountStatus(acmeId).sentInWindow, 2);
        QCOMPARE(desk.engine()->accountStatus(globexId).sentInWindow, 2);
    }

    void aTurnedOffAccountSendsNothingAndKeepsItsWorkflows()
    {
        SimulatorFixture sim(scenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        AccountSettings globex = account(globexId, u"Globex"_s);
        globex.enabled = false;
        QCOMPARE(desk.settings.setAccounts({account(acmeId, u"Acme"_s), globex}), std::nullopt);
        desk.put(acmeId, acmeToken);
        desk.put(globexId, globexToken);
        QVERIFY(desk.start(sim.baseUrl()));
        QCOMPARE(desk.session->accounts().size(), 1);
        desk.engine()->track(acmeWorkflow());
        desk.engine()->track(globexWorkflow());
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(acmeWorkflow()), answerWithin);
        QVERIFY(desk.engine()->accountStatus(globexId).off);
        QVERIFY(desk.session->credentialsProblem().isEmpty()); // nothing is needed for it
        QCOMPARE(requestsFor(sim, u"b.example"_s), 0);
        QVERIFY(desk.engine()->find(globexWorkflow()).has_value());

        // Turned on again, it is asked about.
        QSignalSpy changed(desk.session.get(), &DesktopSession::accountsChanged);
        globex.enabled = true;
        QCOMPARE(desk.settings.setAccounts({account(acmeId, u"Acme"_s), globex}), std::nullopt);
        desk.session->applySettings();
        QCOMPARE(changed.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(globexWorkflow()), answerWithin);
    }

    void aRemovedAccountLeavesNothingBehind()
    {
        SimulatorFixture sim(scenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QCOMPARE(
            desk.settings.setAccounts({account(acmeId, u"Acme"_s), account(globexId, u"Globex"_s)}),
            std::nullopt);
        desk.put(acmeId, acmeToken);
        desk.put(globexId, globexToken);
        QVERIFY(desk.start(sim.baseUrl()));
        QVERIFY(desk.session->accountLabels().several());
        desk.engine()->track(acmeWorkflow());
        desk.engine()->track(globexWorkflow());
        QTRY_VERIFY_WITH_TIMEOUT(desk.answered(globexWorkflow()), answerWithin);
        RegistrationNotice notice;
        notice.account = {globexId};
        notice.domain = u"c.example"_s;
        desk.session->registrationNotices()->put(notice);

        QSignalSpy changed(desk.session.get(), &DesktopSession::accountsChanged);
        QCOMPARE(desk.settings.setAccounts({account(acmeId, u"Acme"_s)}), std::nullopt);
        desk.session->applySettings();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(desk.session->accountLabels().accountIds(), QStringList{acmeId});
        QVERIFY(!desk.session->accountLabels().several());
        QVERIFY(!desk.engine()->find(globexWorkflow()).has_value());
        QVERIFY(desk.engine()->find(acmeWorkflow()).has_value());
        QVERIFY(desk.session->registrationNotices()->find({globexId}, u"c.example"_s) == nullptr);
        // Gone from the store too, history and all: the next start does not bring it back.
        auto store = WorkflowStore::open(desk.dir.filePath(u"store.sqlite"_s));
        QVERIFY(store);
        const auto kept = store.value()->loadAll();
        QVERIFY(kept);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().ref.account.id, acmeId);
        // And its secret is deleted from its store; the other account's stays.
        std::optional<SecretStore::Result> read;
        desk.memory.read(SecretStore::keyFor(globexId, false), &desk.memory,
                         [&read](const SecretStore::Result &result) { read = result; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(read->status, SecretStore::Status::NotFound);
        read.reset();
        desk.memory.read(SecretStore::keyFor(acmeId, false), &desk.memory,
                         [&read](const SecretStore::Result &result) { read = result; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(read->status, SecretStore::Status::Ok);
    }

    // Each account watched whole is looked through with its own credentials (the tokens reach
    // one account each: another's would be refused), and one with "Watch the whole account"
    // off is not looked through at all.
    void accountsWatchedWholeAreLookedThroughWithTheirOwnCredentials()
    {
        SimulatorFixture sim(wholeAccountScenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QVERIFY(startWithGlobexWatchedWhole(desk, sim.baseUrl()));
        const WorkflowRef found{{globexId}, u"t.example"_s, WorkflowKind::TransferIn};
        QTRY_VERIFY_WITH_TIMEOUT(desk.engine()->find(found).has_value(), answerWithin);
        QCOMPARE(desk.engine()->workflow(*desk.engine()->find(found))->origin,
                 WorkflowOrigin::Found);
        RegistrationNotices *notices = desk.session->registrationNotices();
        QTRY_VERIFY_WITH_TIMEOUT(notices->find({globexId}, u"lapsing.example"_s), answerWithin);
        QCOMPARE(notices->find({globexId}, u"lapsing.example"_s)->attention.reason,
                 RegistrationAttention::Reason::ExpiresSoon);
        QVERIFY(desk.session->discovery()->discovery(globexId));
        QCOMPARE(desk.session->discovery()->discovery(acmeId), nullptr);
        QCOMPARE(notices->find({acmeId}, u"quiet.example"_s), nullptr);
        QCOMPARE(sim.simulator().stats().value(u"rate_limited_responses"_s).toInt(), 0);
    }

    // An account watched whole is removed while a workflow found there runs, then added
    // again: the workflow is found again, not held back as one the operator removed.
    void anAccountAddedAgainFindsItsWorkflowsAgain()
    {
        SimulatorFixture sim(wholeAccountScenario());
        QVERIFY2(sim.isListening(), qPrintable(sim.error()));
        Desk desk(sim.baseUrl());
        QVERIFY(startWithGlobexWatchedWhole(desk, sim.baseUrl()));
        const WorkflowRef found{{globexId}, u"t.example"_s, WorkflowKind::TransferIn};
        QTRY_VERIFY_WITH_TIMEOUT(desk.engine()->find(found).has_value(), answerWithin);

        QCOMPARE(desk.settings.setAccounts({account(acmeId, u"Acme"_s)}), std::nullopt);
        desk.session->applySettings();
        QVERIFY(!desk.engine()->find(found).has_value());
        {
            auto store = WorkflowStore::open(desk.dir.filePath(u"store.sqlite"_s));
            QVERIFY(store);
            const auto removed = store.value()->removedFound({globexId});
            QVERIFY(removed);
            QCOMPARE(removed->size(), 0); // not "removed by the operator"
        }

        QCOMPARE(desk.settings.setAccounts({account(acmeId, u"Acme"_s), globexWatchedWhole()}),
                 std::nullopt);
        desk.put(globexId, globexToken);
        desk.session->applySettings();
        QTRY_VERIFY_WITH_TIMEOUT(desk.engine()->find(found).has_value(), answerWithin);
        QCOMPARE(desk.engine()->workflow(*desk.engine()->find(found))->origin,
                 WorkflowOrigin::Found);
    }

    // The demo watches its second account whole: what runs there is found, not pasted.
    void theDemoFindsWhatRunsInItsSecondAccount()
    {
        QTemporaryDir dir;
        AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
        MemorySecretStore memory;
        DesktopSession demo(
            &settings, [&memory](AppSettings::SecretStorage) { return &memory; },
            DesktopSession::Options{true, dir.filePath(u"demo.sqlite"_s), {}});
        QCOMPARE(demo.start(), std::nullopt);
        QCOMPARE(demo.accounts().size(), 2);
        const QString second = demo.accounts().at(1).id;
        QCOMPARE(demo.accountLabels().labelOf(second), u"Demo 2"_s);
        const WorkflowRef transfer{{second}, u"globex-shipping.com"_s, WorkflowKind::TransferIn};
        QTRY_VERIFY_WITH_TIMEOUT(demo.engine()->find(transfer).has_value(), answerWithin);
        QCOMPARE(demo.engine()->workflow(*demo.engine()->find(transfer))->origin,
                 WorkflowOrigin::Found);
        QTRY_VERIFY_WITH_TIMEOUT(demo.registrationNotices()->find({second}, u"hooli-cloud.net"_s),
                                 answerWithin);
        QTRY_VERIFY_WITH_TIMEOUT(
            demo.registrationNotices()->find({second}, u"stark-industries.dev"_s), answerWithin);
    }

    // Where no store can be made (here a file stands where the data folder should be; an
    // unwritable home does the same), the demo runs without one and says what is in the way,
    // not that demo.sqlite cannot be opened.
    // Switching to the demo and back starts a session again: the settings' problem was told
    // the first time, and is not told again.
    void theSettingsProblemIsToldOnceARun()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        QVERIFY(QDir().mkpath(ini)); // a folder: the settings cannot be read
        AppSettings settings{new QSettings(ini, QSettings::IniFormat)};
        QVERIFY(!settings.problem().isEmpty());
        MemorySecretStore memory;
        const auto notices = [&] {
            DesktopSession demo(
                &settings, [&memory](AppSettings::SecretStorage) { return &memory; },
                DesktopSession::Options{true, dir.path(), {}});
            (void)demo.start();
            return demo.notices().join(u'\n');
        };
        const QString first = notices();
        QVERIFY2(first.contains(u"could not be read"_s), qPrintable(first));
        const QString second = notices();
        QVERIFY2(!second.contains(u"could not be read"_s), qPrintable(second));
    }

    void theDemoRunsWithoutAStoreWhereNoneCanBeMade()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"blocker"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QByteArray data = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", blocker.fileName().toUtf8() + "/data");
        AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
        MemorySecretStore memory;
        DesktopSession demo(
            &settings, [&memory](AppSettings::SecretStorage) { return &memory; },
            DesktopSession::Options{true, {}, {}});
        const auto started = demo.start();
        qputenv("XDG_DATA_HOME", data);
        QVERIFY2(!started, qPrintable(started.value_or(QString())));
        QCOMPARE(demo.store(), nullptr);
        QVERIFY(!demo.engine()->snapshot().isEmpty());
        const QString notices = demo.notices().join(u'\n');
        QVERIFY2(notices.contains(u"The demo keeps nothing on disk"_s) &&
                     notices.contains(u"%1 is a file, not a folder"_s.arg(blocker.fileName())),
                 qPrintable(notices));
    }

private:
    std::unique_ptr<QTemporaryDir> m_data;
};

QTEST_GUILESS_MAIN(TestDesktopSession)
#include "tst_desktopsession.moc"
