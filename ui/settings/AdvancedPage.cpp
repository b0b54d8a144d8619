#include "ui/settings/AdvancedPage.h"

#include "registrar/ApiBase.h"
#include "settings/AppSettings.h"
#include "ui/settings/FormParts.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace rw::ui {

AdvancedPage::AdvancedPage(AppSettings *settings, QWidget *parent)
    : SettingsPage(settings, parent)
{
    auto *form = new QFormLayout(this);
    m_apiBase = new QLineEdit(this);
    m_apiBase->setObjectName(u"apiBase"_s);
    m_apiBaseProblem = form::problemLabel(u"apiBaseProblem"_s, this);
    form->addRow(u"API base URL:"_s, form::withProblem(m_apiBase, m_apiBaseProblem));
    connect(m_apiBase, &QLineEdit::textChanged, this, &AdvancedPage::validate);
    connect(m_apiBase, &QLineEdit::textChanged, this, &AdvancedPage::apiBaseEdited);
    validate();
}

QString AdvancedPage::apiBase() const
{
    return m_apiBase->text();
}

void AdvancedPage::load()
{
    m_apiBase->setText(settings()->apiBase());
    validate();
}

QList<SettingsPage::Problem> AdvancedPage::problems() const
{
    const auto base = ApiBase::fromString(m_apiBase->text());
    if (!base)
        return {{u"API base URL (Advanced tab)"_s, base.error()}};
    return {};
}

void AdvancedPage::validate()
{
    const QList<Problem> wrong = problems();
    m_apiBaseProblem->setText(wrong.isEmpty() ? QString() : wrong.constFirst().reason);
    emit edited();
}

void AdvancedPage::save()
{
    // As the client will use it: trimmed, without a trailing slash.
    settings()->setApiBase(ApiBase::fromString(m_apiBase->text())->url().toString());
}

} // namespace rw::ui
