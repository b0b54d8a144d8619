#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QUrl>

namespace rw::test {

// registrar-sim, the real binary, playing one scenario over loopback HTTP; its clock starts when
// it listens, so a test's steps are seconds from then.
class SimulatorProcess
{
public:
    SimulatorProcess() = default;
    Q_DISABLE_COPY_MOVE(SimulatorProcess)
    ~SimulatorProcess();

    // Writes the scenario into `directory` and starts `binary` on it (on `port`; 0: one the OS
    // chooses); an error sentence when it does not come to listen.
    [[nodiscard]] std::optional<QString> start(const QString &binary, const QJsonObject &scenario,
                                               const QString &directory, quint16 port = 0);
    [[nodiscard]] const QUrl &base() const { return m_base; }

private:
    QProcess m_process;
    QUrl m_base;
};

} // namespace rw::test
