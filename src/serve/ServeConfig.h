#pragma once

#include "common/Expected.h"
#include "net/Credentials.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"

#include <QHostAddress>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

#include <chrono>

namespace rw::serve {

// One account of the team watcher: a group of the configuration file, named by its label.
struct ServeAccount
{
    QString label; // the group's name: `account_label` in /metrics, LABEL/ in the domains file
    AccountRef account;
    bool watchWholeAccount = true;
    std::chrono::minutes listEvery{30};
    std::chrono::days expiryWarning{30};
    Credentials credentials;
    // Where the secret came from ("$CLOUDFLARE_API_TOKEN", "file /run/credentials/…/ops-token"):
    // what the log may say about it.
    QString secretSource;

    friend bool operator==(const ServeAccount &, const ServeAccount &);
};

// `registrar-watch-serve --config FILE`: an INI file read through QSettings. Group [serve] says
// where to listen, where the store is, which domains to watch and which API to ask; every other
// group is one account. Secrets never live in it: each account names an environment variable or
// a file (relative to $CREDENTIALS_DIRECTORY, as systemd's LoadCredential= hands it over).
struct ServeConfig
{
    static constexpr quint16 defaultPort = 9464;

    QString path; // the file read, absolute
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = defaultPort; // 0: the system chooses
    bool allowRemote = false;
    QString storePath;
    QString domainsFile; // empty: none
    ApiBase apiBase = ApiBase::fromString(ApiBase::defaultUrl).value();
    QList<ServeAccount> accounts; // in the file's order
    QList<WorkflowRef> workflows; // from the domains file, de-duplicated, in its order
    // What is worth saying but does not stop the watcher (a secret file others may read, a key
    // this version does not know).
    QStringList warnings;

    // Reads and checks the file; every problem is a sentence naming the file and the key (or the
    // domains file's line), and none holds a secret.
    [[nodiscard]] static Expected<ServeConfig, QStringList>
    read(const QString &path, const QProcessEnvironment &environment);

    [[nodiscard]] const ServeAccount *accountLabelled(const QString &label) const;
    [[nodiscard]] QString listenText() const; // "127.0.0.1:9464", "[::1]:0"
};

} // namespace rw::serve
