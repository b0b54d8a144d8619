// The polling values a settings file may ask for: hostile ones (zero, negative, huge, not a
// number) are ignored, the default is used, and a sentence says which and why.

#include "engine/PollSettings.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using rw::PollSettings;
using rw::readPollSettings;

class TestPollSettings : public QObject
{
    Q_OBJECT
private slots:
    void nothingAskedGivesTheDefaultsSilently();
    void saneValuesAreTaken();
    void hostileValuesAreIgnored_data();
    void hostileValuesAreIgnored();
    void theBudgetSentenceNamesTheWindowUsed();
    void theBurstIsNeverAboveTheBudget();
};

void TestPollSettings::nothingAskedGivesTheDefaultsSilently()
{
    const auto read = readPollSettings({});
    QVERIFY(read.ignored.isEmpty());
    QCOMPARE(read.settings.budgetRequests, PollSettings().budgetRequests);
    QCOMPARE(read.settings.budgetWindow, PollSettings().budgetWindow);
}

void TestPollSettings::saneValuesAreTaken()
{
    const auto read = readPollSettings({{u"budgetRequests"_s, u"600"_s},
                                        {u"budgetWindowSeconds"_s, u" 600 "_s},
                                        {u"budgetBurst"_s, u"12"_s},
                                        {u"maxInFlight"_s, u"8"_s},
                                        {u"activeMaxDelaySeconds"_s, u"1"_s},
                                        {u"blockedMaxDelaySeconds"_s, u"7200"_s},
                                        {u"maxWatchSeconds"_s, u"86400"_s},
                                        {u"maxActiveSeconds"_s, u"7200"_s},
                                        {u"maxBlockedSeconds"_s, u"172800"_s},
                                        {u"pacing"_s, u"false"_s},
                                        {u"speedShare"_s, u"250"_s},
                                        {u"fastFloorSeconds"_s, u"5"_s},
                                        {u"likelihood"_s, u"FALSE"_s}});
    QVERIFY2(read.ignored.isEmpty(), qPrintable(read.ignored.join(u'\n')));
    QCOMPARE(read.settings.budgetRequests, 600);
    QCOMPARE(read.settings.budgetWindow, 600s);
    QCOMPARE(read.settings.budgetBurst, 12);
    QCOMPARE(read.settings.maxInFlight, 8);
    QCOMPARE(read.settings.activeMaxDelay, 1s);
    QCOMPARE(read.settings.blockedMaxDelay, 7200s);
    QCOMPARE(read.settings.maxWatchTime, 86400s);
    QCOMPARE(read.settings.maxActiveTime, 7200s);
    QCOMPARE(read.settings.maxBlockedTime, 172800s);
    QCOMPARE(read.settings.pacing, false);
    QCOMPARE(read.settings.speedShare, 250);
    QCOMPARE(read.settings.fastFloor, 5s);
    QCOMPARE(read.settings.likelihood, false);
}

void TestPollSettings::hostileValuesAreIgnored_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("sentence");
    const QString budget = u"The settings file asked for a request budget of %1; 900 per 5 "
                           u"minutes is used instead (it may be 10 to 100000)."_s;
    QTest::newRow("budget 0") << u"budgetRequests"_s << u"0"_s << budget.arg(u"0"_s);
    QTest::newRow("budget negative") << u"budgetRequests"_s << u"-5"_s << budget.arg(u"-5"_s);
    QTest::newRow("budget huge") << u"budgetRequests"_s << u"99999999999"_s
                                 << budget.arg(u"99999999999"_s);
    QTest::newRow("budget not a number")
        << u"budgetRequests"_s << u"abc"_s << budget.arg(u"\"abc\""_s);
    QTest::newRow("budget fraction") << u"budgetRequests"_s << u"1.5"_s << budget.arg(u"\"1.5\""_s);
    QTest::newRow("budget empty") << u"budgetRequests"_s << u""_s << budget.arg(u"\"\""_s);
    QTest::newRow("window 0") << u"budgetWindowSeconds"_s << u"0"_s
                              << u"The settings file asked for a budget window of 0; 5 minutes is "
                                 u"used instead (it may be 1 minute to 1 hour, in seconds)."_s;
    QTest::newRow("window NaN") << u"budgetWindowSeconds"_s << u"NaN"_s
                                << u"The settings file asked for a budget window of \"NaN\"; 5 "
                                   u"minutes is used instead (it may be 1 minute to 1 hour, in "
                                   u"seconds)."_s;
    QTest::newRow("burst 0") << u"budgetBurst"_s << u"0"_s
                             << u"The settings file asked for a burst of requests of 0; 30 back "
                                u"to back is used instead (it may be 1 to 900)."_s;
    QTest::newRow("in flight negative")
        << u"maxInFlight"_s << u"-1"_s
        << u"The settings file asked for requests in flight per account of -1; 4 at a time is "
           u"used instead (it may be 1 to 64)."_s;
    QTest::newRow("negative delay")
        << u"activeMaxDelaySeconds"_s << u"-60"_s
        << u"The settings file asked for a longest wait while in progress of -60; 1 minute is "
           u"used instead (it may be 1 second to 1 day, in seconds)."_s;
    QTest::newRow("blocked delay 0")
        << u"blockedMaxDelaySeconds"_s << u"0"_s
        << u"The settings file asked for a longest wait while blocked of 0; 1 hour is used "
           u"instead (it may be 1 second to 7 days, in seconds)."_s;
    QTest::newRow("watch huge") << u"maxWatchSeconds"_s << u"1e30"_s
                                << u"The settings file asked for a longest watch of \"1e30\"; 14 "
                                   u"days is used instead (it may be 1 hour to 365 days, in "
                                   u"seconds)."_s;
    QTest::newRow("active 0") << u"maxActiveSeconds"_s << u"0"_s
                              << u"The settings file asked for a longest time pending or in "
                                 u"progress of 0; 3 days is used instead (it may be 1 hour to 365 "
                                 u"days, in seconds)."_s;
    QTest::newRow("speed share negative")
        << u"speedShare"_s << u"-1"_s
        << u"The settings file asked for a share of the budget for speed of -1; 400 per 5 "
           u"minutes is used instead (it may be 0 to 100000)."_s;
    QTest::newRow("floor 0") << u"fastFloorSeconds"_s << u"0"_s
                             << u"The settings file asked for a shortest wait while in progress "
                                u"of 0; 3 seconds is used instead (it may be 1 second to 10 "
                                u"minutes, in seconds)."_s;
    QTest::newRow("pacing maybe") << u"pacing"_s << u"maybe"_s
                                  << u"The settings file asked for budget-aware pacing of "
                                     u"\"maybe\"; on is used instead (it may be true or false)."_s;
    QTest::newRow("likelihood 1")
        << u"likelihood"_s << u"1"_s
        << u"The settings file asked for likelihood-aware ordering of 1; on is used instead (it "
           u"may be true or false)."_s;
    QTest::newRow("blocked time a minute")
        << u"maxBlockedSeconds"_s << u"60"_s
        << u"The settings file asked for a longest time blocked of 60; 7 days is used instead (it "
           u"may be 1 hour to 365 days, in seconds)."_s;
}

void TestPollSettings::hostileValuesAreIgnored()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, sentence);
    const auto read = readPollSettings({{key, value}});
    QCOMPARE(read.ignored, QStringList{sentence});
    // Every value is the default: nothing of the hostile one got through.
    const PollSettings defaults;
    QCOMPARE(read.settings.budgetRequests, defaults.budgetRequests);
    QCOMPARE(read.settings.budgetWindow, defaults.budgetWindow);
    QCOMPARE(read.settings.budgetBurst, defaults.budgetBurst);
    QCOMPARE(read.settings.maxInFlight, defaults.maxInFlight);
    QCOMPARE(read.settings.activeMaxDelay, defaults.activeMaxDelay);
    QCOMPARE(read.settings.blockedMaxDelay, defaults.blockedMaxDelay);
    QCOMPARE(read.settings.maxWatchTime, defaults.maxWatchTime);
    QCOMPARE(read.settings.maxActiveTime, defaults.maxActiveTime);
    QCOMPARE(read.settings.maxBlockedTime, defaults.maxBlockedTime);
    QCOMPARE(read.settings.pacing, defaults.pacing);
    QCOMPARE(read.settings.speedShare, defaults.speedShare);
    QCOMPARE(read.settings.fastFloor, defaults.fastFloor);
    QCOMPARE(read.settings.likelihood, defaults.likelihood);
}

void TestPollSettings::theBudgetSentenceNamesTheWindowUsed()
{
    const auto read =
        readPollSettings({{u"budgetWindowSeconds"_s, u"600"_s}, {u"budgetRequests"_s, u"0"_s}});
    QCOMPARE(read.settings.budgetWindow, 600s);
    QCOMPARE(read.ignored, QStringList{u"The settings file asked for a request budget of 0; 900 "
                                       u"per 10 minutes is used instead (it may be 10 to "
                                       u"100000)."_s});
}

void TestPollSettings::theBurstIsNeverAboveTheBudget()
{
    const auto small = readPollSettings({{u"budgetRequests"_s, u"20"_s}});
    QVERIFY(small.ignored.isEmpty());
    QCOMPARE(small.settings.budgetBurst, 20);
    const auto over =
        readPollSettings({{u"budgetRequests"_s, u"20"_s}, {u"budgetBurst"_s, u"25"_s}});
    QCOMPARE(over.settings.budgetBurst, 20);
    QCOMPARE(over.ignored.size(), 1);
}

QTEST_GUILESS_MAIN(TestPollSettings)
#include "tst_pollsettings.moc"
