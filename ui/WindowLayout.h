#pragma once

class QMainWindow;
class QSplitter;
class QTableView;

namespace rw {
class AppSettings;
} // namespace rw

// The window's size and place, the table's columns (widths, order, hidden ones) and the split
// between the table and the details, kept in the settings from one run to the next.
namespace rw::ui::windowLayout {

void save(AppSettings &settings, const QMainWindow &window, const QTableView &table,
          const QSplitter &splitter);
// What was saved; on the first run, most of the screen with the table wide enough for its
// columns.
void restore(const AppSettings &settings, QMainWindow &window, const QTableView &table,
             QSplitter &splitter);

} // namespace rw::ui::windowLayout
