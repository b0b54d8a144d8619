#include "discovery/RegistrationNotices.h"

#include <algorithm>

namespace rw {

qsizetype RegistrationNotices::indexOf(const AccountRef &account, const QString &domain) const
{
    for (qsizetype i = 0; i < m_notices.size(); ++i) {
        const RegistrationNotice &notice = m_notices.at(i);
        if (notice.account.id == account.id && notice.account.sandbox == account.sandbox &&
            notice.domain == domain)
            return i;
    }
    return -1;
}

const RegistrationNotice *RegistrationNotices::find(const AccountRef &account,
                                                    const QString &domain) const
{
    const qsizetype i = indexOf(account, domain);
    return i < 0 ? nullptr : &m_notices.at(i);
}

void RegistrationNotices::put(const RegistrationNotice &notice)
{
    const qsizetype i = indexOf(notice.account, notice.domain);
    if (i < 0) {
        m_notices.append(notice);
        emit noticeAdded(notice);
        return;
    }
    m_notices[i] = notice;
    emit noticeChanged(notice);
}

void RegistrationNotices::replaceForAccount(const AccountRef &account,
                                            const QList<RegistrationNotice> &current)
{
    for (qsizetype i = m_notices.size() - 1; i >= 0; --i) {
        const RegistrationNotice known = m_notices.at(i);
        if (known.account.id != account.id || known.account.sandbox != account.sandbox)
            continue;
        const bool stays = std::any_of(current.cbegin(), current.cend(),
                                       [&](const auto &n) { return n.sameRegistration(known); });
        if (!stays) {
            m_notices.removeAt(i);
            emit noticeRemoved(known);
        }
    }
    for (RegistrationNotice notice : current) {
        if (const RegistrationNotice *known = find(notice.account, notice.domain)) {
            if (known->attention.reason == notice.attention.reason) {
                notice.foundAt = known->foundAt; // the same need: found and told as before
                notice.toldAt = known->toldAt;
            }
        }
        put(notice);
    }
}

void RegistrationNotices::remove(const AccountRef &account, const QString &domain)
{
    const qsizetype i = indexOf(account, domain);
    if (i < 0)
        return;
    const RegistrationNotice gone = m_notices.takeAt(i);
    emit noticeRemoved(gone);
}

void RegistrationNotices::removeAccount(const QString &accountId)
{
    for (qsizetype i = m_notices.size() - 1; i >= 0; --i) {
        if (m_notices.at(i).account.id != accountId)
            continue;
        const RegistrationNotice gone = m_notices.takeAt(i);
        emit noticeRemoved(gone);
    }
}

} // namespace rw
