// Deadlines, table by table: since when an action_required workflow has waited, the windows
// Cloudflare publishes for a change of registrant (7 days) and a losing registrar (5 days)
// shown as estimates, a registration's expiry with auto-renew off, and the order they sort in.

#include "report/Deadline.h"
#include "report/WorkflowText.h"

#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace rw;

namespace {

// Tue 3 Mar 2026 at 08:14 UTC is 09:14 in Berlin (the test's zone).
const QDateTime asked(QDate(2026, 3, 3), QTime(8, 14), QTimeZone::utc());
const QDateTime now = asked.addDays(2).addSecs(3600);

TrackedWorkflow workflow(WorkflowKind kind, const QString &state, const QJsonObject &context,
                         const QDateTime &updatedAt = asked)
{
    TrackedWorkflow workflow;
    workflow.id = 1;
    workflow.ref = {{u"acc"_s, false}, u"example.com"_s, kind};
    workflow.status = WorkflowStatus::fromJson(
                          QJsonObject{{u"state"_s, state},
                                      {u"completed"_s, state == u"succeeded"},
                                      {u"created_at"_s, asked.addDays(-1).toString(Qt::ISODate)},
                                      {u"updated_at"_s, updatedAt.toString(Qt::ISODate)},
                                      {u"links"_s, QJsonObject{{u"self"_s, u"/s"_s}}},
                                      {u"context"_s, context}})
                          .value();
    // First seen an hour after Cloudflare's own time: the earlier one counts.
    workflow.stateSince = updatedAt.addSecs(3600);
    return workflow;
}

QJsonObject registration(const QDateTime &expiresAt, bool autoRenew)
{
    return {{u"registration"_s, QJsonObject{{u"domain_name"_s, u"example.com"_s},
                                            {u"status"_s, u"active"_s},
                                            {u"created_at"_s, u"2025-03-20T00:00:00Z"_s},
                                            {u"expires_at"_s, expiresAt.toString(Qt::ISODate)},
                                            {u"auto_renew"_s, autoRenew},
                                            {u"locked"_s, true},
                                            {u"privacy_mode"_s, u"redaction"_s}}}};
}

} // namespace

Q_DECLARE_METATYPE(rw::TrackedWorkflow)

class TestDeadline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void ofWorkflow_data();
    void ofWorkflow();
    void ofNotice_data();
    void ofNotice();
    void sortsNearestFirst();
    void spans_data();
    void spans();
};

void TestDeadline::initTestCase()
{
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

void TestDeadline::ofWorkflow_data()
{
    QTest::addColumn<TrackedWorkflow>("workflow");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("sentence");

    const auto action = [](const QString &text) {
        return QJsonObject{{u"action"_s, text}};
    };
    QTest::newRow("action required, no window")
        << workflow(WorkflowKind::Registration, u"action_required"_s, action(u"Accept the terms"_s))
        << now << u"waiting 2 days"_s << u"Waiting for you since Tue 3 Mar 09:14 (2 days)."_s;
    QTest::newRow("change of registrant")
        << workflow(WorkflowKind::Update, u"action_required"_s,
                    action(u"Confirm the new registrant email address"_s))
        << now << u"~4 days left"_s
        << u"Waiting for you since Tue 3 Mar 09:14 (2 days). Cancelled in about 4 days, on Tue "
           u"10 Mar 09:14 (estimate: 7 days after the request, unless the registrant approves "
           u"it)."_s;
    QTest::newRow("change of registrant, past the window")
        << workflow(WorkflowKind::Update, u"action_required"_s,
                    action(u"Approve the registrant change"_s))
        << asked.addDays(8) << u"likely cancelled"_s
        << u"Waiting for you since Tue 3 Mar 09:14 (8 days). Probably cancelled already, on Tue "
           u"10 Mar 09:14 (estimate: 7 days after the request, unless the registrant approves "
           u"it)."_s;
    QTest::newRow("losing registrar")
        << workflow(WorkflowKind::TransferIn, u"blocked"_s,
                    {{u"waiting_on"_s, u"losing_registrar"_s}})
        << now << u"~2 days left"_s
        << u"Waiting on the losing registrar since Tue 3 Mar 09:14 (2 days); its answer is due "
           u"in about 2 days, by Sun 8 Mar 09:14 (estimate: the losing registrar has up to 5 "
           u"days to approve or reject it)."_s;
    QTest::newRow("expires, auto-renew off")
        << workflow(WorkflowKind::Registration, u"succeeded"_s,
                    registration(now.addDays(12).addSecs(60), false))
        << now << u"expires in 12 days"_s
        << u"Expires in 12 days, on Tue 17 Mar 10:15. Auto-renew is off."_s;
    QTest::newRow("expires next year")
        << workflow(
               WorkflowKind::Registration, u"succeeded"_s,
               registration(QDateTime(QDate(2027, 1, 2), QTime(11, 0), QTimeZone::utc()), false))
        << QDateTime(QDate(2026, 12, 20), QTime(12, 0), QTimeZone::utc()) << u"expires in 12 days"_s
        << u"Expires in 12 days, on Sat 2 Jan 2027 12:00. Auto-renew is off."_s;
}

void TestDeadline::ofWorkflow()
{
    QFETCH(TrackedWorkflow, workflow);
    QFETCH(QDateTime, at);
    QFETCH(QString, cell);
    QFETCH(QString, sentence);
    const auto deadline = Deadline::of(workflow, at);
    QVERIFY(deadline);
    QCOMPARE(workflowText::deadlineCell(*deadline, at), cell);
    QCOMPARE(workflowText::deadline(*deadline, at), sentence);
    QCOMPARE(deadline->estimate, deadline->kind == Deadline::Kind::RegistrantChange ||
                                     deadline->kind == Deadline::Kind::TransferRelease);
}

void TestDeadline::ofNotice_data()
{
    using Reason = RegistrationAttention::Reason;
    QTest::addColumn<int>("reason");
    QTest::addColumn<QDateTime>("expiresAt");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("cell");

    QTest::newRow("expires soon") << int(Reason::ExpiresSoon) << now.addDays(12).addSecs(30)
                                  << u"Expires in 12 days"_s << u"expires in 12 days"_s;
    QTest::newRow("expired") << int(Reason::Expired) << now.addDays(-3) << u"Expired"_s
                             << u"expired 3 days ago"_s;
    QTest::newRow("redemption") << int(Reason::RedemptionPeriod) << now.addDays(-40)
                                << u"Redemption period"_s << u"expired 40 days ago"_s;
    QTest::newRow("pending delete") << int(Reason::PendingDelete) << now.addDays(-75)
                                    << u"Pending delete"_s << u"expired 75 days ago"_s;
    QTest::newRow("suspended, no date")
        << int(Reason::Suspended) << QDateTime() << u"Suspended"_s << u"—"_s;
}

void TestDeadline::ofNotice()
{
    QFETCH(int, reason);
    QFETCH(QDateTime, expiresAt);
    QFETCH(QString, label);
    QFETCH(QString, cell);
    RegistrationNotice notice;
    notice.domain = u"example.com"_s;
    notice.attention = {RegistrationAttention::Reason(reason), expiresAt};
    const Deadline deadline = Deadline::of(notice);
    QCOMPARE(workflowText::attentionLabel(notice.attention, now), label);
    QCOMPARE(workflowText::deadlineCell(deadline, now), cell);
    QCOMPARE(deadline.end, expiresAt);
    QVERIFY(!deadline.estimate);
}

void TestDeadline::sortsNearestFirst()
{
    // A known end, past or to come, before any wait without an end; among those, the longest
    // wait first; no deadline at all last.
    const auto key = [](const TrackedWorkflow &workflow) {
        const auto deadline = Deadline::of(workflow, now);
        return deadline ? deadline->sortKey() : Deadline::noDeadline;
    };
    const qint64 expired = key(
        workflow(WorkflowKind::Registration, u"succeeded"_s, registration(now.addDays(-1), false)));
    const qint64 registrant = key(workflow(WorkflowKind::Update, u"action_required"_s,
                                           {{u"action"_s, u"Confirm the registrant change"_s}}));
    const qint64 expires = key(
        workflow(WorkflowKind::Registration, u"succeeded"_s, registration(now.addDays(20), false)));
    const qint64 waitedLonger = key(workflow(WorkflowKind::Registration, u"action_required"_s,
                                             {{u"action"_s, u"Pay"_s}}, asked.addDays(-3)));
    const qint64 waited =
        key(workflow(WorkflowKind::Registration, u"action_required"_s, {{u"action"_s, u"Pay"_s}}));
    const qint64 renews = key(
        workflow(WorkflowKind::Registration, u"succeeded"_s, registration(now.addDays(20), true)));
    const qint64 running = key(workflow(WorkflowKind::Update, u"in_progress"_s, {}));
    QCOMPARE_LT(expired, registrant);
    QCOMPARE_LT(registrant, expires);
    QCOMPARE_LT(expires, waitedLonger);
    QCOMPARE_LT(waitedLonger, waited);
    QCOMPARE_LT(waited, renews);
    QCOMPARE(renews, Deadline::noDeadline);
    QCOMPARE(running, Deadline::noDeadline);
}

void TestDeadline::spans_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("under a minute") << qint64(20) << u"1 minute"_s;
    QTest::newRow("minutes") << qint64(59 * 60 + 59) << u"59 minutes"_s;
    QTest::newRow("an hour") << qint64(3600) << u"1 hour"_s;
    QTest::newRow("hours") << qint64(23 * 3600 + 3599) << u"23 hours"_s;
    QTest::newRow("a day") << qint64(86400 + 7200) << u"1 day"_s;
    QTest::newRow("days, rounded down") << qint64(4 * 86400 + 20 * 3600) << u"4 days"_s;
}

void TestDeadline::spans()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(workflowText::span(std::chrono::seconds(seconds)), text);
}

QTEST_GUILESS_MAIN(TestDeadline)
#include "tst_deadline.moc"
