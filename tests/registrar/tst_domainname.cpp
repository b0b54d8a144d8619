// Domain names as operators type them: accepted in ASCII form, or refused with the reason.

#include "registrar/DomainName.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestDomainName : public QObject
{
    Q_OBJECT
private slots:
    void accepts_data();
    void accepts();
    void refuses_data();
    void refuses();
    void bothFormsGetTheSameAnswer_data();
    void bothFormsGetTheSameAnswer();
    void showsUnicode();
};

void TestDomainName::accepts_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("ascii");
    QTest::newRow("plain") << u"example.com"_s << u"example.com"_s;
    QTest::newRow("upper case") << u"Example.COM"_s << u"example.com"_s;
    QTest::newRow("trailing dot") << u"example.com."_s << u"example.com"_s;
    QTest::newRow("surrounding spaces") << u"  example.com\t"_s << u"example.com"_s;
    QTest::newRow("hyphens and digits") << u"my-brand-2.co.uk"_s << u"my-brand-2.co.uk"_s;
    QTest::newRow("IDN") << u"bücher.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("IDN upper case") << u"BÜCHER.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("IDN TLD") << u"例え.テスト"_s << u"xn--r8jz45g.xn--zckzah"_s;
    QTest::newRow("ideographic full stop") << u"例え\u3002テスト"_s << u"xn--r8jz45g.xn--zckzah"_s;
    QTest::newRow("already ACE") << u"xn--bcher-kva.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("63-character label")
        << QString(63, u'a') + u".com"_s << QString(63, u'a') + u".com"_s;
}

void TestDomainName::accepts()
{
    QFETCH(QString, input);
    QFETCH(QString, ascii);
    const auto result = rw::domain::normalise(input);
    QVERIFY2(result.hasValue(), qPrintable(result.hasValue() ? QString() : result.error()));
    QCOMPARE(result.value(), ascii);
}

void TestDomainName::refuses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << u""_s << u"empty"_s;
    QTest::newRow("spaces only") << u"   "_s << u"empty"_s;
    QTest::newRow("no dot") << u"localhost"_s << u"no dot"_s;
    QTest::newRow("inner space") << u"exa mple.com"_s << u"contains a space"_s;
    QTest::newRow("URL") << u"https://example.com/"_s << u"looks like a URL"_s;
    QTest::newRow("email") << u"ops@example.com"_s << u"looks like a URL or address"_s;
    QTest::newRow("underscore") << u"exa_mple.com"_s << u"\u201c_\u201d"_s;
    QTest::newRow("leading hyphen") << u"-example.com"_s << u"starts or ends with a hyphen"_s;
    QTest::newRow("trailing hyphen") << u"example-.com"_s << u"starts or ends with a hyphen"_s;
    QTest::newRow("empty label") << u"example..com"_s << u"empty label"_s;
    QTest::newRow("64-character label") << QString(64, u'a') + u".com"_s << u"longer than 63"_s;
    QTest::newRow("too long") << QString(QString(60, u'a') + u'.').repeated(5) + u"com"_s
                              << u"longer than 253"_s;
    QTest::newRow("IPv4") << u"192.168.0.1"_s << u"IP address"_s;
    QTest::newRow("invisible character") << u"a\u200bb.com"_s << u"invisible character (U+200b)"_s;
    QTest::newRow("bad encoded label") << u"xn--zz.com"_s << u"not a valid encoded"_s;
    QTest::newRow("reserved hyphens") << u"ab--cd.com"_s << u"third and fourth places"_s;
    QTest::newRow("numeric TLD in another script")
        << u"example.\u0661\u0662"_s << u"numeric top-level domain"_s;
    QTest::newRow("wildcard") << u"*.example.com"_s << u"\u201c*\u201d"_s;
    // Found by tests/fuzz/fuzz_domainname (corpus/domainname/finding-variation-selector):
    // IDNA dropped the variation selector after the top-level domain was judged, and the
    // accepted "xew.8999" was refused when normalised again.
    QTest::newRow("variation selector") << u"xEW.899\uFE0E9"_s << u"invisible character (U+fe0e)"_s;
    QTest::newRow("supplementary variation selector")
        << u"exa\U000E0100mple.com"_s << u"invisible character (U+e0100)"_s;
    // IDNA drops a combining grapheme joiner too: the top-level domain is judged as mapped.
    QTest::newRow("numeric TLD once mapped")
        << u"example.12\u034F3"_s << u"numeric top-level domain"_s;
    // Found by tests/fuzz/fuzz_domainname (corpus/domainname/finding-numeric-tld-punycode):
    // the encoded form of a numeric top-level domain was accepted, its Unicode form refused.
    QTest::newRow("numeric TLD in another script, encoded")
        << u"aaa3a.8aaa.aaaaa.baia.xn--dcddd"_s << u"numeric top-level domain"_s;
    QTest::newRow("numeric TLD in another script, encoded, upper case")
        << u"example.XN--DCDDD"_s << u"numeric top-level domain"_s;
}

void TestDomainName::refuses()
{
    QFETCH(QString, input);
    QFETCH(QString, reason);
    const auto result = rw::domain::normalise(input);
    QVERIFY2(!result.hasValue(), qPrintable(input));
    QVERIFY2(result.error().contains(reason), qPrintable(result.error()));
}

// The ASCII and the Unicode form of one name get the same answer.
void TestDomainName::bothFormsGetTheSameAnswer_data()
{
    QTest::addColumn<QString>("ascii");
    QTest::newRow("fuzz finding") << u"aaa3a.8aaa.aaaaa.baia.xn--dcddd"_s;
    QTest::newRow("letters") << u"xn--bcher-kva.example"_s;
    QTest::newRow("digits in a label that is not the last") << u"xn--dcddd.example"_s;
}

void TestDomainName::bothFormsGetTheSameAnswer()
{
    QFETCH(QString, ascii);
    const QString unicode = rw::domain::toUnicode(ascii);
    QVERIFY(unicode != ascii);
    const auto fromAscii = rw::domain::normalise(ascii);
    const auto fromUnicode = rw::domain::normalise(unicode);
    QCOMPARE(fromAscii.hasValue(), fromUnicode.hasValue());
    if (fromAscii.hasValue())
        QCOMPARE(fromAscii.value(), fromUnicode.value());
    else
        QCOMPARE(fromAscii.error().contains(u"numeric"_s),
                 fromUnicode.error().contains(u"numeric"_s));
}

void TestDomainName::showsUnicode()
{
    QCOMPARE(rw::domain::toUnicode(u"xn--bcher-kva.example"_s), u"bücher.example"_s);
    QCOMPARE(rw::domain::toUnicode(u"example.com"_s), u"example.com"_s);
}

QTEST_GUILESS_MAIN(TestDomainName)
#include "tst_domainname.moc"
