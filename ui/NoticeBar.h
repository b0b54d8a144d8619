#pragma once

#include "notify/Notification.h"

#include <QFrame>
#include <QList>

class QLabel;
class QPushButton;

namespace rw::ui {

// A notice at the top of the window, for when no notification service or tray shows one: what
// happened, "Open" (when it is about something to open) and "Dismiss". Several in a row are all
// kept: the newest shows, with how many wait behind it, and each one dismissed or opened shows
// the one before. A notice with the key of one waiting (an updated summary) takes its place.
class NoticeBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoticeBar)
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(const Notification &notification);
    // Takes back the notices with `key` (all of them for an empty key): what they were about is
    // gone.
    void withdraw(const QString &key = {});
    // The notices not yet dismissed or opened, the one shown included.
    [[nodiscard]] qsizetype waiting() const { return m_waiting.size(); }
    // Kept at most; beyond, the oldest go, and the bar says how many did.
    static constexpr qsizetype keptAtMost = 200;

signals:
    // "Open": the key of the notice it was on (the next one waiting shows, or the bar hides).
    void activated(const QString &key);

private:
    void showNewest();
    void takeNewest();

    QLabel *m_text;
    QPushButton *m_open;
    QList<Notification> m_waiting; // oldest first
    qsizetype m_leftOut = 0;       // the oldest ones past keptAtMost, since the bar was last empty
};

} // namespace rw::ui
