#pragma once

#include "engine/StatusFetcher.h"

#include <QList>

namespace rw {

// Holds the engine's requests back until open(). The desktop reads the account's secret from
// the keychain, which answers later, while the engine asks at once about workflows that fell
// due while the app was closed: without the gate those requests would go out without
// credentials, be refused, and hold the account as if Cloudflare had rejected it.
class GatedFetcher final : public StatusFetcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatedFetcher)
public:
    explicit GatedFetcher(StatusFetcher *target, QObject *parent = nullptr);

    // From now on requests go out; those held back go first, in the order they came.
    void open();
    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] qsizetype waiting() const { return m_waiting.size(); }

    void fetch(quint64 ticket, const AccountRef &account, const QString &statusPath) override;
    void cancel(quint64 ticket) override;

private:
    struct Waiting
    {
        quint64 ticket;
        AccountRef account;
        QString statusPath;
    };
    StatusFetcher *m_target;
    bool m_open = false;
    QList<Waiting> m_waiting;
};

} // namespace rw
