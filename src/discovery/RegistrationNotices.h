#pragma once

#include "store/RegistrationNotice.h"

#include <QList>
#include <QObject>

namespace rw {

// The registrations that need the operator, across accounts: what the table, the details and
// the notifications show beside the workflows. Account discovery keeps it up to date.
class RegistrationNotices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationNotices)
public:
    using QObject::QObject;

    [[nodiscard]] const QList<RegistrationNotice> &notices() const { return m_notices; }
    [[nodiscard]] const RegistrationNotice *find(const AccountRef &account,
                                                 const QString &domain) const;

    // What the account's latest listing says needs the operator: new notices are added, known
    // ones updated (a new reason counts as new: found now, not told yet), and the account's
    // notices that are no longer in `current` are removed.
    void replaceForAccount(const AccountRef &account, const QList<RegistrationNotice> &current);
    // One notice, added or updated as it is given (the store's copy at start, a told mark).
    void put(const RegistrationNotice &notice);
    void remove(const AccountRef &account, const QString &domain);
    // Every notice of the account goes (the account was removed from the settings).
    void removeAccount(const QString &accountId);

signals:
    void noticeAdded(const rw::RegistrationNotice &notice);
    void noticeChanged(const rw::RegistrationNotice &notice);
    void noticeRemoved(const rw::RegistrationNotice &notice);

private:
    [[nodiscard]] qsizetype indexOf(const AccountRef &account, const QString &domain) const;

    QList<RegistrationNotice> m_notices;
};

} // namespace rw
