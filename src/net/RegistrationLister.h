#pragma once

#include "net/ApiResult.h"
#include "registrar/Registration.h"
#include "registrar/WorkflowRef.h"

#include <QObject>
#include <QPointer>
#include <QSet>

namespace rw {

class RegistrarClient;
class ApiJob;

// Fetches every page of an account's registrations, one request at a time, with progress and
// cancel. Emits finished() once (not after cancel()); registrations() holds what arrived, also
// when a later page failed. Paced, it fetches the next page only when told (fetchNext()), so
// that a caller drawing on a request budget decides when each page goes out.
class RegistrationLister final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationLister)
public:
    RegistrationLister(RegistrarClient *client, AccountRef account, QObject *parent);

    void start();
    void cancel();
    // After each page but the last, wait for fetchNext() instead of fetching the next at once.
    void setPaced(bool paced) { m_paced = paced; }
    void fetchNext();
    // Paced: a page arrived and another waits for fetchNext().
    [[nodiscard]] bool hasMore() const { return !m_next.isEmpty(); }

    [[nodiscard]] const QList<Registration> &registrations() const { return m_registrations; }
    [[nodiscard]] const std::optional<ApiError> &error() const { return m_error; }
    [[nodiscard]] int pagesFetched() const { return m_pages; }

signals:
    void progress(int registrationsSoFar);
    // Every answer, good or not, before progress() and finished(): what went over the wire.
    void pageAnswered(const rw::ResponseInfo &response);
    void finished();

private:
    void fetch(const QString &cursor);

    RegistrarClient *m_client;
    AccountRef m_account;
    QPointer<ApiJob> m_current;
    QList<Registration> m_registrations;
    QSet<QString> m_seenCursors;
    std::optional<ApiError> m_error;
    QString m_next;
    int m_pages = 0;
    bool m_paced = false;
};

} // namespace rw
