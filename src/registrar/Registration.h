#pragma once

#include "common/Expected.h"
#include "registrar/Workflow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace rw {

// A registered domain as the registrations endpoints describe it.
struct Registration
{
    QString domainName;
    QString status; // active, registration_pending, transfer_pending, ... kept verbatim
    QDateTime createdAt;
    QDateTime expiresAt; // null while registration_pending
    bool autoRenew = false;
    bool locked = false;
    QString privacyMode; // "off" or "redaction" ("off" also when the API sends false)
    QJsonObject raw;

    // The workflow its status shows running: the registration while registration_pending, the
    // transfer in while transfer_pending. An update never shows in the status: none.
    [[nodiscard]] std::optional<WorkflowKind> workflowInFlight() const;

    [[nodiscard]] static Expected<Registration> fromJson(const QJsonValue &value);
};

// One page of `GET .../registrations`; an empty cursor means it was the last page.
struct RegistrationPage
{
    QList<Registration> registrations;
    QString cursor;
    int perPage = 0;

    [[nodiscard]] bool isLastPage() const { return cursor.isEmpty(); }
    [[nodiscard]] static Expected<RegistrationPage> fromJson(const QJsonValue &result,
                                                             const QJsonObject &resultInfo);
};

} // namespace rw
