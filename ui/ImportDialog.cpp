#include "ui/ImportDialog.h"

#include "net/RegistrarClient.h"
#include "net/RegistrationLister.h"
#include "registrar/DomainName.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

QString registrationCount(qsizetype count)
{
    return count == 1 ? u"1 registration"_s : u"%1 registrations"_s.arg(count);
}

} // namespace

ImportDialog::ImportDialog(RegistrarClient *client, AccountRef account, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_account(std::move(account))
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
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(u"registrations"_s);
    m_table->setHorizontalHeaderLabels({u"Domain"_s, u"Status"_s, u"Expires"_s, u"Auto-renew"_s});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);
    auto *bottom = new QHBoxLayout;
    auto *all = new QPushButton(u"Select all"_s, this);
    all->setObjectName(u"selectAll"_s);
    auto *none = new QPushButton(u"Select none"_s, this);
    none->setObjectName(u"selectNone"_s);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kind"_s);
    for (const WorkflowKind kind : allWorkflowKinds)
        m_kind->addItem(kindName(kind), int(kind));
    bottom->addWidget(all);
    bottom->addWidget(none);
    bottom->addStretch();
    bottom->addWidget(new QLabel(u"Watch as:"_s, this));
    bottom->addWidget(m_kind);
    layout->addLayout(bottom);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Watch selected"_s);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto check = [this](Qt::CheckState state) {
        for (int row = 0; row < m_table->rowCount(); ++row)
            m_table->item(row, 0)->setCheckState(state);
    };
    connect(all, &QPushButton::clicked, this, [check] { check(Qt::Checked); });
    connect(none, &QPushButton::clicked, this, [check] { check(Qt::Unchecked); });
    connect(m_stop, &QPushButton::clicked, this, &ImportDialog::stop);
    // However the dialog closes ("Watch selected" too), nothing more is fetched for it.
    connect(this, &QDialog::finished, this, [this] {
        if (m_lister)
            m_lister->cancel();
    });
    resize(680, 520);
}

void ImportDialog::start()
{
    m_table->setRowCount(0);
    m_progress->setText(u"Listing the registrations of account %1…"_s.arg(m_account.id));
    m_stop->setEnabled(true);
    m_lister = new RegistrationLister(m_client, m_account, m_client);
    m_lister->setParent(this);
    connect(m_lister, &RegistrationLister::progress, this, &ImportDialog::listed);
    connect(m_lister, &RegistrationLister::finished, this, &ImportDialog::listingFinished);
    m_lister->start();
}

void ImportDialog::stop()
{
    if (m_lister)
        m_lister->cancel();
    m_progress->setText(u"Stopped after %1."_s.arg(registrationCount(m_table->rowCount())));
    m_stop->setEnabled(false);
}

// A page has come: its registrations join the table, unticked.
void ImportDialog::listed(int count)
{
    m_progress->setText(u"Fetched %1…"_s.arg(registrationCount(count)));
    const QList<Registration> &all = m_lister->registrations();
    for (qsizetype i = m_table->rowCount(); i < all.size(); ++i) {
        const Registration &registration = all.at(i);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *name = new QTableWidgetItem(domain::toUnicode(registration.domainName));
        name->setData(Qt::UserRole, registration.domainName);
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(Qt::Unchecked);
        m_table->setItem(row, 0, name);
        m_table->setItem(row, 1, new QTableWidgetItem(registration.status));
        m_table->setItem(row, 2,
                         new QTableWidgetItem(
                             registration.expiresAt.isValid()
                                 ? registration.expiresAt.toLocalTime().toString(u"yyyy-MM-dd"_s)
                                 : u"—"_s));
        m_table->setItem(row, 3, new QTableWidgetItem(registration.autoRenew ? u"on"_s : u"off"_s));
    }
}

void ImportDialog::listingFinished()
{
    m_stop->setEnabled(false);
    const int rows = m_table->rowCount();
    if (m_lister && m_lister->error() && rows == 0)
        m_progress->setText(
            u"Could not list the registrations: %1"_s.arg(m_lister->error()->message));
    else if (m_lister && m_lister->error())
        m_progress->setText(
            u"Listed %1, then: %2"_s.arg(registrationCount(rows), m_lister->error()->message));
    else
        m_progress->setText(
            u"%1 in account %2. Tick those to watch."_s.arg(registrationCount(rows), m_account.id));
}

QList<WorkflowRef> ImportDialog::selected() const
{
    QList<WorkflowRef> refs;
    const auto kind = WorkflowKind(m_kind->currentData().toInt());
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *item = m_table->item(row, 0);
        if (item->checkState() == Qt::Checked)
            refs.append({m_account, item->data(Qt::UserRole).toString(), kind});
    }
    return refs;
}

} // namespace rw::ui
