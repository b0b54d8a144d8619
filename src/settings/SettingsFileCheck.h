#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace rw::settingsfile {

// A value of a settings file that QSettings must not be given. Qt 6.4's QSettings reads
// `@Variant(...)` with QDataStream, which allocates what the value declares before it reads a
// byte of it: a few bytes declaring a list of a billion strings abort the app at start. The
// only such value the app may find is a list of strings (how a QStringList can be kept), so
// anything else, or a list that declares more than it holds, is unsafe.
struct UnsafeValue
{
    QString key; // as QSettings names it: `notifications/events`
    QString why; // a clause for the operator: "it declares more than it holds"
    // The line that holds it, in the file's bytes: leaving it out leaves the rest as it was.
    qsizetype start = 0;
    qsizetype length = 0;
};

// Reads the file's text as QSettings' INI reader does (its lines, keys and escapes, each value
// and each item of a list), and checks every `@Variant(` value it would decode.
[[nodiscard]] QList<UnsafeValue> unsafeValues(QByteArrayView file);

// The file without the lines of `unsafe`; every other byte is kept.
[[nodiscard]] QByteArray withoutLines(QByteArrayView file, const QList<UnsafeValue> &unsafe);

} // namespace rw::settingsfile
