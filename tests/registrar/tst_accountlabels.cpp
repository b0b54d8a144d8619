// The operator's names for accounts: a label where one was given, the ID where not.

#include "registrar/AccountLabels.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestAccountLabels : public QObject
{
    Q_OBJECT
private slots:
    void namesAnAccountByItsLabelOrItsId();
};

void TestAccountLabels::namesAnAccountByItsLabelOrItsId()
{
    rw::AccountLabels labels;
    QVERIFY(labels.isEmpty());
    labels.set(u"a1"_s, u"  Acme production "_s);
    labels.set(u"b2"_s, u"Beta"_s);
    QCOMPARE(labels.labelOf(u"a1"_s), u"Acme production"_s); // trimmed
    QCOMPARE(labels.labelOf(rw::AccountRef{u"b2"_s, true}), u"Beta"_s);
    QCOMPARE(labels.labelOf(u"c3"_s), u"c3"_s); // none given: its ID
    QCOMPARE(labels.accountIds(), (QStringList{u"a1"_s, u"b2"_s}));
    labels.set(u"a1"_s, u"Acme"_s); // renamed: keeps its place
    QCOMPARE(labels.accountIds(), (QStringList{u"a1"_s, u"b2"_s}));
    labels.set(u"a1"_s, u" "_s); // a blank label is none
    QCOMPARE(labels.labelOf(u"a1"_s), u"a1"_s);
    QCOMPARE(labels.accountIds(), QStringList{u"b2"_s});
}

QTEST_GUILESS_MAIN(TestAccountLabels)
#include "tst_accountlabels.moc"
