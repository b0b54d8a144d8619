// What an operator pastes into "Add workflows", from a table: domains, links and full URLs in
// any mix; nothing valid lost, everything invalid listed with the reason.

#include "registrar/WorkflowInput.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rw::AccountRef;
using rw::ApiBase;
using rw::WorkflowInput;
using rw::WorkflowKind;

namespace {
const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
const QString path = u"/accounts/023e105f4ecef8ad9ca31a8372d0c353/registrar/registrations/"_s;
} // namespace

class TestWorkflowInput : public QObject
{
    Q_OBJECT
private slots:
    void parses_data();
    void parses();
    void aLinkWithoutAValidAccountIdIsAProblem();
};

void TestWorkflowInput::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("workflows"); // "domain kind [sandbox]"
    QTest::addColumn<QStringList>("problems");  // "text: a piece of the reason"
    QTest::addColumn<int>("duplicates");

    QTest::newRow("one domain") << u"example.com"_s << QStringList{u"example.com update"_s}
                                << QStringList{} << 0;
    QTest::newRow("lines, spaces, commas, semicolons")
        << u"a.example b.example,c.example;\n d.example\r\n\n"_s
        << QStringList{u"a.example update"_s, u"b.example update"_s, u"c.example update"_s,
                       u"d.example update"_s}
        << QStringList{} << 0;
    QTest::newRow("duplicates merged") << u"a.example A.EXAMPLE a.example. a.example:update"_s
                                       << QStringList{u"a.example update"_s} << QStringList{} << 3;
    QTest::newRow("same domain, two kinds")
        << u"a.example a.example:registration"_s
        << QStringList{u"a.example update"_s, u"a.example registration"_s} << QStringList{} << 0;
    QTest::newRow("internationalised")
        << u"bücher.example"_s << QStringList{u"xn--bcher-kva.example update"_s} << QStringList{}
        << 0;
    QTest::newRow("status link") << path + u"x.example/registration-status"_s
                                 << QStringList{u"x.example registration"_s} << QStringList{} << 0;
    QTest::newRow("sandbox link")
        << u"/accounts/%1/registrar-sandbox/registrations/x.example/update-status"_s.arg(account)
        << QStringList{u"x.example update sandbox"_s} << QStringList{} << 0;
    QTest::newRow("full URL from a 202")
        << u"https://api.cloudflare.com/client/v4"_s + path + u"y.example/transfer-in-status"_s
        << QStringList{u"y.example transfer-in"_s} << QStringList{} << 0;
    QTest::newRow("link and domain of the same workflow")
        << u"z.example\n"_s + path + u"z.example/update-status"_s
        << QStringList{u"z.example update"_s} << QStringList{} << 1;
    QTest::newRow("URL on another host")
        << u"https://evil.example/client/v4"_s + path + u"x.example/update-status"_s
        << QStringList{} << QStringList{u"evil.example: not the configured API origin"_s} << 0;
    QTest::newRow("another account")
        << u"/accounts/ffffffffffffffffffffffffffffffff/registrar/registrations/x.example/"
           u"update-status"_s
        << QStringList{} << QStringList{u"x.example: belongs to account ffff"_s} << 0;
    QTest::newRow("a registration, not a status")
        << path + u"x.example"_s << QStringList{}
        << QStringList{u"x.example: not a workflow status link"_s} << 0;
    QTest::newRow("an unknown status")
        << path + u"x.example/renewal-status"_s << QStringList{}
        << QStringList{u"renewal-status: not a workflow status"_s} << 0;
    QTest::newRow("bad names kept apart from good ones")
        << u"good.example bad_name.example nodot\n-lead.example good2.example"_s
        << QStringList{u"good.example update"_s, u"good2.example update"_s}
        << QStringList{u"bad_name.example: not allowed in a domain name"_s, u"nodot: no dot"_s,
                       u"-lead.example: starts or ends with a hyphen"_s}
        << 0;
    QTest::newRow("a space inside a name")
        << u"exa mple.com\nother.example"_s << QStringList{u"other.example update"_s}
        << QStringList{u"exa mple.com: cannot contain a space"_s} << 0;
    QTest::newRow("names side by side are still several")
        << u"a.example b.example"_s << QStringList{u"a.example update"_s, u"b.example update"_s}
        << QStringList{} << 0;
    QTest::newRow("unknown kind") << u"a.example:renewal"_s << QStringList{}
                                  << QStringList{u"a.example:renewal: not a workflow kind"_s} << 0;
    QTest::newRow("nothing") << u"  \n\t "_s << QStringList{} << QStringList{} << 0;
}

void TestWorkflowInput::parses()
{
    QFETCH(QString, text);
    QFETCH(QStringList, workflows);
    QFETCH(QStringList, problems);
    QFETCH(int, duplicates);
    const WorkflowInput input =
        WorkflowInput::parse(text, AccountRef{account, false}, WorkflowKind::Update,
                             ApiBase::fromString(ApiBase::defaultUrl).value());
    QStringList got;
    for (const rw::WorkflowRef &ref : input.workflows) {
        QCOMPARE(ref.account.id, account);
        got.append(u"%1 %2%3"_s.arg(ref.domain, rw::kindName(ref.kind),
                                    ref.account.sandbox ? u" sandbox"_s : QString()));
    }
    QCOMPARE(got, workflows);
    QCOMPARE(input.problems.size(), problems.size());
    for (qsizetype i = 0; i < problems.size(); ++i) {
        const QString expected = problems.at(i);
        const QString where = expected.section(u": "_s, 0, 0);
        const QString why = expected.section(u": "_s, 1);
        const auto &problem = input.problems.at(i);
        QVERIFY2(problem.text.contains(where), qPrintable(problem.text));
        QVERIFY2(problem.reason.contains(why), qPrintable(problem.reason));
        // The reason is shown beside the line: it does not say the line again.
        QVERIFY2(!problem.reason.contains(problem.text), qPrintable(problem.reason));
    }
    QCOMPARE(input.duplicates, duplicates);
}

// Found by tests/fuzz/fuzz_workflowinput: with no account configured, a link's account was taken
// as it decoded, so "a%3Fb" became the account "a?b", whose status path asks another URL.
void TestWorkflowInput::aLinkWithoutAValidAccountIdIsAProblem()
{
    const auto base = ApiBase::fromString(ApiBase::defaultUrl);
    QVERIFY(base);
    const QString link = u"/accounts/a%3Fb/registrar/registrations/example.com/update-status"_s;
    const WorkflowInput input =
        WorkflowInput::parse(link + u"\n"_s + path + u"example.org/update-status"_s, AccountRef{},
                             WorkflowKind::Update, *base);
    QCOMPARE(input.workflows.size(), 1);
    QCOMPARE(input.workflows.first().account.id, account);
    QCOMPARE(input.problems.size(), 1);
    QCOMPARE(input.problems.first().text, link);
    QVERIFY2(input.problems.first().reason.contains(u"account ID"_s),
             qPrintable(input.problems.first().reason));
}

QTEST_GUILESS_MAIN(TestWorkflowInput)
#include "tst_workflowinput.moc"
