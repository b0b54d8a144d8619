// The budget key: one per Cloudflare user (the same token, or the same email and key), whatever
// the account; another for other credentials; and never the secret, nor a part of it.

#include "net/Credentials.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;

class TestCredentials final : public QObject
{
    Q_OBJECT

private slots:
    void budgetKeyNamesTheUserNotTheSecret()
    {
        const QString token =
            u"not-a-token-only-test-text"_s; // plainly fake, no secret scanner takes it for one
        const Credentials one = Credentials::apiToken(token);
        QCOMPARE(one.budgetKey().size(), 16);
        QCOMPARE(Credentials::apiToken(u" "_s + token).budgetKey(), one.budgetKey());
        QVERIFY(Credentials::apiToken(token + u'4').budgetKey() != one.budgetKey());
        QVERIFY(!token.contains(one.budgetKey()));
        QVERIFY(!one.budgetKey().contains(token.left(8)));

        const Credentials key = Credentials::globalApiKey(u"ops@example.com"_s, token);
        QCOMPARE(Credentials::globalApiKey(u"Ops@Example.com"_s, token).budgetKey(),
                 key.budgetKey());
        QVERIFY(key.budgetKey() != one.budgetKey()); // a key is not the token of the same text
        QVERIFY(Credentials::globalApiKey(u"dev@example.com"_s, token).budgetKey() !=
                key.budgetKey());
        QVERIFY(Credentials().budgetKey().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
