#include "net/RegistrationLister.h"

#include "net/RegistrarClient.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace rw {

RegistrationLister::RegistrationLister(RegistrarClient *client, AccountRef account, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_account(std::move(account))
{}

void RegistrationLister::start()
{
    fetch({});
}

void RegistrationLister::cancel()
{
    if (m_current)
        m_current->cancel();
    m_current.clear();
}

void RegistrationLister::fetchNext()
{
    if (m_next.isEmpty() || m_current)
        return;
    fetch(std::exchange(m_next, {}));
}

void RegistrationLister::fetch(const QString &cursor)
{
    RegistrationPageCall *call = m_client->fetchRegistrationPage(m_account, cursor);
    m_current = call;
    connect(call, &ApiJob::finished, this, [this, call] {
        m_current.clear();
        const auto &result = call->result();
        if (!result.ok()) {
            m_error = result.error;
            emit pageAnswered(result.response);
            emit finished();
            return;
        }
        ++m_pages;
        m_registrations.append(result.value->registrations);
        emit progress(int(m_registrations.size()));
        const QString next = result.value->cursor;
        if (!next.isEmpty() && m_seenCursors.contains(next)) {
            // A server that hands out the same cursor again would keep us paging forever.
            m_error = ApiError::badPayload(u"the API returned the cursor \"%1\" twice"_s.arg(next),
                                           call->subject(), result.response.httpStatus);
        } else if (!next.isEmpty()) {
            m_seenCursors.insert(next);
            m_next = next;
        }
        const bool more = !m_next.isEmpty(); // a paced caller may ask for it from pageAnswered()
        emit pageAnswered(result.response);
        if (!more)
            emit finished();
        else if (!m_paced)
            fetchNext();
    });
}

} // namespace rw
