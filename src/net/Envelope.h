#pragma once

#include "common/Expected.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace rw {

// One item of the envelope's `errors[]` or `messages[]`.
struct ApiMessage
{
    int code = 0;
    QString message;
    QString documentationUrl;
    QString sourcePointer; // `source.pointer`, a JSON pointer into the request

    [[nodiscard]] QJsonObject toJson() const;
    // "10000: No workflow found for example.com"
    [[nodiscard]] QString toString() const;
    friend bool operator==(const ApiMessage &, const ApiMessage &) = default;
};

// Cloudflare's response envelope: {success, errors[], messages[], result, result_info?}.
struct Envelope
{
    bool success = false;
    QList<ApiMessage> errors;
    QList<ApiMessage> messages;
    QJsonValue result;
    QJsonObject resultInfo;

    // Strict reading, for answers whose `result` we go on to use: the body must be a JSON object
    // with a boolean `success`, and `errors`/`messages` must be arrays of messages when present.
    [[nodiscard]] static Expected<Envelope> parse(const QByteArray &body);
    // The same reading, but for error answers: whatever can be read is kept, nothing fails.
    [[nodiscard]] static Envelope parseLenient(const QByteArray &body);

    [[nodiscard]] static QJsonArray toJson(const QList<ApiMessage> &messages);
    // All error messages joined with "; ", for sentences.
    [[nodiscard]] QString errorSummary() const;
};

} // namespace rw
