#pragma once

#include "ui/settings/SettingsPage.h"

class QLabel;
class QLineEdit;

namespace rw::ui {

// Where the API is: Cloudflare's, or a simulator on this computer.
class AdvancedPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdvancedPage)
public:
    explicit AdvancedPage(AppSettings *settings, QWidget *parent = nullptr);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override;
    void save() override;

    // The API base as typed, which the Account page verifies against.
    [[nodiscard]] QString apiBase() const;

signals:
    void apiBaseEdited(const QString &text);

private:
    void validate();

    QLineEdit *m_apiBase;
    QLabel *m_apiBaseProblem;
};

} // namespace rw::ui
