#include "ui/DetailsPane.h"

#include "net/Envelope.h"
#include "registrar/DomainName.h"
#include "report/Deadline.h"
#include "report/WorkflowText.h"
#include "store/WorkflowStore.h"
#include "ui/StateStyle.h"
#include "ui/WorkflowTableModel.h"

#include <QAbstractItemView>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedLayout>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

QLabel *textLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    // A word longer than the pane is wide (an account ID, a domain, a link) is cut at its edge
    // rather than widen the content: on a small screen the pane scrolls down, never sideways.
    label->setMinimumWidth(1);
    label->setTextFormat(Qt::PlainText); // text from the API is never markup
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

// Labels whose one long word (a domain, an account ID) a narrow pane cuts: whole as tooltips.
void showWhole(std::initializer_list<QLabel *> labels)
{
    for (QLabel *label : labels)
        label->setToolTip(label->text());
}

void embolden(QLabel *label, qreal scale = 1.0)
{
    QFont font = label->font();
    font.setBold(true);
    if (scale != 1.0) // a font sized in pixels has no point size to scale
        font.setPointSizeF(font.pointSizeF() * scale);
    label->setFont(font);
}

// A part of the content under its heading; both join `group` when given.
template<typename Widget>
Widget *section(QVBoxLayout *layout, const QString &title, Widget *widget,
                QList<QWidget *> *group = nullptr)
{
    auto *heading = new QLabel(title, widget->parentWidget());
    heading->setWordWrap(true); // a narrow pane scrolls down, never sideways
    embolden(heading);
    heading->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(widget);
    if (group)
        group->append({heading, widget});
    return widget;
}

// A button at the left of its row.
QHBoxLayout *buttonRow(QPushButton *button)
{
    auto *row = new QHBoxLayout;
    row->addWidget(button);
    row->addStretch();
    return row;
}

QTreeWidget *tree(const QString &name, const QStringList &columns, QWidget *parent)
{
    auto *widget = new QTreeWidget(parent);
    widget->setObjectName(name);
    widget->setHeaderLabels(columns);
    widget->setRootIsDecorated(columns.size() == 2);
    widget->setUniformRowHeights(true);
    widget->setAlternatingRowColors(true);
    widget->header()->setStretchLastSection(true);
    widget->setMinimumHeight(90);
    return widget;
}

void addJson(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value)
{
    auto *item = new QTreeWidgetItem(parent, {key});
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        item->setText(1, u"{%1}"_s.arg(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            addJson(item, it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        item->setText(1, u"[%1]"_s.arg(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i)
            addJson(item, QString::number(i), array.at(i));
    } else if (value.isString()) {
        item->setText(1, value.toString());
        item->setToolTip(1, value.toString()); // long sentences (context.action) are elided
    } else {
        item->setText(
            1, QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                   .mid(1)
                   .chopped(1));
    }
}

} // namespace

DetailsPane::DetailsPane(PollEngine *engine, WorkflowStore *store, const Clock &clock,
                         QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_store(store)
    , m_clock(clock)
    , m_tick(clock.createAlarm())
{
    buildPages();
    auto *layout = new QVBoxLayout(m_content);
    buildHeader(layout);
    buildActionBox(layout);
    buildFacts(layout);
    buildTrees(layout);
    buildRaw(layout);
    layout->addStretch();
    followEngine();
    setWorkflow(0);
}

// Two pages: "nothing selected", and the workflow's content in a scroll area. Parts carry
// object names for tests and for accessibility tools that list widgets by name.
void DetailsPane::buildPages()
{
    auto *stack = new QStackedLayout(this);
    // Beside the table it keeps a width that reads (a domain, a date, a sentence a few words
    // long): a window shrunk from a large screen takes the width from the table, whose columns
    // fit what is left. The splitter can still fold it away.
    setMinimumWidth(22 * fontMetrics().horizontalAdvance(u'M'));
    m_empty = new QLabel(u"Select a workflow to see everything the API said about it."_s, this);
    m_empty->setObjectName(u"empty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    stack->addWidget(m_empty);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"scroll"_s);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget(m_scroll);
    m_scroll->setWidget(m_content);
    stack->addWidget(m_scroll);
}

// The domain, the workflow and its account, the state with its icon, what it means and what
// happens next.
void DetailsPane::buildHeader(QVBoxLayout *layout)
{
    m_title = textLabel(u"title"_s, m_content);
    embolden(m_title, 1.4);
    m_subtitle = textLabel(u"subtitle"_s, m_content);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);

    auto *stateRow = new QHBoxLayout;
    m_stateIcon = new QLabel(m_content);
    m_state = textLabel(u"state"_s, m_content);
    embolden(m_state, 1.15);
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_state, 1);
    layout->addLayout(stateRow);
    m_meaning = textLabel(u"meaning"_s, m_content);
    m_next = textLabel(u"next"_s, m_content);
    m_deadline = textLabel(u"deadline"_s, m_content);
    embolden(m_deadline); // a date the operator must not miss
    layout->addWidget(m_meaning);
    layout->addWidget(m_next);
    layout->addWidget(m_deadline);
}

// What the operator must do, with "Resume watching" beside it; and "Check now".
void DetailsPane::buildActionBox(QVBoxLayout *layout)
{
    m_actionBox = new QFrame(m_content);
    m_actionBox->setObjectName(u"actionBox"_s);
    m_actionBox->setFrameShape(QFrame::StyledPanel);
    auto *actionLayout = new QVBoxLayout(m_actionBox);
    m_action = textLabel(u"action"_s, m_actionBox);
    actionLayout->addWidget(m_action);
    m_resume = new QPushButton(u"Resume watching"_s, m_actionBox);
    m_resume->setObjectName(u"resume"_s);
    m_resume->setToolTip(u"After you have done what Cloudflare asks, resume to follow it again."_s);
    actionLayout->addLayout(buttonRow(m_resume));
    layout->addWidget(m_actionBox);
    connect(m_resume, &QPushButton::clicked, this, [this] { emit resumeRequested(m_id); });

    m_checkNow = new QPushButton(u"Check now"_s, m_content);
    m_checkNow->setObjectName(u"checkNow"_s);
    m_workflowOnly.append(m_checkNow);
    layout->addLayout(buttonRow(m_checkNow));
    connect(m_checkNow, &QPushButton::clicked, this, [this] { emit checkNowRequested(m_id); });
}

// The facts, which zone their times are in, and the errors when there are any.
void DetailsPane::buildFacts(QVBoxLayout *layout)
{
    m_facts = section(layout, u"Facts"_s, textLabel(u"facts"_s, m_content));
    m_zone = textLabel(u"zone"_s, m_content);
    m_zone->setToolTip(u"Point at a time (in the facts, the timeline or the failed checks) to "
                       u"see it in UTC."_s);
    m_zone->setForegroundRole(QPalette::PlaceholderText); // a quiet note beside the facts
    layout->insertWidget(layout->indexOf(m_facts), m_zone);

    m_errorBox = new QFrame(m_content);
    m_errorBox->setObjectName(u"errorBox"_s);
    auto *errorLayout = new QVBoxLayout(m_errorBox);
    errorLayout->setContentsMargins(0, 0, 0, 0);
    m_error = section(errorLayout, u"Error"_s, textLabel(u"error"_s, m_errorBox));
    layout->addWidget(m_errorBox);
    m_workflowOnly.append(m_errorBox);
}

// The context, the envelope's errors and messages, the links and the timeline.
void DetailsPane::buildTrees(QVBoxLayout *layout)
{
    m_context =
        section(layout, u"Context"_s, tree(u"context"_s, {u"Key"_s, u"Value"_s}, m_content));
    m_messages = section(layout, u"Errors and messages from the API"_s,
                         tree(u"messages"_s, {u"Kind"_s, u"Code"_s, u"Message"_s}, m_content),
                         &m_workflowOnly);
    m_messages->setMinimumHeight(60);
    m_links = section(layout, u"Links"_s, textLabel(u"links"_s, m_content), &m_workflowOnly);
    m_timeline = section(layout, u"Timeline"_s,
                         tree(u"timeline"_s, {u"Seen at"_s, u"From"_s, u"To"_s}, m_content),
                         &m_workflowOnly);
    m_failedChecks = section(
        layout, u"Recent failed checks (the last %1)"_s.arg(WorkflowStore::failedChecksKept),
        tree(u"failedChecks"_s, {u"Checked at"_s, u"Kind"_s, u"HTTP"_s, u"Message"_s}, m_content),
        &m_workflowOnly);
}

// The last answer as received.
void DetailsPane::buildRaw(QVBoxLayout *layout)
{
    m_raw = section(layout, u"Last answer, as received"_s, new QPlainTextEdit(m_content),
                    &m_workflowOnly);
    m_raw->setObjectName(u"raw"_s);
    m_raw->setReadOnly(true);
    // Read-only drops keyboard selection; keep it, so the answer can be copied in parts.
    m_raw->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setMinimumHeight(160);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
}

void DetailsPane::followEngine()
{
    connect(m_engine, &PollEngine::workflowUpdated, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            refresh();
    });
    connect(m_engine, &PollEngine::stateChanged, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            refreshTimeline();
    });
    connect(m_engine, &PollEngine::workflowRemoved, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            setWorkflow(0);
    });
    // A hold on the account changes what is said of its next check.
    connect(m_engine, &PollEngine::accountHeld, this, &DetailsPane::refresh);
    connect(m_engine, &PollEngine::accountReleased, this, &DetailsPane::refresh);
    connect(m_tick.get(), &Alarm::rang, this, [this] {
        if (const TrackedWorkflow *workflow = m_id ? m_engine->workflow(m_id) : nullptr)
            showNextStep(*workflow);
    });
}

void DetailsPane::setAccountLabels(const AccountLabels &labels)
{
    m_labels = labels;
    if (m_notice)
        refreshNotice();
    else
        refresh();
}

void DetailsPane::setNotices(RegistrationNotices *notices)
{
    if (m_notices)
        disconnect(m_notices, nullptr, this, nullptr);
    m_notices = notices;
    if (!notices)
        return;
    connect(notices, &RegistrationNotices::noticeChanged, this,
            [this](const RegistrationNotice &notice) {
                if (m_notice && m_notice->sameRegistration(notice))
                    showNotice(notice);
            });
    connect(notices, &RegistrationNotices::noticeRemoved, this,
            [this](const RegistrationNotice &notice) {
                if (m_notice && m_notice->sameRegistration(notice))
                    setWorkflow(0);
            });
}

void DetailsPane::showWorkflowParts(bool shown)
{
    for (QWidget *part : std::as_const(m_workflowOnly))
        part->setVisible(shown);
}

void DetailsPane::showNotice(const RegistrationNotice &notice)
{
    const bool another = !m_notice || !m_notice->sameRegistration(notice);
    m_notice = notice;
    m_id = 0;
    m_shownId = 0;
    m_tick->cancel();
    static_cast<QStackedLayout *>(layout())->setCurrentIndex(1);
    showWorkflowParts(false);
    refreshNotice();
    if (another) {
        m_scroll->verticalScrollBar()->setValue(0);
        m_scroll->horizontalScrollBar()->setValue(0);
    }
}

// Why the registration needs the operator, its date, auto-renew, and what to do: the dashboard
// (Ctrl+D, as for workflows) is where it is done.
void DetailsPane::refreshNotice()
{
    if (!m_notice)
        return;
    const RegistrationNotice &notice = *m_notice;
    const QDateTime now = m_clock.now();
    m_title->setText(domain::toUnicode(notice.domain));
    m_subtitle->setText(u"Registration · account %1 · found by watching the whole account"_s.arg(
        workflowText::accountName(notice.account, m_labels)));
    showWhole({m_title, m_subtitle});
    m_stateIcon->setPixmap(StateStyle::forState(WorkflowState::ActionRequired).icon.pixmap(24, 24));
    m_state->setText(workflowText::attentionLabel(notice.attention, now));
    m_meaning->setText(workflowText::attentionMeaning(notice, now));
    m_next->setText(u"No workflow runs for it. The row goes once the account's registrations no "
                    u"longer show it needing you, or when you remove it."_s);
    m_deadline->hide(); // the meaning says the date
    m_actionBox->show();
    m_action->setText(workflowText::attentionToDo(notice.attention) +
                      u"\nOpen in the Cloudflare dashboard (Ctrl+D) goes to the domain's page."_s);
    m_resume->hide();
    m_zone->setText(workflowText::zoneNote(now));
    const auto factsIn = [&notice](workflowText::Zone zone) {
        return QStringList{
            u"Status: %1"_s.arg(notice.registration.status.isEmpty() ? u"—"_s
                                                                     : notice.registration.status),
            u"Expires: %1"_s.arg(workflowText::when(notice.attention.expiresAt, zone)),
            u"Auto-renew: %1"_s.arg(notice.registration.autoRenew ? u"on"_s : u"off"_s),
            u"Found: %1"_s.arg(workflowText::when(notice.foundAt, zone)),
            u"Told: %1"_s.arg(notice.toldAt.isValid() ? workflowText::when(notice.toldAt, zone)
                                                      : u"not yet"_s),
        };
    };
    m_facts->setText(factsIn(workflowText::Zone::Local).join(u'\n'));
    m_facts->setToolTip(u"In UTC:\n"_s + factsIn(workflowText::Zone::Utc).join(u'\n'));
    m_shownContext = notice.registration.raw;
    m_context->clear();
    for (auto it = m_shownContext.begin(); it != m_shownContext.end(); ++it)
        addJson(m_context->invisibleRootItem(), it.key(), it.value());
    m_context->expandToDepth(1);
    m_context->resizeColumnToContents(0);
}

void DetailsPane::setWorkflow(qint64 id)
{
    const bool wasNotice = m_notice.has_value();
    m_notice.reset();
    if (wasNotice)
        showWorkflowParts(true);
    const bool another = id != m_id || wasNotice;
    if (another)
        m_shownId = 0; // a new selection starts with fresh trees
    m_id = id;
    auto *stack = static_cast<QStackedLayout *>(layout());
    const bool shown = id && m_engine->workflow(id);
    stack->setCurrentIndex(shown ? 1 : 0);
    if (!shown)
        m_tick->cancel();
    refresh();
    refreshTimeline();
    if (another) { // its state and what to do come first, not where the last one was left
        m_scroll->verticalScrollBar()->setValue(0);
        m_scroll->horizontalScrollBar()->setValue(0);
    }
}

void DetailsPane::follow(QAbstractItemView *view)
{
    const auto update = [this, view] {
        const QItemSelectionModel *selection = view->selectionModel();
        QModelIndex row = view->currentIndex();
        if (!row.isValid() || !selection->isRowSelected(row.row(), row.parent())) {
            const QModelIndexList rows = selection->selectedRows();
            row = rows.isEmpty() ? QModelIndex() : rows.first();
        }
        if (const QVariant notice = row.data(WorkflowTableModel::NoticeRole); notice.isValid())
            showNotice(notice.value<RegistrationNotice>());
        else
            setWorkflow(row.isValid() ? row.data(WorkflowTableModel::IdRole).toLongLong() : 0);
    };
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, update);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, update);
    // A filter that hides the selected row changes the selection without selectionChanged.
    connect(view->model(), &QAbstractItemModel::rowsRemoved, this, update);
    connect(view->model(), &QAbstractItemModel::layoutChanged, this, update);
    connect(view->model(), &QAbstractItemModel::modelReset, this, update);
}

void DetailsPane::showNextStep(const TrackedWorkflow &workflow)
{
    const WorkflowFacts facts = WorkflowFacts::about(*m_engine, workflow, m_clock.now());
    m_next->setText(workflowText::nextStep(facts));
    const auto deadline = Deadline::of(workflow, facts.now);
    m_deadline->setVisible(deadline.has_value());
    m_deadline->setText(deadline ? workflowText::deadline(*deadline, facts.now) : QString());
    // Words that count down are said again on the clock's next whole second, as the table's
    // time columns are; a deadline, counted in minutes at the finest, on the next minute.
    const qint64 ms = facts.now.toMSecsSinceEpoch();
    if (workflowText::nextStepAges(facts))
        m_tick->setAt(QDateTime::fromMSecsSinceEpoch((ms / 1000 + 1) * 1000, QTimeZone::utc()));
    else if (deadline)
        m_tick->setAt(QDateTime::fromMSecsSinceEpoch((ms / 60000 + 1) * 60000, QTimeZone::utc()));
    else
        m_tick->cancel();
}

void DetailsPane::refresh()
{
    const TrackedWorkflow *workflow = m_id ? m_engine->workflow(m_id) : nullptr;
    if (!workflow)
        return;
    showHeader(*workflow);
    showNextStep(*workflow);
    showAction(*workflow);
    m_checkNow->setEnabled(!m_engine->isInFlight(workflow->id));
    m_zone->setText(workflowText::zoneNote(m_clock.now()));
    const WorkflowFacts about = WorkflowFacts::about(*m_engine, *workflow, m_clock.now());
    m_facts->setText(workflowText::facts(about).join(u'\n'));
    m_facts->setToolTip(u"In UTC:\n"_s +
                        workflowText::facts(about, workflowText::Zone::Utc).join(u'\n'));
    const QStringList errors = workflowText::errors(*workflow);
    m_errorBox->setVisible(!errors.isEmpty());
    m_error->setText(errors.join(u'\n'));

    const bool another = m_shownId != m_id;
    m_shownId = m_id;
    showContext(*workflow, another);
    showMessages(*workflow, another);
    showAnswer(*workflow);
    if (another || workflow->totalErrors != m_shownTotalErrors) {
        m_shownTotalErrors = workflow->totalErrors;
        refreshFailedChecks();
    }
}

void DetailsPane::showHeader(const TrackedWorkflow &workflow)
{
    m_title->setText(domain::toUnicode(workflow.ref.domain));
    QString subtitle = workflowText::identity(workflow, m_labels);
    if (workflow.origin == WorkflowOrigin::Found)
        subtitle += u" · found by watching the whole account"_s;
    m_subtitle->setText(subtitle);
    showWhole({m_title, m_subtitle});

    const StateStyle style = StateStyle::forWorkflow(workflow);
    m_stateIcon->setPixmap(style.icon.pixmap(24, 24));
    // The workflow's own words: before any state, what the checks found.
    // With how old the answer is, when it is old.
    m_state->setText(
        workflowText::stateLabel(WorkflowFacts::about(*m_engine, workflow, m_clock.now())));
    m_meaning->setText(workflowText::meaning(workflow));
}

void DetailsPane::showAction(const TrackedWorkflow &workflow)
{
    const bool needsOperator = workflow.state() == WorkflowState::ActionRequired ||
                               workflow.watch == WatchState::NeedsOperator;
    const bool resumable = workflow.watch == WatchState::NeedsOperator ||
                           workflow.watch == WatchState::GaveUp ||
                           workflow.watch == WatchState::Paused;
    m_actionBox->setVisible(needsOperator || resumable);
    m_action->setText(needsOperator && workflow.status
                          ? workflowText::whatToDo(*workflow.status).join(u'\n')
                          : workflowText::note(workflow));
    m_resume->setVisible(resumable);
}

void DetailsPane::showContext(const TrackedWorkflow &workflow, bool another)
{
    const QJsonObject context = workflow.status ? workflow.status->context : QJsonObject();
    if (!another && context == m_shownContext)
        return;
    m_shownContext = context;
    m_context->clear();
    for (auto it = context.begin(); it != context.end(); ++it)
        addJson(m_context->invisibleRootItem(), it.key(), it.value());
    m_context->expandToDepth(1);
    m_context->resizeColumnToContents(0);
}

void DetailsPane::showMessages(const TrackedWorkflow &workflow, bool another)
{
    const Envelope envelope = Envelope::parseLenient(workflow.lastBody);
    if (!another && m_messages->topLevelItemCount() > 0 && envelope.errors == m_shownErrors &&
        envelope.messages == m_shownMessages)
        return;
    m_shownErrors = envelope.errors;
    m_shownMessages = envelope.messages;
    m_messages->clear();
    const auto add = [this](const QString &kind, const QList<ApiMessage> &messages) {
        for (const ApiMessage &message : messages)
            new QTreeWidgetItem(m_messages, {kind, QString::number(message.code),
                                             workflowText::apiMessage(message)});
    };
    add(u"error"_s, envelope.errors);
    add(u"message"_s, envelope.messages);
    if (m_messages->topLevelItemCount() == 0)
        new QTreeWidgetItem(m_messages, {QString(), QString(), u"None in the last answer."_s});
}

void DetailsPane::showAnswer(const TrackedWorkflow &workflow)
{
    m_links->setText(workflowText::links(workflow).join(u'\n'));
    // Set only when it changed, so that a selection in progress survives a check.
    if (const QString raw = workflowText::lastAnswer(workflow); m_raw->toPlainText() != raw)
        m_raw->setPlainText(raw);
}

void DetailsPane::refreshTimeline()
{
    m_timeline->clear();
    if (!m_id)
        return;
    if (!m_store) {
        new QTreeWidgetItem(m_timeline, {u"No history is kept without a store."_s});
        return;
    }
    const auto history = m_store->history(m_id);
    if (!history) {
        new QTreeWidgetItem(m_timeline, {history.error()});
        return;
    }
    for (const StateChange &change : *history) {
        auto *item =
            new QTreeWidgetItem(m_timeline, {workflowText::when(change.observedAt),
                                             change.fromState.value_or(u"—"_s), change.toState});
        item->setToolTip(0, workflowText::timeTip(change.observedAt));
    }
    m_timeline->resizeColumnToContents(0);
}

void DetailsPane::refreshFailedChecks()
{
    m_failedChecks->clear();
    if (!m_id)
        return;
    if (!m_store) {
        new QTreeWidgetItem(m_failedChecks, {u"No failed checks are kept without a store."_s});
        return;
    }
    const auto checks = m_store->failedChecks(m_id);
    if (!checks) {
        new QTreeWidgetItem(m_failedChecks, {checks.error()});
        return;
    }
    for (const FailedCheck &check : *checks) {
        auto *item = new QTreeWidgetItem(m_failedChecks, workflowText::failedCheck(check));
        item->setToolTip(0, workflowText::timeTip(check.checkedAt));
        item->setToolTip(3, check.error.message); // long messages are elided
    }
    if (checks->isEmpty())
        new QTreeWidgetItem(m_failedChecks, {QString(), QString(), QString(), u"None."_s});
    for (const int column : {0, 1, 2})
        m_failedChecks->resizeColumnToContents(column);
}

} // namespace rw::ui
