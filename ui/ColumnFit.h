#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <utility>

class QTableView;

namespace rw::ui {

// The table's columns fit its width, so that at 1024 px every column is in view without
// scrolling sideways. Each column has a width it would like (what its usual values need, or
// what the operator gave it by dragging, or what was restored); when the table is narrower than
// that plus room for the last column to be read, columns give up width: first the ones named
// to give first, in turn, down to what still reads (long words the details repeat), then all
// in proportion to what they have above what they keep at least (short values, such as ages,
// read whole as long as there is room). Titles cut short end in "…" and show whole as
// tooltips; cut values elide and show whole as tooltips (the item delegate). When the table
// grows again, the columns take back their width.
class ColumnFit final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnFit)
public:
    // `wanted`: logical column -> width; `least`: what a column keeps as long as the others
    // can give (what reads whole; a few letters' worth when not given), below which it goes
    // only on a table too narrow for all of them, down to a few letters; `lastRoom`: what the
    // last column keeps at least; `giveFirst`: the columns that give up width first, in this
    // order, each down to the width given with it (what still reads).
    ColumnFit(QTableView *view, QHash<int, int> wanted, QHash<int, int> least, int lastRoom,
              QList<std::pair<int, int>> giveFirst = {});

    // What `column` keeps at least from now on (what its values are now, say), fitted again.
    void setLeast(int column, int width);
    // What the last column gives up, down to `width`, before the others go below what they keep
    // at least (`lastRoom` until set).
    void setLastLeast(int width);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fit();
    [[nodiscard]] int lastVisible() const; // logical index, -1 for none
    void remember(int column, int oldSize, int newSize);

    QTableView *m_view;
    // Kept apart: events reach the filter while the view is being destroyed, when it can no
    // longer be asked for its viewport.
    QPointer<QWidget> m_viewport;
    QHash<int, int> m_wanted;
    QHash<int, int> m_least;
    int m_lastRoom;
    int m_lastLeast;
    QList<std::pair<int, int>> m_giveFirst;
    bool m_fitting = false;
    QTimer m_later; // one fit per pass of the event loop, whatever asked for it
};

} // namespace rw::ui
