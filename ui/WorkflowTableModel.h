#pragma once

#include "common/Clock.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "registrar/AccountLabels.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <limits>

namespace rw::ui {

// The tracked workflows as table rows, straight from the engine, and beside them the
// registrations that need the operator (RegistrationNotices) once they are given. Answers are
// told once per pass of the event loop, however many came in it: one dataChanged per run of
// neighbouring rows that changed, and countsChanged once; rows come and go with inserts and
// removals, never a reset. Text that shows the passing of time ("3s ago", "in 12s") changes once a
// second: timesChanged() says so, and the view asks again what it shows (WorkflowTableView); not
// a dataChanged of every row, which the proxy would map row by row each second.
//
// Two kinds of rows, one shape: every row has an id (a notice's made up here, from the bottom of
// the range, which the engine's ids never reach, and stable while it is shown), and says what it is
// (RowKindRole) and what may be done with it (AllowsRole). Consumers ask those instead of knowing
// about notices.
class WorkflowTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowTableModel)
public:
    enum class Column {
        Domain,
        Account,
        Kind,
        State,
        Deadline,
        TimeInState,
        LastChange,
        LastChecked,
        NextCheck,
        Notes,
        Count,
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // raw values for sorting
        IdRole,                      // the workflow's id
        CategoryRole,                // Categories, for the quick filters
        SearchRole,                  // the text a search looks in
        AccountRole,                 // the account's ID
        RowKindRole,                 // RowKind
        AllowsRole,                  // Allows: what may be done with the row
        NoticeRole,                  // a registration row's RegistrationNotice; none otherwise
    };

    enum class RowKind {
        Workflow,
        Registration, // a registration that needs the operator, without a workflow
    };
    Q_ENUM(RowKind)

    // What the actions on a selection may do with a row.
    enum Allow {
        Watch = 0x01,   // check now, pause, resume, mute: what is asked about
        Answers = 0x02, // copy the last answer, the status URL
        Open = 0x04,    // copy the domain, open the dashboard
        Dismiss = 0x08, // remove from the table (stop watching, or dismiss a notice)
    };
    Q_DECLARE_FLAGS(Allows, Allow)
    Q_FLAG(Allows)

    // The quick filters; a workflow may be in several.
    enum Category {
        NeedsMe = 0x01,  // action required, gave up, or its account's credentials rejected
        Active = 0x02,   // watched and not blocked
        Blocked = 0x04,  // watched and blocked
        Finished = 0x08, // succeeded or failed
        Failed = 0x10,
        NotChecked = 0x20, // watched, never answered yet: nothing is known of its state
    };
    Q_DECLARE_FLAGS(Categories, Category)
    Q_FLAG(Categories)

    WorkflowTableModel(PollEngine *engine, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    // The names to show for accounts; the Account column follows.
    void setAccountLabels(const AccountLabels &labels);
    [[nodiscard]] const AccountLabels &accountLabels() const { return m_labels; }
    // Shows the notices as rows beside the workflows, and follows them.
    void setNotices(RegistrationNotices *notices);

    [[nodiscard]] qint64 idAt(int row) const { return m_ids.value(row, 0); }
    [[nodiscard]] int rowOf(qint64 id) const { return m_rows.value(id, -1); }
    [[nodiscard]] Categories categories(qint64 id) const;
    // How many rows each quick filter holds.
    [[nodiscard]] int count(Category category) const { return m_counts.value(category); }
    // The same for one account's rows.
    [[nodiscard]] int count(Category category, const QString &accountId) const
    {
        return m_accountCounts.value(accountId).value(category);
    }
    // A registration row's notice; null for a workflow's.
    [[nodiscard]] const RegistrationNotice *noticeOf(qint64 id) const;
    // The accounts known: labelled ones, then those of rows, in that order.
    [[nodiscard]] QStringList accountIds() const;
    // Tells now what changed since the last pass (done by itself at the end of each pass).
    void flushUpdates();
    // Whether changes wait for the end of the pass.
    [[nodiscard]] bool hasUnflushed() const { return m_flush.isActive(); }

signals:
    void countsChanged();
    // The accounts known changed, or their labels.
    void accountsChanged();
    // A second passed: the text that shows the passing of time may read otherwise now. No data
    // changed, so it is no dataChanged.
    void timesChanged();

private:
    void add(qint64 id);
    void remove(qint64 id);
    void update(qint64 id);
    void accountChanged(const QString &accountId);
    void tick();
    // Brings the counts up to date for one workflow (0: remove it from them); true if they
    // changed. Incremental, so that one answer costs the same with 10 rows as with 10,000.
    bool recount(qint64 id, bool removed = false);
    void recountAll();
    void addNotice(const RegistrationNotice &notice);
    void changeNotice(const RegistrationNotice &notice);
    void removeNotice(const RegistrationNotice &notice);
    void appendRow(qint64 id, const QString &accountId);
    void countAccount(const QString &accountId, int delta);
    void flushLater();
    [[nodiscard]] QVariant display(const TrackedWorkflow &workflow, Column column) const;
    [[nodiscard]] QVariant sortValue(const TrackedWorkflow &workflow, Column column) const;
    [[nodiscard]] QVariant noticeData(const RegistrationNotice &notice, Column column,
                                      int role) const;
    [[nodiscard]] QString accountText(const AccountRef &account) const;

    PollEngine *m_engine;
    const Clock &m_clock;
    QList<qint64> m_ids;
    QHash<qint64, int> m_rows;
    QHash<qint64, Categories> m_categories; // what the counts were made of
    QHash<int, int> m_counts;
    QTimer m_ticker;
    QTimer m_flush;         // zero interval: the end of the pass
    QSet<qint64> m_changed; // rows changed since the last flush
    bool m_countsChanged = false;
    AccountLabels m_labels;
    QHash<QString, int> m_accountRows;  // rows per account ID
    QHash<qint64, QString> m_accountOf; // each row's account ID
    QHash<QString, QHash<int, int>> m_accountCounts;
    QPointer<RegistrationNotices> m_notices;
    QHash<qint64, RegistrationNotice> m_noticeRows; // by row id
    QHash<QString, qint64> m_noticeIds;             // row ids by noticeKey()
    qint64 m_lastNoticeId = std::numeric_limits<qint64>::min();
};

Q_DECLARE_OPERATORS_FOR_FLAGS(WorkflowTableModel::Categories)
Q_DECLARE_OPERATORS_FOR_FLAGS(WorkflowTableModel::Allows)

} // namespace rw::ui
