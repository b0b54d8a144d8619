#include "serve/MetricsWriter.h"

#include <charconv>
#include <cstring>

namespace rw {

namespace {

constexpr QByteArrayView secondsSuffix = "_seconds";

QByteArrayView suffixOf(MetricsWriter::Type type)
{
    switch (type) {
    case MetricsWriter::Type::Gauge:
        return {};
    case MetricsWriter::Type::Counter:
        return "_total";
    case MetricsWriter::Type::Info:
        return "_info";
    }
    return {};
}

QByteArrayView typeName(MetricsWriter::Type type, MetricsFormat format)
{
    switch (type) {
    case MetricsWriter::Type::Gauge:
        return "gauge";
    case MetricsWriter::Type::Counter:
        return "counter";
    case MetricsWriter::Type::Info:
        // The classic format has no info type: such a family is a gauge of value 1 there.
        return format == MetricsFormat::OpenMetrics ? QByteArrayView("info") : "gauge";
    }
    return "untyped";
}

// HELP text: the classic format escapes backslash and line feed; OpenMetrics also the double
// quote. Escaping the quote in both would show a stray backslash in the classic format.
void appendHelp(QByteArray &out, QByteArrayView help, MetricsFormat format)
{
    for (const char c : help) {
        if (c == '\\')
            out.append("\\\\");
        else if (c == '\n')
            out.append("\\n");
        else if (c == '"' && format == MetricsFormat::OpenMetrics)
            out.append("\\\"");
        else
            out.append(c);
    }
}

} // namespace

MetricsWriter::MetricsWriter(MetricsFormat format, QByteArray &out)
    : m_format(format)
    , m_out(out)
{}

QByteArray MetricsWriter::sampleName(QByteArrayView name, Type type)
{
    QByteArray sample;
    sample.reserve(name.size() + 6);
    sample.append(name).append(suffixOf(type));
    return sample;
}

void MetricsWriter::family(QByteArrayView name, Type type, QByteArrayView help)
{
    m_sample = sampleName(name, type);
    // OpenMetrics names the family without its samples' suffix; the classic format as them.
    const QByteArrayView familyName =
        m_format == MetricsFormat::OpenMetrics ? name : QByteArrayView(m_sample);
    m_out.append("# HELP ").append(familyName).append(' ');
    appendHelp(m_out, help, m_format);
    m_out.append("\n# TYPE ").append(familyName).append(' ');
    m_out.append(typeName(type, m_format)).append('\n');
    if (m_format == MetricsFormat::OpenMetrics && type == Type::Gauge &&
        name.endsWith(secondsSuffix))
        m_out.append("# UNIT ").append(name).append(" seconds\n");
}

void MetricsWriter::sample(QByteArrayView labels, qint64 value)
{
    appendSample(m_out, m_sample, labels, value);
}

void MetricsWriter::finish()
{
    if (m_format == MetricsFormat::OpenMetrics)
        m_out.append("# EOF\n");
}

void MetricsWriter::appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    qsizetype clean = 0; // runs without anything to escape go in one append
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        if (c != '\\' && c != '"' && c != '\n')
            continue;
        out.append(utf8.sliced(clean, i - clean));
        out.append(c == '\n' ? QByteArrayView("\\n") : c == '"' ? "\\\"" : "\\\\");
        clean = i + 1;
    }
    out.append(utf8.sliced(clean));
}

void MetricsWriter::appendLabel(QByteArray &labels, QByteArrayView name, QByteArrayView value)
{
    if (!labels.isEmpty())
        labels.append(',');
    labels.append(name).append("=\"");
    appendEscaped(labels, value);
    labels.append('"');
}

void MetricsWriter::appendLabel(QByteArray &labels, QByteArrayView name, QStringView value)
{
    appendLabel(labels, name, QByteArrayView(value.toUtf8()));
}

void MetricsWriter::appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end - digits);
}

void MetricsWriter::appendSample(QByteArray &out, QByteArrayView sampleName, QByteArrayView labels,
                                 qint64 value)
{
    // Tens of thousands of lines a scrape: one resize and plain copies, not seven appends.
    char digits[24];
    const qsizetype digitCount = std::to_chars(digits, digits + sizeof digits, value).ptr - digits;
    const qsizetype braces = labels.isEmpty() ? 0 : 2;
    const qsizetype at = out.size();
    out.resize(at + sampleName.size() + labels.size() + braces + 1 + digitCount + 1);
    char *to = out.data() + at;
    const auto put = [&to](const char *from, qsizetype size) {
        std::memcpy(to, from, size_t(size));
        to += size;
    };
    put(sampleName.data(), sampleName.size());
    if (braces) {
        *to++ = '{';
        put(labels.data(), labels.size());
        *to++ = '}';
    }
    *to++ = ' ';
    put(digits, digitCount);
    *to = '\n';
}

} // namespace rw
