// The team watcher's label escaping (/metrics): whatever a label value holds (a domain, an
// account label the operator typed, an error text from the API), the sample line written is
// valid exposition syntax: one line, `name{label="value",...} number`, every quote and
// backslash in a value escaped, no raw line feed. The input is split at NUL bytes into values;
// the first byte picks the format and whether values go in as UTF-16 or as bytes.
#include "fuzz/FuzzCommon.h"
#include "serve/MetricsWriter.h"

using namespace rw;
using namespace Qt::StringLiterals;

namespace {

// Reads `{a="...",b="..."}` from `line` at `pos`; the values it finds, unescaped, or nothing
// when the syntax is broken.
std::optional<QList<QByteArray>> readLabels(const QByteArray &line, qsizetype &pos)
{
    QList<QByteArray> values;
    if (pos >= line.size() || line.at(pos) != '{')
        return values;
    ++pos;
    while (pos < line.size() && line.at(pos) != '}') {
        const qsizetype nameStart = pos;
        while (pos < line.size() && (std::isalnum(uchar(line.at(pos))) || line.at(pos) == '_'))
            ++pos;
        if (pos == nameStart || pos + 1 >= line.size() || line.at(pos) != '=' ||
            line.at(pos + 1) != '"')
            return std::nullopt;
        pos += 2;
        QByteArray value;
        for (;; ++pos) {
            if (pos >= line.size())
                return std::nullopt;
            const char c = line.at(pos);
            if (c == '\n')
                return std::nullopt;
            if (c == '"')
                break;
            if (c == '\\') {
                if (++pos >= line.size())
                    return std::nullopt;
                const char e = line.at(pos);
                if (e == 'n')
                    value.append('\n');
                else if (e == '\\' || e == '"')
                    value.append(e);
                else
                    return std::nullopt;
                continue;
            }
            value.append(c);
        }
        ++pos; // the closing quote
        values.append(value);
        if (pos < line.size() && line.at(pos) == ',')
            ++pos;
    }
    if (pos >= line.size())
        return std::nullopt;
    ++pos; // '}'
    return values;
}

} // namespace

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto format = (data[0] & 1) ? MetricsFormat::OpenMetrics : MetricsFormat::Prometheus;
    const bool asBytes = data[0] & 2;
    const QList<QByteArray> parts = fuzz::bytes(data + 1, size - 1).split('\0');

    QByteArray labels;
    QList<QByteArray> expected;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QByteArray name = "l" + QByteArray::number(i);
        if (asBytes) {
            MetricsWriter::appendLabel(labels, name, QByteArrayView(parts.at(i)));
            expected.append(parts.at(i));
        } else {
            const QString value = QString::fromUtf8(parts.at(i));
            MetricsWriter::appendLabel(labels, name, QStringView(value));
            expected.append(value.toUtf8());
        }
    }
    QByteArray out;
    MetricsWriter writer(format, out);
    writer.family("registrar_watch_fuzz", MetricsWriter::Type::Gauge, parts.first());
    writer.sample(labels, 1);
    writer.finish();

    const QList<QByteArray> lines = out.split('\n');
    fuzz::check(lines.last().isEmpty(), "the body ends with a line feed", QString::fromUtf8(out));
    bool sawSample = false;
    for (const QByteArray &line : lines) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        fuzz::check(!sawSample, "one sample gives one line", QString::fromUtf8(out));
        sawSample = true;
        fuzz::check(line.startsWith("registrar_watch_fuzz{"), "the sample starts with its name",
                    QString::fromUtf8(line));
        qsizetype pos = qsizetype(qstrlen("registrar_watch_fuzz"));
        const auto values = readLabels(line, pos);
        fuzz::check(values.has_value(), "the label list is valid syntax", QString::fromUtf8(line));
        fuzz::check(*values == expected, "every label value reads back as it was given",
                    QString::fromUtf8(line));
        fuzz::check(line.mid(pos) == " 1", "the value follows the labels", QString::fromUtf8(line));
    }
    fuzz::check(sawSample, "the sample is written", QString::fromUtf8(out));
    return 0;
}
