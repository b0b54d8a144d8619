#include "registrar/DomainName.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rw::domain {

namespace {

bool isLdh(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

// Digits of any script, as a top-level domain may not be (it would read as an IP address).
bool allDigits(QStringView label)
{
    return std::all_of(label.begin(), label.end(), [](QChar c) { return c.isDigit(); });
}

QString numericTopLevel(const QString &shown)
{
    return u"%1 is an IP address or has a numeric top-level domain"_s.arg(shown);
}

} // namespace

Expected<QString> normalise(QStringView input)
{
    QString name = input.trimmed().toString();
    const QString shown = u"\u201c%1\u201d"_s.arg(name);
    if (name.isEmpty())
        return Unexpected{u"the domain name is empty"_s};
    for (const QChar c : name) {
        if (c.isSpace())
            return Unexpected{u"%1 contains a space"_s.arg(shown)};
        // IDNA would silently drop these, and the name checked would not be the one shown.
        if (c.category() == QChar::Other_Format || c.category() == QChar::Other_Control)
            return Unexpected{u"%1 contains an invisible character (U+%2)"_s.arg(shown).arg(
                int(c.unicode()), 4, 16, QChar(u'0'))};
        if (c == u'/' || c == u':' || c == u'@' || c == u'?' || c == u'#')
            return Unexpected{u"%1 looks like a URL or address, not a domain name"_s.arg(shown)};
    }
    // Variation selectors are not "format" characters, yet IDNA drops them just the same
    // ("8\uFE0E9" becomes "89").
    for (const char32_t u : name.toUcs4()) {
        if ((u >= 0xFE00 && u <= 0xFE0F) || (u >= 0xE0100 && u <= 0xE01EF))
            return Unexpected{u"%1 contains an invisible character (U+%2)"_s.arg(shown).arg(
                uint(u), 4, 16, QChar(u'0'))};
    }
    // Full stops of other scripts (IDNA 2008 section 2.3.2.5) separate labels too.
    for (const QChar dot : {QChar(0x3002), QChar(0xFF0E), QChar(0xFF61)})
        name.replace(dot, u'.');
    if (name.endsWith(u'.'))
        name.chop(1);

    // Label by label, so that a problem is named precisely; Unicode labels become "xn--" ones.
    QStringList labels = name.split(u'.');
    if (labels.size() < 2)
        return Unexpected{u"%1 is not a fully qualified domain name (it has no dot)"_s.arg(shown)};
    for (QString &label : labels) {
        if (label.isEmpty())
            return Unexpected{u"%1 has an empty label (two dots in a row?)"_s.arg(shown)};
        const bool last = &label == &labels.last();
        if (last && allDigits(label))
            return Unexpected{numericTopLevel(shown)};
        const bool ascii =
            std::all_of(label.cbegin(), label.cend(), [](QChar c) { return c.unicode() < 0x80; });
        if (!ascii) {
            const QString converted =
                QString::fromLatin1(QUrl::toAce(label, QUrl::IgnoreIDNWhitelist));
            if (converted.isEmpty())
                return Unexpected{u"%1: the label \u201c%2\u201d is not a valid internationalised "
                                  u"label"_s.arg(shown, label)};
            label = converted;
        }
        label = label.toLower();
        // Judged again as IDNA mapped it: full-width digits become ASCII ones.
        if (last && allDigits(label))
            return Unexpected{numericTopLevel(shown)};
        if (label.size() > 63)
            return Unexpected{
                u"%1: the label \u201c%2\u201d is longer than 63 characters"_s.arg(shown, label)};
        for (const QChar c : std::as_const(label)) {
            if (!isLdh(c))
                return Unexpected{u"%1 contains \u201c%2\u201d, which is not allowed in a domain "
                                  u"name (letters, digits and hyphens only)"_s.arg(shown, c)};
        }
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return Unexpected{
                u"%1: the label \u201c%2\u201d starts or ends with a hyphen"_s.arg(shown, label)};
        if (label.startsWith(u"xn--")) {
            // An encoded label must decode, and encode back to itself.
            const QString decoded = QUrl::fromAce(label.toLatin1(), QUrl::IgnoreIDNWhitelist);
            if (decoded == label ||
                QString::fromLatin1(QUrl::toAce(decoded, QUrl::IgnoreIDNWhitelist)) != label)
                return Unexpected{u"%1: the label \u201c%2\u201d is not a valid encoded "
                                  u"(xn--) label"_s.arg(shown, label)};
            // Judged as its Unicode form is: "xn--dcddd" is Tibetan digits.
            if (last && allDigits(decoded))
                return Unexpected{numericTopLevel(shown)};
        } else if (label.size() >= 4 && label.at(2) == u'-' && label.at(3) == u'-') {
            return Unexpected{u"%1: the label \u201c%2\u201d has hyphens in the third and fourth "
                              u"places, which are reserved for encoded names"_s.arg(shown, label)};
        }
    }
    const QString ascii = labels.join(u'.');
    if (ascii.size() > 253)
        return Unexpected{u"%1 is longer than 253 characters"_s.arg(shown)};
    return ascii;
}

QString toUnicode(const QString &ascii)
{
    return QUrl::fromAce(ascii.toLatin1(), QUrl::IgnoreIDNWhitelist);
}

} // namespace rw::domain
