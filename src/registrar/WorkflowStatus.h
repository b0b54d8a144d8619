#pragma once

#include "common/Expected.h"
#include "registrar/Workflow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace rw {

// `error` of a failed workflow: string codes, distinct from the envelope's numeric codes.
struct WorkflowError
{
    QString code;
    QString message;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const WorkflowError &, const WorkflowError &) = default;
};

// The `result` of a status endpoint (and of a 202 answer), read in full.
struct WorkflowStatus
{
    WorkflowState state = WorkflowState::Unknown;
    QString stateText; // the state exactly as the API wrote it, also when it is unknown to us
    bool completed = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString selfLink;     // `links.self`: where to poll, relative to the API base
    QString resourceLink; // `links.resource`, may be empty
    QJsonObject context;  // kept whole: unknown keys will appear
    std::optional<WorkflowError> error;
    QString domainName;    // from `context.domain_name`, else from the top level, else empty
    QJsonObject raw;       // the `result` object as received
    QStringList anomalies; // readable oddities that did not stop the parse

    [[nodiscard]] static Expected<WorkflowStatus> fromJson(const QJsonValue &result);

    // `context.action` and `context.confirmation_sent_to`, for action_required.
    [[nodiscard]] QString action() const;
    [[nodiscard]] QString confirmationSentTo() const;
    [[nodiscard]] bool isKnownState() const { return state != WorkflowState::Unknown; }
};

} // namespace rw
