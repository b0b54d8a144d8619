// The team watcher's configuration file: what it accepts, and every problem as a sentence that
// names the file and the key (or the domains file's line), never the secret.

#include "serve/ServeConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rw::serve::ServeConfig;

namespace {

const QString account = u"0123456789abcdef0123456789abcdef"_s;
const QString otherAccount = u"fedcba9876543210fedcba9876543210"_s;
const QString token = u"fake-token-for-tests-0123456789"_s;

void write(const QString &path, const QString &text, QFile::Permissions permissions = {})
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
    file.close();
    if (permissions)
        QVERIFY(file.setPermissions(permissions));
}

} // namespace

class TestServeConfig final : public QObject
{
    Q_OBJECT

private slots:
    void problems_data();
    void problems();
    void aGoodFileGivesEverything();
    void aTokenFileComesFromTheCredentialsDirectory();
    void aTokenFileOthersCanReadIsRefused();
    void systemdCredentialsPass();
    void theDefaultStoreIsInTheStateDirectory();
};

void TestServeConfig::problems_data()
{
    QTest::addColumn<QString>("ini");
    QTest::addColumn<QString>("domains");  // the domains file, when not empty
    QTest::addColumn<QString>("expected"); // part of one problem; empty: no problem

    const QString ops = u"[ops]\naccount_id = %1\n"_s.arg(account);
    QTest::newRow("good") << ops << QString() << QString();
    QTest::newRow("no account") << u"[serve]\nlisten = 127.0.0.1:0\n"_s << QString()
                                << u"no account"_s;
    QTest::newRow("bad account id") << u"[ops]\naccount_id = not-hex!\n"_s << QString()
                                    << u"[ops] account_id: \u201cnot-hex!\u201d"_s;
    QTest::newRow("missing account id")
        << u"[ops]\nsandbox = true\n"_s << QString() << u"[ops] account_id: missing"_s;
    QTest::newRow("labels differing in case")
        << ops + u"[OPS]\naccount_id = %1\n"_s.arg(otherAccount) << QString()
        << u"the label OPS is used twice"_s;
    QTest::newRow("one account under two labels")
        << ops + u"[ops2]\naccount_id = %1\n"_s.arg(account) << QString()
        << u"[ops2] account_id: %1 is already watched"_s.arg(account);
    for (const QString &key :
         {u"token"_s, u"api_token"_s, u"key"_s, u"api_key"_s, u"secret"_s, u"API_TOKEN"_s})
        QTest::newRow(qPrintable(u"secret in the file: "_s + key))
            << ops + u"%1 = %2\n"_s.arg(key, token) << QString()
            << u"[ops] %1: a secret does not belong in the configuration file"_s.arg(key);
    QTest::newRow("secret in [serve]") << u"[serve]\ntoken = x\n"_s + ops << QString()
                                       << u"[serve] token: a secret does not belong"_s;
    QTest::newRow("missing token file")
        << ops + u"token_file = nowhere\n"_s << QString() << u"[ops] token_file: "_s;
    QTest::newRow("token_env and token_file")
        << ops + u"token_env = A\ntoken_file = b\n"_s << QString()
        << u"[ops] token_file: give token_env or token_file, not both"_s;
    QTest::newRow("unset variable") << ops + u"token_env = NOT_SET_ANYWHERE\n"_s << QString()
                                    << u"[ops] token_env: the environment variable "
                                       u"NOT_SET_ANYWHERE is not set"_s;
    QTest::newRow("token and key schemes")
        << ops + u"token_env = RW_TEST_TOKEN\nemail = a@example.com\n"_s << QString()
        << u"[ops] email: an account signs in with an API token"_s;
    QTest::newRow("key without email") << ops + u"key_env = RW_TEST_TOKEN\n"_s << QString()
                                       << u"[ops] email: a Global API Key needs the email"_s;
    QTest::newRow("global key") << ops + u"email = a@example.com\nkey_env = RW_TEST_KEY\n"_s
                                << QString() << QString();
    QTest::newRow("not loopback") << u"[serve]\nlisten = 0.0.0.0:9464\n"_s + ops << QString()
                                  << u"[serve] listen: 0.0.0.0:9464 is not a loopback address"_s;
    QTest::newRow("not loopback, allowed")
        << u"[serve]\nlisten = 0.0.0.0:9464\nallow_remote = true\n"_s + ops << QString()
        << QString();
    QTest::newRow("listen by name") << u"[serve]\nlisten = metrics.example.com:9464\n"_s + ops
                                    << QString() << u"[serve] listen: \u201cmetrics.example.com"_s;
    QTest::newRow("listen on localhost")
        << u"[serve]\nlisten = localhost:0\n"_s + ops << QString() << QString();
    QTest::newRow("listen on ::1")
        << u"[serve]\nlisten = \"[::1]:9464\"\n"_s + ops << QString() << QString();
    QTest::newRow("bad port") << u"[serve]\nlisten = 127.0.0.1:99999\n"_s + ops << QString()
                              << u"[serve] listen: \u201c99999\u201d is not a port"_s;
    QTest::newRow("plain HTTP api_base")
        << u"[serve]\napi_base = http://api.example.com/client/v4\n"_s + ops << QString()
        << u"[serve] api_base: "_s;
    QTest::newRow("loopback HTTP api_base")
        << u"[serve]\napi_base = http://127.0.0.1:8080/client/v4\n"_s + ops << QString()
        << QString();
    QTest::newRow("bad duration") << ops + u"list_every = soon\n"_s << QString()
                                  << u"[ops] list_every: \u201csoon\u201d is not a duration"_s;
    QTest::newRow("too short") << ops + u"list_every = 10s\n"_s << QString()
                               << u"[ops] list_every: 10s is too short"_s;
    QTest::newRow("bad boolean") << ops + u"watch_whole_account = maybe\n"_s << QString()
                                 << u"[ops] watch_whole_account: \u201cmaybe\u201d is not true"_s;
    // Qt 6.4's QSettings decodes `@Variant(...)` with QDataStream, which allocates what the
    // value declares: a list of 2^31 strings (type 11, then its count) would abort the watcher.
    QTest::newRow("a value QSettings would decode")
        << ops + u"list_every = @Variant(\\x0\\x0\\x0\\xb\\x7f\\xff\\xff\\xff)\n"_s << QString()
        << u"[ops] list_every: it declares more than it holds"_s;
    QTest::newRow("outside any group")
        << u"listen = 127.0.0.1:0\n"_s + ops << QString() << u"listen is outside any group"_s;
    QTest::newRow("domains") << u"[serve]\ndomains_file = domains.txt\n"_s + ops
                             << u"# team\n"
                                u"example.com\n"
                                u"ops/example.org:transfer-in\n"_s
                             << QString();
    QTest::newRow("domains: not a domain")
        << u"[serve]\ndomains_file = domains.txt\n"_s + ops << u"example.com\n\nnot_a domain\n"_s
        << u"domains.txt:3: "_s;
    QTest::newRow("domains: bad kind") << u"[serve]\ndomains_file = domains.txt\n"_s + ops
                                       << u"example.com:renewal\n"_s << u"domains.txt:1: "_s;
    QTest::newRow("domains: unknown label")
        << u"[serve]\ndomains_file = domains.txt\n"_s + ops << u"dev/example.com\n"_s
        << u"domains.txt:1: \u201cdev\u201d is not the label"_s;
    QTest::newRow("domains: missing file") << u"[serve]\ndomains_file = nowhere.txt\n"_s + ops
                                           << QString() << u"[serve] domains_file: "_s;
}

void TestServeConfig::problems()
{
    QFETCH(QString, ini);
    QFETCH(QString, domains);
    QFETCH(QString, expected);
    QTemporaryDir directory;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path, ini);
    if (!domains.isEmpty())
        write(directory.filePath(u"domains.txt"_s), domains);
    QProcessEnvironment environment;
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, token);
    environment.insert(u"RW_TEST_TOKEN"_s, token);
    environment.insert(u"RW_TEST_KEY"_s, u"0123456789abcdef0123456789abcdef01234"_s);

    const auto config = ServeConfig::read(path, environment);
    if (expected.isEmpty()) {
        QVERIFY2(config.hasValue(), qPrintable(config ? QString() : config.error().join(u'\n')));
        return;
    }
    QVERIFY(!config.hasValue());
    const QStringList problems = config.error();
    const bool found = std::any_of(problems.cbegin(), problems.cend(), [&](const QString &text) {
        return text.contains(expected) &&
               (text.contains(path) || text.contains(directory.filePath(u"domains.txt"_s)));
    });
    QVERIFY2(found, qPrintable(problems.join(u'\n')));
    for (const QString &problem : problems) {
        QVERIFY2(!problem.contains(token), qPrintable(problem));
        QVERIFY2(problem.endsWith(u'.') || problem.endsWith(u')'), qPrintable(problem));
    }
}

void TestServeConfig::aGoodFileGivesEverything()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path, u"[serve]\nlisten = 127.0.0.1:0\nstore = state/watch.sqlite\n"
                u"domains_file = domains.txt\napi_base = http://127.0.0.1:8080/client/v4\n"
                u"[ops]\naccount_id = %1\nlist_every = 2h\nexpiry_warning = 14d\n"
                u"[dev team]\naccount_id = %2\nsandbox = yes\nwatch_whole_account = false\n"
                u"token_env = DEV_TOKEN\n"_s.arg(account, otherAccount));
    write(directory.filePath(u"domains.txt"_s),
          u"example.com # the shop\ndev team/bücher.example:registration\nexample.com\n"
          u"%1/example.net\n"_s.arg(account));
    QProcessEnvironment environment;
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, token);
    environment.insert(u"DEV_TOKEN"_s, u"  dev-token-0123456789  \n"_s);

    const auto read = ServeConfig::read(path, environment);
    QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error().join(u'\n')));
    const ServeConfig &config = read.value();
    QCOMPARE(config.listenPort, quint16(0));
    QCOMPARE(config.storePath, directory.filePath(u"state/watch.sqlite"_s));
    QCOMPARE(config.apiBase.url(), QUrl(u"http://127.0.0.1:8080/client/v4"_s));
    QCOMPARE(config.accounts.size(), 2);
    QCOMPARE(config.accounts.at(0).label, u"ops"_s);
    QCOMPARE(config.accounts.at(0).listEvery, std::chrono::minutes(120));
    QCOMPARE(config.accounts.at(0).expiryWarning, std::chrono::days(14));
    QCOMPARE(config.accounts.at(0).credentials.token(), token);
    QCOMPARE(config.accounts.at(0).secretSource, u"$CLOUDFLARE_API_TOKEN"_s);
    QCOMPARE(config.accounts.at(1).label, u"dev team"_s);
    QVERIFY(config.accounts.at(1).account.sandbox);
    QVERIFY(!config.accounts.at(1).watchWholeAccount);
    QCOMPARE(config.accounts.at(1).credentials.token(), u"dev-token-0123456789"_s); // trimmed
    QCOMPARE(config.workflows.size(), 3); // the repeated line counts once
    QCOMPARE(config.workflows.at(0).domain, u"example.com"_s);
    QCOMPARE(config.workflows.at(0).account.id, account);
    QCOMPARE(config.workflows.at(1).domain, u"xn--bcher-kva.example"_s);
    QCOMPARE(config.workflows.at(1).kind, rw::WorkflowKind::Registration);
    QVERIFY(config.workflows.at(1).account.sandbox);
    QCOMPARE(config.workflows.at(2).domain, u"example.net"_s);
    QVERIFY(config.warnings.isEmpty());
}

void TestServeConfig::aTokenFileComesFromTheCredentialsDirectory()
{
    QTemporaryDir directory;
    QTemporaryDir credentials;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path, u"[ops]\naccount_id = %1\ntoken_file = ops-token\n"_s.arg(account));
    write(credentials.filePath(u"ops-token"_s), token + u"\n"_s,
          QFile::ReadOwner | QFile::WriteOwner);
    QProcessEnvironment environment;
    environment.insert(u"CREDENTIALS_DIRECTORY"_s, credentials.path());

    const auto read = ServeConfig::read(path, environment);
    QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error().join(u'\n')));
    QCOMPARE(read->accounts.first().credentials.token(), token);
    QCOMPARE(read->accounts.first().secretSource,
             u"file "_s + credentials.filePath(u"ops-token"_s));
    QVERIFY(read->warnings.isEmpty());

    // Without the directory, the name is not looked up there.
    const auto elsewhere = ServeConfig::read(path, QProcessEnvironment());
    QVERIFY(!elsewhere.hasValue());
    QVERIFY2(elsewhere.error().join(u'\n').contains(u"$CREDENTIALS_DIRECTORY is not set"_s),
             qPrintable(elsewhere.error().join(u'\n')));
}

// Issue 13, point 1: a secret file others can read is a configuration error, not a warning.
void TestServeConfig::aTokenFileOthersCanReadIsRefused()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path,
          u"[ops]\naccount_id = %1\ntoken_file = ops-token\nlisten_every = 5m\n"_s.arg(account));
    write(directory.filePath(u"ops-token"_s), token,
          QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);

    const auto read = ServeConfig::read(path, QProcessEnvironment());
    QVERIFY(!read.hasValue());
    const QString errors = read.error().join(u'\n');
    QVERIFY2(errors.contains(u"[ops] token_file: "_s) &&
                 errors.contains(u"readable by other users: mode 0644"_s) &&
                 errors.contains(directory.filePath(u"ops-token"_s)),
             qPrintable(errors));
    QVERIFY2(!errors.contains(token), "the token is never shown");

    // Made private, it is taken.
    QVERIFY(QFile::setPermissions(directory.filePath(u"ops-token"_s),
                                  QFile::ReadOwner | QFile::WriteOwner));
    const auto fixed = ServeConfig::read(path, QProcessEnvironment());
    QVERIFY2(fixed.hasValue(), qPrintable(fixed ? QString() : fixed.error().join(u'\n')));
}

// systemd's credentials: a 0500 directory, a 0400 file (or 0440 when the service user reads it
// through an ACL, whose mask shows in the group bits): taken without a word.
void TestServeConfig::systemdCredentialsPass()
{
    QTemporaryDir directory;
    QTemporaryDir credentials;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path, u"[ops]\naccount_id = %1\ntoken_file = ops-token\n"_s.arg(account));
    const QString secret = credentials.filePath(u"ops-token"_s);
    write(secret, token, QFile::ReadOwner);
    QVERIFY(QFile::setPermissions(credentials.path(), QFile::ReadOwner | QFile::ExeOwner));
    QProcessEnvironment environment;
    environment.insert(u"CREDENTIALS_DIRECTORY"_s, credentials.path());
    for (const QFile::Permissions modes :
         {QFile::Permissions(QFile::ReadOwner), QFile::ReadOwner | QFile::ReadGroup}) {
        QVERIFY(QFile::setPermissions(secret, modes));
        const auto read = ServeConfig::read(path, environment);
        QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error().join(u'\n')));
        QVERIFY(read->warnings.isEmpty());
    }
    QVERIFY(QFile::setPermissions(credentials.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void TestServeConfig::theDefaultStoreIsInTheStateDirectory()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"serve.ini"_s);
    write(path, u"[ops]\naccount_id = %1\n"_s.arg(account));
    QProcessEnvironment environment;
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, token);
    environment.insert(u"STATE_DIRECTORY"_s, u"/var/lib/registrar-watch:/var/lib/other"_s);
    const auto read = ServeConfig::read(path, environment);
    QVERIFY(read.hasValue());
    QCOMPARE(read->storePath, u"/var/lib/registrar-watch/watch.sqlite"_s);
    QCOMPARE(read->listenText(), u"127.0.0.1:9464"_s);
}

QTEST_GUILESS_MAIN(TestServeConfig)
#include "tst_serveconfig.moc"
