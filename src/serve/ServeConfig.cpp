#include "serve/ServeConfig.h"

#include "cli/ApiOptions.h"
#include "common/Duration.h"
#include "common/FilePrivacy.h"
#include "registrar/WorkflowInput.h"
#include "settings/SettingsFileCheck.h"
#include "store/WorkflowStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace rw::serve {

namespace {

const QString serveGroup = u"serve"_s;
const QStringList serveKeys = {u"listen"_s, u"allow_remote"_s, u"store"_s, u"domains_file"_s,
                               u"api_base"_s};
const QStringList accountKeys = {u"account_id"_s, u"sandbox"_s,        u"watch_whole_account"_s,
                                 u"list_every"_s, u"expiry_warning"_s, u"token_env"_s,
                                 u"token_file"_s, u"email"_s,          u"key_env"_s,
                                 u"key_file"_s};
// Keys that would hold a secret: refused wherever they appear, whatever they hold.
const QStringList secretKeys = {u"token"_s, u"api_token"_s, u"key"_s, u"api_key"_s, u"secret"_s};

// Reads one group of the file, naming the file and the key in every sentence.
class GroupReader
{
public:
    GroupReader(QSettings &settings, QString file, QString group, QStringList &problems)
        : m_settings(settings)
        , m_file(std::move(file))
        , m_group(std::move(group))
        , m_problems(problems)
    {}

    [[nodiscard]] QString where(const QString &key) const
    {
        return u"%1: [%2] %3"_s.arg(m_file, m_group, key);
    }
    void problem(const QString &key, const QString &sentence)
    {
        m_problems.append(where(key) + u": "_s + sentence);
    }
    [[nodiscard]] bool has(const QString &key) const { return m_settings.contains(key); }

    // QSettings hands a value with a comma back as a list: the text is what was written.
    [[nodiscard]] QString text(const QString &key, const QString &fallback = {}) const
    {
        if (!has(key))
            return fallback;
        const QVariant value = m_settings.value(key);
        if (value.typeId() == QMetaType::QStringList)
            return value.toStringList().join(u", "_s).trimmed();
        return value.toString().trimmed();
    }

    [[nodiscard]] bool boolean(const QString &key, bool fallback)
    {
        if (!has(key))
            return fallback;
        const QString value = text(key).toLower();
        if (value == u"true" || value == u"yes" || value == u"on" || value == u"1")
            return true;
        if (value == u"false" || value == u"no" || value == u"off" || value == u"0")
            return false;
        problem(key, u"\u201c%1\u201d is not true or false."_s.arg(text(key)));
        return fallback;
    }

    [[nodiscard]] std::chrono::seconds duration(const QString &key, std::chrono::seconds fallback,
                                                std::chrono::seconds least)
    {
        if (!has(key))
            return fallback;
        const auto parsed = parseDuration(text(key));
        if (!parsed) {
            problem(key, u"\u201c%1\u201d is not a duration: give one number and a unit, such as "
                         u"90s, 30m, 2h or 7d."_s.arg(text(key)));
            return fallback;
        }
        if (*parsed < least) {
            problem(key, u"%1 is too short: at least %2."_s.arg(text(key), formatDuration(least)));
            return fallback;
        }
        return *parsed;
    }

    // A relative path is taken from `directory`.
    [[nodiscard]] QString path(const QString &key, const QDir &directory) const
    {
        const QString value = text(key);
        return value.isEmpty() ? QString() : QDir::cleanPath(directory.absoluteFilePath(value));
    }

private:
    QSettings &m_settings;
    QString m_file;
    QString m_group;
    QStringList &m_problems;
};

// QSettings lists groups sorted; the file's order matters (the first account is the one a bare
// DOMAIN in the domains file belongs to), so it is read from the file's section lines.
QStringList groupsInFileOrder(const QString &path, QStringList groups)
{
    QStringList ordered;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        static const QRegularExpression section(uR"(^\s*\[(.*)\]\s*$)"_s);
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        for (const QString &line : lines) {
            const QRegularExpressionMatch match = section.match(line);
            if (!match.hasMatch())
                continue;
            const QString name = QUrl::fromPercentEncoding(match.captured(1).trimmed().toUtf8())
                                     .replace(u'\\', u'/');
            if (groups.removeOne(name))
                ordered.append(name);
        }
    }
    return ordered + groups;
}

// "127.0.0.1:9464", "[::1]:9464", "localhost:0".
bool parseListen(const QString &text, QHostAddress &address, quint16 &port, QString &why)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0) {
        why = u"give HOST:PORT, such as 127.0.0.1:%1."_s.arg(ServeConfig::defaultPort);
        return false;
    }
    QString host = text.left(colon).trimmed();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).trimmed().toUInt(&ok);
    if (!ok || number > 65535) {
        why = u"\u201c%1\u201d is not a port (0 to 65535; 0 lets the system choose)."_s.arg(
            text.mid(colon + 1));
        return false;
    }
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        host = u"127.0.0.1"_s;
    if (!address.setAddress(host)) {
        why = u"\u201c%1\u201d is not an IP address (a name other than localhost is not looked "
              u"up)."_s.arg(host);
        return false;
    }
    port = quint16(number);
    return true;
}

// The first of systemd's StateDirectory= paths, else the user's data directory.
QString defaultStorePath(const QProcessEnvironment &environment)
{
    const QString state = environment.value(u"STATE_DIRECTORY"_s).section(u':', 0, 0);
    if (!state.isEmpty())
        return QDir(state).filePath(u"watch.sqlite"_s);
    return WorkflowStore::defaultPath(u"serve.sqlite"_s);
}

struct SecretRead
{
    QString secret;
    QString source;
};

// One secret from the environment variable `envKey` names, or the file `fileKey` names;
// `defaultVariable` when neither is given.
std::optional<SecretRead>
readSecret(GroupReader &group, const QProcessEnvironment &environment, const QString &envKey,
           const QString &fileKey, const QString &defaultVariable, const QDir &configDirectory,
           QStringList & /*warnings: a secret file is refused, not warned of*/)
{
    if (group.has(envKey) && group.has(fileKey)) {
        group.problem(fileKey, u"give %1 or %2, not both."_s.arg(envKey, fileKey));
        return std::nullopt;
    }
    if (group.has(fileKey)) {
        const QString name = group.text(fileKey);
        if (name.isEmpty()) {
            group.problem(fileKey, u"empty: name the file that holds the secret."_s);
            return std::nullopt;
        }
        // systemd's LoadCredential= puts the file there; without systemd, beside the config.
        const QString credentials = environment.value(u"CREDENTIALS_DIRECTORY"_s);
        const QDir directory = credentials.isEmpty() ? configDirectory : QDir(credentials);
        const QString path = QDir::cleanPath(directory.absoluteFilePath(name));
        QFile file(path);
        if (!file.exists()) {
            group.problem(fileKey, u"%1 does not exist%2."_s.arg(
                                       path, credentials.isEmpty()
                                                 ? u" ($CREDENTIALS_DIRECTORY is not set: a "
                                                   u"relative name is taken beside the "
                                                   u"configuration file)"_s
                                                 : QString()));
            return std::nullopt;
        }
        // Checked before it is read: a secret others can read or replace is not one. systemd's
        // credentials (root's or the service user's, 0400 or 0440 through an ACL, in a 0500
        // folder) pass.
        if (const auto problem = FilePrivacy::check(path, {true, true})) {
            group.problem(fileKey, problem->sentence +
                                       u" Or hand it over with systemd's LoadCredential=."_s);
            return std::nullopt;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            group.problem(fileKey, u"%1 cannot be read: %2."_s.arg(path, file.errorString()));
            return std::nullopt;
        }
        // A secret is small; a big file is a wrong path, not a token.
        const QString secret = QString::fromUtf8(file.read(64 * 1024)).trimmed();
        if (secret.isEmpty()) {
            group.problem(fileKey, u"%1 is empty."_s.arg(path));
            return std::nullopt;
        }
        return SecretRead{secret, u"file "_s + path};
    }
    const QString variable = group.text(envKey, defaultVariable);
    if (variable.isEmpty()) {
        group.problem(envKey, u"empty: name the environment variable that holds the secret."_s);
        return std::nullopt;
    }
    const QString secret = environment.value(variable).trimmed();
    if (secret.isEmpty()) {
        group.problem(group.has(envKey) ? envKey : fileKey.section(u'_', 0, 0) + u"_env"_s,
                      u"the environment variable %1 is not set (or empty); set it, or name a "
                      u"file with %2."_s.arg(variable, fileKey));
        return std::nullopt;
    }
    return SecretRead{secret, u"$"_s + variable};
}

void readCredentials(ServeAccount &account, GroupReader &group,
                     const QProcessEnvironment &environment, const QDir &configDirectory,
                     QStringList &warnings)
{
    const bool token = group.has(u"token_env"_s) || group.has(u"token_file"_s);
    const bool globalKey =
        group.has(u"email"_s) || group.has(u"key_env"_s) || group.has(u"key_file"_s);
    if (token && globalKey) {
        group.problem(u"email"_s, u"an account signs in with an API token (token_env or "
                                  u"token_file) or with email and a Global API Key (key_env or "
                                  u"key_file), not both."_s);
        return;
    }
    if (!token && !globalKey) {
        // As `watch` does: CLOUDFLARE_API_TOKEN, else CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
        auto credentials = cli::credentialsFromEnvironment(environment);
        if (!credentials) {
            group.problem(u"token_env"_s,
                          u"no token_env, token_file or email is given, and the environment "
                          u"has no credentials: %1"_s.arg(credentials.error()));
            return;
        }
        account.credentials = std::move(credentials).value();
        account.secretSource = account.credentials.scheme() == Credentials::Scheme::ApiToken
                                   ? u"$CLOUDFLARE_API_TOKEN"_s
                                   : u"$CLOUDFLARE_EMAIL and $CLOUDFLARE_API_KEY"_s;
        return;
    }
    if (token) {
        const auto read = readSecret(group, environment, u"token_env"_s, u"token_file"_s,
                                     u"CLOUDFLARE_API_TOKEN"_s, configDirectory, warnings);
        if (!read)
            return;
        account.credentials = Credentials::apiToken(read->secret);
        account.secretSource = read->source;
    } else {
        const QString email = group.text(u"email"_s);
        if (email.isEmpty()) {
            group.problem(u"email"_s, u"a Global API Key needs the email address of its user."_s);
            return;
        }
        const auto read = readSecret(group, environment, u"key_env"_s, u"key_file"_s,
                                     u"CLOUDFLARE_API_KEY"_s, configDirectory, warnings);
        if (!read)
            return;
        account.credentials = Credentials::globalApiKey(email, read->secret);
        account.secretSource = read->source;
    }
    if (const auto problem = account.credentials.problem()) {
        group.problem(
            token ? u"token_file"_s : u"key_file"_s,
            u"the secret from %1 cannot be sent: %2."_s.arg(account.secretSource, *problem));
        account.credentials = {};
    }
}

} // namespace

bool operator==(const ServeAccount &a, const ServeAccount &b)
{
    return a.label == b.label && a.account.id == b.account.id &&
           a.account.sandbox == b.account.sandbox && a.watchWholeAccount == b.watchWholeAccount &&
           a.listEvery == b.listEvery && a.expiryWarning == b.expiryWarning &&
           a.secretSource == b.secretSource && a.credentials.scheme() == b.credentials.scheme() &&
           a.credentials.token() == b.credentials.token() &&
           a.credentials.email() == b.credentials.email();
}

const ServeAccount *ServeConfig::accountLabelled(const QString &label) const
{
    for (const ServeAccount &account : accounts) {
        if (account.label.compare(label, Qt::CaseInsensitive) == 0)
            return &account;
    }
    return nullptr;
}

QString ServeConfig::listenText() const
{
    const QString host = listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                             ? u"[%1]"_s.arg(listenAddress.toString())
                             : listenAddress.toString();
    return u"%1:%2"_s.arg(host).arg(listenPort);
}

Expected<ServeConfig, QStringList> ServeConfig::read(const QString &path,
                                                     const QProcessEnvironment &environment)
{
    ServeConfig config;
    QStringList problems;
    const QFileInfo info(path);
    config.path = info.absoluteFilePath();
    const QString &file = config.path;
    if (!info.exists())
        return Unexpected{QStringList{u"%1: no such file."_s.arg(file)}};
    if (!info.isReadable() || info.isDir())
        return Unexpected{QStringList{u"%1: cannot be read."_s.arg(file)}};
    const QDir directory = info.absoluteDir();

    // Before QSettings reads it: a value it would decode may declare gigabytes.
    QFile raw(file);
    if (!raw.open(QIODevice::ReadOnly))
        return Unexpected{QStringList{u"%1: cannot be read: %2."_s.arg(file, raw.errorString())}};
    if (const QList<settingsfile::UnsafeValue> unsafe = settingsfile::unsafeValues(raw.readAll());
        !unsafe.isEmpty()) {
        QStringList refused;
        for (const settingsfile::UnsafeValue &value : unsafe) {
            const qsizetype slash = value.key.lastIndexOf(u'/');
            const QString where =
                slash < 0 ? value.key
                          : u"[%1] %2"_s.arg(value.key.first(slash), value.key.sliced(slash + 1));
            refused.append(u"%1: %2: %3; the team watcher reads plain text values only."_s.arg(
                file, where, value.why));
        }
        return Unexpected{refused};
    }
    raw.close();

    QSettings settings(config.path, QSettings::IniFormat);
    if (settings.status() == QSettings::FormatError)
        return Unexpected{QStringList{u"%1: not an INI file QSettings can read."_s.arg(file)}};

    for (const QString &key : settings.childKeys())
        problems.append(u"%1: %2 is outside any group: put it under [serve] or an account's "
                        u"[LABEL]."_s.arg(file, key));

    // Wherever it is, a secret in the file is refused: it would be in a backup, a ticket, a
    // repository.
    for (const QString &group : settings.childGroups()) {
        settings.beginGroup(group);
        for (const QString &key : settings.childKeys()) {
            if (secretKeys.contains(key.toLower()))
                problems.append(
                    u"%1: [%2] %3: a secret does not belong in the configuration file. Name an "
                    u"environment variable with token_env (or key_env), or a file with "
                    u"token_file (or key_file; relative to $CREDENTIALS_DIRECTORY, as systemd's "
                    u"LoadCredential= hands it over)."_s.arg(file, group, key));
            else if (!(group == serveGroup ? serveKeys : accountKeys).contains(key))
                config.warnings.append(u"%1: [%2] %3: not a key this version knows; it is "
                                       u"ignored."_s.arg(file, group, key));
        }
        settings.endGroup();
    }

    settings.beginGroup(serveGroup);
    {
        GroupReader serve(settings, file, serveGroup, problems);
        config.allowRemote = serve.boolean(u"allow_remote"_s, false);
        const QString listen =
            serve.text(u"listen"_s, u"127.0.0.1:%1"_s.arg(ServeConfig::defaultPort));
        QString why;
        if (!parseListen(listen, config.listenAddress, config.listenPort, why))
            serve.problem(u"listen"_s, why);
        else if (!config.listenAddress.isLoopback() && !config.allowRemote)
            serve.problem(u"listen"_s,
                          u"%1 is not a loopback address: /metrics would be open to the "
                          u"network. Listen on 127.0.0.1 (a reverse proxy or Prometheus on this "
                          u"host), or set allow_remote = true if that is meant."_s.arg(listen));
        config.storePath = serve.path(u"store"_s, directory);
        if (config.storePath.isEmpty())
            config.storePath = defaultStorePath(environment);
        config.domainsFile = serve.path(u"domains_file"_s, directory);
        if (serve.has(u"api_base"_s)) {
            if (auto base = ApiBase::fromString(serve.text(u"api_base"_s)))
                config.apiBase = base.value();
            else
                serve.problem(u"api_base"_s, base.error() + u"."_s);
        }
    }
    settings.endGroup();

    QSet<QString> ids;
    for (const QString &group : groupsInFileOrder(config.path, settings.childGroups())) {
        if (group == serveGroup)
            continue;
        settings.beginGroup(group);
        GroupReader reader(settings, file, group, problems);
        ServeAccount account;
        account.label = group;
        if (config.accountLabelled(group))
            reader.problem(
                u"account_id"_s,
                u"the label %1 is used twice (labels differ in more than case)."_s.arg(group));
        account.account.id = reader.text(u"account_id"_s);
        account.account.sandbox = reader.boolean(u"sandbox"_s, false);
        if (!reader.has(u"account_id"_s))
            reader.problem(u"account_id"_s, u"missing: give the account's ID (32 hexadecimal "
                                            u"characters, in the dashboard's URL)."_s);
        else if (const QString why = AccountRef::idProblem(account.account.id); !why.isEmpty())
            reader.problem(u"account_id"_s, u"\u201c%1\u201d: %2."_s.arg(account.account.id, why));
        else if (ids.contains(account.account.registrarPath()))
            reader.problem(u"account_id"_s,
                           u"%1 is already watched under another label."_s.arg(account.account.id));
        ids.insert(account.account.registrarPath());
        account.watchWholeAccount = reader.boolean(u"watch_whole_account"_s, true);
        account.listEvery = std::chrono::ceil<std::chrono::minutes>(
            reader.duration(u"list_every"_s, account.listEvery, std::chrono::minutes(1)));
        account.expiryWarning = std::chrono::floor<std::chrono::days>(
            reader.duration(u"expiry_warning"_s, account.expiryWarning, std::chrono::days(1)));
        readCredentials(account, reader, environment, directory, config.warnings);
        settings.endGroup();
        config.accounts.append(account);
    }
    if (config.accounts.isEmpty())
        problems.append(u"%1: no account: add a group such as [ops] with account_id = … (its "
                        u"name is the account's label)."_s.arg(file));

    if (!config.domainsFile.isEmpty()) {
        QFile domains(config.domainsFile);
        if (!domains.open(QIODevice::ReadOnly | QIODevice::Text)) {
            problems.append(u"%1: [serve] domains_file: %2 cannot be read: %3."_s.arg(
                file, config.domainsFile, domains.errorString()));
        } else if (!config.accounts.isEmpty()) {
            QSet<WorkflowRef> seen;
            const QStringList lines = QString::fromUtf8(domains.readAll()).split(u'\n');
            for (qsizetype i = 0; i < lines.size(); ++i) {
                QString line = lines.at(i);
                if (const qsizetype hash = line.indexOf(u'#'); hash >= 0)
                    line.truncate(hash);
                line = line.trimmed();
                if (line.isEmpty())
                    continue;
                const QString where = u"%1:%2"_s.arg(config.domainsFile).arg(i + 1);
                const ServeAccount *account = &config.accounts.first();
                QString entry = line;
                if (const qsizetype slash = line.indexOf(u'/'); slash >= 0) {
                    const QString name = line.left(slash).trimmed();
                    account = config.accountLabelled(name);
                    if (!account) {
                        for (const ServeAccount &listed : std::as_const(config.accounts)) {
                            if (listed.account.id == name)
                                account = &listed;
                        }
                    }
                    if (!account) {
                        problems.append(u"%1: \u201c%2\u201d is not the label of an account in "
                                        u"%3."_s.arg(where, name, file));
                        continue;
                    }
                    entry = line.mid(slash + 1).trimmed();
                }
                if (entry.contains(u' ') || entry.contains(u',') || entry.contains(u'/')) {
                    problems.append(u"%1: \u201c%2\u201d: one workflow a line, as LABEL/DOMAIN"
                                    u"[:KIND] or DOMAIN[:KIND]."_s.arg(where, line));
                    continue;
                }
                const WorkflowInput input = WorkflowInput::parse(
                    entry, account->account, WorkflowKind::Update, config.apiBase);
                for (const WorkflowInput::Problem &problem : input.problems)
                    problems.append(
                        u"%1: \u201c%2\u201d: %3."_s.arg(where, problem.text, problem.reason));
                for (const WorkflowRef &workflow : input.workflows) {
                    if (!seen.contains(workflow)) {
                        seen.insert(workflow);
                        config.workflows.append(workflow);
                    }
                }
            }
        }
    }

    if (!problems.isEmpty())
        return Unexpected{problems};
    return config;
}

} // namespace rw::serve
