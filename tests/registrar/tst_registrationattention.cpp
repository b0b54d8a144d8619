// Which registrations need the operator although no workflow runs for them, as a table.

#include "registrar/RegistrationAttention.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rw::Registration;
using rw::RegistrationAttention;
using Reason = RegistrationAttention::Reason;

Q_DECLARE_METATYPE(std::optional<Reason>)

class TestRegistrationAttention : public QObject
{
    Q_OBJECT
private slots:
    void decides_data();
    void decides();
    void keepsTheDate();
    void warnsAsLongBeforeAsAsked();
};

namespace {

const QDateTime now = QDateTime(QDate(2026, 12, 2), QTime(12, 0), Qt::UTC);

Registration registration(const QString &status, bool autoRenew, const QDateTime &expires)
{
    Registration r;
    r.domainName = u"example.com"_s;
    r.status = status;
    r.autoRenew = autoRenew;
    r.expiresAt = expires;
    return r;
}

} // namespace

void TestRegistrationAttention::decides_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("autoRenew");
    QTest::addColumn<QDateTime>("expires");
    QTest::addColumn<std::optional<Reason>>("reason");
    const QDateTime far = now.addDays(200);
    const QDateTime soon = now.addDays(29);
    const std::optional<Reason> none;
    QTest::newRow("active, renews") << u"active"_s << true << soon << none;
    QTest::newRow("active, far off") << u"active"_s << false << far << none;
    QTest::newRow("active, within 30 days, no renewal")
        << u"active"_s << false << soon << std::optional(Reason::ExpiresSoon);
    QTest::newRow("active, past its date, no renewal")
        << u"active"_s << false << now.addDays(-1) << std::optional(Reason::ExpiresSoon);
    QTest::newRow("active, no date") << u"active"_s << false << QDateTime() << none;
    QTest::newRow("expired") << u"expired"_s << true << now.addDays(-3)
                             << std::optional(Reason::Expired);
    QTest::newRow("redemption") << u"redemption_period"_s << true << far
                                << std::optional(Reason::RedemptionPeriod);
    QTest::newRow("pending delete")
        << u"pending_delete"_s << false << far << std::optional(Reason::PendingDelete);
    QTest::newRow("suspended") << u"suspended"_s << true << far << std::optional(Reason::Suspended);
    QTest::newRow("registration pending: a workflow, not a deadline")
        << u"registration_pending"_s << false << QDateTime() << none;
    QTest::newRow("transfer pending: a workflow, not a deadline")
        << u"transfer_pending"_s << false << soon << none;
    QTest::newRow("a status this version does not know")
        << u"quarantined"_s << false << soon << none;
}

void TestRegistrationAttention::decides()
{
    QFETCH(QString, status);
    QFETCH(bool, autoRenew);
    QFETCH(QDateTime, expires);
    QFETCH(std::optional<Reason>, reason);
    const auto attention = RegistrationAttention::of(registration(status, autoRenew, expires), now);
    QCOMPARE(attention.has_value(), reason.has_value());
    if (reason)
        QCOMPARE(attention->reason, *reason);
}

void TestRegistrationAttention::keepsTheDate()
{
    const QDateTime expires = now.addDays(10);
    const auto attention =
        RegistrationAttention::of(registration(u"active"_s, false, expires), now);
    QVERIFY(attention);
    QCOMPARE(attention->expiresAt, expires);
}

void TestRegistrationAttention::warnsAsLongBeforeAsAsked()
{
    const Registration inTwelveDays = registration(u"active"_s, false, now.addDays(12));
    QVERIFY(!RegistrationAttention::of(inTwelveDays, now, std::chrono::days(7)));
    QVERIFY(RegistrationAttention::of(inTwelveDays, now, std::chrono::days(14)));
}

QTEST_GUILESS_MAIN(TestRegistrationAttention)
#include "tst_registrationattention.moc"
