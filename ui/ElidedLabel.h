#pragma once

#include <QLabel>

namespace rw::ui {

// A one-line label of plain text that, given less width than its text needs, shows what fits
// and "…" (and the whole as its tooltip, set by its owner), rather than cutting a word off at the
// edge. text() stays the whole text; its least width is `leastWidth`.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)
public:
    explicit ElidedLabel(QWidget *parent = nullptr, int leastWidth = 40);

    // What is painted at the label's width now.
    [[nodiscard]] QString shownText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace rw::ui
