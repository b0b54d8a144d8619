// The registrations that need the operator: a listing replaces an account's notices, keeps when
// a known need was found and told, and treats a new reason as a new need.

#include "discovery/RegistrationNotices.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using rw::AccountRef;
using rw::RegistrationAttention;
using rw::RegistrationNotice;
using Reason = RegistrationAttention::Reason;

namespace {

const QDateTime monday(QDate(2026, 3, 2), QTime(9, 0), QTimeZone::utc());
const AccountRef acme{u"acme"_s, false};
const AccountRef beta{u"beta"_s, false};

RegistrationNotice notice(const AccountRef &account, const QString &domain, Reason reason,
                          const QDateTime &found)
{
    RegistrationNotice n;
    n.account = account;
    n.domain = domain;
    n.attention.reason = reason;
    n.foundAt = found;
    return n;
}

} // namespace

class TestRegistrationNotices : public QObject
{
    Q_OBJECT
private slots:
    void aListingReplacesTheAccountsNoticesOnly();
    void aKnownNeedKeepsWhenItWasFoundAndTold();
    void removingAnAccountTakesItsNotices();
};

void TestRegistrationNotices::aListingReplacesTheAccountsNoticesOnly()
{
    rw::RegistrationNotices notices;
    QSignalSpy added(&notices, &rw::RegistrationNotices::noticeAdded);
    QSignalSpy removed(&notices, &rw::RegistrationNotices::noticeRemoved);
    notices.replaceForAccount(acme, {notice(acme, u"a.com"_s, Reason::Expired, monday),
                                     notice(acme, u"b.com"_s, Reason::ExpiresSoon, monday)});
    notices.put(notice(beta, u"c.com"_s, Reason::Suspended, monday));
    QCOMPARE(added.size(), 3);
    notices.replaceForAccount(acme, {notice(acme, u"b.com"_s, Reason::ExpiresSoon, monday)});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).value<RegistrationNotice>().domain, u"a.com"_s);
    QCOMPARE(notices.find(acme, u"a.com"_s), nullptr);
    QVERIFY(notices.find(acme, u"b.com"_s));
    QVERIFY(notices.find(beta, u"c.com"_s)); // another account's listing is its own
}

void TestRegistrationNotices::aKnownNeedKeepsWhenItWasFoundAndTold()
{
    rw::RegistrationNotices notices;
    RegistrationNotice first = notice(acme, u"a.com"_s, Reason::ExpiresSoon, monday);
    first.toldAt = monday.addSecs(60);
    notices.put(first);
    notices.replaceForAccount(acme,
                              {notice(acme, u"a.com"_s, Reason::ExpiresSoon, monday.addDays(1))});
    QCOMPARE(notices.find(acme, u"a.com"_s)->foundAt, monday);
    QCOMPARE(notices.find(acme, u"a.com"_s)->toldAt, monday.addSecs(60));
    // Expired now: a new need, found now and not told yet.
    notices.replaceForAccount(acme, {notice(acme, u"a.com"_s, Reason::Expired, monday.addDays(2))});
    QCOMPARE(notices.find(acme, u"a.com"_s)->foundAt, monday.addDays(2));
    QVERIFY(!notices.find(acme, u"a.com"_s)->toldAt.isValid());
}

void TestRegistrationNotices::removingAnAccountTakesItsNotices()
{
    rw::RegistrationNotices notices;
    notices.put(notice(acme, u"a.com"_s, Reason::Expired, monday));
    notices.put(notice(beta, u"c.com"_s, Reason::Suspended, monday));
    QSignalSpy removed(&notices, &rw::RegistrationNotices::noticeRemoved);
    notices.removeAccount(acme.id);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(notices.notices().size(), 1);
    QCOMPARE(notices.notices().first().account.id, beta.id);
}

QTEST_GUILESS_MAIN(TestRegistrationNotices)
#include "tst_registrationnotices.moc"
