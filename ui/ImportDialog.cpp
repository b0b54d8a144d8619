#include "ui/ImportDialog.h"

#include "common/Clock.h"
#include "common/Duration.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "net/RegistrationLister.h"
#include "registrar/DomainName.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

enum Column {
    DomainColumn,
    StatusColumn,
    KindColumn,
    RunningColumn,
    ExpiresColumn,
    AutoRenewColumn,
    ColumnCount,
};

QString registrationCount(qsizetype count)
{
    return count == 1 ? u"1 registration"_s : u"%1 registrations"_s.arg(count);
}

// "; 2 being registered, 1 being transferred in": the rows whose status shows a workflow
// running, which are the ones sure to have something to watch.
QString inFlightCount(const QList<Registration> &registrations)
{
    qsizetype registering = 0;
    qsizetype transferring = 0;
    for (const Registration &registration : registrations) {
        const auto kind = registration.workflowInFlight();
        registering += kind == WorkflowKind::Registration;
        transferring += kind == WorkflowKind::TransferIn;
    }
    QStringList parts;
    if (registering > 0)
        parts.append(u"%1 being registered"_s.arg(registering));
    if (transferring > 0)
        parts.append(u"%1 being transferred in"_s.arg(transferring));
    return parts.isEmpty() ? QString() : u"; "_s + parts.join(u", "_s);
}

// "the registration", "the transfer in", "an update": the workflow named in a sentence.
QString workflowWords(WorkflowKind kind)
{
    switch (kind) {
    case WorkflowKind::Update:
        return u"an update"_s;
    case WorkflowKind::Registration:
        return u"the registration"_s;
    case WorkflowKind::TransferIn:
        return u"the transfer in"_s;
    }
    return {};
}

} // namespace

ImportDialog::ImportDialog(RegistrarClient *client, AccountRef account, PollEngine *engine,
                           QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_account(std::move(account))
    , m_engine(engine)
{
    setWindowTitle(u"Import from the account"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_progress = new QLabel(this);
    m_progress->setObjectName(u"progress"_s);
    m_progress->setWordWrap(true);
    m_stop = new QPushButton(u"Stop"_s, this);
    m_stop->setObjectName(u"stop"_s);
    top->addWidget(m_progress, 1);
    top->addWidget(m_stop);
    layout->addLayout(top);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"registrations"_s);
    m_table->setHorizontalHeaderLabels(
        {u"Domain"_s, u"Status"_s, u"Watch as"_s, u"Running"_s, u"Expires"_s, u"Auto-renew"_s});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DomainColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);
    auto *bottom = new QHBoxLayout;
    auto *all = new QPushButton(u"Select all"_s, this);
    all->setObjectName(u"selectAll"_s);
    auto *none = new QPushButton(u"Select none"_s, this);
    none->setObjectName(u"selectNone"_s);
    // A command, not a setting: the rows keep what it set until changed one by one, and the
    // same choice can be made again after that.
    auto *setAll = new QToolButton(this);
    setAll->setObjectName(u"setAllKinds"_s);
    setAll->setText(u"Watch all as"_s);
    setAll->setPopupMode(QToolButton::InstantPopup);
    setAll->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *kinds = new QMenu(setAll);
    auto *suggested = kinds->addAction(u"As each status suggests"_s);
    suggested->setObjectName(u"allAs-suggested"_s);
    connect(suggested, &QAction::triggered, this, [this] { setAllKinds(std::nullopt); });
    for (const WorkflowKind kind : allWorkflowKinds) {
        auto *action = kinds->addAction(kindName(kind));
        action->setObjectName(u"allAs-"_s + kindName(kind));
        connect(action, &QAction::triggered, this, [this, kind] { setAllKinds(kind); });
    }
    setAll->setMenu(kinds);
    bottom->addWidget(all);
    bottom->addWidget(none);
    bottom->addStretch();
    bottom->addWidget(setAll);
    layout->addLayout(bottom);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Watch selected"_s);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto check = [this](Qt::CheckState state) {
        for (int row = 0; row < m_table->rowCount(); ++row)
            m_table->item(row, DomainColumn)->setCheckState(state);
    };
    connect(all, &QPushButton::clicked, this, [check] { check(Qt::Checked); });
    connect(none, &QPushButton::clicked, this, [check] { check(Qt::Unchecked); });
    connect(m_stop, &QPushButton::clicked, this, &ImportDialog::stop);
    // However the dialog closes ("Watch selected" too), nothing more is fetched for it.
    connect(this, &QDialog::finished, this, [this] {
        if (m_lister)
            m_lister->cancel();
        giveBackSlot();
    });
    resize(900, 560);
}

ImportDialog::~ImportDialog()
{
    if (m_lister)
        m_lister->cancel();
    giveBackSlot();
}

void ImportDialog::start()
{
    giveBackSlot();
    if (m_lister) {
        m_lister->cancel();
        m_lister->deleteLater();
    }
    m_table->setRowCount(0);
    m_registrations.clear();
    m_progress->setText(u"Listing the registrations of account %1…"_s.arg(m_account.id));
    m_stop->setEnabled(true);
    m_started = false;
    m_lister = new RegistrationLister(m_client, m_account, this);
    connect(m_lister, &RegistrationLister::progress, this, &ImportDialog::listed);
    connect(m_lister, &RegistrationLister::finished, this, &ImportDialog::listingFinished);
    if (!m_engine) {
        m_lister->start(); // nothing to draw on: pages back to back
        return;
    }
    m_lister->setPaced(true);
    connect(m_lister, &RegistrationLister::pageAnswered, this,
            [this](const ResponseInfo &response) {
                if (m_pageOut && m_engine)
                    m_engine->slotFinished(m_account.id, response);
                m_pageOut = false;
                pageAnswered();
            });
    if (!m_alarm) {
        m_alarm = m_engine->clock().createAlarm();
        connect(m_alarm.get(), &Alarm::rang, this, &ImportDialog::askForPage);
    }
    askForPage();
}

void ImportDialog::askForPage()
{
    if (!m_lister || !m_engine || m_pageOut || (m_started && !m_lister->hasMore()))
        return;
    if (m_engine->takeSlot(m_account.id, PollEngine::SlotUse::Operator)) {
        m_pageOut = true;
        m_alarm->cancel();
        if (!std::exchange(m_started, true))
            m_lister->start();
        else
            m_lister->fetchNext();
        return;
    }
    const QDateTime now = m_engine->clock().now();
    const QDateTime at = m_engine->nextSlotAt(m_account.id, PollEngine::SlotUse::Operator);
    const QString sofar = registrationCount(m_table->rowCount());
    if (!at.isValid()) {
        // A hold only new credentials lift: asked again once a minute meanwhile.
        m_progress->setText(
            u"Fetched %1; waiting: %2"_s.arg(sofar, m_engine->accountStatus(m_account.id).reason));
        m_alarm->setAt(now.addSecs(60));
        return;
    }
    // Room in time but not in flight (the tracked workflows' requests on their way): soon.
    const QDateTime when = std::max(at, now.addMSecs(250));
    const auto wait = std::chrono::seconds(std::max<qint64>(1, (now.msecsTo(when) + 999) / 1000));
    m_progress->setText(u"Fetched %1; waiting for the API budget, about %2 (the account's "
                        u"requests are shared with the checks of watched workflows)."_s.arg(
                            sofar, formatDuration(wait)));
    m_alarm->setAt(when);
}

void ImportDialog::pageAnswered()
{
    if (m_lister && m_lister->hasMore())
        askForPage();
}

void ImportDialog::giveBackSlot()
{
    if (m_alarm)
        m_alarm->cancel();
    if (m_pageOut && m_engine)
        m_engine->slotFinished(m_account.id, ResponseInfo{}); // taken back unanswered
    m_pageOut = false;
}

void ImportDialog::stop()
{
    if (m_lister)
        m_lister->cancel();
    giveBackSlot();
    m_progress->setText(u"Stopped after %1."_s.arg(registrationCount(m_table->rowCount())));
    m_stop->setEnabled(false);
}

// A page has come: its registrations join the table, unticked, each offered as the workflow
// its status shows running.
void ImportDialog::listed(int count)
{
    m_progress->setText(u"Fetched %1…"_s.arg(registrationCount(count)));
    const QList<Registration> &all = m_lister->registrations();
    for (qsizetype i = m_table->rowCount(); i < all.size(); ++i) {
        const Registration &registration = all.at(i);
        m_registrations.append(registration);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *name = new QTableWidgetItem(domain::toUnicode(registration.domainName));
        name->setData(Qt::UserRole, registration.domainName);
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(Qt::Unchecked);
        m_table->setItem(row, DomainColumn, name);
        m_table->setItem(row, StatusColumn, new QTableWidgetItem(registration.status));
        m_table->setItem(row, RunningColumn, new QTableWidgetItem);
        m_table->setItem(row, ExpiresColumn,
                         new QTableWidgetItem(
                             registration.expiresAt.isValid()
                                 ? registration.expiresAt.toLocalTime().toString(u"yyyy-MM-dd"_s)
                                 : u"—"_s));
        m_table->setItem(row, AutoRenewColumn,
                         new QTableWidgetItem(registration.autoRenew ? u"on"_s : u"off"_s));
        auto *kind = new QComboBox(m_table);
        kind->setObjectName(u"rowKind"_s);
        for (const WorkflowKind each : allWorkflowKinds)
            kind->addItem(kindName(each), int(each));
        m_table->setCellWidget(row, KindColumn, kind);
        setKind(row, registration.workflowInFlight().value_or(WorkflowKind::Update));
        // Rows are only ever appended (and all cleared together), so the row stays this one.
        connect(kind, &QComboBox::currentIndexChanged, this, [this, row] { showRunning(row); });
    }
}

void ImportDialog::listingFinished()
{
    giveBackSlot(); // after the last answer none is out: this only stops the alarm
    m_stop->setEnabled(false);
    const int rows = m_table->rowCount();
    if (m_lister && m_lister->error() && rows == 0)
        m_progress->setText(
            u"Could not list the registrations: %1"_s.arg(m_lister->error()->message));
    else if (m_lister && m_lister->error())
        m_progress->setText(
            u"Listed %1, then: %2"_s.arg(registrationCount(rows), m_lister->error()->message));
    else
        m_progress->setText(u"%1 in account %2%3. Tick those to watch."_s.arg(
            registrationCount(rows), m_account.id, inFlightCount(m_registrations)));
}

QList<WorkflowRef> ImportDialog::selected() const
{
    QList<WorkflowRef> refs;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *item = m_table->item(row, DomainColumn);
        if (item->checkState() == Qt::Checked)
            refs.append({m_account, item->data(Qt::UserRole).toString(), kindOf(row)});
    }
    return refs;
}

void ImportDialog::setAllKinds(std::optional<WorkflowKind> kind)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        setKind(row, kind.value_or(m_registrations.at(row).workflowInFlight().value_or(
                         WorkflowKind::Update)));
}

WorkflowKind ImportDialog::kindOf(int row) const
{
    const auto *combo = qobject_cast<const QComboBox *>(m_table->cellWidget(row, KindColumn));
    return WorkflowKind(combo->currentData().toInt());
}

void ImportDialog::setKind(int row, WorkflowKind kind)
{
    auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, KindColumn));
    combo->setCurrentIndex(combo->findData(int(kind)));
    showRunning(row);
}

// Whether the workflow the row will be watched as is known to be running. The list shows a
// registration or a transfer in running, never an update: for those "not known" is the truth,
// and the operator who just started one knows better.
void ImportDialog::showRunning(int row)
{
    const Registration &registration = m_registrations.at(row);
    const WorkflowKind kind = kindOf(row);
    QTableWidgetItem *item = m_table->item(row, RunningColumn);
    if (registration.workflowInFlight() == kind) {
        item->setText(kind == WorkflowKind::Registration ? u"registration running"_s
                                                         : u"transfer in running"_s);
        item->setToolTip(
            u"The status is “%1”: %2 is running."_s.arg(registration.status, workflowWords(kind)));
        item->setForeground(QBrush());
        return;
    }
    item->setText(u"no workflow known to be running"_s);
    item->setToolTip(
        kind == WorkflowKind::Update
            ? u"Updates are not listed with the registrations: one may be running, or none. "
              u"Watching shows the latest update; if there never was one, checks end with "
              u"“No workflow found”."_s
            : u"The status is “%1”: %2 is not running. Watching it shows how the last one "
              u"ended, if Cloudflare still has it."_s.arg(registration.status,
                                                          workflowWords(kind)));
    item->setForeground(m_table->palette().brush(QPalette::Disabled, QPalette::Text));
}

} // namespace rw::ui
