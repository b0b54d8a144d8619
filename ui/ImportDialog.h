#pragma once

#include "registrar/Registration.h"
#include "registrar/WorkflowRef.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace rw {
class RegistrarClient;
class RegistrationLister;
} // namespace rw

namespace rw::ui {

// Lists the account's registrations page by page (with progress and cancel) and lets the
// operator pick which to watch, and as which kind of workflow: each row is offered the one its
// status shows running, says when none is known to be, and can be changed.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)
public:
    ImportDialog(RegistrarClient *client, AccountRef account, QWidget *parent = nullptr);

    void start();
    [[nodiscard]] QList<WorkflowRef> selected() const;

private:
    void stop();
    void listed(int count);
    void listingFinished();
    // Every row as `kind`, or as its status suggests when there is none.
    void setAllKinds(std::optional<WorkflowKind> kind);
    [[nodiscard]] WorkflowKind kindOf(int row) const;
    void setKind(int row, WorkflowKind kind);
    void showRunning(int row);

    RegistrarClient *m_client;
    AccountRef m_account;
    QPointer<RegistrationLister> m_lister;
    QList<Registration> m_registrations; // row by row
    QLabel *m_progress;
    QPushButton *m_stop;
    QTableWidget *m_table;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
