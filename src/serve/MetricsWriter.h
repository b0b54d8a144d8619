#pragma once

#include "serve/MetricsCollector.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace rw {

// The exposition formats' syntax, apart from what is measured: family headers, escaped label
// values, samples and the end. Pure, so that the rules of both formats are tested in one place.
//
// Sample names are the same in both formats (a counter's samples end in `_total`, an info's in
// `_info`); what differs is the family: the classic format names the family as its samples and
// knows no `info` (a gauge), OpenMetrics names a counter's family without `_total`, an info's
// without `_info`, adds the unit of `_seconds` families, and ends the body with `# EOF`.
class MetricsWriter
{
public:
    enum class Type {
        Gauge,
        Counter, // the family's name without `_total`
        Info,    // the family's name without `_info`; value 1, what matters is in the labels
    };

    // Writes at the end of `out`, which must outlive the writer.
    MetricsWriter(MetricsFormat format, QByteArray &out);

    // Starts a family: its TYPE and HELP (and UNIT) lines. `help` is escaped here.
    void family(QByteArrayView name, Type type, QByteArrayView help);
    // One sample of the current family; `labels` is a list made by appendLabel() (may be empty).
    void sample(QByteArrayView labels, qint64 value);
    // Samples of the current family written elsewhere (with sampleName()), as they are.
    void append(const QByteArray &lines) { m_out.append(lines); }
    // Where samples of the current family go, for those who write them with appendSample().
    [[nodiscard]] QByteArray &out() { return m_out; }
    // The samples' name of the family `name` of `type`.
    [[nodiscard]] static QByteArray sampleName(QByteArrayView name, Type type);
    // Ends the body as the format wants.
    void finish();

    // Appends `name="value"` to a label list, after a comma when the list is not empty, with the
    // value escaped: backslash, double quote and line feed.
    static void appendLabel(QByteArray &labels, QByteArrayView name, QStringView value);
    static void appendLabel(QByteArray &labels, QByteArrayView name, QByteArrayView value);
    // Appends `value` escaped for a label value (UTF-8 in, UTF-8 out).
    static void appendEscaped(QByteArray &out, QByteArrayView utf8);
    // Appends `name{labels} value\n`.
    static void appendSample(QByteArray &out, QByteArrayView sampleName, QByteArrayView labels,
                             qint64 value);
    static void appendNumber(QByteArray &out, qint64 value);

private:
    MetricsFormat m_format;
    QByteArray &m_out;
    QByteArray m_sample; // the current family's samples' name
};

} // namespace rw
