#pragma once

#include <QString>

namespace rw {

// How the app names itself to the desktop: the desktop file id (also the icon's name and the
// notifications' desktop-entry hint; cmake/Install.cmake installs the files under it) and the
// name people read.
inline const QString appId = QStringLiteral("org.registrarwatch.RegistrarWatch");
inline const QString appDisplayName = QStringLiteral("Registrar Watch");

} // namespace rw
