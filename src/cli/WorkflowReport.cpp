#include "cli/WorkflowReport.h"

#include "common/Duration.h"
#include "common/Json.h"
#include "registrar/DomainName.h"
#include "report/WorkflowText.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace rw::cli {

// Text from the server goes to a terminal: control characters (a newline that fakes another
// row, an escape sequence that recolours it) are shown, not obeyed.
QString printable(const QString &text)
{
    QString shown;
    shown.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            shown += u"\\n"_s;
        else if (u == u'\t')
            shown += u' ';
        else if (u < 0x20 || (u >= 0x7f && u < 0xa0) || c.category() == QChar::Other_Format ||
                 c.category() == QChar::Separator_Line ||
                 c.category() == QChar::Separator_Paragraph)
            shown += u"\\u%1"_s.arg(int(u), 4, 16, QChar(u'0'));
        else
            shown += c;
    }
    return shown;
}

QString WorkflowReport::details(const WorkflowStatus &status)
{
    return printable(workflowText::note(status));
}

QJsonObject WorkflowReport::toJson() const
{
    QJsonObject object{{u"domain"_s, workflow.domain},
                       {u"kind"_s, kindName(workflow.kind)},
                       {u"account_id"_s, workflow.account.id},
                       {u"sandbox"_s, workflow.account.sandbox},
                       {u"observed_at"_s, json::formatDateTime(observedAt)}};
    const QString unicode = domain::toUnicode(workflow.domain);
    if (unicode != workflow.domain)
        object.insert(u"domain_unicode"_s, unicode);
    if (status) {
        object.insert(u"state"_s, status->stateText);
        object.insert(u"state_known"_s, status->isKnownState());
        object.insert(u"completed"_s, status->completed);
        object.insert(u"created_at"_s, json::formatDateTime(status->createdAt));
        object.insert(u"updated_at"_s, json::formatDateTime(status->updatedAt));
        object.insert(u"context"_s, status->context);
        object.insert(u"error"_s, status->error ? QJsonValue(status->error->toJson())
                                                : QJsonValue(QJsonValue::Null));
        QJsonObject links{{u"self"_s, status->selfLink}};
        if (!status->resourceLink.isEmpty())
            links.insert(u"resource"_s, status->resourceLink);
        object.insert(u"links"_s, links);
        if (!status->anomalies.isEmpty())
            object.insert(u"anomalies"_s, QJsonArray::fromStringList(status->anomalies));
    } else {
        for (const QString &key : {u"state"_s, u"state_known"_s, u"completed"_s, u"created_at"_s,
                                   u"updated_at"_s, u"context"_s, u"error"_s, u"links"_s})
            object.insert(key, QJsonValue::Null);
    }
    if (error) {
        const QJsonObject errorJson = error->toJson();
        for (auto it = errorJson.begin(); it != errorJson.end(); ++it)
            object.insert(it.key(), it.value());
    }
    return object;
}

QStringList WorkflowReport::columnTitles()
{
    return {u"DOMAIN"_s, u"KIND"_s, u"STATE"_s, u"IN STATE"_s, u"DETAILS"_s};
}

QStringList WorkflowReport::toColumns(const QDateTime &now) const
{
    const QString name = domain::toUnicode(workflow.domain);
    const QString kind = workflowText::kindLabel(workflow);
    if (!status) {
        const QString what = error ? error->kindName().replace(u'_', u' ') : u"no answer"_s;
        return {name, kind, what, u"-"_s, error ? printable(error->message) : QString()};
    }
    const auto inState = std::chrono::seconds(std::max<qint64>(0, status->updatedAt.secsTo(now)));
    const QString state = status->isKnownState()
                              ? status->stateText
                              : u"unknown (%1)"_s.arg(printable(status->stateText));
    return {name, kind, state, formatDuration(inState), details(*status)};
}

QString formatTable(const QStringList &titles, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &title : titles)
        widths.append(title.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    QString text;
    const auto appendRow = [&](const QStringList &row) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool last = i + 1 == row.size();
            line += last ? row.at(i) : row.at(i).leftJustified(widths.at(i)) + u"  "_s;
        }
        text += line.trimmed() + u'\n';
    };
    appendRow(titles);
    for (const QStringList &row : rows)
        appendRow(row);
    return text;
}

} // namespace rw::cli
