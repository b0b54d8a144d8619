#pragma once

#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"

#include <QList>
#include <QString>

namespace rw {

// What an operator pasted into "Add workflows": domain names (one per line, or separated by
// spaces or commas; "example.com:registration" picks the kind), `links.self` paths, or full
// status URLs from a 202 answer. Nothing valid is lost; everything invalid is listed with why.
struct WorkflowInput
{
    struct Problem
    {
        QString text;   // as pasted
        QString reason; // a sentence
    };

    QList<WorkflowRef> workflows; // valid, de-duplicated, in the order given
    QList<Problem> problems;
    int duplicates = 0;

    // `account` and `kind` apply to bare domain names; links carry their own.
    [[nodiscard]] static WorkflowInput parse(const QString &text, const AccountRef &account,
                                             WorkflowKind kind, const ApiBase &base);
};

} // namespace rw
