#pragma once

// What every fuzz target shares: the input as Qt types, a property check that is a finding when
// it fails, and quiet Qt logging (the parsers warn about bad input, which is every input here).

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace rw::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A broken property: say which and abort, which libFuzzer reports as a crash with the input.
[[noreturn]] inline void fail(const char *property, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz property broken: %s\n%s\n", property, qUtf8Printable(detail));
    std::abort();
}

inline void check(bool holds, const char *property, const QString &detail = {})
{
    if (!holds)
        fail(property, detail);
}

// Warnings about bad input are expected; fatal messages still abort.
inline void quietQt()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qUtf8Printable(message));
            std::abort();
        }
    });
}

} // namespace rw::fuzz

// Each target calls this from LLVMFuzzerInitialize.
#define RW_FUZZ_INIT                                                                               \
    extern "C" int LLVMFuzzerInitialize(int *, char ***)                                           \
    {                                                                                              \
        rw::fuzz::quietQt();                                                                       \
        return 0;                                                                                  \
    }
