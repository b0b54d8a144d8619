#pragma once

#include "notify/Notification.h"
#include "registrar/AccountLabels.h"
#include "store/RegistrationNotice.h"
#include "store/TrackedWorkflow.h"

#include <QList>

namespace rw {

// The words of notifications about what watching a whole account found by itself: workflows
// started elsewhere (in the dashboard, by Terraform, by a colleague) and registrations that
// need the operator without any workflow.
namespace discoveryText {

// Among several accounts, each names the account of what it tells, as notificationText does:
// "example.com (Acme): ...", or "... were found in Acme" when all are in one.

// "example.com: an update started elsewhere is in progress", "... needs you".
[[nodiscard]] Notification foundWorkflow(const TrackedWorkflow &workflow,
                                         const AccountLabels &labels = {});
// "6 workflows started elsewhere were found", naming a few.
[[nodiscard]] Notification foundSummary(const QList<TrackedWorkflow> &workflows,
                                        const AccountLabels &labels = {});
// "example.com expires on 12 March 2026 and auto-renew is off", "example.com has expired".
[[nodiscard]] Notification registrationNotice(const RegistrationNotice &notice,
                                              const AccountLabels &labels = {});
// "5 registrations need you", naming a few.
[[nodiscard]] Notification noticeSummary(const QList<RegistrationNotice> &notices,
                                         const AccountLabels &labels = {});
// A notice's key ("registration:<account>/<domain>"): one bubble per registration.
[[nodiscard]] QString noticeKey(const RegistrationNotice &notice);

} // namespace discoveryText

} // namespace rw
