#include "ui/AddWorkflowsDialog.h"

#include "registrar/DomainName.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

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
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"input"_s);
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
    m_problems->setMaximumHeight(120);
    layout->addWidget(m_problems);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, &AddWorkflowsDialog::parse);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AddWorkflowsDialog::parse);
    parse();
    resize(620, 480);
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
    parts.append(m_input.workflows.size() == 1
                     ? u"1 workflow to add"_s
                     : u"%1 workflows to add"_s.arg(m_input.workflows.size()));
    if (m_input.duplicates)
        parts.append(m_input.duplicates == 1 ? u"1 duplicate merged"_s
                                             : u"%1 duplicates merged"_s.arg(m_input.duplicates));
    if (!m_input.problems.isEmpty())
        parts.append(u"%1 cannot be added (below)"_s.arg(m_input.problems.size()));
    m_summary->setText(parts.join(u"; "_s) + u'.');
    m_problems->clear();
    for (const WorkflowInput::Problem &problem : std::as_const(m_input.problems))
        m_problems->addItem(u"%1 — %2"_s.arg(problem.text, problem.reason));
    m_problems->setVisible(!m_input.problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_input.workflows.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setText(m_input.workflows.isEmpty() ? u"Add"_s
                                              : u"Add %1"_s.arg(m_input.workflows.size()));
}

} // namespace rw::ui
