#pragma once

namespace rw::cli {

// Exit codes of the command-line subcommands; scripts depend on them, so they never change.
enum ExitCode : int {
    Success = 0,             // status: every workflow fetched; watch: all succeeded; discover:
                             // the sweep went through and nothing needs the operator
    WorkflowFailed = 1,      // watch: any workflow failed
    UsageError = 2,          // bad arguments or missing configuration
    NeedsAction = 3,         // watch: any workflow is action_required; discover: a workflow
                             // or a registration needs the operator
    GaveUp = 4,              // watch: gave up, or --max-wait passed
    CredentialsRejected = 5, // 401/403
    NotFetched = 6,          // no workflow, or the status could not be fetched; discover: the
                             // sweep could not go through
};

} // namespace rw::cli
