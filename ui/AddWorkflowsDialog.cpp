#include "ui/AddWorkflowsDialog.h"

#include "registrar/DomainName.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rw::ui {

AddWorkflowsDialog::AddWorkflowsDialog(AccountRef account, ApiBase base, QWidget *parent)
    : QDialog(parent)
    , m_account(std::move(account))
    , m_base(std::move(base))
{
    setWindowTitle(u"Add workflows"_s);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        u"Paste domain names (one per line, or separated by spaces or commas), the links.self "
        u"of a 202 answer, or full status URLs. “example.com:registration” sets the kind for one "
        u"name."_s,
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(u"outcome"_s);
    m_outcome->setWordWrap(true);
    m_outcome->setFrameShape(QFrame::StyledPanel);
    m_outcome->setMargin(6);
    m_outcome->hide();
    layout->addWidget(m_outcome);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"input"_s);
    // A tab is never part of a name: Tab leaves the box, as in every other field.
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(u"example.com\nbücher.example\n/accounts/…/registrar/registrations/"
                               u"example.net/update-status"_s);
    layout->addWidget(m_text, 1);
    auto *form = new QFormLayout;
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kind"_s);
    for (const WorkflowKind kind : allWorkflowKinds)
        m_kind->addItem(kindName(kind), int(kind));
    form->addRow(u"Workflow kind for names:"_s, m_kind);
    layout->addLayout(form);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"summary"_s);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_problems = new QListWidget(this);
    m_problems->setObjectName(u"problems"_s);
    // A reason can be longer than the dialog is wide: it wraps rather than running off.
    m_problems->setWordWrap(true);
    m_problems->setAlternatingRowColors(true);
    m_problems->setResizeMode(QListView::Adjust);
    m_problems->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_problems->setMaximumHeight(140);
    layout->addWidget(m_problems);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(u"Ctrl+Return"_s);
    layout->addWidget(m_buttons);
    // Return is a new line in the box; Ctrl+Return adds, as in other multi-line forms.
    auto *submitKeys = new QShortcut(this);
    submitKeys->setKeys(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(submitKeys, &QShortcut::activated, this, &AddWorkflowsDialog::submit);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddWorkflowsDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, &AddWorkflowsDialog::parse);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AddWorkflowsDialog::parse);
    parse();
    resize(620, 480);
}

void AddWorkflowsDialog::showOutcome(const QString &sentence)
{
    m_outcome->setText(m_input.problems.isEmpty()
                           ? sentence
                           : sentence + u" Correct the lines below and add them, or close to "
                                        u"discard them."_s);
    m_outcome->show();
}

void AddWorkflowsDialog::submit()
{
    if (m_input.workflows.isEmpty())
        return;
    const QList<WorkflowInput::Problem> rejected = m_input.problems;
    emit addRequested(m_input.workflows, int(rejected.size()));
    if (rejected.isEmpty()) {
        accept();
        return;
    }
    // What was added is gone from the box; what could not be stays, to be corrected. Closing
    // now cannot undo the adding, hence "Close", not "Cancel".
    QStringList lines;
    for (const WorkflowInput::Problem &problem : rejected)
        lines.append(problem.text);
    m_text->setPlainText(lines.join(u'\n'));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(u"Close"_s);
    m_text->setFocus();
}

void AddWorkflowsDialog::setAlreadyWatched(std::function<bool(const WorkflowRef &)> isWatched)
{
    m_isWatched = std::move(isWatched);
    parse();
}

void AddWorkflowsDialog::parse()
{
    m_input = WorkflowInput::parse(m_text->toPlainText(), m_account,
                                   WorkflowKind(m_kind->currentData().toInt()), m_base);
    if (m_account.id.isEmpty()) {
        // With no account configured yet, a bare name would be polled at "/accounts//...", for
        // ever; a status link names its own account and stays.
        QList<WorkflowRef> kept;
        for (const WorkflowRef &ref : std::as_const(m_input.workflows)) {
            if (ref.account.id.isEmpty())
                m_input.problems.append(
                    {domain::toUnicode(ref.domain),
                     u"no account is configured: set the account ID in Settings first, or "
                     u"paste the workflow's status link"_s});
            else
                kept.append(ref);
        }
        m_input.workflows = kept;
    }
    QStringList parts;
    QString toAdd = m_input.workflows.size() == 1
                        ? u"1 workflow to add"_s
                        : u"%1 workflows to add"_s.arg(m_input.workflows.size());
    const auto watched = m_isWatched ? std::count_if(m_input.workflows.cbegin(),
                                                     m_input.workflows.cend(), m_isWatched)
                                     : 0;
    if (watched > 0 && m_input.workflows.size() == 1)
        toAdd += u", already watched (Add checks it again)"_s;
    else if (watched > 0)
        toAdd += u", %1 of them already watched (Add checks %2 again)"_s.arg(watched).arg(
            watched == 1 ? u"it"_s : u"them"_s);
    parts.append(toAdd);
    if (m_input.duplicates)
        parts.append(m_input.duplicates == 1 ? u"1 duplicate merged"_s
                                             : u"%1 duplicates merged"_s.arg(m_input.duplicates));
    if (!m_input.problems.isEmpty())
        parts.append(u"%1 cannot be added (below)"_s.arg(m_input.problems.size()));
    m_summary->setText(parts.join(u"; "_s) + u'.');
    m_problems->clear();
    for (const WorkflowInput::Problem &problem : std::as_const(m_input.problems)) {
        auto *item = new QListWidgetItem(u"%1 — %2"_s.arg(problem.text, problem.reason));
        item->setToolTip(item->text());
        m_problems->addItem(item);
    }
    m_problems->setVisible(!m_input.problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_input.workflows.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setText(m_input.workflows.isEmpty() ? u"Add"_s
                                              : u"Add %1"_s.arg(m_input.workflows.size()));
}

} // namespace rw::ui
