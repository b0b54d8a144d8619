#include "ui/FilterBar.h"

#include "ui/WorkflowFilterProxy.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace rw::ui {

FilterBar::FilterBar(WorkflowTableModel *model, WorkflowFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(proxy)
    , m_search(new QLineEdit(this))
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
            if (on) {
                m_proxy->setCategory(category);
                emit changed();
            }
        });
    }
    m_filters.first().button->setChecked(true);
    layout->addStretch();
    connect(m_search, &QLineEdit::textChanged, this, [this] {
        updateCounts();
        emit changed();
    });
    connect(model, &WorkflowTableModel::countsChanged, this, &FilterBar::updateCounts);
    // A row may come into the search or leave it with a new answer: the proxy knows.
    for (const auto signal :
         {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(proxy, signal, this, [this] {
            if (!m_proxy->searchText().isEmpty())
                updateCounts();
        });
    }
    updateCounts();
}

void FilterBar::showAll()
{
    m_search->clear();
    m_filters.first().button->setChecked(true);
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
    if (!filter.isEmpty() && !search.isEmpty())
        return u"No workflow in “%1” matches “%2”."_s.arg(filter, search);
    if (!filter.isEmpty())
        return u"No workflow is in “%1” now."_s.arg(filter);
    return u"No workflow matches “%1”."_s.arg(search);
}

void FilterBar::updateCounts()
{
    if (!m_proxy->searchText().isEmpty()) {
        // Only what the search lets through; a few hundred rows, counted when the search changes.
        QHash<int, int> counts;
        int all = 0;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (!m_proxy->matchesSearch(row))
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
