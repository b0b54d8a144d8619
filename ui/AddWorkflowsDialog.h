#pragma once

#include "registrar/ApiBase.h"
#include "registrar/WorkflowInput.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;

namespace rw::ui {

// Paste domains, `links.self` paths or status URLs; see at once what will be added, what is
// merged and what cannot be, with the reason.
class AddWorkflowsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddWorkflowsDialog)
public:
    AddWorkflowsDialog(AccountRef account, ApiBase base, QWidget *parent = nullptr);

    [[nodiscard]] const QList<WorkflowRef> &workflows() const { return m_input.workflows; }

private:
    void parse();

    AccountRef m_account;
    ApiBase m_base;
    WorkflowInput m_input;
    QPlainTextEdit *m_text;
    QComboBox *m_kind;
    QLabel *m_summary;
    QListWidget *m_problems;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
