#pragma once

#include <QObject>
#include <QString>

namespace rw::test {

// The descendant of `parent` with this object name, as tests find widgets (never through a
// getter kept for them). A missing one means the test no longer matches the code: it stops
// here and names what is missing, instead of crashing on a null pointer further on (QVERIFY
// cannot leave the test function from a helper that returns a value).
template<typename T>
[[nodiscard]] T *child(const QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found) {
        qFatal("no %s named \"%s\" in %s", T::staticMetaObject.className(), qPrintable(name),
               parent->metaObject()->className());
    }
    return found;
}

template<typename T>
[[nodiscard]] T *child(const QObject &parent, const QString &name)
{
    return child<T>(&parent, name);
}

} // namespace rw::test
