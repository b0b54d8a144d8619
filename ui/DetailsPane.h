#pragma once

#include "common/Clock.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "net/Envelope.h"
#include "registrar/AccountLabels.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class QAbstractItemView;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QTreeWidget;
class QFrame;
class QVBoxLayout;

namespace rw {
class WorkflowStore;
}

namespace rw::ui {

// Everything about one workflow: what its state means and what happens next, its deadline, what
// the operator must do, the whole `context`, the error, the envelope's errors and messages, the
// links, the timeline of every state change, the recent failed checks, and the raw answer
// exactly as received. Times are local, said once with their zone; each gives UTC as a tooltip.
// A registration that needs the operator (a notice row) shows why, its date, auto-renew and
// what to do, with the parts that only workflows have hidden.
class DetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)
public:
    DetailsPane(PollEngine *engine, WorkflowStore *store, const Clock &clock,
                QWidget *parent = nullptr);

    // 0 shows the "nothing selected" page. Another workflow than the one shown starts at the
    // top; the same one stays where the operator scrolled.
    void setWorkflow(qint64 id);
    // Shows what `view` (over a model with WorkflowTableModel::IdRole) has selected, through
    // sorting and filtering: its current row while that is selected, else the first selected
    // row, else nothing. Never a row the operator did not select.
    void follow(QAbstractItemView *view);
    // 0 while a notice or nothing is shown.
    [[nodiscard]] qint64 workflowId() const { return m_id; }

    // The names accounts are given in the subtitle.
    void setAccountLabels(const AccountLabels &labels);
    // Where the notice shown is followed: it changes or goes away with them.
    void setNotices(RegistrationNotices *notices);
    void showNotice(const RegistrationNotice &notice);

signals:
    void resumeRequested(qint64 id);
    void checkNowRequested(qint64 id);

private:
    // The parts, top to bottom; each builder adds its widgets to the content's layout.
    void buildPages();
    void buildHeader(QVBoxLayout *layout);
    void buildActionBox(QVBoxLayout *layout);
    void buildFacts(QVBoxLayout *layout);
    void buildTrees(QVBoxLayout *layout);
    void buildRaw(QVBoxLayout *layout);
    void followEngine();

    void refresh();
    void refreshNotice();
    void showWorkflowParts(bool shown);
    void showHeader(const TrackedWorkflow &workflow);
    void showNextStep(const TrackedWorkflow &workflow);
    void showAction(const TrackedWorkflow &workflow);
    // `another`: a workflow other than the one shown before, whose trees start afresh.
    void showContext(const TrackedWorkflow &workflow, bool another);
    void showMessages(const TrackedWorkflow &workflow, bool another);
    void showAnswer(const TrackedWorkflow &workflow);
    void refreshTimeline();
    void refreshFailedChecks();

    PollEngine *m_engine;
    WorkflowStore *m_store;
    AccountLabels m_labels;
    QPointer<RegistrationNotices> m_notices;
    std::optional<RegistrationNotice> m_notice; // shown instead of a workflow
    const Clock &m_clock;
    std::unique_ptr<Alarm> m_tick; // "blocked for", "checked again in": text that ages
    qint64 m_id = 0;
    // What the trees show, so that an answer that changes nothing leaves them as the operator
    // left them (expanded, scrolled, a row picked).
    qint64 m_shownId = 0;
    QJsonObject m_shownContext;
    QList<ApiMessage> m_shownErrors;
    QList<ApiMessage> m_shownMessages;
    int m_shownTotalErrors = -1; // the failed checks listed are read again when this changes

    QLabel *m_empty;
    QScrollArea *m_scroll;
    QWidget *m_content;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_stateIcon;
    QLabel *m_state;
    QLabel *m_meaning;
    QLabel *m_next;
    QLabel *m_deadline;
    QList<QWidget *> m_workflowOnly; // what a notice has none of: checks, answers, history
    QFrame *m_actionBox;
    QLabel *m_action;
    QPushButton *m_resume;
    QPushButton *m_checkNow;
    QLabel *m_zone;
    QLabel *m_facts;
    QFrame *m_errorBox;
    QLabel *m_error;
    QTreeWidget *m_context;
    QTreeWidget *m_messages;
    QLabel *m_links;
    QTreeWidget *m_timeline;
    QTreeWidget *m_failedChecks;
    QPlainTextEdit *m_raw;
};

} // namespace rw::ui
