// One classification of API failures: status, envelope and message decide, never a code alone.

#include "net/ApiError.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rw::ApiError;
using rw::ApiErrorKind;
using rw::ApiMessage;
using rw::Envelope;

Q_DECLARE_METATYPE(rw::Envelope)

namespace {
Envelope withError(int code, const QString &message)
{
    Envelope envelope;
    envelope.errors.append(ApiMessage{code, message, {}, {}});
    return envelope;
}
} // namespace

class TestApiError : public QObject
{
    Q_OBJECT
private slots:
    void classifiesHttpAnswers_data();
    void classifiesHttpAnswers();
    void classifiesNetworkFailures_data();
    void classifiesNetworkFailures();
    void aRefusedRequestIsNotUnanswered();
    void namesRoundTrip();
    void jsonCarriesEverything();
};

void TestApiError::classifiesHttpAnswers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Envelope>("envelope");
    QTest::addColumn<ApiErrorKind>("kind");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("404 no workflow") << 404 << withError(10000, u"No workflow found for a.com"_s)
                                     << ApiErrorKind::NoWorkflow << u"has no update workflow"_s;
    QTest::newRow("400 no workflow") << 400 << withError(10000, u"No workflow found for a.com"_s)
                                     << ApiErrorKind::NoWorkflow << u"has no update workflow"_s;
    QTest::newRow("403 code 10000 is authentication")
        << 403 << withError(10000, u"Authentication error"_s) << ApiErrorKind::Forbidden
        << u"refused access (HTTP 403: 10000: Authentication error)"_s;
    QTest::newRow("403 code 9109")
        << 403 << withError(9109, u"Unauthorized to access requested resource"_s)
        << ApiErrorKind::Forbidden << u"account ID is wrong"_s;
    QTest::newRow("401") << 401 << withError(1000, u"Invalid API Token"_s)
                         << ApiErrorKind::Unauthorized << u"rejected the credentials"_s;
    QTest::newRow("401 without a body")
        << 401 << Envelope() << ApiErrorKind::Unauthorized << u"(HTTP 401)"_s;
    QTest::newRow("404 other") << 404 << withError(7003, u"No route for the URI"_s)
                               << ApiErrorKind::NotFound << u"Check the account ID"_s;
    QTest::newRow("429") << 429 << withError(971, u"Please wait"_s) << ApiErrorKind::RateLimited
                         << u"no requests for this account for 5m"_s;
    QTest::newRow("500") << 500 << Envelope() << ApiErrorKind::Server << u"usually temporary"_s;
    QTest::newRow("503") << 503 << Envelope() << ApiErrorKind::Server << u"HTTP 503"_s;
    QTest::newRow("400 validation") << 400 << withError(10000, u"Must be a boolean if present"_s)
                                    << ApiErrorKind::Rejected << u"rejected the request"_s;
    QTest::newRow("409") << 409 << Envelope() << ApiErrorKind::Rejected << u"HTTP 409"_s;
}

void TestApiError::classifiesHttpAnswers()
{
    QFETCH(int, status);
    QFETCH(Envelope, envelope);
    QFETCH(ApiErrorKind, kind);
    QFETCH(QString, sentence);
    const ApiError error =
        ApiError::fromHttpAnswer(status, envelope, std::nullopt, u"update workflow for a.com"_s);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.apiErrors, envelope.errors);
    QVERIFY2(error.message.contains(sentence), qPrintable(error.message));
    QCOMPARE(error.retryAfter, kind == ApiErrorKind::RateLimited ? 300s : 0s);
    QVERIFY(!error.isUnanswered()); // an HTTP error is an answer
}

void TestApiError::classifiesNetworkFailures_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("code");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<ApiErrorKind>("kind");
    QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << u"Connection refused"_s
                             << ApiErrorKind::Network;
    QTest::newRow("dns") << QNetworkReply::HostNotFoundError << u"Host not found"_s
                         << ApiErrorKind::Network;
    QTest::newRow("transfer timeout (Qt 6.4 reports it as canceled)")
        << QNetworkReply::OperationCanceledError << u"Operation canceled"_s
        << ApiErrorKind::Timeout;
    QTest::newRow("tls handshake")
        << QNetworkReply::SslHandshakeFailedError << u"SSL handshake failed"_s << ApiErrorKind::Tls;
    QTest::newRow("tls reported as unknown") << QNetworkReply::UnknownNetworkError
                                             << u"TLS initialization failed"_s << ApiErrorKind::Tls;
}

void TestApiError::classifiesNetworkFailures()
{
    QFETCH(QNetworkReply::NetworkError, code);
    QFETCH(QString, detail);
    QFETCH(ApiErrorKind, kind);
    const ApiError error = ApiError::fromNetworkError(code, detail, u"api.example"_s, 30s);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, 0);
    QVERIFY(error.isUnanswered());
    QVERIFY(error.message.contains(u"api.example"_s));
    if (kind == ApiErrorKind::Timeout)
        QVERIFY2(error.message.contains(u"within 30s"_s), qPrintable(error.message));
}

// Refused before it left (or a redirect not followed): the API was not asked, not unreachable.
void TestApiError::aRefusedRequestIsNotUnanswered()
{
    QVERIFY(!ApiError::refusedOrigin(u"not the API's origin"_s).isUnanswered());
    QVERIFY(!ApiError::refusedOrigin(u"a redirect elsewhere"_s, 302).isUnanswered());
}

void TestApiError::namesRoundTrip()
{
    const QMetaEnum meta = QMetaEnum::fromType<ApiErrorKind>();
    QCOMPARE(meta.keyCount(), 12);
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto kind = ApiErrorKind(meta.value(i));
        QCOMPARE(ApiError::kindFromName(ApiError::kindName(kind)), kind);
    }
    QCOMPARE(ApiError::kindFromName(u"nonsense"_s), std::nullopt);
}

void TestApiError::jsonCarriesEverything()
{
    const ApiError error =
        ApiError::fromHttpAnswer(429, withError(971, u"Please wait"_s), 7s, u"x"_s);
    const QJsonObject json = error.toJson();
    QCOMPARE(json.value(u"error_kind").toString(), u"rate_limited"_s);
    QCOMPARE(json.value(u"http_status").toInt(), 429);
    QCOMPARE(json.value(u"retry_after_s").toInt(), 7);
    QCOMPARE(json.value(u"api_errors").toArray().first().toObject().value(u"code").toInt(), 971);
    QVERIFY(json.value(u"message").toString().contains(u"7s"_s));
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
