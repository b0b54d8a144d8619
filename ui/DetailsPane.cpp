#include "ui/DetailsPane.h"

#include "common/Duration.h"
#include "net/Envelope.h"
#include "registrar/DomainName.h"
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
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedLayout>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

QLabel *textLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText); // text from the API is never markup
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(0, 8, 0, 0);
    return label;
}

QTreeWidget *tree(const QStringList &columns, QWidget *parent)
{
    auto *widget = new QTreeWidget(parent);
    widget->setHeaderLabels(columns);
    widget->setRootIsDecorated(columns.size() == 2);
    widget->setUniformRowHeights(true);
    widget->setAlternatingRowColors(true);
    widget->header()->setStretchLastSection(true);
    widget->setMinimumHeight(90);
    return widget;
}

void addJson(QTreeWidgetItem *parent, QTreeWidget *widget, const QString &key,
             const QJsonValue &value)
{
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(widget);
    item->setText(0, key);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        item->setText(1, u"{%1}"_s.arg(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            addJson(item, widget, it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        item->setText(1, u"[%1]"_s.arg(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i)
            addJson(item, widget, QString::number(i), array.at(i));
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

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s)
                          : u"—"_s;
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
    auto *stack = new QStackedLayout(this);
    m_empty = new QLabel(u"Select a workflow to see everything the API said about it."_s, this);
    static_cast<QLabel *>(m_empty)->setAlignment(Qt::AlignCenter);
    static_cast<QLabel *>(m_empty)->setWordWrap(true);
    stack->addWidget(m_empty);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget(scroll);
    scroll->setWidget(m_content);
    stack->addWidget(scroll);
    auto *layout = new QVBoxLayout(m_content);

    m_title = textLabel(m_content);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_subtitle = textLabel(m_content);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);

    auto *stateRow = new QHBoxLayout;
    m_stateIcon = new QLabel(m_content);
    m_state = textLabel(m_content);
    QFont bold = m_state->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_state->setFont(bold);
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_state, 1);
    layout->addLayout(stateRow);
    m_meaning = textLabel(m_content);
    m_next = textLabel(m_content);
    layout->addWidget(m_meaning);
    layout->addWidget(m_next);

    m_actionBox = new QFrame(m_content);
    m_actionBox->setFrameShape(QFrame::StyledPanel);
    auto *actionLayout = new QVBoxLayout(m_actionBox);
    m_action = textLabel(m_actionBox);
    actionLayout->addWidget(m_action);
    auto *buttons = new QHBoxLayout;
    m_resume = new QPushButton(u"Resume watching"_s, m_actionBox);
    m_resume->setToolTip(u"After you have done what Cloudflare asks, resume to follow it again."_s);
    buttons->addWidget(m_resume);
    buttons->addStretch();
    actionLayout->addLayout(buttons);
    layout->addWidget(m_actionBox);
    connect(m_resume, &QPushButton::clicked, this, [this] { emit resumeRequested(m_id); });

    m_checkNow = new QPushButton(u"Check now"_s, m_content);
    auto *checkRow = new QHBoxLayout;
    checkRow->addWidget(m_checkNow);
    checkRow->addStretch();
    layout->addLayout(checkRow);
    connect(m_checkNow, &QPushButton::clicked, this, [this] { emit checkNowRequested(m_id); });

    layout->addWidget(heading(u"Facts"_s, m_content));
    m_facts = textLabel(m_content);
    layout->addWidget(m_facts);

    m_errorBox = new QFrame(m_content);
    auto *errorLayout = new QVBoxLayout(m_errorBox);
    errorLayout->setContentsMargins(0, 0, 0, 0);
    errorLayout->addWidget(heading(u"Error"_s, m_errorBox));
    m_error = textLabel(m_errorBox);
    errorLayout->addWidget(m_error);
    layout->addWidget(m_errorBox);

    layout->addWidget(heading(u"Context"_s, m_content));
    m_context = tree({u"Key"_s, u"Value"_s}, m_content);
    layout->addWidget(m_context);

    layout->addWidget(heading(u"Errors and messages from the API"_s, m_content));
    m_messages = tree({u"Kind"_s, u"Code"_s, u"Message"_s}, m_content);
    m_messages->setMinimumHeight(60);
    layout->addWidget(m_messages);

    layout->addWidget(heading(u"Links"_s, m_content));
    m_links = textLabel(m_content);
    layout->addWidget(m_links);

    layout->addWidget(heading(u"Timeline"_s, m_content));
    m_timeline = tree({u"Seen at"_s, u"From"_s, u"To"_s}, m_content);
    layout->addWidget(m_timeline);

    layout->addWidget(heading(u"Last answer, as received"_s, m_content));
    m_raw = new QPlainTextEdit(m_content);
    m_raw->setReadOnly(true);
    // Read-only drops keyboard selection; keep it, so the answer can be copied in parts.
    m_raw->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setMinimumHeight(160);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_raw);
    layout->addStretch();

    // Names for tests and for accessibility tools that list widgets by name.
    m_empty->setObjectName(u"empty"_s);
    m_title->setObjectName(u"title"_s);
    m_subtitle->setObjectName(u"subtitle"_s);
    m_state->setObjectName(u"state"_s);
    m_meaning->setObjectName(u"meaning"_s);
    m_next->setObjectName(u"next"_s);
    m_actionBox->setObjectName(u"actionBox"_s);
    m_action->setObjectName(u"action"_s);
    m_resume->setObjectName(u"resume"_s);
    m_checkNow->setObjectName(u"checkNow"_s);
    m_facts->setObjectName(u"facts"_s);
    m_errorBox->setObjectName(u"errorBox"_s);
    m_error->setObjectName(u"error"_s);
    m_context->setObjectName(u"context"_s);
    m_messages->setObjectName(u"messages"_s);
    m_links->setObjectName(u"links"_s);
    m_timeline->setObjectName(u"timeline"_s);
    m_raw->setObjectName(u"raw"_s);

    connect(engine, &PollEngine::workflowUpdated, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            refresh();
    });
    connect(engine, &PollEngine::stateChanged, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            refreshTimeline();
    });
    connect(engine, &PollEngine::workflowRemoved, this, [this](const TrackedWorkflow &workflow) {
        if (workflow.id == m_id)
            setWorkflow(0);
    });
    connect(m_tick.get(), &Alarm::rang, this, [this] {
        if (const TrackedWorkflow *workflow = m_id ? m_engine->workflow(m_id) : nullptr)
            showNextStep(*workflow);
    });
    setWorkflow(0);
}

void DetailsPane::setWorkflow(qint64 id)
{
    if (id != m_id)
        m_shownId = 0; // a new selection starts with fresh trees
    m_id = id;
    auto *stack = static_cast<QStackedLayout *>(layout());
    const bool shown = id && m_engine->workflow(id);
    stack->setCurrentIndex(shown ? 1 : 0);
    if (!shown)
        m_tick->cancel();
    refresh();
    refreshTimeline();
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
    m_next->setText(nextStep(workflow));
    // While it is watched (or its account held) the words count down: say them again on the
    // clock's next whole second, as the table's time columns do.
    if (workflow.watch == WatchState::Watching ||
        m_engine->accountStatus(workflow.ref.account.id).hold != RequestBudget::Hold::None) {
        const qint64 next = (m_clock.now().toMSecsSinceEpoch() / 1000 + 1) * 1000;
        m_tick->setAt(QDateTime::fromMSecsSinceEpoch(next, QTimeZone::utc()));
    } else {
        m_tick->cancel();
    }
}

QString DetailsPane::nextStep(const TrackedWorkflow &workflow) const
{
    const QDateTime now = m_clock.now();
    const auto in = [&now](const QDateTime &time) {
        return u"in %1 (at %2)"_s.arg(
            formatDuration(seconds(std::max<qint64>(0, (now.msecsTo(time) + 999) / 1000))),
            time.toLocalTime().toString(u"HH:mm:ss"_s));
    };
    QStringList parts;
    const auto hold = m_engine->accountStatus(workflow.ref.account.id);
    switch (workflow.watch) {
    case WatchState::Watching: {
        if (workflow.lastError)
            parts.append(
                u"The last check failed (%1 in a row): %2"_s.arg(workflow.consecutiveErrors)
                    .arg(workflow.lastError->message));
        const QString next = m_engine->isInFlight(workflow.id) ? u"being checked now"_s
                             : workflow.nextPollAt.isValid()
                                 ? u"checked again %1"_s.arg(in(workflow.nextPollAt))
                                 : u"waiting for its turn"_s;
        if (workflow.state() == WorkflowState::Blocked && workflow.stateSince.isValid()) {
            parts.append(
                u"Blocked for %1; %2. Blocked workflows are checked less often, up to "
                u"hourly."_s.arg(formatDuration(seconds(workflow.stateSince.secsTo(now))), next));
        } else if (!workflow.status) {
            parts.append(u"Not checked yet; %1."_s.arg(next));
        } else {
            parts.append(next.at(0).toUpper() + next.mid(1) + u'.');
        }
        break;
    }
    case WatchState::Paused:
        parts.append(u"Paused by you: not checked until you resume it."_s);
        break;
    case WatchState::NeedsOperator:
        parts.append(u"Checks have stopped: Cloudflare waits for you. Do what it asks, then "
                     u"resume."_s);
        break;
    case WatchState::Settled:
        parts.append(u"Finished: no more checks."_s);
        break;
    case WatchState::GaveUp:
        parts.append(u"Stopped watching: %1. Resume to watch it again."_s.arg(workflow.stopReason));
        break;
    }
    if (hold.hold != RequestBudget::Hold::None)
        parts.append(hold.reason);
    return parts.join(u"\n"_s);
}

void DetailsPane::refresh()
{
    const TrackedWorkflow *workflow = m_id ? m_engine->workflow(m_id) : nullptr;
    if (!workflow)
        return;
    const QString unicode = domain::toUnicode(workflow->ref.domain);
    m_title->setText(unicode);
    QString subtitle =
        u"%1 workflow · account %2"_s.arg(kindName(workflow->ref.kind), workflow->ref.account.id);
    if (workflow->ref.account.sandbox)
        subtitle += u" · sandbox"_s;
    if (unicode != workflow->ref.domain)
        subtitle += u" · %1"_s.arg(workflow->ref.domain);
    m_subtitle->setText(subtitle);

    const StateStyle style = StateStyle::forWorkflow(*workflow);
    m_stateIcon->setPixmap(style.icon.pixmap(24, 24));
    m_state->setText(style.label);
    m_meaning->setText(workflow->status ? stateMeaning(workflow->status->state)
                                        : u"Registrar Watch has not had an answer yet."_s);
    showNextStep(*workflow);

    const bool needsOperator = workflow->state() == WorkflowState::ActionRequired ||
                               workflow->watch == WatchState::NeedsOperator;
    const bool resumable = workflow->watch == WatchState::NeedsOperator ||
                           workflow->watch == WatchState::GaveUp ||
                           workflow->watch == WatchState::Paused;
    m_actionBox->setVisible(needsOperator || resumable);
    if (needsOperator && workflow->status) {
        QString text = workflow->status->action().isEmpty()
                           ? u"Cloudflare needs you, but did not say what to do. Open the "
                             u"Cloudflare dashboard for this domain."_s
                           : u"What to do: %1"_s.arg(workflow->status->action());
        if (const QString to = workflow->status->confirmationSentTo(); !to.isEmpty())
            text += u"\nThe confirmation was sent to %1."_s.arg(to);
        m_action->setText(text);
    } else {
        m_action->setText(trackedNote(*workflow));
    }
    m_resume->setVisible(resumable);
    m_checkNow->setEnabled(!m_engine->isInFlight(workflow->id));

    QStringList facts;
    if (workflow->status) {
        facts.append(u"Completed: %1"_s.arg(workflow->status->completed ? u"yes"_s : u"no"_s));
        facts.append(u"Created: %1"_s.arg(when(workflow->status->createdAt)));
        facts.append(u"Updated: %1"_s.arg(when(workflow->status->updatedAt)));
    }
    facts.append(u"Watched since: %1"_s.arg(when(workflow->trackedAt)));
    facts.append(u"Last checked: %1"_s.arg(when(workflow->lastCheckedAt)));
    facts.append(u"Next check: %1"_s.arg(
        workflow->watch == WatchState::Watching ? when(workflow->nextPollAt) : u"none"_s));
    facts.append(u"Checks: %1, failed: %2"_s.arg(workflow->polls).arg(workflow->totalErrors));
    facts.append(workflow->muted ? u"Notifications: muted (Ctrl+M to unmute)"_s
                                 : u"Notifications: on"_s);
    if (workflow->status) {
        for (const QString &anomaly : workflow->status->anomalies)
            facts.append(u"Note: %1"_s.arg(anomaly));
    }
    m_facts->setText(facts.join(u'\n'));

    QStringList errors;
    if (workflow->status && workflow->status->error)
        errors.append(
            u"%1: %2"_s.arg(workflow->status->error->code, workflow->status->error->message));
    if (workflow->lastError)
        errors.append(u"Last check: %1"_s.arg(workflow->lastError->message));
    m_errorBox->setVisible(!errors.isEmpty());
    m_error->setText(errors.join(u'\n'));

    const bool another = m_shownId != m_id;
    m_shownId = m_id;
    const QJsonObject context = workflow->status ? workflow->status->context : QJsonObject();
    if (another || context != m_shownContext) {
        m_shownContext = context;
        m_context->clear();
        for (auto it = context.begin(); it != context.end(); ++it)
            addJson(nullptr, m_context, it.key(), it.value());
        m_context->expandToDepth(1);
        m_context->resizeColumnToContents(0);
    }

    const Envelope envelope = Envelope::parseLenient(workflow->lastBody);
    const auto addMessages = [this](const QString &kind, const QList<ApiMessage> &messages) {
        for (const ApiMessage &message : messages) {
            auto *item = new QTreeWidgetItem(m_messages);
            item->setText(0, kind);
            item->setText(1, QString::number(message.code));
            QString text = message.message;
            if (!message.sourcePointer.isEmpty())
                text += u" (at %1)"_s.arg(message.sourcePointer);
            if (!message.documentationUrl.isEmpty())
                text += u" — %1"_s.arg(message.documentationUrl);
            item->setText(2, text);
        }
    };
    if (another || m_messages->topLevelItemCount() == 0 || envelope.errors != m_shownErrors ||
        envelope.messages != m_shownMessages) {
        m_shownErrors = envelope.errors;
        m_shownMessages = envelope.messages;
        m_messages->clear();
        addMessages(u"error"_s, envelope.errors);
        addMessages(u"message"_s, envelope.messages);
        if (m_messages->topLevelItemCount() == 0) {
            auto *none = new QTreeWidgetItem(m_messages);
            none->setText(2, u"None in the last answer."_s);
        }
    }

    m_links->setText(workflow->status
                         ? u"Status: %1\nResource: %2"_s.arg(
                               workflow->status->selfLink, workflow->status->resourceLink.isEmpty()
                                                               ? u"—"_s
                                                               : workflow->status->resourceLink)
                         : u"Status: %1"_s.arg(workflow->pollPath()));

    // Exactly what came back, indented when it is JSON.
    const QJsonDocument document = QJsonDocument::fromJson(workflow->lastBody);
    const QString raw = !document.isNull()
                            ? QString::fromUtf8(document.toJson(QJsonDocument::Indented))
                        : workflow->lastBody.isEmpty() ? u"(no answer yet)"_s
                                                       : QString::fromUtf8(workflow->lastBody);
    if (m_raw->toPlainText() != raw)
        m_raw->setPlainText(raw);
}

void DetailsPane::refreshTimeline()
{
    m_timeline->clear();
    if (!m_id)
        return;
    if (!m_store) {
        auto *item = new QTreeWidgetItem(m_timeline);
        item->setText(0, u"No history is kept without a store."_s);
        return;
    }
    const auto history = m_store->history(m_id);
    if (!history) {
        auto *item = new QTreeWidgetItem(m_timeline);
        item->setText(0, history.error());
        return;
    }
    for (const StateChange &change : *history) {
        auto *item = new QTreeWidgetItem(m_timeline);
        item->setText(0, when(change.observedAt));
        item->setText(1, change.fromState.value_or(u"—"_s));
        item->setText(2, change.toState);
    }
    m_timeline->resizeColumnToContents(0);
}

} // namespace rw::ui
