#pragma once

#include <QList>
#include <QString>
#include <QWidget>

namespace rw {
class AppSettings;
} // namespace rw

namespace rw::ui {

// One page of the settings dialog, usable and testable alone: it loads its part of the settings,
// checks its fields as they are typed (each reason beside its field) and saves its part back.
// The dialog is the shell that holds the pages and decides when to save.
class SettingsPage : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)
public:
    // A field that cannot be saved as it is: its name, as the dialog's summary gives it, and why.
    struct Problem
    {
        QString field;
        QString reason; // a sentence, as shown beside the field
    };

    SettingsPage(AppSettings *settings, QWidget *parent);

    virtual void load() = 0;
    // What keeps the page from being saved; empty when nothing does.
    [[nodiscard]] virtual QList<Problem> problems() const = 0;
    // Writes the page's part of the settings; only when problems() is empty.
    virtual void save() = 0;

signals:
    // A field changed, so problems() may have too.
    void edited();

protected:
    [[nodiscard]] AppSettings *settings() const { return m_settings; }

private:
    AppSettings *m_settings;
};

} // namespace rw::ui
