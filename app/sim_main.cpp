// registrar-sim: the registrar simulator on its own, for demos and manual testing.

#include "cli/Cli.h"
#include "sim/RegistrarSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    rw::cli::setApplicationInfo();
    QCoreApplication::setApplicationName(u"registrar-sim"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Plays Cloudflare Registrar workflows from a scenario over HTTP on 127.0.0.1.\n"
        u"See docs/scenario-format.md and docs/simulator.md."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(u"port"_s, u"TCP port; 0 lets the OS choose (default)."_s,
                                  u"port"_s, u"0"_s);
    const QCommandLineOption scenarioFile(
        u"scenario"_s, u"Scenario file (JSON). Without it, the built-in demo scenario."_s,
        u"file"_s);
    const QCommandLineOption list(
        u"list-workflows"_s, u"Print the scenario's workflows (domain, kind, sandbox or live), "
                             u"one per line, and exit."_s);
    parser.addOptions({port, scenarioFile, list});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    auto scenario = parser.isSet(scenarioFile)
                        ? rw::sim::Scenario::fromFile(parser.value(scenarioFile))
                        : rw::Expected<rw::sim::Scenario>(rw::sim::Scenario::demo());
    if (!scenario) {
        err << "registrar-sim: " << scenario.error() << "\n";
        return 2;
    }
    if (parser.isSet(list)) {
        for (const auto &workflow : scenario->workflows)
            out << workflow.domain << ' ' << rw::kindName(workflow.kind) << ' '
                << (workflow.sandbox ? "sandbox" : "live") << "\n";
        return 0;
    }
    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    if (!portOk || portNumber > 65535) {
        err << "registrar-sim: --port takes a number from 0 to 65535\n";
        return 2;
    }

    rw::sim::RegistrarSimulator simulator(std::move(scenario).value());
    if (!simulator.listen(quint16(portNumber))) {
        err << "registrar-sim: cannot listen on 127.0.0.1:" << portNumber << "\n";
        return 1;
    }
    out << "listening on " << simulator.baseUrl().toString() << "\n";
    out.flush();
    return app.exec();
}
