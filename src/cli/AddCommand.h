#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

namespace rw::cli {

// `registrar-watch add`: hands workflows that a script has just started (a loop of PATCH
// calls, Terraform) to the running desktop app, which watches them and tells the operator how
// they end; when the app is not running, records them for its next start. Says which.
class AddCommand final
{
public:
    static int run(const QStringList &arguments, const QProcessEnvironment &environment,
                   QTextStream &in, QTextStream &out, QTextStream &err);
};

} // namespace rw::cli
