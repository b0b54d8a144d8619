// Import's listing draws on the account's request budget (issue 13, point 2): against the
// simulator's limit per credential, a listing longer than the budget waits for it instead of
// running into a 429 and a block of the whole account.

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/ImportDialog.h"

#include <QJsonArray>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace rw;
using namespace rw::test;
using namespace Qt::StringLiterals;

class TestImportBudget : public QObject
{
    Q_OBJECT
private slots:
    void listingLongerThanTheBudgetWaitsForIt();
};

void TestImportBudget::listingLongerThanTheBudgetWaitsForIt()
{
    // The scaled run: a budget of 60 requests per 5 minutes, 81 pages of 50.
    constexpr int budget = 60;
    constexpr int pages = 81;
    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"rate_limit"_s,
        QJsonObject{{u"requests"_s, budget}, {u"window_s"_s, 300}, {u"block_s"_s, 300}});
    scenario.insert(u"generate_registrations"_s, QJsonArray{QJsonObject{{u"count"_s, pages * 50}}});
    SimulatorFixture sim(scenario);
    QVERIFY2(sim.isListening(), qPrintable(sim.error()));
    ManualClock &clock = sim.clock();
    const QDateTime began = clock.now();

    PollSettings settings;
    settings.budgetRequests = budget;
    settings.budgetWindow = std::chrono::seconds(300);
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher(&network, clock);
    PollEngine engine(&fetcher, clock, settings);
    ClientConfig config;
    config.base = ApiBase::fromUrl(sim.baseUrl()).value();
    config.credentials = Credentials::apiToken(testToken);
    fetcher.setDefaultConfig(config);
    const AccountRef account{testAccountId, false};
    engine.setBudgetKey(account.id, config.credentials.budgetKey());
    RegistrarClient client(&network, config, clock);

    ui::ImportDialog dialog(&client, account, &engine);
    auto *stop = child<QPushButton>(dialog, u"stop"_s);
    auto *progress = child<QLabel>(dialog, u"progress"_s);
    dialog.start();

    bool saidWaiting = false;
    for (int step = 0; step < 10000 && stop->isEnabled(); ++step) {
        // Each page comes back over the wire before the clock moves on; a listing that neither
        // finishes nor waits on the clock is stuck (what the simulator saw is said below).
        if (!QTest::qWaitFor(
                [&] {
                    return !stop->isEnabled() || (clock.nextAlarm().isValid() &&
                                                  engine.accountStatus(account.id).inFlight == 0);
                },
                120000))
            break;
        if (!stop->isEnabled())
            break;
        saidWaiting = saidWaiting || progress->text().contains(u"waiting for the API budget"_s,
                                                               Qt::CaseInsensitive);
        clock.advanceTo(clock.nextAlarm());
    }
    const QJsonObject stats = sim.simulator().stats();
    // The figure for the note: what the simulator saw.
    qInfo("requests %d, 429 answers %d, most in one window %d (budget %d), virtual time %llds",
          stats.value(u"requests_total"_s).toInt(),
          stats.value(u"rate_limited_responses"_s).toInt(),
          stats.value(u"max_requests_in_window"_s).toInt(), budget, began.secsTo(clock.now()));
    QVERIFY2(!stop->isEnabled(), qPrintable(u"the listing never finished: "_s + progress->text()));
    QCOMPARE(stats.value(u"rate_limited_responses"_s).toInt(), 0);
    QCOMPARE(stats.value(u"requests_total"_s).toInt(), pages);
    QVERIFY(stats.value(u"max_requests_in_window"_s).toInt() <= budget);
    QCOMPARE(child<QTableWidget>(dialog, u"registrations"_s)->rowCount(), pages * 50);
    QVERIFY2(saidWaiting, "the dialog never said it was waiting for the budget");
    // The budget counted every page as the engine's own requests.
    QCOMPARE(engine.accountStatus(account.id).hold, RequestBudget::Hold::None);
    QVERIFY(engine.accountStatus(account.id).sentInWindow > 0);
}

QTEST_MAIN(TestImportBudget)
#include "tst_importbudget.moc"
