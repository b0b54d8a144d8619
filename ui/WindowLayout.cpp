#include "ui/WindowLayout.h"

#include "settings/AppSettings.h"
#include "ui/WorkflowTableModel.h"

#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace rw::ui::windowLayout {

void save(AppSettings &settings, const QMainWindow &window, const QTableView &table,
          const QSplitter &splitter)
{
    settings.setValue(u"geometry"_s, window.saveGeometry());
    settings.setValue(u"tableHeader"_s, table.horizontalHeader()->saveState());
    settings.setValue(u"splitter"_s, splitter.saveState());
    settings.sync();
}

void restore(const AppSettings &settings, QMainWindow &window, const QTableView &table,
             QSplitter &splitter)
{
    if (const QByteArray geometry = settings.value(u"geometry"_s); !geometry.isEmpty())
        window.restoreGeometry(geometry);
    else if (const QScreen *screen = window.screen()) // first run: most of the screen
        window.resize(screen->availableSize().boundedTo(QSize(2200, 1300)) * 0.9);
    if (const QByteArray header = settings.value(u"tableHeader"_s); !header.isEmpty()) {
        table.horizontalHeader()->restoreState(header);
    } else {
        // First run: the time of Cloudflare's last change says about what "In state" says, and
        // the details give it; hidden, it leaves the other columns room to read at 1024 px.
        // The header's menu shows it again.
        table.horizontalHeader()->hideSection(int(WorkflowTableModel::Column::LastChange));
    }
    if (const QByteArray state = settings.value(u"splitter"_s); !state.isEmpty()) {
        splitter.restoreState(state);
        return;
    }
    // First run: the table gets two thirds, more if its columns and some notes need it, as long
    // as the details keep a readable width.
    const int em = table.fontMetrics().horizontalAdvance(u'M');
    int columns = 20 * em + table.verticalScrollBar()->sizeHint().width(); // the notes
    for (int column = 0; column < int(WorkflowTableModel::Column::Notes); ++column)
        columns += table.columnWidth(column);
    const int width = window.width();
    const int tableWidth =
        std::max(std::min(std::max(columns, width * 64 / 100), width - 26 * em), width / 2);
    splitter.setSizes({tableWidth, width - tableWidth});
}

} // namespace rw::ui::windowLayout
