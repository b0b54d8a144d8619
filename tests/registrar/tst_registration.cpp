// A registration's status, read for the workflow it shows in flight: what Import offers to
// watch for each row.

#include "registrar/Registration.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using rw::Registration;
using rw::WorkflowKind;

class TestRegistration : public QObject
{
    Q_OBJECT
private slots:
    void showsTheWorkflowInFlight_data();
    void showsTheWorkflowInFlight();
};

void TestRegistration::showsTheWorkflowInFlight_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("kind"); // -1: none shown

    // Every status of the API reference, and one it may add some day.
    QTest::newRow("registration_pending")
        << u"registration_pending"_s << int(WorkflowKind::Registration);
    QTest::newRow("transfer_pending") << u"transfer_pending"_s << int(WorkflowKind::TransferIn);
    for (const QString &status : {u"active"_s, u"expired"_s, u"suspended"_s, u"redemption_period"_s,
                                  u"pending_delete"_s, u"renewal_pending"_s})
        QTest::newRow(qPrintable(status)) << status << -1;
}

void TestRegistration::showsTheWorkflowInFlight()
{
    QFETCH(QString, status);
    QFETCH(int, kind);
    const auto registration = Registration::fromJson(
        QJsonObject{{u"domain_name"_s, u"example.com"_s}, {u"status"_s, status}});
    QVERIFY(registration.hasValue());
    const auto inFlight = registration->workflowInFlight();
    QCOMPARE(inFlight.has_value(), kind >= 0);
    if (inFlight)
        QCOMPARE(int(*inFlight), kind);
}

QTEST_GUILESS_MAIN(TestRegistration)
#include "tst_registration.moc"
