#include "cli/AddCommand.h"

#include "cli/ExitCode.h"
#include "platform/SingleInstance.h"
#include "registrar/WorkflowInput.h"
#include "settings/AppSettings.h"
#include "store/HandOver.h"
#include "store/PendingWorkflows.h"

#include <QCommandLineParser>
#include <QDir>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rw::cli {

int AddCommand::run(const QStringList &arguments, const QProcessEnvironment &environment,
                    QTextStream &in, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Hand workflows to the running desktop app, which watches them and tells you how they\n"
        u"end; when it is not running, record them for its next start.\n\n"
        u"NAME is a domain (DOMAIN or DOMAIN:KIND), a links.self path or a status URL from a\n"
        u"202 answer. Without NAME, or with -, names are read from standard input.\n"
        u"The account is --account, CLOUDFLARE_ACCOUNT_ID, or the desktop app's own.\n"
        u"Exit status: 0 handed over or recorded, 2 usage error or a name rejected (then\n"
        u"nothing is handed over)."_s);
    parser.addPositionalArgument(u"NAME"_s, u"What to watch."_s, u"[NAME...]"_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption kind(
        u"kind"_s, u"The kind of bare domain names: update (default), registration, transfer-in."_s,
        u"kind"_s, u"update"_s);
    const QCommandLineOption account(u"account"_s, u"The Cloudflare account ID."_s, u"id"_s);
    const QCommandLineOption sandbox(u"sandbox"_s, u"The account's sandbox registrar."_s);
    parser.addOptions({help, kind, account, sandbox});
    if (!parser.parse(QStringList{u"registrar-watch add"_s} + arguments)) {
        err << "registrar-watch add: " << parser.errorText() << "\n"
            << "Try 'registrar-watch add --help'.\n";
        return UsageError;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return Success;
    }
    const auto defaultKind = kindFromName(parser.value(kind));
    if (!defaultKind) {
        err << "registrar-watch add: \"" << parser.value(kind)
            << "\" is not a workflow kind (update, registration, transfer-in).\n";
        return UsageError;
    }
    const AppSettings settings;
    if (!settings.problem().isEmpty())
        err << "registrar-watch add: " << settings.problem() << "\n";
    AccountRef accountRef{parser.value(account), parser.isSet(sandbox)};
    if (accountRef.id.isEmpty())
        accountRef.id = environment.value(u"CLOUDFLARE_ACCOUNT_ID"_s);
    if (accountRef.id.isEmpty()) // the app's own; none: the app fills in the one it runs with
        accountRef = {settings.accountId(), parser.isSet(sandbox) || settings.sandbox()};
    if (!accountRef.id.isEmpty()) {
        if (const QString problem = AccountRef::idProblem(accountRef.id); !problem.isEmpty()) {
            err << "registrar-watch add: " << problem << ".\n";
            return UsageError;
        }
    }

    QStringList names = parser.positionalArguments();
    if (names.isEmpty() && isatty(STDIN_FILENO)) {
        err << "registrar-watch add: no names given. Name the workflows, or pipe them in "
               "(one per line).\n";
        return UsageError;
    }
    if (names.isEmpty() || names == QStringList{u"-"_s})
        names = {in.readAll()};
    const auto base = ApiBase::fromString(settings.apiBase());
    const WorkflowInput input = WorkflowInput::parse(
        names.join(u'\n'), accountRef, *defaultKind,
        base ? base.value() : ApiBase::fromString(ApiBase::defaultUrl).value());
    if (!input.problems.isEmpty()) {
        for (const WorkflowInput::Problem &problem : input.problems)
            err << "registrar-watch add: \"" << problem.text << "\": " << problem.reason << "\n";
        err << "registrar-watch add: nothing was handed over; correct or remove "
            << (input.problems.size() == 1 ? "that name" : "those names") << " and try again.\n";
        return UsageError;
    }
    if (input.workflows.isEmpty()) {
        err << "registrar-watch add: no names given (on the command line or standard input).\n";
        return UsageError;
    }

    PendingWorkflows pending;
    std::optional<QString> notKept;
    const auto reply = SingleInstance::send(handOver::add(input.workflows),
                                            [&] { notKept = pending.append(input.workflows); });
    if (reply) {
        out << (reply->isEmpty() ? u"Handed %1 to the running Registrar Watch."_s.arg(
                                       input.workflows.size() == 1
                                           ? u"1 workflow"_s
                                           : u"%1 workflows"_s.arg(input.workflows.size()))
                                 : *reply)
            << "\n";
        return Success;
    }
    if (notKept) {
        err << "registrar-watch add: Registrar Watch is not running, and the workflows could not "
               "be recorded for its next start: "
            << *notKept << "\n";
        return UsageError;
    }
    out << "Registrar Watch is not running: recorded " << input.workflows.size()
        << (input.workflows.size() == 1 ? " workflow" : " workflows") << " in "
        << QDir::toNativeSeparators(pending.path()) << "; it watches "
        << (input.workflows.size() == 1 ? "it" : "them") << " from its next start.\n";
    return Success;
}

} // namespace rw::cli
