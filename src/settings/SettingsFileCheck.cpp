#include "settings/SettingsFileCheck.h"

#include <QStringDecoder>
#include <QStringList>
#include <QtEndian>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace rw::settingsfile {

// The reading below follows Qt 6.4's qsettings.cpp step by step (readIniLine, readIniFile,
// readIniSection, iniUnescapedKey, iniUnescapedStringList, stringToVariant): a value is unsafe
// exactly when QSettings would decode it, so both must see the same lines, keys and strings.
// tests/fuzz/fuzz_appsettings checks that they do: every value QSettings reads from a file
// without the unsafe lines is one that was checked here.

namespace {

bool isSpace(char ch)
{
    return ch == '\t' || ch == '\n' || ch == '\r' || ch == ' ';
}

bool isSpecial(char ch)
{
    return ch == '\n' || ch == '\r' || ch == '"' || ch == ';' || ch == '=' || ch == '\\';
}

struct Line
{
    qsizetype start = 0;
    qsizetype length = 0;
    qsizetype equals = -1; // in the file, -1 when the line has none
};

// QConfFileSettingsPrivate::readIniLine: a line ends at an unquoted line break or `;`; a
// backslash keeps the next character (a line break too) in the line; a `;` that starts a line
// makes it a comment.
std::optional<Line> readLine(QByteArrayView data, qsizetype &pos)
{
    const qsizetype size = data.size();
    bool inQuotes = false;
    Line line;
    line.start = pos;
    while (line.start < size && isSpace(data.at(line.start)))
        ++line.start;
    qsizetype i = line.start;
    while (i < size) {
        char ch = data.at(i);
        while (!isSpecial(ch)) {
            if (++i == size)
                goto done;
            ch = data.at(i);
        }
        ++i;
        if (ch == '=') {
            if (!inQuotes && line.equals == -1)
                line.equals = i - 1;
        } else if (ch == '\n' || ch == '\r') {
            if (i == line.start + 1) {
                ++line.start;
            } else if (!inQuotes) {
                --i;
                goto done;
            }
        } else if (ch == '\\') {
            if (i < size) {
                const char escaped = data.at(i++);
                if (i < size) {
                    const char next = data.at(i);
                    if ((escaped == '\n' && next == '\r') || (escaped == '\r' && next == '\n'))
                        ++i;
                }
            }
        } else if (ch == '"') {
            inQuotes = !inQuotes;
        } else { // ';'
            if (i == line.start + 1) {
                while (i < size && data.at(i) != '\n' && data.at(i) != '\r')
                    ++i;
                while (i < size && isSpace(data.at(i)))
                    ++i;
                line.start = i;
            } else if (!inQuotes) {
                --i;
                goto done;
            }
        }
    }
done:
    pos = i;
    line.length = i - line.start;
    if (line.length <= 0)
        return std::nullopt;
    return line;
}

int hexValue(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int octValue(char ch)
{
    return ch >= '0' && ch <= '7' ? ch - '0' : -1;
}

// QSettingsPrivate::iniUnescapedKey: `\` is the group separator, `%XX` and `%UXXXX` escapes.
QString unescapedKey(QByteArrayView key)
{
    const QString decoded = QString::fromUtf8(key);
    const qsizetype size = decoded.size();
    QString result;
    qsizetype i = 0;
    while (i < size) {
        const QChar ch = decoded.at(i);
        if (ch == u'\\') {
            result += u'/';
            ++i;
            continue;
        }
        if (ch != u'%' || i == size - 1) {
            result += ch;
            ++i;
            continue;
        }
        int digits = 2;
        qsizetype first = i + 1;
        if (decoded.at(first) == u'U') {
            ++first;
            digits = 4;
        }
        bool ok = false;
        const ushort code = first + digits > size
                                ? 0
                                : QStringView(decoded).sliced(first, digits).toUShort(&ok, 16);
        if (!ok) {
            result += u'%';
            ++i;
            continue;
        }
        result += QChar(code);
        i = first + digits;
    }
    return result;
}

void chopTrailingSpaces(QString &text, qsizetype limit)
{
    qsizetype n = text.size() - 1;
    while (n >= limit && (text.at(n) == u' ' || text.at(n) == u'\t'))
        text.truncate(n--);
}

// QSettingsPrivate::iniUnescapedStringList: the strings a value holds (one, or the items of a
// list), each of which QSettings gives to stringToVariant. Its states are kept as Qt has them.
QStringList unescapedStrings(QByteArrayView text)
{
    static constexpr char escapes[][2] = {{'a', '\a'}, {'b', '\b'},  {'f', '\f'}, {'n', '\n'},
                                          {'r', '\r'}, {'t', '\t'},  {'v', '\v'}, {'"', '"'},
                                          {'?', '?'},  {'\'', '\''}, {'\\', '\\'}};
    const qsizetype size = text.size();
    bool isList = false;
    bool inQuotes = false;
    bool quoted = false;
    char16_t escape = 0;
    qsizetype i = 0;
    qsizetype chopLimit = 0;
    QString current;
    QStringList list;
    // One decoder for the whole value, as Qt has it: a sequence cut by an escape goes on after
    // it, and one left unfinished at the end is dropped.
    QStringDecoder fromUtf8(QStringDecoder::Utf8);
    char ch = 0;

skipSpaces:
    while (i < size && ((ch = text.at(i)) == ' ' || ch == '\t'))
        ++i;
normal:
    chopLimit = current.size();
    while (i < size) {
        switch (text.at(i)) {
        case '\\': {
            ++i;
            if (i >= size)
                goto end;
            ch = text.at(i++);
            const auto known = std::find_if(std::begin(escapes), std::end(escapes),
                                            [ch](const char(&e)[2]) { return e[0] == ch; });
            if (known != std::end(escapes)) {
                current += QLatin1Char((*known)[1]);
                goto normal;
            }
            if (ch == 'x') {
                escape = 0;
                if (i >= size)
                    goto end;
                if (hexValue(text.at(i)) != -1)
                    goto hexEscape;
            } else if (const int o = octValue(ch); o != -1) {
                escape = char16_t(o);
                goto octEscape;
            } else if (ch == '\n' || ch == '\r') {
                if (i < size) {
                    const char next = text.at(i);
                    if ((next == '\n' || next == '\r') && next != ch)
                        ++i;
                }
            }
            chopLimit = current.size();
            break;
        }
        case '"':
            ++i;
            quoted = true;
            inQuotes = !inQuotes;
            if (!inQuotes)
                goto skipSpaces;
            break;
        case ',':
            if (!inQuotes) {
                if (!quoted)
                    chopTrailingSpaces(current, chopLimit);
                isList = true;
                list.append(current);
                current.clear();
                quoted = false;
                ++i;
                goto skipSpaces;
            }
            Q_FALLTHROUGH();
        default: {
            qsizetype j = i + 1;
            while (j < size && text.at(j) != '\\' && text.at(j) != '"' && text.at(j) != ',')
                ++j;
            current += QString(fromUtf8(text.sliced(i, j - i)));
            i = j;
        }
        }
    }
    if (!quoted)
        chopTrailingSpaces(current, chopLimit);
    goto end;

hexEscape:
    if (i >= size) {
        current += QChar(escape);
        goto end;
    }
    if (const int h = hexValue(text.at(i)); h != -1) {
        escape = char16_t((escape << 4) + h);
        ++i;
        goto hexEscape;
    }
    current += QChar(escape);
    goto normal;

octEscape:
    if (i >= size) {
        current += QChar(escape);
        goto end;
    }
    if (const int o = octValue(text.at(i)); o != -1) {
        escape = char16_t((escape << 3) + o);
        ++i;
        goto octEscape;
    }
    current += QChar(escape);
    goto normal;

end:
    if (isList) {
        list.append(current);
        return list;
    }
    return {current};
}

// Reads QDataStream's big-endian fields, never past the end.
class StreamReader
{
public:
    explicit StreamReader(QByteArrayView bytes)
        : m_bytes(bytes)
    {}
    [[nodiscard]] std::optional<quint32> number()
    {
        if (m_bytes.size() - m_pos < 4)
            return std::nullopt;
        const quint32 value = qFromBigEndian<quint32>(m_bytes.data() + m_pos);
        m_pos += 4;
        return value;
    }
    [[nodiscard]] std::optional<QByteArrayView> bytes(quint32 count)
    {
        if (quint64(m_bytes.size() - m_pos) < count)
            return std::nullopt;
        const QByteArrayView taken = m_bytes.sliced(m_pos, count);
        m_pos += count;
        return taken;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
};

const QString declaresMore = u"it declares more than it holds"_s;
const QString neverWritten = u"it is a kind of value Registrar Watch never writes"_s;

// QVariant's layout in QDataStream's version Qt_4_0 (what `@Variant(` is read with): the type
// as a number, then its data; no null flag before Qt 4.2. A QStringList is type 11, or 127 (a
// type named by what follows) named QStringList: a count, then each string as its length in
// bytes (even; 0xffffffff for a null string) and its UTF-16.
std::optional<QString> variantProblem(QByteArrayView stream)
{
    constexpr quint32 stringList = 11;
    constexpr quint32 namedType = 127;
    constexpr quint32 null = 0xffffffff;
    StreamReader read(stream);
    const std::optional<quint32> type = read.number();
    if (!type)
        return declaresMore;
    if (*type == namedType) {
        const std::optional<quint32> length = read.number();
        if (!length || *length == null)
            return length ? neverWritten : declaresMore;
        const std::optional<QByteArrayView> name = read.bytes(*length);
        if (!name)
            return declaresMore;
        // Written with its terminating zero, or without.
        if (*name != "QStringList" && *name != QByteArrayView("QStringList", 12))
            return neverWritten;
    } else if (*type != stringList) {
        return neverWritten;
    }
    const std::optional<quint32> count = read.number();
    if (!count)
        return declaresMore;
    // Each string takes at least its length: the loop ends with the bytes, whatever the count.
    for (quint32 n = 0; n < *count; ++n) {
        const std::optional<quint32> length = read.number();
        if (!length)
            return declaresMore;
        if (*length == null)
            continue;
        if (*length % 2 != 0 || !read.bytes(*length))
            return declaresMore;
    }
    return std::nullopt;
}

// QSettingsPrivate::stringToVariant decodes `@Variant(…)` and `@DateTime(…)` (ending in `)`)
// with QDataStream. The app never writes a date and time; a list of strings is checked.
std::optional<QString> stringProblem(const QString &text)
{
    if (!text.startsWith(u'@') || !text.endsWith(u')'))
        return std::nullopt;
    if (text.startsWith("@DateTime("_L1))
        return neverWritten;
    if (!text.startsWith("@Variant("_L1))
        return std::nullopt;
    // As Qt hands it to QDataStream: Latin-1 of what follows `@Variant(`, `)` included.
    return variantProblem(QStringView(text).sliced(9).toLatin1());
}

} // namespace

QList<UnsafeValue> unsafeValues(QByteArrayView file)
{
    QList<UnsafeValue> unsafe;
    qsizetype offset = 0;
    if (file.startsWith("\xef\xbb\xbf"))
        offset = 3;
    const QByteArrayView data = file.sliced(offset);
    // QSettings parses each section apart (the lines between two headers, a section's parts
    // joined), but a section ends where a header line starts, so the lines are the same as
    // read here in one go.
    QString section;
    qsizetype pos = 0;
    while (const std::optional<Line> found = readLine(data, pos)) {
        const QByteArrayView line = data.sliced(found->start, found->length);
        if (line.startsWith('[')) {
            qsizetype end = line.indexOf(']');
            if (end < 0)
                end = line.size();
            const QByteArrayView name = line.first(end).sliced(1).trimmed();
            if (name.compare("general", Qt::CaseInsensitive) == 0) {
                section.clear();
            } else {
                section = name.compare("%general", Qt::CaseInsensitive) == 0
                              ? QString::fromLatin1(name.sliced(1))
                              : unescapedKey(name);
                section += u'/';
            }
            continue;
        }
        if (found->equals == -1)
            continue;
        const qsizetype equals = found->equals - found->start;
        const QStringList strings = unescapedStrings(line.sliced(equals + 1));
        for (const QString &text : strings) {
            if (const std::optional<QString> why = stringProblem(text)) {
                unsafe.append({section + unescapedKey(line.first(equals).trimmed()), *why,
                               offset + found->start, found->length});
                break;
            }
        }
    }
    return unsafe;
}

QByteArray withoutLines(QByteArrayView file, const QList<UnsafeValue> &unsafe)
{
    QByteArray kept;
    kept.reserve(file.size());
    qsizetype from = 0;
    for (const UnsafeValue &value : unsafe) {
        kept += file.sliced(from, value.start - from);
        from = value.start + value.length;
    }
    kept += file.sliced(from);
    return kept;
}

} // namespace rw::settingsfile
