#pragma once

#include "net/ApiResult.h"
#include "store/TrackedWorkflow.h"

#include <QObject>

namespace rw {

// Where the engine gets workflow statuses from. Production asks the API over HTTP
// (ClientStatusFetcher); virtual-time tests and benchmarks that span days use an in-process
// player of the simulator's scenarios behind this same interface.
class StatusFetcher : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusFetcher)
public:
    using QObject::QObject;
    ~StatusFetcher() override = default;

    // Starts fetching; finished(ticket, ...) follows, later, unless cancel(ticket) came first.
    virtual void fetch(quint64 ticket, const AccountRef &account, const QString &statusPath) = 0;
    virtual void cancel(quint64 ticket) = 0;

signals:
    void finished(quint64 ticket, const rw::ApiResult<rw::WorkflowStatus> &result);
};

} // namespace rw
