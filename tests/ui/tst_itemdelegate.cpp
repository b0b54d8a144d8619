// What the table's delegate remembers of the cells it drew: enough to repaint only the cells
// whose text changed, and never more than a bound, whatever was scrolled through.

#include "ui/WorkflowItemDelegate.h"
#include "ui/WorkflowTableModel.h"

#include <QApplication>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>

using namespace Qt::StringLiterals;
using rw::ui::WorkflowItemDelegate;
using rw::ui::WorkflowTableModel;

class TestItemDelegate : public QObject
{
    Q_OBJECT
private slots:
    void aCellIsOutdatedWhenItsTextChanged();
    void whatItRemembersIsBounded();
    void accountsCutStillTellApart();
};

namespace {

// Rows of two cells, each row a workflow with its id in the first column.
void fill(QStandardItemModel &model, int rows)
{
    model.setColumnCount(2);
    model.setRowCount(rows);
    for (int row = 0; row < rows; ++row) {
        model.setData(model.index(row, 0), qint64(row + 1), WorkflowTableModel::IdRole);
        model.setData(model.index(row, 0), u"w%1.example"_s.arg(row));
        model.setData(model.index(row, 1), u"%1s ago"_s.arg(row % 60));
    }
}

QImage draw(const WorkflowItemDelegate &delegate, const QModelIndex &index, int width = 200)
{
    QImage image(width, 24, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.rect = image.rect();
    option.textElideMode =
        Qt::ElideRight; // as a view gives it (QStyleOptionViewItem's own: middle)
    delegate.paint(&painter, option, index);
    return image;
}

} // namespace

void TestItemDelegate::aCellIsOutdatedWhenItsTextChanged()
{
    QStandardItemModel model;
    fill(model, 3);
    WorkflowItemDelegate delegate;
    const QModelIndex age = model.index(1, 1);
    QVERIFY(delegate.isOutdated(age)); // never drawn
    draw(delegate, age);
    QVERIFY(!delegate.isOutdated(age));
    QVERIFY(delegate.isOutdated(model.index(1, 0))); // its neighbour was not drawn
    model.setData(age, u"2s ago"_s);
    QVERIFY(delegate.isOutdated(age));
    draw(delegate, age);
    QVERIFY(!delegate.isOutdated(age));
}

void TestItemDelegate::whatItRemembersIsBounded()
{
    // Two cells a row: one and a half times what it remembers at most.
    const int rows = int(WorkflowItemDelegate::rememberedAtMost) * 3 / 4;
    QStandardItemModel model;
    fill(model, rows);
    WorkflowItemDelegate delegate;
    qsizetype most = 0;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < 2; ++column) {
            draw(delegate, model.index(row, column));
            most = std::max(most, delegate.rememberedCells());
        }
    }
    QCOMPARE(most, WorkflowItemDelegate::rememberedAtMost);
    QVERIFY(delegate.rememberedCells() < WorkflowItemDelegate::rememberedAtMost);
    // The last drawn is remembered; one drawn before the bound was reached is not any more,
    // and reads as outdated (a repaint, never a stale text).
    QVERIFY(!delegate.isOutdated(model.index(rows - 1, 1)));
    QVERIFY(delegate.isOutdated(model.index(0, 0)));
}

// Two accounts' labels cut to a narrow column: "Customer Production" and "Customer Staging" both
// read "Custo…" cut at their end; cut in their middle they still differ.
void TestItemDelegate::accountsCutStillTellApart()
{
    using Column = WorkflowTableModel::Column;
    QStandardItemModel model(2, int(Column::Kind) + 1);
    const QStringList labels{u"Customer Production"_s, u"Customer Staging"_s};
    for (int row = 0; row < 2; ++row) {
        model.setData(model.index(row, 0), qint64(row + 1), WorkflowTableModel::IdRole);
        model.setData(model.index(row, int(Column::Account)), labels.at(row));
        model.setData(model.index(row, int(Column::Kind)), labels.at(row));
    }
    WorkflowItemDelegate delegate;
    const auto at = [&](int row, Column column) {
        return model.index(row, int(column));
    };
    // Wide enough, each reads whole and differs; the check below needs a cut to mean anything.
    QVERIFY(draw(delegate, at(0, Column::Account), 400) !=
            draw(delegate, at(1, Column::Account), 400));
    const int narrow = QFontMetrics(QApplication::font()).horizontalAdvance(u"Customer"_s);
    // Another column cuts at the end: the same picture for both (what the account's did).
    QCOMPARE(draw(delegate, at(0, Column::Kind), narrow),
             draw(delegate, at(1, Column::Kind), narrow));
    QVERIFY(draw(delegate, at(0, Column::Account), narrow) !=
            draw(delegate, at(1, Column::Account), narrow));
}

QTEST_MAIN(TestItemDelegate)
#include "tst_itemdelegate.moc"
