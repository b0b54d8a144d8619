#pragma once

#include <QObject>
#include <QStringList>

class QLocalServer;

namespace rw {

// One desktop app per user and data directory: the first instance listens on a local socket
// only its user can reach; a later one hands its arguments over and leaves, and the first shows
// itself.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)
public:
    // `name`: a socket path; empty: one derived from the user's data directory.
    explicit SingleInstance(QString name = {}, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True: this is the first instance, and now listens. False: another one runs and has been
    // handed `arguments` (or, rarely, the socket cannot be had: see error()).
    [[nodiscard]] bool claim(const QStringList &arguments = {});
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] const QString &name() const { return m_name; }

    [[nodiscard]] static QString defaultName();

signals:
    // A later instance started: show the window.
    void activationRequested(const QStringList &arguments);

private:
    [[nodiscard]] bool handOver(const QStringList &arguments);

    QString m_name;
    QLocalServer *m_server = nullptr;
    QString m_error;
};

} // namespace rw
