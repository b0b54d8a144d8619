// The status bar with the budgets of several credentials: one budget reads as it always did;
// several are named by their accounts' labels, each with its count and its hold, the whole in
// the tooltip, and however many there are the bar never widens the window past a small screen.

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/MemorySecretStore.h"
#include "support/FindChild.h"
#include "ui/ElidedLabel.h"
#include "ui/StatusBar.h"

#include <QLabel>
#include <QRegularExpression>
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

const QString beta = u"beta-account"_s;

// The demo's session: its two accounts on one token, labelled "Demo" and "Demo 2", and its
// simulator.
struct Desk
{
    Desk()
        : settings(new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat))
        , session(
              &settings, [this](AppSettings::SecretStorage) { return &secrets; },
              DesktopSession::Options{true, dir.filePath(u"demo.sqlite"_s), {}})
    {}
    [[nodiscard]] QString text(const QString &name) const
    {
        return child<QLabel>(bar.get(), name)->text();
    }
    [[nodiscard]] QString tip(const QString &name) const
    {
        return child<QLabel>(bar.get(), name)->toolTip();
    }
    QTemporaryDir dir;
    AppSettings settings;
    MemorySecretStore secrets;
    DesktopSession session;
    std::unique_ptr<StatusBar> bar;
};

bool matches(const QString &text, const QString &pattern)
{
    return QRegularExpression(u"^"_s + pattern + u"$"_s).match(text).hasMatch();
}

} // namespace

class TestStatusBar : public QObject
{
    Q_OBJECT
private slots:
    void oneBudgetReadsAsBefore();
    void namesTheAccountsOfEachBudget();
    void keepsWithinASmallScreen();
};

void TestStatusBar::oneBudgetReadsAsBefore()
{
    Desk desk;
    QVERIFY(!desk.session.start());
    desk.bar = std::make_unique<StatusBar>(&desk.session);
    const auto budget = [&] {
        return desk.text(u"budget"_s);
    };
    QTRY_VERIFY2(matches(budget(), u"API budget: \\d+ of 900 requests in the last 5m"_s),
                 qPrintable(budget()));
    // What has nothing to say takes no room, before a message and after it.
    desk.bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(desk.bar.get()));
    const auto shown = [&](const QString &name) {
        return child<QLabel>(desk.bar.get(), name)->isVisible();
    };
    QTRY_VERIFY(!shown(u"hold"_s) && !shown(u"reach"_s) && shown(u"budget"_s));
    desk.bar->showMessage(u"4 workflows added."_s);
    QVERIFY(!shown(u"budget"_s)); // the message covers it
    desk.bar->clearMessage();
    QVERIFY(shown(u"budget"_s) && shown(u"nextCheck"_s));
    QVERIFY(!shown(u"hold"_s) && !shown(u"reach"_s));
    // A second account on the same credential: still one budget, said the same way.
    PollEngine *engine = desk.session.engine();
    engine->setBudgetKey(desk.session.account().id, u"one-token"_s);
    engine->setBudgetKey(beta, u"one-token"_s);
    QVERIFY(engine->takeSpare(beta));
    QTRY_VERIFY2(matches(budget(), u"API budget: \\d+ of 900 requests in the last 5m"_s),
                 qPrintable(budget()));
}

void TestStatusBar::namesTheAccountsOfEachBudget()
{
    Desk desk;
    QVERIFY(!desk.session.start());
    desk.bar = std::make_unique<StatusBar>(&desk.session);
    PollEngine *engine = desk.session.engine();
    engine->setBudgetKey(beta, u"beta-token"_s);
    QVERIFY(engine->takeSpare(beta));
    QVERIFY(engine->takeSpare(beta));
    const auto budget = [&] {
        return desk.text(u"budget"_s);
    };
    QTRY_VERIFY2(
        matches(budget(),
                u"API budget, last 5m: Demo, Demo 2: \\d+ of 900 · beta-account: 2 of 900"_s),
        qPrintable(budget()));
    const QStringList lines = desk.tip(u"budget"_s).split(u'\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1), u"beta-account: 2 of 900 requests in the last 5m"_s);
    QCOMPARE(desk.text(u"hold"_s), QString());

    // Cloudflare rate-limits Beta's credential: that budget says so, by name; Demo's goes on.
    ResponseInfo limited;
    limited.httpStatus = 429;
    limited.rateLimit.retryAfter = 600s;
    engine->spareFinished(beta, limited);
    const QString until =
        engine->accountStatus(beta).heldUntil.toLocalTime().toString(u"HH:mm:ss"_s);
    QTRY_VERIFY2(budget().endsWith(u"beta-account: 2 of 900 ⚠ held until %1"_s.arg(until)),
                 qPrintable(budget()));
    QVERIFY2(
        matches(budget(), u"API budget, last 5m: Demo, Demo 2: \\d+ of 900 · beta-account: .*"_s),
        qPrintable(budget()));
    QCOMPARE(desk.text(u"hold"_s), u"⚠ beta-account: "_s + engine->accountStatus(beta).reason);
    QVERIFY2(desk.tip(u"budget"_s).contains(u"— held: Cloudflare rate-limited"_s),
             qPrintable(desk.tip(u"budget"_s)));

    // Demo's own secret goes missing: said once, beside "Enter the secret…", not as a hold too;
    // Beta's hold is still said.
    const QString demoKey = engine->budgetKey(desk.session.account().id);
    engine->credentialsMissing(desk.session.account().id);
    emit desk.session.credentialsMissing(u"The API token was kept for one session only."_s);
    QTRY_VERIFY2(budget().contains(u"Demo: 0 of 900 ⚠ held ·"_s), qPrintable(budget()));
    QTRY_COMPARE(desk.text(u"hold"_s), u"⚠ beta-account: "_s + engine->accountStatus(beta).reason);
    QCOMPARE(desk.text(u"credentials"_s), u"The API token was kept for one session only."_s);
    engine->setBudgetKey(desk.session.account().id, demoKey); // the secret is back
    engine->credentialsChanged(desk.session.account().id);
    emit desk.session.credentialsReady();

    // Beta shares Demo's credential now: one budget again, and Beta's rows are not held.
    engine->setBudgetKey(beta, engine->budgetKey(desk.session.account().id));
    QTRY_VERIFY2(matches(budget(), u"API budget: \\d+ of 900 requests in the last 5m"_s),
                 qPrintable(budget()));
    QCOMPARE(desk.text(u"hold"_s), QString());
}

void TestStatusBar::keepsWithinASmallScreen()
{
    Desk desk;
    QVERIFY(!desk.session.start());
    desk.bar = std::make_unique<StatusBar>(&desk.session);
    PollEngine *engine = desk.session.engine();
    for (int i = 0; i < 12; ++i) {
        const QString account = u"customer-account-with-a-long-name-%1"_s.arg(i);
        engine->setBudgetKey(account, u"token-%1"_s.arg(i));
        QVERIFY(engine->takeSpare(account));
    }
    QLabel *budget = child<QLabel>(desk.bar.get(), u"budget"_s);
    QTRY_VERIFY(budget->text().contains(u"name-11: 1 of 900"_s));
    QVERIFY2(budget->sizeHint().width() > 1440, "the text is longer than the screen");
    QVERIFY2(desk.bar->minimumSizeHint().width() < 1440,
             qPrintable(QString::number(desk.bar->minimumSizeHint().width())));
    QCOMPARE(budget->toolTip().split(u'\n').size(), 13); // every budget in full

    // Shown narrower than its text, it ends in "…" where it is cut, not in half a word.
    desk.bar->resize(1024, desk.bar->sizeHint().height());
    desk.bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(desk.bar.get()));
    auto *elided = qobject_cast<ui::ElidedLabel *>(budget);
    QVERIFY(elided);
    QTRY_VERIFY(budget->width() < budget->sizeHint().width());
    const QString shown = elided->shownText();
    QVERIFY2(shown.endsWith(u'…') && shown.size() > 20, qPrintable(shown));
    QVERIFY(budget->text().startsWith(shown.chopped(1)));
    QVERIFY(budget->text().contains(u"name-11: 1 of 900"_s)); // the text itself stays whole
}

QTEST_MAIN(TestStatusBar)
#include "tst_statusbar.moc"
