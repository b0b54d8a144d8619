#include "ui/FilterBar.h"

#include "ui/WorkflowFilterProxy.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace rw::ui {

FilterBar::FilterBar(WorkflowTableModel *model, WorkflowFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(proxy)
    , m_search(new QLineEdit(this))
    , m_account(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_search->setObjectName(u"search"_s);
    m_search->setPlaceholderText(u"Search domains, states and notes"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);
    layout->addWidget(m_search);
    connect(m_search, &QLineEdit::textChanged, proxy, &WorkflowFilterProxy::setSearchText);
    auto *group = new QButtonGroup(this);
    group->setExclusive(true);
    const struct
    {
        WorkflowTableModel::Categories category;
        QString name;
        QString objectName;
    } filters[] = {
        {{}, u"All"_s, u"filterAll"_s},
        {WorkflowTableModel::NeedsMe, u"Needs me"_s, u"filterNeedsMe"_s},
        {WorkflowTableModel::Active, u"Active"_s, u"filterActive"_s},
        {WorkflowTableModel::NotChecked, u"Not checked"_s, u"filterNotChecked"_s},
        {WorkflowTableModel::Blocked, u"Blocked"_s, u"filterBlocked"_s},
        {WorkflowTableModel::Finished, u"Finished"_s, u"filterFinished"_s},
        {WorkflowTableModel::Failed, u"Failed"_s, u"filterFailed"_s},
    };
    for (const auto &[category, name, objectName] : filters) {
        auto *button = new QToolButton(this);
        button->setObjectName(objectName);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        group->addButton(button);
        layout->addWidget(button);
        m_filters.append({category, name, button});
        connect(button, &QToolButton::toggled, this, [this, category = category](bool on) {
            if (!on)
                return;
            m_proxy->setCategory(category);
            // What needs the operator is worked through by what comes first.
            if (category == WorkflowTableModel::NeedsMe && m_header)
                m_header->setSortIndicator(int(WorkflowTableModel::Column::Deadline),
                                           Qt::AscendingOrder);
            emit changed();
        });
    }
    m_filters.first().button->setChecked(true);
    m_account->setObjectName(u"accountFilter"_s);
    m_account->setToolTip(u"Show one account's rows only"_s);
    m_account->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    layout->addWidget(m_account);
    connect(m_account, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setAccount(m_account->currentData().toString());
        updateCounts();
        emit changed();
    });
    connect(model, &WorkflowTableModel::accountsChanged, this, &FilterBar::updateAccounts);
    updateAccounts();
    layout->addStretch();
    connect(m_search, &QLineEdit::textChanged, this, [this] {
        updateCounts();
        emit changed();
    });
    // The model tells its counts once per pass; rows that come into the search or leave it with
    // new answers, which the proxy knows, are counted once per pass too.
    connect(model, &WorkflowTableModel::countsChanged, this, &FilterBar::updateCounts);
    m_recount.setSingleShot(true);
    m_recount.setInterval(0);
    connect(&m_recount, &QTimer::timeout, this, &FilterBar::updateCounts);
    for (const auto signal :
         {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(proxy, signal, this, [this] {
            if (!m_proxy->searchText().isEmpty() || !m_proxy->account().isEmpty())
                m_recount.start();
        });
    }
    updateCounts();
}

void FilterBar::showAll()
{
    m_search->clear();
    m_filters.first().button->setChecked(true);
    m_account->setCurrentIndex(0);
}

// "All accounts", then each account by its label; the choice stays while its account does.
void FilterBar::updateAccounts()
{
    const QString chosen = m_proxy->account();
    const QStringList ids = m_model->accountIds();
    const QSignalBlocker blocker(m_account);
    m_account->clear();
    m_account->addItem(u"All accounts"_s, QString());
    for (const QString &id : ids) {
        m_account->addItem(m_model->accountLabels().labelOf(id), id);
        m_account->setItemData(m_account->count() - 1, id, Qt::ToolTipRole);
    }
    const int index = m_account->findData(chosen);
    m_account->setCurrentIndex(std::max(0, index));
    m_account->setVisible(ids.size() > 1);
    if (index < 0 && !chosen.isEmpty()) { // its account is gone: every account again
        m_proxy->setAccount({});
        updateCounts();
        emit changed();
    }
}

void FilterBar::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

QString FilterBar::whyEmpty() const
{
    QString filter;
    for (const Filter &candidate : m_filters) {
        if (candidate.category && candidate.button->isChecked())
            filter = candidate.name;
    }
    const QString search = m_proxy->searchText();
    if (!m_proxy->account().isEmpty()) {
        const QString account = m_model->accountLabels().labelOf(m_proxy->account());
        filter = filter.isEmpty() ? account : u"%1” of “%2"_s.arg(filter, account);
    }
    if (!filter.isEmpty() && !search.isEmpty())
        return u"No workflow in “%1” matches “%2”."_s.arg(filter, search);
    if (!filter.isEmpty())
        return u"No workflow is in “%1” now."_s.arg(filter);
    return u"No workflow matches “%1”."_s.arg(search);
}

void FilterBar::updateCounts()
{
    if (!m_proxy->searchText().isEmpty() || !m_proxy->account().isEmpty()) {
        // Only what the search and the account let through; a few hundred rows, counted when
        // they change.
        QHash<int, int> counts;
        int all = 0;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (!m_proxy->matchesAccount(row) || !m_proxy->matchesSearch(row))
                continue;
            ++all;
            const WorkflowTableModel::Categories categories =
                m_model->categories(m_model->idAt(row));
            for (const Filter &filter : std::as_const(m_filters)) {
                if (filter.category & categories)
                    ++counts[int(filter.category)];
            }
        }
        for (const Filter &filter : std::as_const(m_filters)) {
            filter.button->setText(
                u"%1 (%2)"_s.arg(filter.name)
                    .arg(filter.category ? counts.value(int(filter.category)) : all));
        }
        return;
    }
    for (const Filter &filter : std::as_const(m_filters)) {
        const int count = filter.category
                              ? m_model->count(WorkflowTableModel::Category(int(filter.category)))
                              : m_model->rowCount();
        filter.button->setText(u"%1 (%2)"_s.arg(filter.name).arg(count));
    }
}

} // namespace rw::ui
