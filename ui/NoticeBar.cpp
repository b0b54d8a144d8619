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
        hide();
        emit activated(m_key);
    });
    connect(dismiss, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void NoticeBar::showNotice(const Notification &notification)
{
    m_key = notification.key;
    m_open->setVisible(!m_key.isEmpty()); // a notice about no workflow has nothing to open
    QString body = notification.body.toHtmlEscaped();
    body.replace(u'\n', u"<br>"_s);
    m_text->setText(u"<b>%1</b><br>%2"_s.arg(notification.summary.toHtmlEscaped(), body));
    setBackgroundRole(notification.urgency == Notification::Urgency::Critical
                          ? QPalette::ToolTipBase
                          : QPalette::AlternateBase);
    show();
}

} // namespace rw::ui
