#pragma once

#include "registrar/ApiBase.h"
#include "registrar/WorkflowInput.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;

namespace rw::ui {

// Paste domains, `links.self` paths or status URLs; see at once what will be added, what is
// merged and what cannot be, with the reason. Add hands over what is valid; lines that cannot
// be added stay in the dialog for the operator to correct (or to discard by closing it).
class AddWorkflowsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddWorkflowsDialog)
public:
    AddWorkflowsDialog(AccountRef account, ApiBase base, QWidget *parent = nullptr);

    // Which workflows the window watches already, so that the count before Add is true.
    void setAlreadyWatched(std::function<bool(const WorkflowRef &)> isWatched);
    // What Add would hand over now.
    [[nodiscard]] const QList<WorkflowRef> &workflows() const { return m_input.workflows; }
    // What became of the workflows last handed over, in the window's words; shown while the
    // dialog stays open with the lines it could not add.
    void showOutcome(const QString &sentence);

signals:
    // The operator pressed Add: watch these; `rejected` lines could not be added.
    void addRequested(const QList<WorkflowRef> &workflows, int rejected);

private:
    void parse();
    void submit();

    AccountRef m_account;
    ApiBase m_base;
    WorkflowInput m_input;
    std::function<bool(const WorkflowRef &)> m_isWatched;
    QLabel *m_outcome;
    QPlainTextEdit *m_text;
    QComboBox *m_kind;
    QLabel *m_summary;
    QListWidget *m_problems;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
