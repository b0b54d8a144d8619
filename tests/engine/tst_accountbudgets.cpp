// Every account's budget and what the operator was told of its holds: a budget per account made
// on first use, new settings for all, each hold announced once and its end once.

#include "engine/AccountBudgets.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rw::AccountBudgets;
using rw::PollSettings;
using rw::RequestBudget;
using Hold = RequestBudget::Hold;

namespace {

const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
const QString accountA = u"account-a"_s;
const QString accountB = u"account-b"_s;

PollSettings smallBudget()
{
    PollSettings settings;
    settings.budgetRequests = 20;
    settings.budgetBurst = 2;
    settings.maxInFlight = 1;
    return settings;
}

} // namespace

class TestAccountBudgets : public QObject
{
    Q_OBJECT
private slots:
    void makesABudgetPerAccountOnFirstUse();
    void newSettingsReachEveryBudget();
    void accountsWithOneKeyShareOneBudget();
    void announcesAHoldOnce();
    void announcesALaterEndAgain();
    void announcesNoEndedHold();
    void takesEndedHoldsOnce();
    void credentialsReleaseOnlyTheirOwnHold();
    void aMissingSecretHoldsUntilItComes();
    void nextHoldEndIsTheEarliestAnnounced();
    void aSharedHoldIsAnnouncedOnceForEveryAccount();
    void anAccountJoiningAHeldBudgetIsHeldToo();
    void anAccountLeavingAHeldBudgetIsReleased();
    void holdSentencesNameTheCauseAndTheEnd();
};

void TestAccountBudgets::makesABudgetPerAccountOnFirstUse()
{
    AccountBudgets budgets(smallBudget());
    QCOMPARE(budgets.find(accountA), nullptr);
    QVERIFY(budgets.accounts().isEmpty());
    RequestBudget &a = budgets.budgetFor(accountA);
    QCOMPARE(a.requests(), 20);
    QCOMPARE(&budgets.budgetFor(accountA), &a); // the same one every time
    QCOMPARE(budgets.find(accountA), &a);
    (void)budgets.budgetFor(accountB);
    QCOMPARE(budgets.accounts(), (QStringList{accountA, accountB}));
    // Budgets are apart: one account's requests leave the other's alone.
    a.recordSent(start);
    QVERIFY(!a.canSend(start)); // one in flight at most
    QVERIFY(budgets.budgetFor(accountB).canSend(start));
}

void TestAccountBudgets::accountsWithOneKeyShareOneBudget()
{
    AccountBudgets budgets(smallBudget());
    const QString accountC = u"account-c"_s;
    budgets.setBudgetKey(accountA, u"token-1"_s);
    budgets.setBudgetKey(accountB, u"token-1"_s);
    budgets.setBudgetKey(accountC, u"token-2"_s);
    QCOMPARE(&budgets.budgetFor(accountA), &budgets.budgetFor(accountB));
    QVERIFY(&budgets.budgetFor(accountA) != &budgets.budgetFor(accountC));
    QCOMPARE(budgets.accountsOf(u"token-1"_s), (QStringList{accountA, accountB}));
    // A's request fills the one slot that B shares; C's own budget is untouched.
    budgets.budgetFor(accountA).recordSent(start);
    QVERIFY(!budgets.budgetFor(accountB).canSend(start));
    QVERIFY(budgets.budgetFor(accountC).canSend(start));
    // A hold for the credentials holds every account that uses them.
    budgets.hold(accountB, Hold::CredentialsRejected, start);
    QCOMPARE(budgets.find(accountA)->hold(start), Hold::CredentialsRejected);
    QCOMPARE(budgets.find(accountC)->hold(start), Hold::None);
    // Without a key of its own an account draws on a budget by its id again.
    budgets.setBudgetKey(accountB, {});
    QCOMPARE(budgets.budgetKey(accountB), accountB);
    QVERIFY(budgets.budgetFor(accountB).canSend(start));
}

void TestAccountBudgets::newSettingsReachEveryBudget()
{
    AccountBudgets budgets(smallBudget());
    RequestBudget &a = budgets.budgetFor(accountA);
    a.recordSent(start); // in flight across the change
    PollSettings wider = smallBudget();
    wider.budgetRequests = 60;
    wider.maxInFlight = 2;
    budgets.reconfigure(wider);
    QCOMPARE(a.requests(), 60);
    QCOMPARE(a.inFlight(), 1);
    QVERIFY(a.canSend(start));                            // a second slot now
    QCOMPARE(budgets.budgetFor(accountB).requests(), 60); // and for budgets made later
}

void TestAccountBudgets::announcesAHoldOnce()
{
    AccountBudgets budgets(smallBudget());
    QCOMPARE(budgets.untoldHold(accountA, start).has_value(), false); // nothing held
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(600));
    QVERIFY(!budgets.budgetFor(accountA).canSend(start.addSecs(599)));
    const auto told = budgets.untoldHold(accountA, start);
    QVERIFY(told.has_value());
    QVERIFY2(told->reason.contains(u"rate-limited"_s), qPrintable(told->reason));
    QCOMPARE(told->until, start.addSecs(600));
    QCOMPARE(budgets.untoldHold(accountA, start.addSecs(10)).has_value(), false); // said once
    QCOMPARE(budgets.untoldHold(accountB, start).has_value(), false);
}

void TestAccountBudgets::announcesALaterEndAgain()
{
    AccountBudgets budgets(smallBudget());
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(600));
    QVERIFY(budgets.untoldHold(accountA, start).has_value());
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(900));
    const auto again = budgets.untoldHold(accountA, start.addSecs(30));
    QVERIFY(again.has_value()); // new words: a new end
    QCOMPARE(again->until, start.addSecs(900));
}

void TestAccountBudgets::announcesNoEndedHold()
{
    AccountBudgets budgets(smallBudget());
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(60));
    QCOMPARE(budgets.untoldHold(accountA, start.addSecs(60)).has_value(), false);
    QVERIFY(budgets.takeEndedHolds(start.addSecs(60)).isEmpty()); // never told, so no end to tell
}

void TestAccountBudgets::takesEndedHoldsOnce()
{
    AccountBudgets budgets(smallBudget());
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(60));
    budgets.hold(accountB, Hold::RateLimited, start.addSecs(120));
    QVERIFY(budgets.untoldHold(accountA, start).has_value());
    QVERIFY(budgets.untoldHold(accountB, start).has_value());
    QVERIFY(budgets.takeEndedHolds(start.addSecs(59)).isEmpty());
    const auto first = budgets.takeEndedHolds(start.addSecs(60));
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().key, accountA);
    QCOMPARE(first.first().accounts, QStringList{accountA});
    QVERIFY(budgets.takeEndedHolds(start.addSecs(61)).isEmpty()); // once
    const auto second = budgets.takeEndedHolds(start.addSecs(500));
    QCOMPARE(second.size(), 1);
    QCOMPARE(second.first().accounts, QStringList{accountB});
}

void TestAccountBudgets::credentialsReleaseOnlyTheirOwnHold()
{
    AccountBudgets budgets(smallBudget());
    QVERIFY(!budgets.releaseCredentials(accountA, start)); // nothing to release
    budgets.hold(accountA, Hold::CredentialsRejected, {});
    const auto told = budgets.untoldHold(accountA, start);
    QVERIFY(told.has_value());
    QVERIFY2(told->reason.contains(u"rejected the credentials"_s), qPrintable(told->reason));
    QVERIFY(!told->until.isValid()); // not a matter of time
    QVERIFY(budgets.takeEndedHolds(start.addDays(30)).isEmpty());

    // A 429 that came meanwhile outlives new credentials, and is told anew.
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(300));
    QVERIFY(budgets.releaseCredentials(accountA, start.addSecs(10)));
    QCOMPARE(budgets.budgetFor(accountA).hold(start.addSecs(10)), Hold::RateLimited);
    const auto still = budgets.untoldHold(accountA, start.addSecs(10));
    QVERIFY(still.has_value());
    QCOMPARE(still->until, start.addSecs(300));
    QVERIFY(!budgets.releaseCredentials(accountA, start.addSecs(11)));
}

void TestAccountBudgets::aMissingSecretHoldsUntilItComes()
{
    AccountBudgets budgets(smallBudget());
    budgets.hold(accountA, Hold::CredentialsMissing, {});
    QCOMPARE(budgets.budgetFor(accountA).hold(start), Hold::CredentialsMissing);
    const auto told = budgets.untoldHold(accountA, start);
    QVERIFY(told.has_value());
    QCOMPARE(told->reason, AccountBudgets::holdSentence(Hold::CredentialsMissing, {}));
    QVERIFY(!told->until.isValid());
    QVERIFY(budgets.takeEndedHolds(start.addDays(30)).isEmpty());
    // The secret, once entered, is new credentials: the hold lifts and its end is told.
    QVERIFY(budgets.releaseCredentials(accountA, start.addSecs(10)));
    QCOMPARE(budgets.budgetFor(accountA).hold(start.addSecs(10)), Hold::None);
    QVERIFY(!budgets.untoldHold(accountA, start.addSecs(10)).has_value());
}

void TestAccountBudgets::nextHoldEndIsTheEarliestAnnounced()
{
    AccountBudgets budgets(smallBudget());
    QVERIFY(!budgets.nextHoldEnd().isValid());
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(300));
    QVERIFY(!budgets.nextHoldEnd().isValid()); // not announced yet
    QVERIFY(budgets.untoldHold(accountA, start).has_value());
    QCOMPARE(budgets.nextHoldEnd(), start.addSecs(300));
    budgets.hold(accountB, Hold::RateLimited, start.addSecs(100));
    QVERIFY(budgets.untoldHold(accountB, start).has_value());
    QCOMPARE(budgets.nextHoldEnd(), start.addSecs(100));
    budgets.hold(accountB, Hold::CredentialsRejected, {});
    QCOMPARE(budgets.nextHoldEnd(), start.addSecs(300)); // no end in time for B now
}

void TestAccountBudgets::aSharedHoldIsAnnouncedOnceForEveryAccount()
{
    AccountBudgets budgets(smallBudget());
    budgets.setBudgetKey(accountA, u"token-1"_s);
    budgets.setBudgetKey(accountB, u"token-1"_s);
    budgets.hold(accountB, Hold::RateLimited, start.addSecs(60));
    const auto told = budgets.untoldHold(accountA, start);
    QVERIFY(told.has_value());
    QVERIFY(told->news);
    QCOMPARE(told->key, u"token-1"_s);
    QCOMPARE(told->accounts, (QStringList{accountA, accountB}));
    QCOMPARE(told->newlyHeld, (QStringList{accountA, accountB}));
    // Asked again through the other account: the budget's hold has been told.
    QVERIFY(!budgets.untoldHold(accountB, start).has_value());
    QCOMPARE(budgets.nextHoldEnd(), start.addSecs(60));
    const auto ended = budgets.takeEndedHolds(start.addSecs(60));
    QCOMPARE(ended.size(), 1); // one end for the budget
    QCOMPARE(ended.first().key, u"token-1"_s);
    QCOMPARE(ended.first().accounts, (QStringList{accountA, accountB}));

    // Rejected credentials are the budget's too, and new ones lift the hold for all.
    budgets.hold(accountA, Hold::CredentialsRejected, {});
    QVERIFY(budgets.untoldHold(accountB, start).has_value());
    const auto released = budgets.releaseCredentials(accountB, start.addSecs(70));
    QVERIFY(released.has_value());
    QCOMPARE(released->key, u"token-1"_s);
    QCOMPARE(released->accounts, (QStringList{accountA, accountB}));
}

void TestAccountBudgets::anAccountJoiningAHeldBudgetIsHeldToo()
{
    AccountBudgets budgets(smallBudget());
    budgets.setBudgetKey(accountA, u"token-1"_s);
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(60));
    QVERIFY(budgets.untoldHold(accountA, start).has_value());
    QVERIFY(!budgets.setBudgetKey(accountB, u"token-1"_s).leftHold);
    const auto joined = budgets.untoldHold(accountB, start.addSecs(1));
    QVERIFY(joined.has_value());
    QVERIFY(!joined->news); // the budget's hold was told; only B's rows are news
    QCOMPARE(joined->newlyHeld, QStringList{accountB});
    QCOMPARE(joined->accounts, (QStringList{accountA, accountB}));
    QVERIFY(!budgets.untoldHold(accountB, start.addSecs(2)).has_value());
    QCOMPARE(budgets.takeEndedHolds(start.addSecs(60)).first().accounts,
             (QStringList{accountA, accountB}));
}

void TestAccountBudgets::anAccountLeavingAHeldBudgetIsReleased()
{
    AccountBudgets budgets(smallBudget());
    budgets.setBudgetKey(accountA, u"token-1"_s);
    budgets.setBudgetKey(accountB, u"token-1"_s);
    budgets.hold(accountA, Hold::RateLimited, start.addSecs(60));
    QVERIFY(budgets.untoldHold(accountA, start).has_value());
    // B has credentials of its own now: its rows are no longer held, the budget still is.
    const auto moved = budgets.setBudgetKey(accountB, u"token-2"_s);
    QVERIFY(moved.leftHold);
    QVERIFY(!moved.ended.has_value());
    QCOMPARE(budgets.budgetFor(accountB).hold(start), Hold::None);
    QVERIFY(!budgets.untoldHold(accountB, start).has_value());
    // The last account leaves: nobody is held by it any more, which ends it.
    const auto last = budgets.setBudgetKey(accountA, u"token-3"_s);
    QVERIFY(last.leftHold);
    QVERIFY(last.ended.has_value());
    QCOMPARE(last.ended->key, u"token-1"_s);
    QCOMPARE(last.ended->accounts, QStringList{accountA});
    QVERIFY(budgets.takeEndedHolds(start.addSecs(60)).isEmpty()); // ended once
}

void TestAccountBudgets::holdSentencesNameTheCauseAndTheEnd()
{
    const QDateTime until = start.addSecs(600);
    const QString at = until.toLocalTime().toString(u"HH:mm:ss"_s);
    QCOMPARE(AccountBudgets::holdSentence(Hold::RateLimited, until),
             u"Cloudflare rate-limited the account; no requests until %1."_s.arg(at));
    QVERIFY(AccountBudgets::holdSentence(Hold::QuotaLow, until).contains(at));
    QVERIFY(AccountBudgets::holdSentence(Hold::QuotaLow, until).contains(u"quota"_s));
    QCOMPARE(AccountBudgets::holdSentence(Hold::CredentialsRejected, {}),
             u"Cloudflare rejected the credentials; no requests for this account until they "
             u"change."_s);
    // Nothing was sent: Cloudflare is not blamed, and the operator is told where to go.
    QCOMPARE(AccountBudgets::holdSentence(Hold::CredentialsMissing, {}),
             u"Waiting for the secret: enter it in Settings. Nothing is sent until then."_s);
    QCOMPARE(AccountBudgets::holdSentence(Hold::None, until), QString());
}

QTEST_GUILESS_MAIN(TestAccountBudgets)
#include "tst_accountbudgets.moc"
