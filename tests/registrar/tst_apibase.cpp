// The configured API origin: which base URLs are accepted, and where links may lead.

#include "registrar/ApiBase.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rw::ApiBase;

class TestApiBase : public QObject
{
    Q_OBJECT
private slots:
    void validatesBase_data();
    void validatesBase();
    void resolvesLinks_data();
    void resolvesLinks();
};

void TestApiBase::validatesBase_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised"); // empty: refused
    QTest::addColumn<QString>("problem");
    QTest::newRow("default") << ApiBase::defaultUrl << ApiBase::defaultUrl << QString();
    QTest::newRow("trailing slash")
        << u"https://api.cloudflare.com/client/v4/"_s << ApiBase::defaultUrl << QString();
    QTest::newRow("upper-case host")
        << u"https://API.Cloudflare.com/client/v4"_s << ApiBase::defaultUrl << QString();
    QTest::newRow("loopback http") << u"http://127.0.0.1:8080/client/v4"_s
                                   << u"http://127.0.0.1:8080/client/v4"_s << QString();
    QTest::newRow("loopback range")
        << u"http://127.0.0.53/client/v4"_s << u"http://127.0.0.53/client/v4"_s << QString();
    QTest::newRow("localhost http")
        << u"http://localhost:9/v4"_s << u"http://localhost:9/v4"_s << QString();
    QTest::newRow("root with a slash")
        << u"http://127.0.0.1:4010/"_s << u"http://127.0.0.1:4010"_s << QString();
    QTest::newRow("IPv6 loopback http")
        << u"http://[::1]:9/v4"_s << u"http://[::1]:9/v4"_s << QString();
    QTest::newRow("plain http elsewhere")
        << u"http://api.cloudflare.com/client/v4"_s << QString() << u"must use https"_s;
    QTest::newRow("http to a LAN address")
        << u"http://192.168.1.10/client/v4"_s << QString() << u"only for loopback"_s;
    QTest::newRow("ftp") << u"ftp://example.com/"_s << QString() << u"must use https"_s;
    QTest::newRow("no host") << u"/client/v4"_s << QString() << u"not an absolute URL"_s;
    QTest::newRow("credentials in URL")
        << u"https://user:pw@api.example.com/v4"_s << QString() << u"user name or password"_s;
    QTest::newRow("query") << u"https://api.example.com/v4?x=1"_s << QString()
                           << u"query or fragment"_s;
}

void TestApiBase::validatesBase()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    QFETCH(QString, problem);
    const auto base = ApiBase::fromString(text);
    if (normalised.isEmpty()) {
        QVERIFY(!base.hasValue());
        QVERIFY2(base.error().contains(problem), qPrintable(base.error()));
    } else {
        QVERIFY2(base.hasValue(), qPrintable(base.hasValue() ? QString() : base.error()));
        QCOMPARE(base->url().toString(), normalised);
    }
}

void TestApiBase::resolvesLinks_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("resolved"); // empty: refused
    const QString cf = ApiBase::defaultUrl;
    const QString self = u"/accounts/abc/registrar/registrations/example.com/update-status"_s;
    QTest::newRow("links.self path") << cf << self << cf + self;
    QTest::newRow("path already under base") << cf << u"/client/v4"_s + self << cf + self;
    QTest::newRow("path without leading slash") << cf << self.mid(1) << cf + self;
    QTest::newRow("full URL on the origin") << cf << cf + self << cf + self;
    QTest::newRow("explicit default port")
        << cf << u"https://api.cloudflare.com:443/client/v4"_s + self
        << u"https://api.cloudflare.com:443/client/v4"_s + self;
    QTest::newRow("query kept") << cf << u"/accounts/a/registrar/registrations?cursor=x%2By"_s
                                << cf + u"/accounts/a/registrar/registrations?cursor=x%2By"_s;
    QTest::newRow("another host") << cf << u"https://evil.example/client/v4"_s + self << QString();
    QTest::newRow("a look-alike host")
        << cf << u"https://api.cloudflare.com.evil.example"_s + self << QString();
    QTest::newRow("scheme downgrade")
        << cf << u"http://api.cloudflare.com/client/v4"_s + self << QString();
    QTest::newRow("another port") << cf << u"https://api.cloudflare.com:8443/client/v4"_s + self
                                  << QString();
    QTest::newRow("scheme-relative") << cf << u"//evil.example/client/v4"_s + self << QString();
    QTest::newRow("user info") << cf << u"https://x@api.cloudflare.com/client/v4"_s + self
                               << QString();
    QTest::newRow("file") << cf << u"file:///etc/passwd"_s << QString();
    QTest::newRow("escaping the base") << cf << u"/../../user/tokens"_s << QString();
    QTest::newRow("empty") << cf << u""_s << QString();
    const QString loop = u"http://127.0.0.1:4321/client/v4"_s;
    QTest::newRow("loopback path") << loop << self << loop + self;
    QTest::newRow("at the root of the host")
        << u"http://127.0.0.1:4010/"_s << self << u"http://127.0.0.1:4010"_s + self;
    QTest::newRow("loopback other port")
        << loop << u"http://127.0.0.1:4322/client/v4"_s + self << QString();
}

void TestApiBase::resolvesLinks()
{
    QFETCH(QString, base);
    QFETCH(QString, link);
    QFETCH(QString, resolved);
    const auto api = ApiBase::fromString(base);
    QVERIFY(api.hasValue());
    const auto url = api->resolve(link);
    if (resolved.isEmpty()) {
        QVERIFY2(!url.hasValue(), qPrintable(url.hasValue() ? url->toString() : QString()));
        QVERIFY2(url.error().contains(u"no request was sent"_s) || url.error().contains(u"empty"_s),
                 qPrintable(url.error()));
    } else {
        QVERIFY2(url.hasValue(), qPrintable(url.hasValue() ? QString() : url.error()));
        QCOMPARE(url->toString(QUrl::FullyEncoded), resolved);
    }
}

QTEST_GUILESS_MAIN(TestApiBase)
#include "tst_apibase.moc"
