// Exports: CSV a spreadsheet cannot be tricked by, JSON with every timeline.

#include "report/Export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace rw;

namespace {

const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

TrackedWorkflow workflow(qint64 id, const QString &domain, const QString &state,
                         const QJsonObject &context = {})
{
    TrackedWorkflow w;
    w.id = id;
    w.ref = {{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, domain, WorkflowKind::Update};
    w.status = WorkflowStatus::fromJson(QJsonObject{{u"state"_s, state},
                                                    {u"completed"_s, false},
                                                    {u"created_at"_s, u"2026-03-01T10:00:00Z"_s},
                                                    {u"updated_at"_s, u"2026-03-01T11:00:00Z"_s},
                                                    {u"links"_s, QJsonObject{{u"self"_s, u"/s"_s}}},
                                                    {u"context"_s, context}})
                   .value();
    w.stateSince = now.addSecs(-3600);
    w.lastCheckedAt = now;
    return w;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private slots:
    void csvEscapesAndDefuses();
    void jsonCarriesTimelines();
    void csvCarriesTimelines();
    void jsonSaysNullForAbsentTimes();
    void accountsAreNamedBesideTheirIds();
};

void TestExport::csvEscapesAndDefuses()
{
    const QList<TrackedWorkflow> rows = {
        workflow(1, u"plain.example"_s, u"blocked"_s, {{u"waiting_on"_s, u"registry"_s}}),
        workflow(2, u"formula.example"_s, u"action_required"_s,
                 {{u"action"_s, u"=HYPERLINK(\"http://evil\",\"click\")"_s}}),
        workflow(3, u"lines.example"_s, u"action_required"_s,
                 {{u"action"_s, u"Confirm, then\nreply \"yes\""_s}}),
    };
    const QString csv = QString::fromUtf8(exporting::toCsv(rows, now));
    const QStringList lines = csv.split(u"\r\n"_s);
    QVERIFY(
        lines.first().startsWith(u"domain,kind,account_id,account_label,sandbox,state,watch,"_s));
    QVERIFY(lines.at(1).startsWith(u"plain.example,update,023e105f4ecef8ad9ca31a8372d0c353,"
                                   u"023e105f4ecef8ad9ca31a8372d0c353,false,blocked,watching,3600,"
                                   u"2026-03-01T11:00:00.000Z,"_s));
    QVERIFY(lines.at(1).endsWith(u"Waiting on the .example registry."_s));
    // The note starts "Needs you: =HYPERLINK": not a formula; one that did would be quoted.
    QVERIFY(csv.contains(u"Needs you: =HYPERLINK(\"\"http://evil\"\",\"\"click\"\")"_s));
    QVERIFY(csv.contains(u"\"Needs you: Confirm, then\nreply \"\"yes\"\"\""_s));
    TrackedWorkflow bare = workflow(4, u"bare.example"_s, u"=1+1"_s);
    const QString formula = QString::fromUtf8(exporting::toCsv({bare}, now));
    QVERIFY2(formula.contains(u",'=1+1,"_s), qPrintable(formula));
}

void TestExport::jsonCarriesTimelines()
{
    const QList<TrackedWorkflow> rows = {workflow(7, u"a.example"_s, u"blocked"_s)};
    const QHash<qint64, QList<StateChange>> timelines = {
        {7,
         {StateChange{7, now.addSecs(-600), std::nullopt, u"in_progress"_s, {}},
          StateChange{7, now.addSecs(-60), u"in_progress"_s, u"blocked"_s,
                      QJsonObject{{u"state"_s, u"blocked"_s}}}}}};
    const QJsonObject json =
        QJsonDocument::fromJson(exporting::toJson(rows, timelines, now)).object();
    QCOMPARE(json.value(u"exported_at").toString(), u"2026-03-01T12:00:00.000Z"_s);
    const QJsonObject row = json.value(u"workflows").toArray().first().toObject();
    QCOMPARE(row.value(u"domain").toString(), u"a.example"_s);
    QCOMPARE(row.value(u"state").toString(), u"blocked"_s);
    QCOMPARE(row.value(u"last_status").toObject().value(u"state").toString(), u"blocked"_s);
    const QJsonArray timeline = row.value(u"timeline").toArray();
    QCOMPARE(timeline.size(), 2);
    QVERIFY(timeline.at(0).toObject().value(u"from").isNull());
    QCOMPARE(timeline.at(1).toObject().value(u"from").toString(), u"in_progress"_s);
    QCOMPARE(timeline.at(1).toObject().value(u"to").toString(), u"blocked"_s);
}

void TestExport::csvCarriesTimelines()
{
    const QList<TrackedWorkflow> rows = {workflow(7, u"a.example"_s, u"blocked"_s),
                                         workflow(8, u"b.example"_s, u"in_progress"_s)};
    const QHash<qint64, QList<StateChange>> timelines = {
        {7,
         {StateChange{7, now.addSecs(-600), std::nullopt, u"in_progress"_s, {}},
          StateChange{7, now.addSecs(-60), u"in_progress"_s, u"=blocked"_s, {}}}},
        {8, {StateChange{8, now.addSecs(-30), std::nullopt, u"in_progress"_s, {}}}}};
    const QStringList lines =
        QString::fromUtf8(exporting::timelinesToCsv(rows, timelines)).split(u"\r\n"_s);
    QCOMPARE(lines,
             (QStringList{
                 u"domain,kind,account_id,account_label,sandbox,observed_at,from_state,to_state"_s,
                 u"a.example,update,023e105f4ecef8ad9ca31a8372d0c353,"
                 u"023e105f4ecef8ad9ca31a8372d0c353,false,2026-03-01T11:50:00.000Z,,in_progress"_s,
                 u"a.example,update,023e105f4ecef8ad9ca31a8372d0c353,"
                 u"023e105f4ecef8ad9ca31a8372d0c353,false,2026-03-01T11:59:00.000Z,in_progress,"
                 u"'=blocked"_s, // a state is never a formula
                 u"b.example,update,023e105f4ecef8ad9ca31a8372d0c353,"
                 u"023e105f4ecef8ad9ca31a8372d0c353,false,2026-03-01T11:59:30.000Z,,in_progress"_s,
                 QString()}));
}

// Absent is null in JSON, for times as for every other field: "" would read as a value.
void TestExport::jsonSaysNullForAbsentTimes()
{
    TrackedWorkflow unseen;
    unseen.id = 9;
    unseen.ref = {
        {u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, u"new.example"_s, WorkflowKind::Update};
    unseen.trackedAt = now;
    const QJsonObject row = QJsonDocument::fromJson(exporting::toJson({unseen}, {}, now))
                                .object()
                                .value(u"workflows")
                                .toArray()
                                .first()
                                .toObject();
    QCOMPARE(row.value(u"tracked_at").toString(), u"2026-03-01T12:00:00.000Z"_s);
    for (const char *key : {"state", "last_status", "last_error", "state_since", "last_checked_at",
                            "next_check_at"}) {
        QVERIFY2(row.contains(QLatin1StringView(key)), key);
        QVERIFY2(row.value(QLatin1StringView(key)).isNull(), key);
    }
}

// The label the operator gave an account goes beside its ID, in every format; a label that
// starts like a formula is defused as any other cell.
void TestExport::accountsAreNamedBesideTheirIds()
{
    AccountLabels labels;
    labels.set(u"023e105f4ecef8ad9ca31a8372d0c353"_s, u"Acme, production"_s);
    const QList<TrackedWorkflow> rows = {workflow(7, u"a.example"_s, u"blocked"_s)};
    const QHash<qint64, QList<StateChange>> timelines = {
        {7, {StateChange{7, now.addSecs(-600), std::nullopt, u"in_progress"_s, {}}}}};
    QVERIFY(QString::fromUtf8(exporting::toCsv(rows, now, labels))
                .split(u"\r\n"_s)
                .at(1)
                .startsWith(u"a.example,update,023e105f4ecef8ad9ca31a8372d0c353,\"Acme, "
                            u"production\",false,"_s));
    QVERIFY(QString::fromUtf8(exporting::timelinesToCsv(rows, timelines, labels))
                .contains(u"023e105f4ecef8ad9ca31a8372d0c353,\"Acme, production\",false,"_s));
    const QJsonObject row = QJsonDocument::fromJson(exporting::toJson(rows, timelines, now, labels))
                                .object()
                                .value(u"workflows")
                                .toArray()
                                .first()
                                .toObject();
    QCOMPARE(row.value(u"account_label").toString(), u"Acme, production"_s);
    labels.set(u"023e105f4ecef8ad9ca31a8372d0c353"_s, u"=cmd"_s);
    QVERIFY(QString::fromUtf8(exporting::toCsv(rows, now, labels)).contains(u",'=cmd,"_s));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
