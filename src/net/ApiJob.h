#pragma once

#include "common/Clock.h"
#include "net/ApiResult.h"
#include "registrar/ApiBase.h"

#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkAccessManager;
class QNetworkRequest;

namespace rw {

// One request to the API: sends it, enforces the body size limit and the origin rule for
// redirects, reads the envelope and turns every failure into an ApiError.
//
// A job emits finished() exactly once, unless it was cancelled with cancel(), and then deletes
// itself: read its result in the slot connected to finished().
class ApiJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiJob)
public:
    static constexpr qint64 maxBodyBytes = maxAnswerBytes;

    ~ApiJob() override;

    [[nodiscard]] virtual const ApiOutcome &outcome() const = 0;
    [[nodiscard]] bool isFinished() const { return m_finished; }
    // What this request is about, for sentences: "the update workflow of example.com".
    [[nodiscard]] const QString &subject() const { return m_subject; }

    // Stops the request; finished() will not be emitted.
    void cancel();

signals:
    void finished();

protected:
    struct Setup
    {
        ApiBase base;
        const Clock *clock = nullptr;
        std::chrono::milliseconds timeout{};
        QString subject;
    };
    ApiJob(Setup setup, QObject *parent);

    [[nodiscard]] virtual ApiOutcome &mutableOutcome() = 0;
    // Reads the `result` of a successful answer; returns why it could not, or nothing.
    [[nodiscard]] virtual std::optional<QString> readResult(const Envelope &envelope) = 0;

private:
    friend class RegistrarClient;
    void start(QNetworkAccessManager *manager, const QNetworkRequest &request,
               const QByteArray &verb, const QByteArray &body);
    void refuse(ApiError error); // finishes on the next event loop pass, nothing sent

    void onMetaDataChanged();
    void onReadyRead();
    void onRedirected(const QUrl &target);
    void onFinished();
    void finish(std::optional<ApiError> error);

    enum class AbortReason {
        None,
        Cancelled,
        TooLarge,
        RefusedRedirect,
        TimedOut,
    };

    Setup m_setup;
    QPointer<QNetworkReply> m_reply;
    QTimer m_deadline;
    QString m_subject;
    AbortReason m_abortReason = AbortReason::None;
    QUrl m_refusedRedirect;
    bool m_finished = false;
    int m_redirects = 0;
};

} // namespace rw
