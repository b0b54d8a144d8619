// The engine's outbox: signals wait for flush(), go out in the order posted (also those posted
// while flushing), carry the workflow as it is then, and say nothing of a workflow gone meanwhile.

#include "engine/SignalOutbox.h"

#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using rw::SignalOutbox;
using rw::TrackedWorkflow;

namespace {

// Workflows by id, as the engine's roster would hold them.
struct Workflows
{
    Workflows()
    {
        for (const qint64 id : {1, 2}) {
            TrackedWorkflow workflow;
            workflow.id = id;
            workflow.polls = 0;
            byId[id] = workflow;
        }
    }
    [[nodiscard]] SignalOutbox::Lookup lookup()
    {
        return [this](qint64 id) -> const TrackedWorkflow * {
            const auto it = byId.find(id);
            return it == byId.end() ? nullptr : &it->second;
        };
    }
    std::map<qint64, TrackedWorkflow> byId;
};

} // namespace

class TestSignalOutbox : public QObject
{
    Q_OBJECT
private slots:
    void nothingGoesOutBeforeFlush();
    void goesOutInTheOrderPosted();
    void sendsWhatIsPostedWhileFlushing();
    void carriesTheWorkflowAsItIsAtFlush();
    void everySlotHearsTheSameWorkflow();
    void saysNothingOfAWorkflowGoneMeanwhile();
};

void TestSignalOutbox::nothingGoesOutBeforeFlush()
{
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    int sent = 0;
    outbox.post([&sent] { ++sent; });
    outbox.postAbout(1, [&sent](const TrackedWorkflow &) { ++sent; });
    QCOMPARE(sent, 0);
    outbox.flush();
    QCOMPARE(sent, 2);
    outbox.flush(); // each once
    QCOMPARE(sent, 2);
}

void TestSignalOutbox::goesOutInTheOrderPosted()
{
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    QStringList heard;
    outbox.postAbout(2,
                     [&heard](const TrackedWorkflow &w) { heard.append(u"about %1"_s.arg(w.id)); });
    outbox.post([&heard] { heard.append(u"plain"_s); });
    outbox.postAbout(1,
                     [&heard](const TrackedWorkflow &w) { heard.append(u"about %1"_s.arg(w.id)); });
    outbox.flush();
    QCOMPARE(heard, (QStringList{u"about 2"_s, u"plain"_s, u"about 1"_s}));
}

void TestSignalOutbox::sendsWhatIsPostedWhileFlushing()
{
    // A slot that calls back into the engine makes it post more: heard in the same flush,
    // after everything posted before.
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    QStringList heard;
    outbox.post([&] {
        heard.append(u"first"_s);
        outbox.post([&heard] { heard.append(u"from a slot"_s); });
    });
    outbox.post([&heard] { heard.append(u"second"_s); });
    outbox.flush();
    QCOMPARE(heard, (QStringList{u"first"_s, u"second"_s, u"from a slot"_s}));
}

void TestSignalOutbox::carriesTheWorkflowAsItIsAtFlush()
{
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    int polls = -1;
    outbox.postAbout(1, [&polls](const TrackedWorkflow &w) { polls = w.polls; });
    workflows.byId[1].polls = 5; // changed after posting, before the state is whole
    outbox.flush();
    QCOMPARE(polls, 5);
}

void TestSignalOutbox::everySlotHearsTheSameWorkflow()
{
    // Two listeners of one signal: the first makes the engine change the workflow, and the
    // second still hears it as it was when the signal went out.
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    QList<int> heard;
    outbox.postAbout(1, [&](const TrackedWorkflow &w) {
        heard.append(w.polls);
        workflows.byId[1].polls = 99;
        heard.append(w.polls);
    });
    workflows.byId[1].polls = 3;
    outbox.flush();
    QCOMPARE(heard, (QList<int>{3, 3}));
}

void TestSignalOutbox::saysNothingOfAWorkflowGoneMeanwhile()
{
    Workflows workflows;
    SignalOutbox outbox(workflows.lookup());
    QList<qint64> heard;
    outbox.postAbout(1, [&heard](const TrackedWorkflow &w) { heard.append(w.id); });
    outbox.postAbout(2, [&heard](const TrackedWorkflow &w) { heard.append(w.id); });
    outbox.post([&workflows] { workflows.byId.erase(2); }); // what a removal does
    outbox.postAbout(2, [&heard](const TrackedWorkflow &w) { heard.append(w.id); });
    workflows.byId.erase(1);
    outbox.flush();
    QCOMPARE(heard, QList<qint64>{2}); // 1 was gone at flush; 2 went away before its second
}

QTEST_GUILESS_MAIN(TestSignalOutbox)
#include "tst_signaloutbox.moc"
