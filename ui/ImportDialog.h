#pragma once

#include "registrar/Registration.h"
#include "registrar/WorkflowRef.h"

#include <QDialog>
#include <QPointer>

#include <memory>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace rw {
class Alarm;
class PollEngine;
class RegistrarClient;
class RegistrationLister;
} // namespace rw

namespace rw::ui {

// Lists the account's registrations page by page (with progress and cancel) and lets the
// operator pick which to watch, and as which kind of workflow: each row is offered the one its
// status shows running, says when none is known to be, and can be changed. With an engine, every
// page is one of the operator's requests on the account's budget (PollEngine::takeSlot): the
// listing waits for the budget, and says so, instead of sending over it; a 429 or a low quota it
// meets holds the account in the engine like any poll's.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)
public:
    ImportDialog(RegistrarClient *client, AccountRef account, PollEngine *engine,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    void start();
    [[nodiscard]] QList<WorkflowRef> selected() const;

private:
    void stop();
    // Sends the next page when the budget has room for it, else waits for it (and says so).
    void askForPage();
    void pageAnswered();
    // The slot of a page on its way that will never be answered goes back to the budget.
    void giveBackSlot();
    void listed(int count);
    void listingFinished();
    // Every row as `kind`, or as its status suggests when there is none.
    void setAllKinds(std::optional<WorkflowKind> kind);
    [[nodiscard]] WorkflowKind kindOf(int row) const;
    void setKind(int row, WorkflowKind kind);
    void showRunning(int row);

    RegistrarClient *m_client;
    AccountRef m_account;
    QPointer<PollEngine> m_engine;
    QPointer<RegistrationLister> m_lister;
    std::unique_ptr<Alarm> m_alarm;      // on the engine's clock: when the budget has room again
    bool m_pageOut = false;              // a page holds a slot of the budget
    bool m_started = false;              // the lister asked for its first page
    QList<Registration> m_registrations; // row by row
    QLabel *m_progress;
    QPushButton *m_stop;
    QTableWidget *m_table;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
