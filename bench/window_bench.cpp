// The desktop window in real time: 10,000 workflows from a store in the steady state (last seen
// blocked, due within the hour, as `scale_bench store` writes it), checked against registrar-sim
// over loopback HTTP at the budget's pace, by the session and the MainWindow that main() builds
// (offscreen unless a display is given). Measures what issue 14 asks of the window:
//   - start-up: from main() to the table painted with its rows (wall and CPU);
//   - CPU-seconds per minute (getrusage) and ms of CPU per answer over a real-time run, with the
//     window or, with --headless, the same session without one (what the window adds is the
//     difference).
//
//   window_bench --store PATH --api-base URL [--seconds 60] [--warmup 10] [--headless]
//
// bench/run_window.sh makes the store and the simulator and runs both.

#include "session/DesktopSession.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "ui/MainWindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
const QString token = u"bench-token"_s;

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The app's own event loop for `span`. (processEvents() with a time limit ignores
// WaitForMoreEvents: a loop of it spins a core, and was measured as the window's cost.)
void runFor(std::chrono::milliseconds span)
{
    QEventLoop loop;
    QTimer::singleShot(span, &loop, &QEventLoop::quit);
    loop.exec();
}

// Notes when the table is first painted with rows in it.
class FirstPaint final : public QObject
{
public:
    explicit FirstPaint(QTableView *view)
        : m_view(view)
    {
        view->viewport()->installEventFilter(this);
    }
    [[nodiscard]] bool painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_view->model()->rowCount() > 0)
            m_painted = true;
        return false;
    }

private:
    QTableView *m_view;
    bool m_painted = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption storeOption(u"store"_s, u"The store (scale_bench store)."_s,
                                         u"PATH"_s);
    const QCommandLineOption baseOption(u"api-base"_s, u"registrar-sim's API base."_s, u"URL"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Measured seconds (60)."_s, u"S"_s,
                                           u"60"_s);
    const QCommandLineOption warmupOption(u"warmup"_s, u"Seconds before measuring (10)."_s, u"S"_s,
                                          u"10"_s);
    const QCommandLineOption headlessOption(u"headless"_s, u"The session without a window."_s);
    parser.addOptions({storeOption, baseOption, secondsOption, warmupOption, headlessOption});
    parser.process(app);
    QTextStream out(stdout);
    const bool headless = parser.isSet(headlessOption);

    QTemporaryDir dir;
    rw::AppSettings settings(new QSettings(dir.filePath(u"bench.ini"_s), QSettings::IniFormat));
    settings.setAccountId(account);
    settings.setSecretStorage(rw::AppSettings::SecretStorage::SessionOnly);
    settings.setApiBase(parser.value(baseOption));
    QList<rw::AccountSettings> accounts = settings.accounts();
    accounts.first().watchWholeAccount = false;
    if (const auto problem = settings.setAccounts(accounts))
        qFatal("window_bench: the account was refused: %s", qPrintable(*problem));
    rw::MemorySecretStore secrets;
    bool written = false;
    secrets.write(rw::SecretStore::keyFor(account, false), token, &app,
                  [&written](const rw::SecretStore::Result &) { written = true; });
    while (!written)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);

    rw::session::DesktopSession session(
        &settings, [&secrets](rw::AppSettings::SecretStorage) { return &secrets; },
        {false, parser.value(storeOption), QUrl(parser.value(baseOption))});
    if (const auto error = session.start())
        qFatal("window_bench: the session did not start: %s", qPrintable(*error));
    const int rows = int(session.engine()->workflowIds().size());

    std::unique_ptr<rw::ui::MainWindow> window;
    if (!headless) {
        window = std::make_unique<rw::ui::MainWindow>(&session);
        auto *table = window->findChild<QTableView *>(u"workflowTable"_s);
        FirstPaint first(table);
        window->resize(1280, 800);
        window->show();
        while (!first.painted())
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
        out << "start-up: window shown with its " << table->model()->rowCount() << " rows painted "
            << sinceMain.elapsed() << " ms after main() (" << cpuSeconds() << " s CPU), platform "
            << QGuiApplication::platformName() << "\n";
        out.flush();
    } else {
        out << "headless: " << rows << " workflows loaded " << sinceMain.elapsed()
            << " ms after main() (" << cpuSeconds() << " s CPU)\n";
    }

    runFor(std::chrono::seconds(parser.value(warmupOption).toInt()));
    qint64 answers = 0;
    QDateTime since = QDateTime::currentDateTimeUtc();
    QObject::connect(session.engine(), &rw::PollEngine::workflowUpdated, &app,
                     [&answers, &since](const rw::TrackedWorkflow &workflow) {
                         if (workflow.lastCheckedAt >= since)
                             ++answers;
                     });
    const double before = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    runFor(std::chrono::seconds(parser.value(secondsOption).toInt()));
    const double cpu = cpuSeconds() - before;
    const double minutes = double(wall.elapsed()) / 60000.0;
    out << (headless ? "headless" : "window") << ", " << rows << " workflows, "
        << wall.elapsed() / 1000.0 << " s: " << answers << " answers ("
        << double(answers) / (minutes * 60.0) << "/s), " << cpu << " s CPU = " << cpu / minutes
        << " CPU-s per minute, " << (answers ? cpu * 1000.0 / double(answers) : 0.0)
        << " ms CPU per answer\n";
    return 0;
}
