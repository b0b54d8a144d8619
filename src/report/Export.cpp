#include "report/Export.h"

#include "common/Json.h"
#include "report/WorkflowText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace rw::exporting {

namespace {

QString csvCell(QString text)
{
    // A cell that starts like a formula would be run by a spreadsheet: text from the API must
    // never become one.
    if (!text.isEmpty() && QStringView(u"=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r'))
        text = u'"' + text.replace(u'"', u"\"\""_s) + u'"';
    return text;
}

QString time(const QDateTime &time)
{
    return time.isValid() ? json::formatDateTime(time) : QString();
}

// Null, as every other absent field of the JSON: "" would read as a time nobody can parse.
QJsonValue jsonTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(json::formatDateTime(time)) : QJsonValue();
}

} // namespace

namespace {

QByteArray csvDocument(const QString &header, const QList<QStringList> &rows)
{
    QStringList lines{header};
    for (const QStringList &cells : rows) {
        QStringList escaped;
        for (const QString &cell : cells)
            escaped.append(csvCell(cell));
        lines.append(escaped.join(u','));
    }
    return (lines.join(u"\r\n"_s) + u"\r\n"_s).toUtf8();
}

} // namespace

QByteArray toCsv(const QList<TrackedWorkflow> &workflows, const QDateTime &now,
                 const AccountLabels &labels)
{
    QList<QStringList> rows;
    for (const TrackedWorkflow &workflow : workflows) {
        rows.append({
            workflow.ref.domain,
            kindName(workflow.ref.kind),
            workflow.ref.account.id,
            labels.labelOf(workflow.ref.account),
            workflow.ref.account.sandbox ? u"true"_s : u"false"_s,
            workflow.status ? workflow.status->stateText : QString(),
            watchStateName(workflow.watch),
            workflow.stateSince.isValid() ? QString::number(workflow.stateSince.secsTo(now))
                                          : QString(),
            workflow.status ? time(workflow.status->updatedAt) : QString(),
            time(workflow.lastCheckedAt),
            time(workflow.nextPollAt),
            workflowText::note(workflow),
        });
    }
    return csvDocument(u"domain,kind,account_id,account_label,sandbox,state,watch,time_in_state_s,"
                       u"updated_at,last_checked_at,next_check_at,notes"_s,
                       rows);
}

QByteArray timelinesToCsv(const QList<TrackedWorkflow> &workflows,
                          const QHash<qint64, QList<StateChange>> &timelines,
                          const AccountLabels &labels)
{
    QList<QStringList> rows;
    for (const TrackedWorkflow &workflow : workflows) {
        for (const StateChange &change : timelines.value(workflow.id)) {
            rows.append({
                workflow.ref.domain,
                kindName(workflow.ref.kind),
                workflow.ref.account.id,
                labels.labelOf(workflow.ref.account),
                workflow.ref.account.sandbox ? u"true"_s : u"false"_s,
                time(change.observedAt),
                change.fromState.value_or(QString()),
                change.toState,
            });
        }
    }
    return csvDocument(
        u"domain,kind,account_id,account_label,sandbox,observed_at,from_state,to_state"_s, rows);
}

QByteArray toJson(const QList<TrackedWorkflow> &workflows,
                  const QHash<qint64, QList<StateChange>> &timelines, const QDateTime &now,
                  const AccountLabels &labels)
{
    QJsonArray rows;
    for (const TrackedWorkflow &workflow : workflows) {
        QJsonArray timeline;
        for (const StateChange &change : timelines.value(workflow.id)) {
            timeline.append(QJsonObject{
                {u"observed_at"_s, jsonTime(change.observedAt)},
                {u"from"_s, change.fromState ? QJsonValue(*change.fromState) : QJsonValue()},
                {u"to"_s, change.toState},
                {u"status"_s, change.status}});
        }
        rows.append(QJsonObject{
            {u"domain"_s, workflow.ref.domain},
            {u"kind"_s, kindName(workflow.ref.kind)},
            {u"account_id"_s, workflow.ref.account.id},
            {u"account_label"_s, labels.labelOf(workflow.ref.account)},
            {u"sandbox"_s, workflow.ref.account.sandbox},
            {u"state"_s, workflow.status ? QJsonValue(workflow.status->stateText) : QJsonValue()},
            {u"watch"_s, watchStateName(workflow.watch)},
            {u"stop_reason"_s, workflow.stopReason},
            {u"tracked_at"_s, jsonTime(workflow.trackedAt)},
            {u"state_since"_s, jsonTime(workflow.stateSince)},
            {u"last_checked_at"_s, jsonTime(workflow.lastCheckedAt)},
            {u"next_check_at"_s, jsonTime(workflow.nextPollAt)},
            {u"last_status"_s, workflow.status ? QJsonValue(workflow.status->raw) : QJsonValue()},
            {u"last_error"_s,
             workflow.lastError ? QJsonValue(workflow.lastError->toJson()) : QJsonValue()},
            {u"notes"_s, workflowText::note(workflow)},
            {u"timeline"_s, timeline}});
    }
    return QJsonDocument(QJsonObject{{u"exported_at"_s, jsonTime(now)}, {u"workflows"_s, rows}})
        .toJson(QJsonDocument::Indented);
}

} // namespace rw::exporting
