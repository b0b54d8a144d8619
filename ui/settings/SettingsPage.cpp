#include "ui/settings/SettingsPage.h"

namespace rw::ui {

SettingsPage::SettingsPage(AppSettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
{}

} // namespace rw::ui
