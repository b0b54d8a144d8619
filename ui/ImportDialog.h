#pragma once

#include "registrar/Registration.h"
#include "registrar/WorkflowRef.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
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
// operator pick which to watch, and as which kind of workflow.
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

    RegistrarClient *m_client;
    AccountRef m_account;
    QPointer<RegistrationLister> m_lister;
    QLabel *m_progress;
    QPushButton *m_stop;
    QTableWidget *m_table;
    QComboBox *m_kind;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
