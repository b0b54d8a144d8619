#include "report/WatchSummaryText.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace rw {

QString watchSummaryText(const PollEngine::WatchSummary &summary, int rejected)
{
    QStringList parts;
    if (summary.added > 0)
        parts.append(summary.added == 1 ? u"1 workflow added"_s
                                        : u"%1 workflows added"_s.arg(summary.added));
    if (summary.rechecked > 0)
        parts.append(u"%1 already watched, checked again now"_s.arg(summary.rechecked));
    if (summary.resumed > 0)
        parts.append(summary.resumed == 1
                         ? u"1 already watched but stopped, resumed"_s
                         : u"%1 already watched but stopped, resumed"_s.arg(summary.resumed));
    if (rejected > 0)
        parts.append(rejected == 1 ? u"1 rejected"_s : u"%1 rejected"_s.arg(rejected));
    if (parts.isEmpty())
        return u"Nothing to add."_s;
    QString sentence = parts.join(u"; "_s) + u'.';
    sentence[0] = sentence.at(0).toUpper();
    return sentence;
}

} // namespace rw
