// The Add and Import dialogs as an operator uses them. Add: text pasted or typed into the box and
// a kind picked, checked through what the dialog shows (summary, problems, OK button) and what
// it hands back. Import: the simulator's registrations over loopback HTTP, several pages of them,
// ticked and watched as a chosen kind; stopped, closed or failing half-way, nothing listed is lost.

#include "net/RegistrarClient.h"
#include "registrar/DomainName.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/AddWorkflowsDialog.h"
#include "ui/ImportDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::AddWorkflowsDialog;
using rw::ui::ImportDialog;

namespace {

const QString statusPath = u"/accounts/%1/registrar/registrations/"_s.arg(testAccountId);
const QString cloudflare = u"https://api.cloudflare.com/client/v4"_s;
constexpr int listTimeoutMs = 15000;

AccountRef account(bool sandbox = false)
{
    return {testAccountId, sandbox};
}

ApiBase cloudflareBase()
{
    return ApiBase::fromString(ApiBase::defaultUrl).value();
}

// "domain kind" with " sandbox" for sandbox accounts, and the account when it is not ours.
QStringList describe(const QList<WorkflowRef> &refs)
{
    QStringList lines;
    for (const WorkflowRef &ref : refs) {
        QString line = u"%1 %2"_s.arg(ref.domain, kindName(ref.kind));
        if (ref.account.sandbox)
            line += u" sandbox"_s;
        if (ref.account.id != testAccountId)
            line += u" account=%1"_s.arg(ref.account.id);
        lines.append(line);
    }
    return lines;
}

QPushButton *okButton(const QDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QPushButton *button(const QDialog &dialog, const QString &name)
{
    return child<QPushButton>(&dialog, name);
}

// Both dialogs: the kind of workflow to watch.
QComboBox *kindBox(const QDialog &dialog)
{
    return child<QComboBox>(&dialog, u"kind"_s);
}

QPlainTextEdit *inputBox(const AddWorkflowsDialog &dialog)
{
    return child<QPlainTextEdit>(&dialog, u"input"_s);
}

QLabel *summaryLabel(const AddWorkflowsDialog &dialog)
{
    return child<QLabel>(&dialog, u"summary"_s);
}

QListWidget *problemList(const AddWorkflowsDialog &dialog)
{
    return child<QListWidget>(&dialog, u"problems"_s);
}

QPushButton *closeButton(const QDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel);
}

QLabel *outcomeLabel(const AddWorkflowsDialog &dialog)
{
    return child<QLabel>(&dialog, u"outcome"_s);
}

// What the dialog asked to have watched, one entry per Add: "domain kind" lines and the count
// of lines it could not add.
struct AddRequests
{
    QList<QStringList> workflows;
    QList<int> rejected;
};

void record(AddWorkflowsDialog &dialog, AddRequests *requests)
{
    QObject::connect(&dialog, &AddWorkflowsDialog::addRequested, &dialog,
                     [requests](const QList<WorkflowRef> &workflows, int rejected) {
                         requests->workflows.append(describe(workflows));
                         requests->rejected.append(rejected);
                     });
}

QTableWidget *registrationTable(const ImportDialog &dialog)
{
    return child<QTableWidget>(&dialog, u"registrations"_s);
}

QLabel *progressLabel(const ImportDialog &dialog)
{
    return child<QLabel>(&dialog, u"progress"_s);
}

// What Ctrl+V does with the clipboard: the operator's usual way in.
void paste(QPlainTextEdit *input, const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    QTest::keyClick(input, Qt::Key_V, Qt::ControlModifier);
}

void choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    combo->setCurrentIndex(index);
}

QStringList problemLines(const AddWorkflowsDialog &dialog)
{
    QStringList lines;
    const QListWidget *list = problemList(dialog);
    for (int i = 0; i < list->count(); ++i)
        lines.append(list->item(i)->text());
    return lines;
}

// The import's account: 120 plain names, an internationalised one on the second page, and one
// in the sandbox. Listed oldest first, 50 to a page: 50 + 50 + 21. Every tenth name from
// reg-004 is still being registered, from reg-006 being transferred in, from reg-009 expired;
// the others are active.
QStringList listedNames()
{
    QStringList names;
    for (int i = 0; i < 120; ++i)
        names.append(u"reg-%1.example"_s.arg(i, 3, 10, QChar(u'0')));
    names.insert(60, u"xn--bcher-kva.example"_s);
    return names;
}

QJsonObject importScenario()
{
    QJsonObject scenario = baseScenario();
    QJsonArray registrations;
    for (const QString &name : listedNames()) {
        QJsonObject registration{{u"domain"_s, domain::toUnicode(name)}};
        if (name.startsWith(u"reg-"_s)) {
            const int i = name.mid(4, 3).toInt();
            registration.insert(u"auto_renew"_s, i % 2 == 0);
            if (i % 10 == 9)
                registration.insert(u"status"_s, u"expired"_s);
            else if (i % 10 == 4)
                registration.insert(u"status"_s, u"registration_pending"_s);
            else if (i % 10 == 6)
                registration.insert(u"status"_s, u"transfer_pending"_s);
        }
        registrations.append(registration);
    }
    registrations.append(QJsonObject{{u"domain"_s, u"sandboxed.example"_s}, {u"sandbox"_s, true}});
    scenario.insert(u"registrations"_s, registrations);
    return scenario;
}

// The import table's column with this header.
int columnOf(const QTableWidget *table, const QString &header)
{
    for (int column = 0; column < table->columnCount(); ++column) {
        if (table->horizontalHeaderItem(column)->text() == header)
            return column;
    }
    qFatal("no column \"%s\"", qPrintable(header));
}

// The kind a row of the import table will be watched as.
QComboBox *rowKind(const QTableWidget *table, int row)
{
    auto *combo = qobject_cast<QComboBox *>(table->cellWidget(row, columnOf(table, u"Watch as"_s)));
    if (!combo)
        qFatal("row %d has no kind to choose", row);
    return combo;
}

QString running(const QTableWidget *table, int row)
{
    return table->item(row, columnOf(table, u"Running"_s))->text();
}

// "Set all to" in the import dialog: "update", "registration", "transfer-in" or "suggested".
void setAllTo(const ImportDialog &dialog, const QString &kind)
{
    child<QAction>(&dialog, u"allAs-"_s + kind)->trigger();
}

QStringList column(const QTableWidget *table, int column)
{
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts.append(table->item(row, column)->text());
    return texts;
}

// Ticks or unticks a row the way a keyboard user does: move to it, press Space.
void toggle(QTableWidget *table, int row)
{
    table->setCurrentCell(row, 0);
    QTest::keyClick(table, Qt::Key_Space);
}

} // namespace

class TestAddDialogs : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();

    void addsWhatIsPasted_data();
    void addsWhatIsPasted();
    void updatesWhileTyping();
    void kindChoiceAppliesToNamesOnly();
    void namesNeedAnAccount();
    void okHandsBackTheWorkflows();
    void saysWhichAreAlreadyWatched();
    void keepsTheRejectedLinesOpen();
    void closingDiscardsTheRejectedLines();
    void aSpaceInANameIsShownAsOneLine();
    void tabMovesTheFocus();
    void ctrlReturnAdds_data();
    void ctrlReturnAdds();
    void longReasonsWrap();

    void listsEveryPage();
    void showsEachRegistrationUnticked();
    void ticksMakeTheSelection();
    void offersTheKindEachStatusSuggests();
    void kindCanBeChangedPerRow();
    void setAllToChangesEveryRow();
    void selectAllAndNone();
    void watchSelectedHandsBackTheTicked();
    void sandboxAccountListsSandboxOnly();
    void stoppingKeepsWhatWasListed_data();
    void stoppingKeepsWhatWasListed();
    void errorKeepsWhatWasListed_data();
    void errorKeepsWhatWasListed();

private:
    // Lists the whole account in the dialog (on failure the test has failed).
    void listAll(ImportDialog &dialog);
    void serve(const QJsonObject &scenario, const QString &token = testToken);
    [[nodiscard]] qint64 requests() const; // as the simulator saw them, refused ones too
    [[nodiscard]] int liveJobs() const { return int(m_client->findChildren<ApiJob *>().size()); }

    std::unique_ptr<SimulatorFixture> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<RegistrarClient> m_client;
};

void TestAddDialogs::serve(const QJsonObject &scenario, const QString &token)
{
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    m_network = std::make_unique<QNetworkAccessManager>();
    ClientConfig config;
    config.base = ApiBase::fromUrl(m_sim->baseUrl()).value();
    config.credentials = Credentials::apiToken(token);
    config.timeout = 10s;
    m_client = std::make_unique<RegistrarClient>(m_network.get(), config);
}

qint64 TestAddDialogs::requests() const
{
    return m_sim->simulator().stats().value(u"requests_total").toInteger();
}

void TestAddDialogs::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_sim.reset();
}

void TestAddDialogs::addsWhatIsPasted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("kind");          // chosen in the combo
    QTest::addColumn<QStringList>("workflows"); // "domain kind [sandbox]"
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QStringList>("problems"); // "pasted — a piece of the reason"

    QTest::newRow("one name, the chosen kind")
        << u"example.com"_s << u"registration"_s << QStringList{u"example.com registration"_s}
        << u"1 workflow to add."_s << QStringList{};
    QTest::newRow("lines, spaces and commas")
        << u"a.example b.example,c.example\nd.example, e.example\r\n\n"_s << u"update"_s
        << QStringList{u"a.example update"_s, u"b.example update"_s, u"c.example update"_s,
                       u"d.example update"_s, u"e.example update"_s}
        << u"5 workflows to add."_s << QStringList{};
    QTest::newRow("duplicates merged")
        << u"a.example\nA.EXAMPLE a.example. a.example:update"_s << u"update"_s
        << QStringList{u"a.example update"_s} << u"1 workflow to add; 3 duplicates merged."_s
        << QStringList{};
    QTest::newRow("internationalised names in ASCII form")
        << u"bücher.de münchen.de MÜNCHEN.de xn--bcher-kva.de"_s << u"update"_s
        << QStringList{u"xn--bcher-kva.de update"_s, u"xn--mnchen-3ya.de update"_s}
        << u"2 workflows to add; 2 duplicates merged."_s << QStringList{};
    QTest::newRow("a kind per name")
        << u"a.example:registration b.example:transfer-in c.example"_s << u"update"_s
        << QStringList{u"a.example registration"_s, u"b.example transfer-in"_s,
                       u"c.example update"_s}
        << u"3 workflows to add."_s << QStringList{};
    QTest::newRow("same name, two kinds")
        << u"a.example a.example:registration"_s << u"update"_s
        << QStringList{u"a.example update"_s, u"a.example registration"_s}
        << u"2 workflows to add."_s << QStringList{};
    QTest::newRow("links.self path: its kind beats the combo")
        << statusPath + u"x.example/update-status"_s << u"registration"_s
        << QStringList{u"x.example update"_s} << u"1 workflow to add."_s << QStringList{};
    QTest::newRow("full status URL from a 202")
        << cloudflare + statusPath + u"y.example/transfer-in-status"_s << u"update"_s
        << QStringList{u"y.example transfer-in"_s} << u"1 workflow to add."_s << QStringList{};
    QTest::newRow("sandbox link")
        << u"/accounts/%1/registrar-sandbox/registrations/z.example/registration-status"_s.arg(
               testAccountId)
        << u"update"_s << QStringList{u"z.example registration sandbox"_s}
        << u"1 workflow to add."_s << QStringList{};
    QTest::newRow("internationalised name in a link, percent-encoded")
        << statusPath + u"b%C3%BCcher.example/registration-status"_s << u"update"_s
        << QStringList{u"xn--bcher-kva.example registration"_s} << u"1 workflow to add."_s
        << QStringList{};
    QTest::newRow("name and link of the same workflow merged")
        << u"w.example\n"_s + cloudflare + statusPath + u"w.example/update-status"_s << u"update"_s
        << QStringList{u"w.example update"_s} << u"1 workflow to add; 1 duplicate merged."_s
        << QStringList{};
    QTest::newRow("URL on another host")
        << u"https://evil.example/client/v4"_s + statusPath + u"x.example/update-status"_s
        << u"update"_s << QStringList{} << u"0 workflows to add; 1 cannot be added (below)."_s
        << QStringList{QString(u"https://evil.example/client/v4"_s + statusPath +
                               u"x.example/update-status — not the configured API origin"_s)};
    QTest::newRow("plain http to the API host")
        << u"http://api.cloudflare.com/client/v4"_s + statusPath + u"x.example/update-status"_s
        << u"update"_s << QStringList{} << u"0 workflows to add; 1 cannot be added (below)."_s
        << QStringList{QString(u"http://api.cloudflare.com/client/v4"_s + statusPath +
                               u"x.example/update-status — not the configured API origin"_s)};
    QTest::newRow("link for another account")
        << u"ok.example /accounts/ffffffffffffffffffffffffffffffff/registrar/registrations/"
           u"x.example/update-status"_s
        << u"update"_s << QStringList{u"ok.example update"_s}
        << u"1 workflow to add; 1 cannot be added (below)."_s
        << QStringList{
               QString(u"/accounts/ffffffffffffffffffffffffffffffff/registrar/registrations/"
                       u"x.example/update-status — belongs to account ffffffffffffffff"
                       u"ffffffffffffffff, not the configured account "_s +
                       testAccountId)};
    QTest::newRow("registration link, not a status")
        << statusPath + u"x.example"_s << u"update"_s << QStringList{}
        << u"0 workflows to add; 1 cannot be added (below)."_s
        << QStringList{QString(statusPath + u"x.example — not a workflow status link"_s)};
    QTest::newRow("unknown status in a link")
        << statusPath + u"x.example/renewal-status"_s << u"update"_s << QStringList{}
        << u"0 workflows to add; 1 cannot be added (below)."_s
        << QStringList{QString(statusPath + u"x.example/renewal-status — “renewal-status” is "
                                            u"not a workflow status"_s)};
    QTest::newRow("invalid lines listed, valid ones kept")
        << u"good.example\nnodot\nbad_name.example\n-lead.example\n192.0.2.1\ngood2.example"_s
        << u"transfer-in"_s
        << QStringList{u"good.example transfer-in"_s, u"good2.example transfer-in"_s}
        << u"2 workflows to add; 4 cannot be added (below)."_s
        << QStringList{u"nodot — it has no dot"_s,
                       u"bad_name.example — not allowed in a domain name"_s,
                       u"-lead.example — starts or ends with a hyphen"_s,
                       u"192.0.2.1 — is an IP address"_s};
    QTest::newRow("unknown kind after the colon")
        << u"a.example:renewal b.example"_s << u"update"_s << QStringList{u"b.example update"_s}
        << u"1 workflow to add; 1 cannot be added (below)."_s
        << QStringList{u"a.example:renewal — “renewal” is not a workflow kind"_s};
    QTest::newRow("only blanks") << u"  \n\t \n"_s << u"update"_s << QStringList{}
                                 << u"0 workflows to add."_s << QStringList{};
}

void TestAddDialogs::addsWhatIsPasted()
{
    QFETCH(QString, text);
    QFETCH(QString, kind);
    QFETCH(QStringList, workflows);
    QFETCH(QString, summary);
    QFETCH(QStringList, problems);

    AddWorkflowsDialog dialog(account(), cloudflareBase());
    choose(kindBox(dialog), kind);
    paste(inputBox(dialog), text);
    QCOMPARE(inputBox(dialog)->toPlainText(), QString(text).replace(u"\r\n"_s, u"\n"_s));

    QCOMPARE(describe(dialog.workflows()), workflows);
    QCOMPARE(summaryLabel(dialog)->text(), summary);
    const QStringList shown = problemLines(dialog);
    QCOMPARE(shown.size(), problems.size());
    for (qsizetype i = 0; i < problems.size(); ++i) {
        const QString pasted = problems.at(i).section(u" — "_s, 0, 0);
        const QString why = problems.at(i).section(u" — "_s, 1);
        QVERIFY2(shown.at(i).startsWith(pasted + u" — "_s), qPrintable(shown.at(i)));
        QVERIFY2(shown.at(i).contains(why), qPrintable(shown.at(i)));
    }
    QCOMPARE(problemList(dialog)->isHidden(), problems.isEmpty());
    QCOMPARE(okButton(dialog)->isEnabled(), !workflows.isEmpty());
    QCOMPARE(okButton(dialog)->text(),
             workflows.isEmpty() ? u"Add"_s : u"Add %1"_s.arg(workflows.size()));
}

void TestAddDialogs::updatesWhileTyping()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    QCOMPARE(summaryLabel(dialog)->text(), u"0 workflows to add."_s);
    QVERIFY(!okButton(dialog)->isEnabled());

    QTest::keyClicks(inputBox(dialog), u"a.example"_s);
    QCOMPARE(describe(dialog.workflows()), QStringList{u"a.example update"_s});
    QCOMPARE(okButton(dialog)->text(), u"Add 1"_s);
    QVERIFY(okButton(dialog)->isEnabled());

    // Half-way through the second name it is not a name yet, and the dialog says why.
    QTest::keyClick(inputBox(dialog), Qt::Key_Return);
    QTest::keyClicks(inputBox(dialog), u"b"_s);
    QCOMPARE(summaryLabel(dialog)->text(), u"1 workflow to add; 1 cannot be added (below)."_s);
    QCOMPARE(problemLines(dialog),
             QStringList{u"b — is not a fully qualified domain name (it has no dot)"_s});
    QVERIFY(!problemList(dialog)->isHidden());
    QVERIFY(okButton(dialog)->isEnabled()); // the good one is still there

    QTest::sendKeyEvent(QTest::Click, inputBox(dialog), Qt::Key_Udiaeresis, u"ü"_s, Qt::NoModifier);
    QTest::keyClicks(inputBox(dialog), u"cher.example"_s);
    QCOMPARE(inputBox(dialog)->toPlainText(), u"a.example\nbücher.example"_s);
    QCOMPARE(describe(dialog.workflows()),
             (QStringList{u"a.example update"_s, u"xn--bcher-kva.example update"_s}));
    QCOMPARE(summaryLabel(dialog)->text(), u"2 workflows to add."_s);
    QVERIFY(problemList(dialog)->isHidden());
    QCOMPARE(problemList(dialog)->count(), 0);
    QCOMPARE(okButton(dialog)->text(), u"Add 2"_s);

    // Deleting everything leaves nothing to add.
    inputBox(dialog)->selectAll();
    QTest::keyClick(inputBox(dialog), Qt::Key_Delete);
    QCOMPARE(summaryLabel(dialog)->text(), u"0 workflows to add."_s);
    QVERIFY(dialog.workflows().isEmpty());
    QVERIFY(!okButton(dialog)->isEnabled());
}

void TestAddDialogs::kindChoiceAppliesToNamesOnly()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    QCOMPARE(kindBox(dialog)->currentText(), u"update"_s);
    QCOMPARE(kindBox(dialog)->count(), 3);
    paste(inputBox(dialog),
          u"a.example b.example:registration "_s + statusPath + u"c.example/update-status"_s);
    QCOMPARE(
        describe(dialog.workflows()),
        (QStringList{u"a.example update"_s, u"b.example registration"_s, u"c.example update"_s}));

    // Changing the kind afterwards re-reads the names; links and explicit kinds keep theirs.
    choose(kindBox(dialog), u"transfer-in"_s);
    QCOMPARE(describe(dialog.workflows()),
             (QStringList{u"a.example transfer-in"_s, u"b.example registration"_s,
                          u"c.example update"_s}));
    QCOMPARE(summaryLabel(dialog)->text(), u"3 workflows to add."_s);

    // A plain b.example is the same workflow as b.example:registration only while the combo
    // says registration: merged then, and said so; apart again once the kind changes.
    choose(kindBox(dialog), u"registration"_s);
    paste(inputBox(dialog), u" b.example"_s);
    QCOMPARE(describe(dialog.workflows()),
             (QStringList{u"a.example registration"_s, u"b.example registration"_s,
                          u"c.example update"_s}));
    QCOMPARE(summaryLabel(dialog)->text(), u"3 workflows to add; 1 duplicate merged."_s);
    choose(kindBox(dialog), u"update"_s);
    QCOMPARE(describe(dialog.workflows()),
             (QStringList{u"a.example update"_s, u"b.example registration"_s, u"c.example update"_s,
                          u"b.example update"_s}));
    QCOMPARE(summaryLabel(dialog)->text(), u"4 workflows to add."_s);
}

void TestAddDialogs::namesNeedAnAccount()
{
    // No account configured yet: a bare name has nowhere to be polled, a status link names its own.
    AddWorkflowsDialog dialog(AccountRef{}, cloudflareBase());
    paste(inputBox(dialog), u"a.example\n"_s + statusPath + u"x.example/update-status"_s);
    QCOMPARE(describe(dialog.workflows()), QStringList{u"x.example update"_s});
    for (const WorkflowRef &ref : dialog.workflows())
        QCOMPARE(ref.account.id, testAccountId);
    QCOMPARE(summaryLabel(dialog)->text(), u"1 workflow to add; 1 cannot be added (below)."_s);
    const QStringList shown = problemLines(dialog);
    QCOMPARE(shown.size(), 1);
    QVERIFY2(shown.first().startsWith(u"a.example — "_s), qPrintable(shown.first()));
    QVERIFY2(shown.first().contains(u"no account"_s), qPrintable(shown.first()));
}

void TestAddDialogs::okHandsBackTheWorkflows()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    AddRequests requests;
    record(dialog, &requests);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    paste(inputBox(dialog), u"nodot"_s);
    okButton(dialog)->click(); // disabled: nothing happens
    QCOMPARE(accepted.size(), 0);
    QVERIFY(requests.workflows.isEmpty());

    inputBox(dialog)->selectAll();
    paste(inputBox(dialog), u" bücher.example:registration"_s);
    QCOMPARE(okButton(dialog)->text(), u"Add 1"_s);
    okButton(dialog)->click();
    QCOMPARE(requests.workflows, QList<QStringList>{{u"xn--bcher-kva.example registration"_s}});
    QCOMPARE(requests.rejected, QList<int>{0});
    // Nothing was left behind: the dialog is done.
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestAddDialogs::saysWhichAreAlreadyWatched()
{
    // Before Add, not "3 workflows to add" when the window watches two of them already.
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    const QStringList watched{u"a.example update"_s, u"b.example registration"_s};
    dialog.setAlreadyWatched([watched](const WorkflowRef &ref) {
        return watched.contains(describe({ref}).constFirst());
    });
    paste(inputBox(dialog), u"a.example b.example:registration c.example"_s);
    QCOMPARE(summaryLabel(dialog)->text(),
             u"3 workflows to add, 2 of them already watched (Add checks them again)."_s);
    QCOMPARE(okButton(dialog)->text(), u"Add 3"_s);
    // The same domain as another kind is another workflow.
    choose(kindBox(dialog), u"transfer-in"_s);
    QCOMPARE(summaryLabel(dialog)->text(),
             u"3 workflows to add, 1 of them already watched (Add checks it again)."_s);
    inputBox(dialog)->selectAll();
    paste(inputBox(dialog), u"c.example nodot"_s);
    QCOMPARE(summaryLabel(dialog)->text(), u"1 workflow to add; 1 cannot be added (below)."_s);
    inputBox(dialog)->selectAll();
    paste(inputBox(dialog), u"b.example:registration"_s);
    QCOMPARE(summaryLabel(dialog)->text(),
             u"1 workflow to add, already watched (Add checks it again)."_s);
}

void TestAddDialogs::keepsTheRejectedLinesOpen()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    dialog.show();
    AddRequests requests;
    record(dialog, &requests);
    // What the window answers once it has watched them.
    connect(&dialog, &AddWorkflowsDialog::addRequested, &dialog, [&dialog] {
        dialog.showOutcome(u"1 workflow added; 1 already watched, checked "
                           u"again now; 2 rejected."_s);
    });
    QSignalSpy finished(&dialog, &QDialog::finished);
    QVERIFY(outcomeLabel(dialog)->isHidden());
    QCOMPARE(closeButton(dialog)->text(), u"Cancel"_s);

    paste(inputBox(dialog), u"good.example\nnodot\nexa mple.com\ngood2.example:registration"_s);
    QCOMPARE(okButton(dialog)->text(), u"Add 2"_s);
    okButton(dialog)->click();

    // The valid ones went; the dialog stays with only the lines it could not add, and why.
    QCOMPARE(requests.workflows,
             (QList<QStringList>{{u"good.example update"_s, u"good2.example registration"_s}}));
    QCOMPARE(requests.rejected, QList<int>{2});
    QCOMPARE(finished.size(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(inputBox(dialog)->toPlainText(), u"nodot\nexa mple.com"_s);
    const QStringList problems = problemLines(dialog);
    QCOMPARE(problems.size(), 2);
    QVERIFY2(problems.at(0).startsWith(u"nodot — "_s), qPrintable(problems.at(0)));
    QVERIFY2(problems.at(1).startsWith(u"exa mple.com — "_s), qPrintable(problems.at(1)));
    QCOMPARE(summaryLabel(dialog)->text(), u"0 workflows to add; 2 cannot be added (below)."_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    // What became of the others, and what closing now means.
    QVERIFY(!outcomeLabel(dialog)->isHidden());
    QCOMPARE(outcomeLabel(dialog)->text(),
             u"1 workflow added; 1 already watched, checked again now; 2 rejected. Correct the "
             u"lines below and add them, or close to discard them."_s);
    QCOMPARE(closeButton(dialog)->text(), u"Close"_s);

    // Corrected, they go too, and nothing is left to keep the dialog open.
    inputBox(dialog)->selectAll();
    paste(inputBox(dialog), u"nodot.example\nexample.com"_s);
    okButton(dialog)->click();
    QCOMPARE(requests.workflows.size(), 2);
    QCOMPARE(requests.workflows.last(),
             (QStringList{u"nodot.example update"_s, u"example.com update"_s}));
    QCOMPARE(requests.rejected.last(), 0);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
}

void TestAddDialogs::closingDiscardsTheRejectedLines()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    dialog.show();
    AddRequests requests;
    record(dialog, &requests);
    paste(inputBox(dialog), u"good.example bad_name.example"_s);
    okButton(dialog)->click();
    QCOMPARE(requests.workflows, QList<QStringList>{{u"good.example update"_s}});
    QCOMPARE(inputBox(dialog)->toPlainText(), u"bad_name.example"_s);

    closeButton(dialog)->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(requests.workflows.size(), 1); // the rejected line was not added after all
}

void TestAddDialogs::aSpaceInANameIsShownAsOneLine()
{
    // One name with a space in it, not "exa" and the stranger's "mple.com".
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    paste(inputBox(dialog), u"exa mple.com\nok.example"_s);
    QCOMPARE(describe(dialog.workflows()), QStringList{u"ok.example update"_s});
    QCOMPARE(problemLines(dialog),
             QStringList{u"exa mple.com — a name cannot contain a space; if these are two "
                         u"names, put one per line"_s});
}

void TestAddDialogs::tabMovesTheFocus()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QPlainTextEdit *input = inputBox(dialog);
    input->setFocus();
    QTest::keyClicks(input, u"a.example"_s);
    QTest::keyClick(input, Qt::Key_Tab);
    QCOMPARE(input->toPlainText(), u"a.example"_s);
    QCOMPARE(QApplication::focusWidget(), kindBox(dialog)); // the next field
    QTest::keyClick(kindBox(dialog), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), input);
}

void TestAddDialogs::ctrlReturnAdds_data()
{
    QTest::addColumn<Qt::Key>("key");
    QTest::addColumn<Qt::KeyboardModifiers>("modifiers");

    QTest::newRow("Ctrl+Return") << Qt::Key_Return << Qt::KeyboardModifiers(Qt::ControlModifier);
    QTest::newRow("Ctrl+Enter") << Qt::Key_Enter << (Qt::ControlModifier | Qt::KeypadModifier);
}

void TestAddDialogs::ctrlReturnAdds()
{
    QFETCH(Qt::Key, key);
    QFETCH(Qt::KeyboardModifiers, modifiers);

    AddWorkflowsDialog dialog(account(), cloudflareBase());
    AddRequests requests;
    record(dialog, &requests);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QPlainTextEdit *input = inputBox(dialog);
    input->setFocus();

    // Nothing to add yet: the keys do nothing, not even a new line.
    QTest::keyClicks(input, u"nodot"_s);
    QTest::keyClick(input, key, modifiers);
    QVERIFY(requests.workflows.isEmpty());
    QVERIFY(dialog.isVisible());

    QTest::keyClicks(input, u".example"_s);
    QTest::keyClick(input, key, modifiers);
    QCOMPARE(requests.workflows, QList<QStringList>{{u"nodot.example update"_s}});
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(input->toPlainText(), u"nodot.example"_s);
}

void TestAddDialogs::longReasonsWrap()
{
    AddWorkflowsDialog dialog(account(), cloudflareBase());
    dialog.resize(620, 480);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // A reason longer than the dialog is wide, and a link of another account that is so itself.
    const QStringList lines{
        u"a-rather-long-name-with-an_underscore-in-it.example"_s,
        u"-lead.example"_s,
        cloudflare + u"/accounts/ffffffffffffffffffffffffffffffff/registrar/registrations/"_s
                     u"a-long-name-for-a-domain.example/registration-status"_s,
    };
    paste(inputBox(dialog), lines.join(u'\n'));
    QListWidget *list = problemList(dialog);
    QCOMPARE(list->count(), lines.size());
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem *item = list->item(i);
        // The line once, then why: the reason does not repeat it.
        QCOMPARE(item->text().count(lines.at(i)), 1);
        QVERIFY2(item->text().startsWith(lines.at(i) + u" — "_s), qPrintable(item->text()));
        QCOMPARE(item->toolTip(), item->text());
        // All of it in view: nothing runs off to the right. (The item's rectangle is cut to
        // the list's width; how wide its text is laid out is what the delegate says.)
        QVERIFY2(list->visualItemRect(item).right() < list->viewport()->width(),
                 qPrintable(u"%1 wide in %2"_s.arg(list->visualItemRect(item).right())
                                .arg(list->viewport()->width())));
        QStyleOptionViewItem option;
        option.initFrom(list->viewport());
        option.features = QStyleOptionViewItem::WrapText;
        option.rect = list->viewport()->rect();
        const int needed =
            list->itemDelegate()->sizeHint(option, list->model()->index(i, 0)).width();
        QVERIFY2(needed <= list->viewport()->width(),
                 qPrintable(u"%1 needs %2 in %3"_s.arg(lines.at(i))
                                .arg(needed)
                                .arg(list->viewport()->width())));
    }
    QCOMPARE(list->horizontalScrollBar()->maximum(), 0);
    // The long reason takes more than one line.
    QVERIFY(list->visualItemRect(list->item(0)).height() >= 2 * list->fontMetrics().height());
}

void TestAddDialogs::listAll(ImportDialog &dialog)
{
    dialog.start();
    QTRY_COMPARE_WITH_TIMEOUT(registrationTable(dialog)->rowCount(), 121, listTimeoutMs);
    QTRY_VERIFY(!button(dialog, u"stop"_s)->isEnabled());
}

void TestAddDialogs::listsEveryPage()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    QPushButton *stop = button(dialog, u"stop"_s);
    QStringList progress; // what the label said each time rows arrived
    connect(registrationTable(dialog)->model(), &QAbstractItemModel::rowsInserted, &dialog, [&] {
        if (progress.isEmpty() || progress.last() != progressLabel(dialog)->text())
            progress.append(progressLabel(dialog)->text());
    });

    dialog.start();
    QCOMPARE(progressLabel(dialog)->text(),
             u"Listing the registrations of account %1…"_s.arg(testAccountId));
    QVERIFY(stop->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(
        progressLabel(dialog)->text(),
        u"121 registrations in account %1; 12 being registered, 12 being transferred in. "
        u"Tick those to watch."_s.arg(testAccountId),
        listTimeoutMs);
    QCOMPARE(progress, (QStringList{u"Fetched 50 registrations…"_s, u"Fetched 100 registrations…"_s,
                                    u"Fetched 121 registrations…"_s}));
    QVERIFY(!stop->isEnabled());
    QCOMPARE(requests(), 3);
}

void TestAddDialogs::showsEachRegistrationUnticked()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;

    // Every row, in the API's order, names in Unicode; nothing ticked yet.
    const QTableWidget *table = registrationTable(dialog);
    QStringList shownNames;
    for (const QString &name : listedNames())
        shownNames.append(name.startsWith(u"xn--"_s) ? u"bücher.example"_s : name);
    QCOMPARE(column(table, 0), shownNames);
    const int expired = int(shownNames.indexOf(u"reg-009.example"_s));
    const int status = columnOf(table, u"Status"_s);
    const int autoRenew = columnOf(table, u"Auto-renew"_s);
    QCOMPARE(table->item(expired, status)->text(), u"expired"_s);
    QCOMPARE(table->item(expired, autoRenew)->text(), u"off"_s);
    QCOMPARE(table->item(expired + 1, status)->text(), u"active"_s);
    QCOMPARE(table->item(expired + 1, autoRenew)->text(), u"on"_s);
    static const QRegularExpression date(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QStringList expiries = column(table, columnOf(table, u"Expires"_s));
    for (const QString &expiry : expiries)
        QVERIFY2(date.match(expiry).hasMatch(), qPrintable(expiry));
    for (int row = 0; row < table->rowCount(); ++row)
        QCOMPARE(table->item(row, 0)->checkState(), Qt::Unchecked);
    QVERIFY(dialog.selected().isEmpty());
}

void TestAddDialogs::ticksMakeTheSelection()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;
    QTableWidget *table = registrationTable(dialog);

    const int idn = int(column(table, 0).indexOf(u"bücher.example"_s));
    QCOMPARE(idn, 60);
    toggle(table, 0);
    toggle(table, idn);
    toggle(table, 120);
    QCOMPARE(table->item(idn, 0)->checkState(), Qt::Checked);
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-000.example update"_s, u"xn--bcher-kva.example update"_s,
                          u"reg-119.example update"_s}));
    toggle(table, 0); // untick
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"xn--bcher-kva.example update"_s, u"reg-119.example update"_s}));
}

void TestAddDialogs::offersTheKindEachStatusSuggests()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;
    const QTableWidget *table = registrationTable(dialog);
    const int status = columnOf(table, u"Status"_s);

    // A registration still pending is watched as its registration, a transfer pending as the
    // transfer in; the rest as an update, which the list cannot show running or not.
    const QStringList expected{
        u"reg-000.example active update | no workflow known to be running"_s,
        u"reg-004.example registration_pending registration | registration running"_s,
        u"reg-006.example transfer_pending transfer-in | transfer in running"_s,
        u"reg-009.example expired update | no workflow known to be running"_s,
        u"bücher.example active update | no workflow known to be running"_s,
    };
    QStringList shownRows;
    for (const int row : {0, 4, 6, 9, 60})
        shownRows.append(
            u"%1 %2 %3 | %4"_s.arg(table->item(row, 0)->text(), table->item(row, status)->text(),
                                   rowKind(table, row)->currentText(), running(table, row)));
    QCOMPARE(shownRows, expected);
    // What "no workflow known to be running" means for that row, on hovering it.
    const int runningColumn = columnOf(table, u"Running"_s);
    QVERIFY2(table->item(0, runningColumn)->toolTip().contains(u"not listed"_s),
             qPrintable(table->item(0, runningColumn)->toolTip()));
    // The rows with nothing known in flight are set apart from those with something.
    QVERIFY(table->item(0, runningColumn)->foreground() !=
            table->item(4, runningColumn)->foreground());
    QCOMPARE(table->item(4, runningColumn)->foreground(),
             table->item(6, runningColumn)->foreground());

    for (const int row : {0, 4, 6, 9, 60})
        toggle(registrationTable(dialog), row);
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-000.example update"_s, u"reg-004.example registration"_s,
                          u"reg-006.example transfer-in"_s, u"reg-009.example update"_s,
                          u"xn--bcher-kva.example update"_s}));
}

void TestAddDialogs::kindCanBeChangedPerRow()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;
    QTableWidget *table = registrationTable(dialog);
    toggle(table, 0);
    toggle(table, 4);

    // A registration pending, watched as an update: no update is known to be running.
    choose(rowKind(table, 4), u"update"_s);
    QCOMPARE(running(table, 4), u"no workflow known to be running"_s);
    choose(rowKind(table, 0), u"transfer-in"_s);
    QCOMPARE(running(table, 0), u"no workflow known to be running"_s);
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-000.example transfer-in"_s, u"reg-004.example update"_s}));
    choose(rowKind(table, 4), u"registration"_s);
    QCOMPARE(running(table, 4), u"registration running"_s);
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-000.example transfer-in"_s, u"reg-004.example registration"_s}));
    // The other rows keep theirs.
    QCOMPARE(rowKind(table, 1)->currentText(), u"update"_s);
    QCOMPARE(rowKind(table, 6)->currentText(), u"transfer-in"_s);
}

void TestAddDialogs::setAllToChangesEveryRow()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;
    QTableWidget *table = registrationTable(dialog);
    toggle(table, 0);
    toggle(table, 4);
    toggle(table, 60);
    toggle(table, 120);

    // The domain goes back in its ASCII form.
    setAllTo(dialog, u"transfer-in"_s);
    QCOMPARE(
        describe(dialog.selected()),
        (QStringList{u"reg-000.example transfer-in"_s, u"reg-004.example transfer-in"_s,
                     u"xn--bcher-kva.example transfer-in"_s, u"reg-119.example transfer-in"_s}));
    QCOMPARE(rowKind(table, 1)->currentText(), u"transfer-in"_s); // unticked rows too
    QCOMPARE(running(table, 4), u"no workflow known to be running"_s);
    // One row changed afterwards keeps its own; the same choice again sets it back.
    choose(rowKind(table, 60), u"update"_s);
    QCOMPARE(describe(dialog.selected()).at(2), u"xn--bcher-kva.example update"_s);
    setAllTo(dialog, u"transfer-in"_s);
    QCOMPARE(describe(dialog.selected()).at(2), u"xn--bcher-kva.example transfer-in"_s);
    toggle(table, 0); // untick
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-004.example transfer-in"_s, u"xn--bcher-kva.example transfer-in"_s,
                          u"reg-119.example transfer-in"_s}));

    setAllTo(dialog, u"suggested"_s);
    QCOMPARE(describe(dialog.selected()),
             (QStringList{u"reg-004.example registration"_s, u"xn--bcher-kva.example update"_s,
                          u"reg-119.example update"_s}));
    QCOMPARE(running(table, 4), u"registration running"_s);
}

void TestAddDialogs::selectAllAndNone()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;

    button(dialog, u"selectAll"_s)->click();
    QCOMPARE(dialog.selected().size(), 121);
    setAllTo(dialog, u"registration"_s);
    for (const WorkflowRef &ref : dialog.selected()) {
        QCOMPARE(ref.kind, WorkflowKind::Registration);
        QCOMPARE(ref.account.id, testAccountId);
        QVERIFY(!ref.account.sandbox);
    }
    button(dialog, u"selectNone"_s)->click();
    QVERIFY(dialog.selected().isEmpty());
}

void TestAddDialogs::watchSelectedHandsBackTheTicked()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    listAll(dialog);
    if (QTest::currentTestFailed())
        return;

    choose(rowKind(registrationTable(dialog), 5), u"registration"_s);
    toggle(registrationTable(dialog), 5);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QCOMPARE(okButton(dialog)->text(), u"Watch selected"_s);
    okButton(dialog)->click();
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(describe(dialog.selected()), QStringList{u"reg-005.example registration"_s});
}

void TestAddDialogs::sandboxAccountListsSandboxOnly()
{
    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(true), nullptr); // no engine: pages back to back
    dialog.start();
    QTRY_COMPARE_WITH_TIMEOUT(
        progressLabel(dialog)->text(),
        u"1 registration in account %1. Tick those to watch."_s.arg(testAccountId), listTimeoutMs);
    QCOMPARE(column(registrationTable(dialog), 0), QStringList{u"sandboxed.example"_s});
    toggle(registrationTable(dialog), 0);
    QCOMPARE(describe(dialog.selected()), QStringList{u"sandboxed.example update sandbox"_s});
}

void TestAddDialogs::stoppingKeepsWhatWasListed_data()
{
    QTest::addColumn<QString>("press"); // the button's text
    QTest::addColumn<int>("result");    // the dialog's; -1: still open

    QTest::newRow("Stop") << u"Stop"_s << -1;
    QTest::newRow("Cancel") << u"Cancel"_s << int(QDialog::Rejected);
    QTest::newRow("Watch selected") << u"Watch selected"_s << int(QDialog::Accepted);
}

void TestAddDialogs::stoppingKeepsWhatWasListed()
{
    QFETCH(QString, press);
    QFETCH(int, result);

    serve(importScenario());
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    dialog.show();                                           // so that closing it means something
    QPushButton *stop = button(dialog, u"stop"_s);
    QPushButton *target = press == u"Stop"_s ? stop
                                             : dialog.findChild<QDialogButtonBox *>()->button(
                                                   press == u"Cancel"_s ? QDialogButtonBox::Cancel
                                                                        : QDialogButtonBox::Ok);
    QCOMPARE(target->text(), press);
    // The operator ticks a row and clicks while the second page is on its way: posted, so it
    // lands after the first page's rows went in and the request for the next page went out,
    // and before that page's answer can arrive.
    bool posted = false;
    bool clicked = false;
    connect(registrationTable(dialog)->model(), &QAbstractItemModel::rowsInserted, &dialog, [&] {
        if (posted || registrationTable(dialog)->rowCount() != 50)
            return;
        posted = true;
        QTimer::singleShot(0, &dialog, [&] {
            toggle(registrationTable(dialog), 3);
            target->click();
            clicked = true;
        });
    });
    dialog.start();
    QTRY_VERIFY_WITH_TIMEOUT(clicked, listTimeoutMs);
    // The page in flight is dropped and no other is asked for: no request is left alive. (One
    // that was not stopped would keep a request alive until all 121 rows had come.)
    QTRY_COMPARE_WITH_TIMEOUT(liveJobs(), 0, listTimeoutMs);
    QCOMPARE(registrationTable(dialog)->rowCount(), 50);
    QVERIFY2(requests() <= 2, qPrintable(QString::number(requests())));

    if (result == -1) {
        QVERIFY(dialog.isVisible());
        QVERIFY(!stop->isEnabled());
        QCOMPARE(progressLabel(dialog)->text(), u"Stopped after 50 registrations."_s);
    } else {
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), result);
    }
    // What was listed and ticked before the click is still there to pick from.
    QCOMPARE(describe(dialog.selected()), QStringList{u"reg-003.example update"_s});
    button(dialog, u"selectAll"_s)->click();
    QCOMPARE(dialog.selected().size(), 50);
    QCOMPARE(dialog.selected().last().domain, u"reg-049.example"_s);
}

void TestAddDialogs::errorKeepsWhatWasListed_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("rateLimit");     // requests per window; 0: the default
    QTest::addColumn<bool>("revokeOnPage"); // the token stops working after the first page
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("progress");

    QTest::newRow("wrong token")
        << u"wrong-token"_s << 0 << false << 0
        << u"Could not list the registrations: Cloudflare rejected the credentials"_s;
    QTest::newRow("token revoked after the first page")
        << testToken << 0 << true << 50
        << u"Listed 50 registrations, then: Cloudflare rejected the credentials"_s;
    QTest::newRow("rate limited on the third page")
        << testToken << 2 << false << 100
        << u"Listed 100 registrations, then: Cloudflare's rate limit was reached"_s;
}

void TestAddDialogs::errorKeepsWhatWasListed()
{
    QFETCH(QString, token);
    QFETCH(int, rateLimit);
    QFETCH(bool, revokeOnPage);
    QFETCH(int, rows);
    QFETCH(QString, progress);

    QJsonObject scenario = importScenario();
    if (rateLimit > 0)
        scenario.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, rateLimit}});
    serve(scenario, token);
    ImportDialog dialog(m_client.get(), account(), nullptr); // no engine: pages back to back
    if (revokeOnPage) {
        // Directly, while the first page's rows go in: the next page goes out with it.
        connect(registrationTable(dialog)->model(), &QAbstractItemModel::rowsInserted, &dialog,
                [&] {
                    if (registrationTable(dialog)->rowCount() != 50)
                        return;
                    ClientConfig config = m_client->config();
                    config.credentials = Credentials::apiToken(u"revoked-token"_s);
                    m_client->setConfig(config);
                });
    }
    QPushButton *stop = button(dialog, u"stop"_s);
    dialog.start();
    QTRY_VERIFY_WITH_TIMEOUT(!stop->isEnabled(), listTimeoutMs);
    const QString said = progressLabel(dialog)->text();
    QVERIFY2(said.startsWith(progress), qPrintable(said));
    for (const QString &secret : {testToken, u"wrong-token"_s, u"revoked-token"_s})
        QVERIFY2(!said.contains(secret), qPrintable(said));
    QCOMPARE(registrationTable(dialog)->rowCount(), rows);
    QCOMPARE(requests(), rows / 50 + 1); // and no more after the failure

    button(dialog, u"selectAll"_s)->click();
    QCOMPARE(dialog.selected().size(), rows);
    if (rows > 0)
        QCOMPARE(dialog.selected().constLast().domain, listedNames().at(rows - 1));
}

QTEST_MAIN(TestAddDialogs)
#include "tst_adddialogs.moc"
