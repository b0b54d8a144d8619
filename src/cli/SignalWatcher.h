#pragma once

#include <QObject>

class QSocketNotifier;

namespace rw::cli {

// Turns SIGINT and SIGTERM (and, when asked, SIGHUP) into Qt signals, safely: the handler only
// writes a byte to a pipe that the event loop reads. One instance at a time.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // SIGHUP becomes hangUp() instead of ending the process: a daemon's "read your
    // configuration again". Left alone otherwise, so that `watch` still ends with its terminal.
    void catchHangUp();

signals:
    void interrupted(int signal);
    void hangUp();

private:
    QSocketNotifier *m_notifier = nullptr;
    bool m_hangUp = false;
};

} // namespace rw::cli
