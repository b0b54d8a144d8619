// What the rows say at the end of a run that the budget cannot keep up with (issue 13, point 9):
// N workflows, all tracked at once, each in progress and then ended (half succeeded, half
// blocked then succeeded), polled by the real PollEngine in virtual time from the simulator's
// scenario in-process, with a small budget. At the end it prints the quick filters' counts as
// the FilterBar shows them and a sample of row texts: the state cell, the next-check cell and
// the next step. Nothing is timed; the figure is the words.
//
//   rows_bench [--rows N] [--minutes M] [--budget R]

#include "engine/PollEngine.h"
#include "report/WorkflowText.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"
#include "ui/FilterBar.h"
#include "ui/WorkflowFilterProxy.h"
#include "ui/WorkflowTableModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using rw::ui::WorkflowFilterProxy;
using rw::ui::WorkflowTableModel;
using Column = WorkflowTableModel::Column;

namespace {

const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;

QString domainOf(int i)
{
    return u"r%1.example"_s.arg(i, 5, 10, QChar(u'0'));
}

// In progress from the start; every one has ended by `endBy` seconds.
rw::sim::Scenario scenario(int rows, int endBy)
{
    QJsonArray workflows;
    for (int i = 0; i < rows; ++i) {
        const double end = endBy * double(i % 100 + 1) / 100.0;
        QJsonArray steps{QJsonObject{{u"at_s"_s, 0}, {u"state"_s, u"in_progress"_s}}};
        if (i % 2)
            steps.append(QJsonObject{{u"at_s"_s, end / 2}, {u"state"_s, u"blocked"_s}});
        steps.append(QJsonObject{{u"at_s"_s, end}, {u"state"_s, u"succeeded"_s}});
        workflows.append(
            QJsonObject{{u"domain"_s, domainOf(i)}, {u"kind"_s, u"update"_s}, {u"steps"_s, steps}});
    }
    QJsonObject json{{u"account_id"_s, account},
                     {u"tokens"_s, QJsonArray{u"bench-token"_s}},
                     {u"workflows"_s, workflows}};
    auto parsed = rw::sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!parsed)
        qFatal("bad scenario: %s", qPrintable(parsed.error()));
    return parsed.value();
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption rowsOption(u"rows"_s, u"Workflows."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption minutesOption(u"minutes"_s, u"Virtual minutes to run."_s, u"m"_s,
                                           u"40"_s);
    const QCommandLineOption budgetOption(u"budget"_s, u"Requests per 5 minutes."_s, u"r"_s,
                                          u"300"_s);
    parser.addOptions({rowsOption, minutesOption, budgetOption});
    parser.addHelpOption();
    parser.process(app);
    const int rows = parser.value(rowsOption).toInt();
    const int minutes = parser.value(minutesOption).toInt();

    rw::test::ManualClock clock;
    rw::sim::ScenarioFetcher fetcher(scenario(rows, 15 * 60), clock);
    rw::PollSettings settings;
    settings.budgetRequests = parser.value(budgetOption).toInt();
    settings.budgetWindow = 300s;
    rw::PollEngine engine(&fetcher, clock, settings);
    engine.setJitterSource([] { return 0.0; });
    WorkflowTableModel model(&engine, clock);
    WorkflowFilterProxy proxy;
    proxy.setSourceModel(&model);
    rw::ui::FilterBar bar(&model, &proxy);
    for (int i = 0; i < rows; ++i)
        engine.track({{account, false}, domainOf(i), rw::WorkflowKind::Update});
    for (int minute = 0; minute < minutes; ++minute)
        clock.advance(1min);
    // The model tells its counts at the end of the pass, as in the app.
    QCoreApplication::processEvents();

    QTextStream out(stdout);
    out << "rows_bench --rows " << rows << " --minutes " << minutes << " --budget "
        << settings.budgetRequests << " (virtual time; every workflow ended by minute 15)\n";
    QStringList counts;
    const QList<QToolButton *> buttons = bar.findChildren<QToolButton *>();
    for (const QToolButton *button : buttons) {
        if (!button->text().isEmpty()) // the search's clear button has none
            counts.append(button->text());
    }
    out << "filters: " << counts.join(u" · "_s) << "\n";
    int neverChecked = 0;
    int staleActive = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const rw::TrackedWorkflow *workflow = engine.workflow(model.idAt(row));
        if (!workflow->lastCheckedAt.isValid())
            ++neverChecked;
        else if (workflow->watch == rw::WatchState::Watching &&
                 workflow->lastCheckedAt.secsTo(clock.now()) > 5 * 60)
            ++staleActive;
    }
    out << "never checked: " << neverChecked
        << "; watched, last answer older than 5 min: " << staleActive << "\n";
    // A sample: the first never-checked row, the first row with an old answer, the first done.
    const auto sample = [&](const QString &what, const auto &pick) {
        for (int row = 0; row < model.rowCount(); ++row) {
            const rw::TrackedWorkflow *workflow = engine.workflow(model.idAt(row));
            if (!pick(*workflow))
                continue;
            const auto cell = [&](Column column) {
                return model.index(row, int(column)).data().toString();
            };
            out << what << " " << cell(Column::Domain) << ": state \"" << cell(Column::State)
                << "\", next check \"" << cell(Column::NextCheck) << "\"\n    next step: "
                << rw::workflowText::nextStep(
                       rw::WorkflowFacts::about(engine, *workflow, clock.now()))
                       .replace(u'\n', u" / "_s)
                << "\n";
            return;
        }
    };
    sample(u"never checked:"_s,
           [](const rw::TrackedWorkflow &w) { return !w.lastCheckedAt.isValid(); });
    for (const rw::WorkflowState state :
         {rw::WorkflowState::InProgress, rw::WorkflowState::Blocked})
        sample(u"old answer:"_s, [&](const rw::TrackedWorkflow &w) {
            return w.watch == rw::WatchState::Watching && w.state() == state &&
                   w.lastCheckedAt.secsTo(clock.now()) > 5 * 60;
        });
    return 0;
}
