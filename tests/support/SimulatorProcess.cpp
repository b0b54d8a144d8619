#include "support/SimulatorProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace rw::test {

SimulatorProcess::~SimulatorProcess()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
    m_process.waitForFinished();
}

std::optional<QString> SimulatorProcess::start(const QString &binary, const QJsonObject &scenario,
                                               const QString &directory, quint16 port)
{
    const QString file = directory + u"/scenario.json"_s;
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(scenario).toJson()) < 0)
        return u"cannot write %1"_s.arg(file);
    out.close();
    m_process.start(binary, {u"--scenario"_s, file, u"--port"_s, QString::number(port)});
    if (!m_process.waitForStarted())
        return m_process.errorString();
    // Its first line says where it listens.
    const QDeadlineTimer deadline(10000);
    while (!m_process.canReadLine() && !deadline.hasExpired())
        m_process.waitForReadyRead(int(deadline.remainingTime()));
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    if (!line.startsWith(u"listening on http://127.0.0.1:"_s))
        return u"registrar-sim said \"%1\" (%2)"_s.arg(
            line, QString::fromUtf8(m_process.readAllStandardError()));
    m_base = QUrl(line.mid(u"listening on "_s.size()));
    return std::nullopt;
}

} // namespace rw::test
