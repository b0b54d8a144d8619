#include "ui/ColumnFit.h"

#include <QEvent>
#include <QHeaderView>
#include <QProxyStyle>
#include <QStyleOptionHeader>
#include <QTableView>

#include <algorithm>

namespace rw::ui {

namespace {

// Draws a header's title cut short with "…" at its end: the style draws it centred and clipped
// at both ends otherwise ("eadli" for "Deadline"), which reads as a different word.
class ElidedHeaderTitles final : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget) const override
    {
        const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option);
        if (element != CE_HeaderLabel || !header || header->text.isEmpty()) {
            QProxyStyle::drawControl(element, option, painter, widget);
            return;
        }
        QStyleOptionHeader cut(*header);
        cut.text =
            header->fontMetrics.elidedText(header->text, Qt::ElideRight, header->rect.width());
        QProxyStyle::drawControl(element, &cut, painter, widget);
    }
};

} // namespace

ColumnFit::ColumnFit(QTableView *view, QHash<int, int> wanted, QHash<int, int> least, int lastRoom,
                     QList<std::pair<int, int>> giveFirst)
    : QObject(view)
    , m_view(view)
    , m_viewport(view->viewport())
    , m_wanted(std::move(wanted))
    , m_least(std::move(least))
    , m_lastRoom(lastRoom)
    , m_lastLeast(lastRoom)
    , m_giveFirst(std::move(giveFirst))
{
    m_later.setSingleShot(true);
    m_later.setInterval(0);
    connect(&m_later, &QTimer::timeout, this, &ColumnFit::fit);
    QHeaderView *header = m_view->horizontalHeader();
    auto *titles = new ElidedHeaderTitles(header->style()->name());
    titles->setParent(header);
    header->setStyle(titles);
    for (auto it = m_wanted.cbegin(); it != m_wanted.cend(); ++it)
        header->resizeSection(it.key(), it.value());
    connect(header, &QHeaderView::sectionResized, this, &ColumnFit::remember);
    connect(header, &QHeaderView::sectionMoved, &m_later, qOverload<>(&QTimer::start));
    m_viewport->installEventFilter(this);
}

void ColumnFit::setLeast(int column, int width)
{
    if (m_least.value(column, -1) == width)
        return;
    m_least.insert(column, width);
    m_later.start();
}

void ColumnFit::setLastLeast(int width)
{
    m_lastLeast = std::min(width, m_lastRoom);
    m_later.start();
}

bool ColumnFit::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && watched == m_viewport)
        m_later.start();
    return QObject::eventFilter(watched, event);
}

// A width set by anyone but the fit (a drag, a restored layout) is the width wanted from now
// on; a column hidden or shown changes what there is to share.
void ColumnFit::remember(int column, int oldSize, int newSize)
{
    if (m_fitting)
        return;
    if (oldSize > 0 && newSize > 0) {
        QHeaderView *header = m_view->horizontalHeader();
        // The last column takes what is left: its size says nothing of what it needs.
        if (column != lastVisible() || !header->stretchLastSection())
            m_wanted.insert(column, newSize);
        return;
    }
    m_later.start();
}

int ColumnFit::lastVisible() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    for (int visual = header->count() - 1; visual >= 0; --visual) {
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            return header->logicalIndex(visual);
    }
    return -1;
}

void ColumnFit::fit()
{
    if (!m_viewport)
        return;
    QHeaderView *header = m_view->horizontalHeader();
    const int last = lastVisible();
    struct Share
    {
        int column;
        int wanted;
        int least;
        int width;
    };
    QList<Share> shares;
    int wanted = 0;
    const int em = header->fontMetrics().horizontalAdvance(u'M');
    // Below four letters a value says nothing, even cut in the middle.
    const auto fewLetters = [em](const Share &share) {
        return std::min(share.wanted, 4 * em);
    };
    for (int column = 0; column < header->count(); ++column) {
        if (column == last || header->isSectionHidden(column))
            continue;
        const int want = m_wanted.value(column, header->sectionSize(column));
        shares.append({column, want, std::min(want, m_least.value(column, 4 * em)), want});
        wanted += want;
    }
    // What the columns give up: the ones named first in turn, down to what still reads; then
    // all in proportion, down to what they keep at least; then, on a very narrow table, down to
    // a few letters each.
    int over = wanted + m_lastRoom - m_viewport->width();
    for (const auto &[column, readable] : std::as_const(m_giveFirst)) {
        for (Share &share : shares) {
            if (share.column != column || over <= 0)
                continue;
            const int give = std::clamp(share.width - std::max(readable, share.least), 0, over);
            share.width -= give;
            over -= give;
        }
    }
    const auto giveInProportion = [&shares, &over](const auto &floorOf) {
        int spare = 0;
        for (const Share &share : std::as_const(shares))
            spare += std::max(0, share.width - floorOf(share));
        if (over <= 0 || spare <= 0)
            return;
        const double keep = std::max(0.0, 1.0 - double(over) / spare);
        for (Share &share : shares) {
            const int floor = std::min(share.width, floorOf(share));
            const int width = floor + int(double(share.width - floor) * keep);
            over -= share.width - width;
            share.width = width;
        }
    };
    giveInProportion([](const Share &share) { return share.least; });
    // Then the last column, down to its least; then, on a very narrow table, all of them.
    over -= std::clamp(over, 0, m_lastRoom - m_lastLeast);
    giveInProportion(fewLetters);
    m_fitting = true;
    for (const Share &share : std::as_const(shares))
        header->resizeSection(share.column, share.width);
    // The last column stretches over what is left, but never below the size it was given last
    // (the header's default at first): it is given its least, so that it may give down to it.
    if (last >= 0 && header->stretchLastSection())
        header->resizeSection(last, m_lastLeast);
    m_fitting = false;
}

} // namespace rw::ui
