#include "ui/NoticeBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace rw::ui {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_open(new QPushButton(u"Open"_s, this))
{
    setObjectName(u"notice"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_text->setObjectName(u"noticeText"_s);
    m_text->setTextFormat(Qt::RichText); // the parts from the API are escaped
    m_text->setWordWrap(true);
    m_open->setObjectName(u"openNotice"_s);
    auto *dismiss = new QPushButton(u"Dismiss"_s, this);
    dismiss->setObjectName(u"dismissNotice"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_open);
    layout->addWidget(dismiss);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString key = m_waiting.isEmpty() ? QString() : m_waiting.last().key;
        takeNewest();
        emit activated(key);
    });
    connect(dismiss, &QPushButton::clicked, this, &NoticeBar::takeNewest);
    hide();
}

void NoticeBar::showNotice(const Notification &notification)
{
    if (!notification.key.isEmpty()) {
        m_waiting.removeIf(
            [&notification](const Notification &other) { return other.key == notification.key; });
    }
    m_waiting.append(notification);
    if (m_waiting.size() > keptAtMost) {
        m_leftOut += m_waiting.size() - keptAtMost;
        m_waiting.remove(0, m_waiting.size() - keptAtMost);
    }
    showNewest();
}

void NoticeBar::withdraw(const QString &key)
{
    if (key.isEmpty())
        m_waiting.clear();
    else
        m_waiting.removeIf([&key](const Notification &notice) { return notice.key == key; });
    showNewest();
}

void NoticeBar::takeNewest()
{
    if (!m_waiting.isEmpty())
        m_waiting.removeLast();
    showNewest();
}

void NoticeBar::showNewest()
{
    if (m_waiting.isEmpty()) {
        m_leftOut = 0;
        hide();
        return;
    }
    const Notification &notification = m_waiting.last();
    m_open->setVisible(!notification.key.isEmpty()); // about no workflow: nothing to open
    QString body = notification.body.toHtmlEscaped();
    body.replace(u'\n', u"<br>"_s);
    QString text = u"<b>%1</b><br>%2"_s.arg(notification.summary.toHtmlEscaped(), body);
    if (const qsizetype before = m_waiting.size() - 1; before == 1)
        text += u"<br><i>1 earlier notice: Dismiss shows it.</i>"_s;
    else if (before > 1)
        text += u"<br><i>%1 earlier notices: Dismiss shows the one before.</i>"_s.arg(before);
    if (m_leftOut > 0)
        text += u"<br><i>%1 older notices were not kept: the table and each workflow's history "
                u"say what happened.</i>"_s.arg(m_leftOut);
    m_text->setText(text);
    setBackgroundRole(notification.urgency == Notification::Urgency::Critical
                          ? QPalette::ToolTipBase
                          : QPalette::AlternateBase);
    show();
}

} // namespace rw::ui
