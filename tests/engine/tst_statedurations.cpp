// How likely a workflow left its state since its last check: from priors before anything is
// learned, then from the durations seen, per account, kind and state.

#include "engine/StateDurations.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using rw::StateDurations;
using rw::WorkflowKind;
using rw::WorkflowState;

namespace {

const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;

} // namespace

class TestStateDurations : public QObject
{
    Q_OBJECT
private slots:
    void chance_data();
    void chance();
    void growsWithTheTimeSinceTheCheck();
    void keepsOnlyTheNewest();
    void learnsPerAccountKindAndState();
    void ignoresNothingLasting();
};

void TestStateDurations::chance_data()
{
    QTest::addColumn<WorkflowKind>("kind");
    QTest::addColumn<WorkflowState>("state");
    QTest::addColumn<QList<qint64>>("learnedSeconds"); // durations seen before
    QTest::addColumn<qint64>("inStateSeconds");        // at the last check
    QTest::addColumn<qint64>("sinceCheckSeconds");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    const QList<qint64> none;
    // Priors: an update's pending is over within minutes, a transfer's blocked takes days.
    QTest::newRow("nothing since the check") << WorkflowKind::Update << WorkflowState::Pending
                                             << none << qint64(5) << qint64(0) << 0.0 << 0.0;
    QTest::newRow("prior: pending, 2 s in, 10 s later")
        << WorkflowKind::Update << WorkflowState::Pending << none << qint64(2) << qint64(10) << 0.25
        << 0.45;
    QTest::newRow("prior: pending past its longest")
        << WorkflowKind::Update << WorkflowState::Pending << none << qint64(600) << qint64(60)
        << 0.0 << 0.05;
    QTest::newRow("prior: update in progress, a minute in, a minute later")
        << WorkflowKind::Update << WorkflowState::InProgress << none << qint64(60) << qint64(60)
        << 0.15 << 0.35;
    QTest::newRow("prior: transfer in progress, the same")
        << WorkflowKind::TransferIn << WorkflowState::InProgress << none << qint64(60) << qint64(60)
        << 0.04 << 0.12;
    QTest::newRow("prior: transfer blocked an hour, an hour later")
        << WorkflowKind::TransferIn << WorkflowState::Blocked << none << qint64(3600)
        << qint64(3600) << 0.10 << 0.20;
    // Learned: twenty pending spells of about 20 s outweigh the prior.
    const QList<qint64> twenties(20, 20);
    QTest::newRow("learned: pending 20 s, 10 s in, 20 s later")
        << WorkflowKind::Update << WorkflowState::Pending << twenties << qint64(10) << qint64(20)
        << 0.80 << 0.95;
    QTest::newRow("learned: pending 20 s, 2 s in, 2 s later")
        << WorkflowKind::Update << WorkflowState::Pending << twenties << qint64(2) << qint64(2)
        << 0.0 << 0.03;
    QTest::newRow("learned elsewhere: another state keeps its prior")
        << WorkflowKind::Update << WorkflowState::InProgress << none << qint64(60) << qint64(60)
        << 0.15 << 0.35;
    // Beyond 60 days nothing is known: as long again is as likely as not.
    QTest::newRow("beyond everything") << WorkflowKind::TransferIn << WorkflowState::Blocked << none
                                       << qint64(100 * 86400) << qint64(100 * 86400) << 0.5 << 0.5;
}

void TestStateDurations::chance()
{
    QFETCH(WorkflowKind, kind);
    QFETCH(WorkflowState, state);
    QFETCH(QList<qint64>, learnedSeconds);
    QFETCH(qint64, inStateSeconds);
    QFETCH(qint64, sinceCheckSeconds);
    QFETCH(double, low);
    QFETCH(double, high);
    StateDurations durations;
    for (const qint64 s : learnedSeconds)
        durations.add(account, WorkflowKind::Update, WorkflowState::Pending, seconds(s));
    const double chance = durations.chanceOfChange(account, kind, state, seconds(inStateSeconds),
                                                   seconds(sinceCheckSeconds));
    QVERIFY2(chance >= low && chance <= high,
             qPrintable(u"%1 not in [%2, %3]"_s.arg(chance).arg(low).arg(high)));
}

void TestStateDurations::growsWithTheTimeSinceTheCheck()
{
    StateDurations durations;
    for (const int s : {30, 45, 60, 90, 120, 300})
        durations.add(account, WorkflowKind::Registration, WorkflowState::InProgress, seconds(s));
    double before = 0.0;
    for (const seconds since :
         {1s, 5s, 30s, seconds(2min), seconds(10min), seconds(1h), seconds(24h)}) {
        const double chance = durations.chanceOfChange(account, WorkflowKind::Registration,
                                                       WorkflowState::InProgress, 20s, since);
        QVERIFY2(chance > before, qPrintable(u"%1 after %2 s"_s.arg(chance).arg(since.count())));
        QVERIFY(chance < 1.0);
        before = chance;
    }
    QVERIFY2(before > 0.95, qPrintable(QString::number(before)));
}

void TestStateDurations::keepsOnlyTheNewest()
{
    // 300 long spells, then 200 short ones: only the short ones are remembered.
    StateDurations durations;
    for (int i = 0; i < 300; ++i)
        durations.add(account, WorkflowKind::Update, WorkflowState::InProgress, 2h);
    for (int i = 0; i < StateDurations::kept; ++i)
        durations.add(account, WorkflowKind::Update, WorkflowState::InProgress, 10s);
    QCOMPARE(durations.learned(account, WorkflowKind::Update, WorkflowState::InProgress),
             StateDurations::kept);
    const double chance =
        durations.chanceOfChange(account, WorkflowKind::Update, WorkflowState::InProgress, 5s, 20s);
    QVERIFY2(chance > 0.9, qPrintable(QString::number(chance)));
}

void TestStateDurations::learnsPerAccountKindAndState()
{
    StateDurations durations;
    const auto chance = [&durations](const QString &of, WorkflowKind kind) {
        return durations.chanceOfChange(of, kind, WorkflowState::Pending, 5s, 10s);
    };
    const double prior = chance(account, WorkflowKind::Update);
    for (int i = 0; i < 30; ++i)
        durations.add(account, WorkflowKind::Update, WorkflowState::Pending, 12s);
    QVERIFY(chance(account, WorkflowKind::Update) > prior + 0.3);
    QCOMPARE(chance(u"another"_s, WorkflowKind::Update), prior);
    QCOMPARE(chance(account, WorkflowKind::Registration), prior);
    QCOMPARE(durations.learned(account, WorkflowKind::Update, WorkflowState::Pending), 30);
    QCOMPARE(durations.learned(account, WorkflowKind::Update, WorkflowState::InProgress), 0);
}

void TestStateDurations::ignoresNothingLasting()
{
    StateDurations durations;
    durations.add(account, WorkflowKind::Update, WorkflowState::Pending, 0ms);
    durations.add(account, WorkflowKind::Update, WorkflowState::Pending, -5s);
    QCOMPARE(durations.learned(account, WorkflowKind::Update, WorkflowState::Pending), 0);
}

QTEST_APPLESS_MAIN(TestStateDurations)
#include "tst_statedurations.moc"
