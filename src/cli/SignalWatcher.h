#pragma once

#include <QObject>

class QSocketNotifier;

namespace rw::cli {

// Turns SIGINT and SIGTERM into a Qt signal, safely: the handler only writes a byte to a pipe
// that the event loop reads. One instance at a time.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace rw::cli
