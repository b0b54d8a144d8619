// What an operator pastes into "Add workflows". Nothing is dropped silently: input with
// anything but separators gives workflows, duplicates or problems; each problem says why and
// quotes what was pasted; each workflow is unique, on a valid account, with a normalised name.
#include "fuzz/FuzzCommon.h"
#include "registrar/DomainName.h"
#include "registrar/WorkflowInput.h"

#include <QRegularExpression>
#include <QSet>

using namespace rw;
using namespace Qt::StringLiterals;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ApiBase base = *ApiBase::fromString(ApiBase::defaultUrl);
    static const AccountRef account{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false};
    static const QRegularExpression separators(u"^[\\s,;]*$"_s);
    if (size < 1)
        return 0;
    // The first byte picks the kind bare names get and whether an account is configured.
    const auto kind = WorkflowKind(data[0] % 3);
    const AccountRef chosen = (data[0] & 0x80) ? AccountRef{} : account;
    const QString text = QString::fromUtf8(fuzz::bytes(data + 1, size - 1));
    const WorkflowInput input = WorkflowInput::parse(text, chosen, kind, base);

    const bool anything = !separators.match(text).hasMatch();
    fuzz::check(!anything || !input.workflows.isEmpty() || input.duplicates > 0 ||
                    !input.problems.isEmpty(),
                "pasted text gives workflows, duplicates or problems", text);
    fuzz::check(anything || (input.workflows.isEmpty() && input.problems.isEmpty()),
                "only separators give nothing", text);
    for (const WorkflowInput::Problem &problem : input.problems) {
        fuzz::check(!problem.reason.trimmed().isEmpty(), "a problem says why", problem.text);
        fuzz::check(!problem.text.isEmpty(), "a problem quotes what was pasted", text);
        for (const QString &word : problem.text.split(u' ', Qt::SkipEmptyParts))
            fuzz::check(text.contains(word), "a problem quotes what was pasted", problem.text);
    }
    QSet<QString> seen;
    for (const WorkflowRef &workflow : input.workflows) {
        const QString identity = u"%1 %2 %3 %4"_s.arg(workflow.account.id)
                                     .arg(workflow.account.sandbox)
                                     .arg(workflow.domain)
                                     .arg(int(workflow.kind));
        fuzz::check(!seen.contains(identity), "no workflow is listed twice", identity);
        seen.insert(identity);
        // Bare names take the configured account (none: empty); links name their own.
        fuzz::check(workflow.account.id.isEmpty() ||
                        AccountRef::idProblem(workflow.account.id).isEmpty(),
                    "a workflow's account ID is valid", workflow.account.id);
        const auto again = domain::normalise(workflow.domain);
        fuzz::check(again.hasValue() && *again == workflow.domain,
                    "a workflow's domain is in normal form", workflow.domain);
        (void)workflow.statusPath();
    }
    return 0;
}
