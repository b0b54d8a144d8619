// Durations as the table and the sentences write them, and as settings and the command line
// read them.

#include "common/Duration.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::seconds;

Q_DECLARE_METATYPE(std::optional<std::chrono::seconds>)

class TestDuration : public QObject
{
    Q_OBJECT
private slots:
    void formatsTwoUnitsAtMost_data();
    void formatsTwoUnitsAtMost();
    void briefDropsSecondsFromTenMinutes_data();
    void briefDropsSecondsFromTenMinutes();
    void parsesANumberAndAUnit_data();
    void parsesANumberAndAUnit();
};

void TestDuration::formatsTwoUnitsAtMost_data()
{
    QTest::addColumn<qint64>("secs");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << qint64(0) << u"0s"_s;
    QTest::newRow("seconds") << qint64(45) << u"45s"_s;
    QTest::newRow("whole minutes") << qint64(720) << u"12m"_s;
    QTest::newRow("minutes and seconds") << qint64(82) << u"1m 22s"_s;
    QTest::newRow("hours and minutes, seconds dropped")
        << qint64(3 * 3600 + 12 * 60 + 59) << u"3h 12m"_s;
    QTest::newRow("days and hours") << qint64(2 * 86400 + 4 * 3600 + 59) << u"2d 4h"_s;
    QTest::newRow("whole days") << qint64(3 * 86400) << u"3d"_s;
    QTest::newRow("negative") << qint64(-90) << u"-1m 30s"_s;
}

void TestDuration::formatsTwoUnitsAtMost()
{
    QFETCH(qint64, secs);
    QFETCH(QString, text);
    QCOMPARE(rw::formatDuration(seconds(secs)), text);
}

void TestDuration::briefDropsSecondsFromTenMinutes_data()
{
    QTest::addColumn<qint64>("secs");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(45) << u"45s"_s;
    QTest::newRow("just under ten minutes") << qint64(599) << u"9m 59s"_s;
    QTest::newRow("ten minutes") << qint64(600) << u"10m"_s;
    QTest::newRow("past ten minutes") << qint64(17 * 60 + 34) << u"17m"_s;
    QTest::newRow("hours") << qint64(3600 + 56 * 60 + 52) << u"1h 56m"_s;
    QTest::newRow("days") << qint64(86400 + 3599) << u"1d"_s;
    QTest::newRow("negative, short") << qint64(-599) << u"-9m 59s"_s;
    QTest::newRow("negative, long") << qint64(-(17 * 60 + 34)) << u"-17m"_s;
}

void TestDuration::briefDropsSecondsFromTenMinutes()
{
    QFETCH(qint64, secs);
    QFETCH(QString, text);
    QCOMPARE(rw::formatDurationBrief(seconds(secs)), text);
}

void TestDuration::parsesANumberAndAUnit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::optional<seconds>>("parsed");
    QTest::newRow("bare number") << u"90"_s << std::optional<seconds>(90s);
    QTest::newRow("seconds") << u"90s"_s << std::optional<seconds>(90s);
    QTest::newRow("minutes") << u"15m"_s << std::optional<seconds>(900s);
    QTest::newRow("hours") << u"2h"_s << std::optional<seconds>(7200s);
    QTest::newRow("days") << u"3d"_s << std::optional<seconds>(3 * 86400s);
    QTest::newRow("spaces around") << u" 15m "_s << std::optional<seconds>(900s);
    QTest::newRow("empty") << u""_s << std::optional<seconds>();
    QTest::newRow("unit alone") << u"m"_s << std::optional<seconds>();
    QTest::newRow("unknown unit") << u"15w"_s << std::optional<seconds>();
    QTest::newRow("words") << u"soon"_s << std::optional<seconds>();
    QTest::newRow("negative") << u"-5m"_s << std::optional<seconds>();
}

void TestDuration::parsesANumberAndAUnit()
{
    QFETCH(QString, text);
    QFETCH(std::optional<seconds>, parsed);
    QCOMPARE(rw::parseDuration(text), parsed);
}

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
