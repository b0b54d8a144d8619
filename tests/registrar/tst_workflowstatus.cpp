// Parsing of WorkflowStatus and the response envelope, from tables.

#include "net/Envelope.h"
#include "registrar/WorkflowStatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using rw::Envelope;
using rw::WorkflowState;
using rw::WorkflowStatus;

namespace {

QJsonObject validResult()
{
    return QJsonObject{
        {u"state"_s, u"in_progress"_s},
        {u"completed"_s, false},
        {u"created_at"_s, u"2019-12-27T18:11:19.117Z"_s},
        {u"updated_at"_s, u"2019-12-27T18:15:02.5+02:00"_s},
        {u"links"_s,
         QJsonObject{
             {u"self"_s, u"/accounts/abc/registrar/registrations/example.com/update-status"_s},
             {u"resource"_s, u"/accounts/abc/registrar/registrations/example.com"_s}}},
        {u"context"_s, QJsonObject{{u"domain_name"_s, u"example.com"_s}}},
        {u"error"_s, QJsonValue::Null},
    };
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value);
    return object;
}

QJsonObject without(QJsonObject object, const QString &key)
{
    object.remove(key);
    return object;
}

} // namespace

class TestWorkflowStatus : public QObject
{
    Q_OBJECT
private slots:
    void parsesValidResults_data();
    void parsesValidResults();
    void refusesMalformedResults_data();
    void refusesMalformedResults();
    void keepsUnknownStateVerbatim();
    void keepsContextWholeAndRawResult();
    void notesInconsistentCompleted();
    void readsTimestampsAsUtc();
    void envelopeReadsEveryPart();
    void envelopeRefusesBadBodies_data();
    void envelopeRefusesBadBodies();
    void lenientEnvelopeKeepsWhatItCan();
    void largeBodyParsesWhenWellFormed();
};

void TestWorkflowStatus::parsesValidResults_data()
{
    QTest::addColumn<QJsonObject>("result");
    QTest::addColumn<WorkflowState>("state");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("errorCode");

    const QList<std::pair<QString, WorkflowState>> states = {
        {u"pending"_s, WorkflowState::Pending},
        {u"in_progress"_s, WorkflowState::InProgress},
        {u"action_required"_s, WorkflowState::ActionRequired},
        {u"blocked"_s, WorkflowState::Blocked},
        {u"succeeded"_s, WorkflowState::Succeeded},
        {u"failed"_s, WorkflowState::Failed},
    };
    for (const auto &[name, state] : states) {
        QJsonObject result = with(validResult(), u"state"_s, name);
        result.insert(u"completed"_s, name == u"succeeded" || name == u"failed");
        if (name == u"failed")
            result.insert(u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                                  {u"message"_s, u"Registry rejected it."_s}});
        QTest::addRow("state %s", qPrintable(name))
            << result << state << u"example.com"_s
            << (name == u"failed" ? u"registry_rejected"_s : QString());
    }

    QJsonObject topLevel = with(validResult(), u"context"_s, QJsonObject());
    topLevel.insert(u"domain_name"_s, u"top.example"_s);
    QTest::newRow("domain_name at top level")
        << topLevel << WorkflowState::InProgress << u"top.example"_s << QString();
    QJsonObject both = with(validResult(), u"domain_name"_s, u"top.example"_s);
    QTest::newRow("domain_name in both: context wins")
        << both << WorkflowState::InProgress << u"example.com"_s << QString();
    QTest::newRow("no domain_name anywhere") << without(validResult(), u"context"_s)
                                             << WorkflowState::InProgress << QString() << QString();
    QTest::newRow("null context") << with(validResult(), u"context"_s, QJsonValue::Null)
                                  << WorkflowState::InProgress << QString() << QString();
    QTest::newRow("error missing") << without(validResult(), u"error"_s)
                                   << WorkflowState::InProgress << u"example.com"_s << QString();
    QTest::newRow("error null") << with(validResult(), u"error"_s, QJsonValue::Null)
                                << WorkflowState::InProgress << u"example.com"_s << QString();
    QJsonObject extras = with(validResult(), u"estimated_completion"_s, u"soon"_s);
    extras.insert(u"links"_s, QJsonObject{{u"self"_s, u"/x/update-status"_s},
                                          {u"dashboard"_s, u"https://dash.example"_s}});
    QTest::newRow("extra keys everywhere")
        << extras << WorkflowState::InProgress << u"example.com"_s << QString();
    QTest::newRow("links.resource missing")
        << with(validResult(), u"links"_s, QJsonObject{{u"self"_s, u"/x/update-status"_s}})
        << WorkflowState::InProgress << u"example.com"_s << QString();
}

void TestWorkflowStatus::parsesValidResults()
{
    QFETCH(QJsonObject, result);
    QFETCH(WorkflowState, state);
    QFETCH(QString, domain);
    QFETCH(QString, errorCode);

    const auto status = WorkflowStatus::fromJson(result);
    QVERIFY2(status.hasValue(), qPrintable(status.hasValue() ? QString() : status.error()));
    QCOMPARE(status->state, state);
    QCOMPARE(status->stateText, result.value(u"state").toString());
    QCOMPARE(status->completed, result.value(u"completed").toBool());
    QCOMPARE(status->domainName, domain);
    QCOMPARE(status->error.has_value(), !errorCode.isEmpty());
    if (status->error)
        QCOMPARE(status->error->code, errorCode);
    QCOMPARE(status->selfLink, result.value(u"links").toObject().value(u"self").toString());
    QCOMPARE(status->raw, result);
    QVERIFY2(status->anomalies.isEmpty(), qPrintable(status->anomalies.join(u"; ")));
}

void TestWorkflowStatus::refusesMalformedResults_data()
{
    QTest::addColumn<QJsonValue>("result");
    QTest::addColumn<QString>("problem"); // what the message must name

    QTest::newRow("result is an array")
        << QJsonValue(QJsonArray{1, 2}) << u"array, not an object"_s;
    QTest::newRow("result is null") << QJsonValue(QJsonValue::Null) << u"null, not an object"_s;
    QTest::newRow("result is a string") << QJsonValue(u"ok"_s) << u"string, not an object"_s;
    QTest::newRow("state missing")
        << QJsonValue(without(validResult(), u"state"_s)) << u"result.state is missing"_s;
    QTest::newRow("state is a number") << QJsonValue(with(validResult(), u"state"_s, 3))
                                       << u"result.state is number, not a string"_s;
    QTest::newRow("completed missing")
        << QJsonValue(without(validResult(), u"completed"_s)) << u"result.completed is missing"_s;
    QTest::newRow("completed is a string")
        << QJsonValue(with(validResult(), u"completed"_s, u"false"_s))
        << u"result.completed is string, not a boolean"_s;
    QTest::newRow("created_at missing")
        << QJsonValue(without(validResult(), u"created_at"_s)) << u"result.created_at is missing"_s;
    QTest::newRow("created_at is a number")
        << QJsonValue(with(validResult(), u"created_at"_s, 1577470279))
        << u"result.created_at is number"_s;
    QTest::newRow("updated_at not RFC 3339")
        << QJsonValue(with(validResult(), u"updated_at"_s, u"27/12/2019 18:11"_s))
        << u"result.updated_at is not an RFC 3339 date-time"_s;
    QTest::newRow("updated_at date only")
        << QJsonValue(with(validResult(), u"updated_at"_s, u"2019-12-27"_s))
        << u"result.updated_at is not an RFC 3339 date-time"_s;
    QTest::newRow("links missing")
        << QJsonValue(without(validResult(), u"links"_s)) << u"result.links is missing"_s;
    QTest::newRow("links.self missing")
        << QJsonValue(with(validResult(), u"links"_s, QJsonObject{{u"resource"_s, u"/r"_s}}))
        << u"result.links.self is missing"_s;
    QTest::newRow("links.self empty")
        << QJsonValue(with(validResult(), u"links"_s, QJsonObject{{u"self"_s, u""_s}}))
        << u"result.links.self is empty"_s;
    // Found by tests/fuzz/fuzz_workflowstatus (corpus/workflowstatus/finding-blank-self): a
    // link of a line feed was read as a link.
    QTest::newRow("links.self blank")
        << QJsonValue(with(validResult(), u"links"_s, QJsonObject{{u"self"_s, u"\n \t"_s}}))
        << u"result.links.self is empty"_s;
    QTest::newRow("links.resource is a number")
        << QJsonValue(with(validResult(), u"links"_s,
                           QJsonObject{{u"self"_s, u"/s"_s}, {u"resource"_s, 7}}))
        << u"result.links.resource is number"_s;
    QTest::newRow("context is an array")
        << QJsonValue(with(validResult(), u"context"_s, QJsonArray{u"a"_s}))
        << u"result.context is array, not an object"_s;
    QTest::newRow("error is a string") << QJsonValue(with(validResult(), u"error"_s, u"boom"_s))
                                       << u"result.error is string, not an object or null"_s;
    QTest::newRow("error.code is a number")
        << QJsonValue(
               with(validResult(), u"error"_s, QJsonObject{{u"code"_s, 5}, {u"message"_s, u"m"_s}}))
        << u"result.error.code is number, not a string"_s;
}

void TestWorkflowStatus::refusesMalformedResults()
{
    QFETCH(QJsonValue, result);
    QFETCH(QString, problem);
    const auto status = WorkflowStatus::fromJson(result);
    QVERIFY(!status.hasValue());
    QVERIFY2(status.error().contains(problem),
             qPrintable(u"\"%1\" does not say \"%2\""_s.arg(status.error(), problem)));
}

void TestWorkflowStatus::keepsUnknownStateVerbatim()
{
    const auto status =
        WorkflowStatus::fromJson(with(validResult(), u"state"_s, u"awaiting_registry_review"_s));
    QVERIFY(status.hasValue());
    QCOMPARE(status->state, WorkflowState::Unknown);
    QCOMPARE(status->stateText, u"awaiting_registry_review"_s);
    QVERIFY(!status->isKnownState());
    QCOMPARE(status->anomalies, QStringList{u"unknown state \"awaiting_registry_review\""_s});
    // Looks like a known one, but is not exactly it: no guessing.
    const auto shouting = WorkflowStatus::fromJson(with(validResult(), u"state"_s, u"FAILED"_s));
    QVERIFY(shouting.hasValue());
    QCOMPARE(shouting->state, WorkflowState::Unknown);
}

void TestWorkflowStatus::keepsContextWholeAndRawResult()
{
    const QJsonObject context{{u"domain_name"_s, u"example.com"_s},
                              {u"action"_s, u"Confirm the email"_s},
                              {u"confirmation_sent_to"_s, u"a@example.com"_s},
                              {u"registration"_s, QJsonObject{{u"auto_renew"_s, true}}},
                              {u"future_key"_s, QJsonArray{1, 2, 3}}};
    const auto status = WorkflowStatus::fromJson(with(validResult(), u"context"_s, context));
    QVERIFY(status.hasValue());
    QCOMPARE(status->context, context);
    QCOMPARE(status->action(), u"Confirm the email"_s);
    QCOMPARE(status->confirmationSentTo(), u"a@example.com"_s);
    QCOMPARE(status->raw.value(u"context").toObject(), context);
}

void TestWorkflowStatus::notesInconsistentCompleted()
{
    const auto status = WorkflowStatus::fromJson(with(validResult(), u"completed"_s, true));
    QVERIFY(status.hasValue());
    QCOMPARE(status->state, WorkflowState::InProgress);
    QCOMPARE(status->anomalies,
             QStringList{u"`completed` is true although the state is in_progress"_s});

    QJsonObject failed = with(validResult(), u"state"_s, u"failed"_s);
    failed.insert(u"completed"_s, true);
    const auto silent = WorkflowStatus::fromJson(failed);
    QVERIFY(silent.hasValue());
    QCOMPARE(silent->anomalies, QStringList{u"the workflow failed but the API gave no error"_s});
}

void TestWorkflowStatus::readsTimestampsAsUtc()
{
    QJsonObject result = validResult();
    result.insert(u"created_at"_s, u"2025-06-15T12:00:00.123456Z"_s); // microseconds
    const auto status = WorkflowStatus::fromJson(result);
    QVERIFY(status.hasValue());
    QCOMPARE(status->createdAt,
             QDateTime(QDate(2025, 6, 15), QTime(12, 0, 0, 123), QTimeZone::utc()));
    QCOMPARE(status->updatedAt,
             QDateTime(QDate(2019, 12, 27), QTime(16, 15, 2, 500), QTimeZone::utc()));
    QCOMPARE(status->updatedAt.timeSpec(), Qt::UTC);
}

void TestWorkflowStatus::envelopeReadsEveryPart()
{
    const QByteArray body = R"({"success": true,
        "errors": [],
        "messages": [{"code": 10001, "message": "Heads up", "documentation_url": "https://d.example/x",
                      "source": {"pointer": "/auto_renew"}}],
        "result": {"a": 1},
        "result_info": {"cursor": "abc", "per_page": 2, "count": 2}})";
    const auto envelope = Envelope::parse(body);
    QVERIFY(envelope.hasValue());
    QVERIFY(envelope->success);
    QCOMPARE(envelope->errors.size(), 0);
    QCOMPARE(envelope->messages.size(), 1);
    const rw::ApiMessage &message = envelope->messages.first();
    QCOMPARE(message.code, 10001);
    QCOMPARE(message.message, u"Heads up"_s);
    QCOMPARE(message.documentationUrl, u"https://d.example/x"_s);
    QCOMPARE(message.sourcePointer, u"/auto_renew"_s);
    QCOMPARE(envelope->result.toObject().value(u"a").toInt(), 1);
    QCOMPARE(envelope->resultInfo.value(u"cursor").toString(), u"abc"_s);
    QCOMPARE(message.toJson().value(u"source").toObject().value(u"pointer").toString(),
             u"/auto_renew"_s);
}

void TestWorkflowStatus::envelopeRefusesBadBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << QByteArray() << u"the body is empty"_s;
    QTest::newRow("truncated JSON")
        << QByteArray(R"({"success": true, "result": {"state": "pen)") << u"not valid JSON"_s;
    QTest::newRow("HTML") << QByteArray("<html>oops</html>") << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[1, 2]") << u"JSON array, not an object"_s;
    QTest::newRow("success missing") << QByteArray(R"({"result": {}})") << u"no `success`"_s;
    QTest::newRow("success is a string")
        << QByteArray(R"({"success": "yes", "result": {}})") << u"`success` is string"_s;
    QTest::newRow("errors is an object")
        << QByteArray(R"({"success": false, "errors": {"code": 1}, "result": null})")
        << u"errors is object, not an array"_s;
    QTest::newRow("message code is a string")
        << QByteArray(R"({"success": true, "messages": [{"code": "x", "message": "m"}]})")
        << u"messages[0].code is string, not a number"_s;
}

void TestWorkflowStatus::envelopeRefusesBadBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);
    const auto envelope = Envelope::parse(body);
    QVERIFY(!envelope.hasValue());
    QVERIFY2(envelope.error().contains(problem), qPrintable(envelope.error()));
}

void TestWorkflowStatus::lenientEnvelopeKeepsWhatItCan()
{
    const Envelope envelope = Envelope::parseLenient(
        R"({"success": false, "errors": [{"code": 9109, "message": "Unauthorized"}, 7],
            "messages": "nope", "result": null})");
    QCOMPARE(envelope.errors.size(), 1);
    QCOMPARE(envelope.errors.first().code, 9109);
    QCOMPARE(envelope.errorSummary(), u"9109: Unauthorized"_s);
    QVERIFY(Envelope::parseLenient("<html>502</html>").errors.isEmpty());
}

void TestWorkflowStatus::largeBodyParsesWhenWellFormed()
{
    // Size is limited where bytes arrive (ApiJob, 1 MiB); parsing itself copes with big input.
    QJsonObject result = validResult();
    result.insert(u"context"_s, QJsonObject{{u"padding"_s, QString(2 * 1024 * 1024, u'x')}});
    const QByteArray body = QJsonDocument(QJsonObject{{u"success"_s, true},
                                                      {u"errors"_s, QJsonArray()},
                                                      {u"messages"_s, QJsonArray()},
                                                      {u"result"_s, result}})
                                .toJson();
    QVERIFY(body.size() > 2 * 1024 * 1024);
    const auto envelope = Envelope::parse(body);
    QVERIFY(envelope.hasValue());
    QVERIFY(WorkflowStatus::fromJson(envelope->result).hasValue());
}

QTEST_GUILESS_MAIN(TestWorkflowStatus)
#include "tst_workflowstatus.moc"
