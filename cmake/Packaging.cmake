# CPack: a Debian package of what `cmake --install` puts in place (`cmake --build BUILD --target
# package`, or `cpack` in BUILD). scripts/test-deb.sh installs it on a clean Debian 12 and runs it.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME registrar-watch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Registrar Watch")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Follow Cloudflare Registrar workflows until they finish")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # registrar-watch_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Registrar Watch developers <registrar-watch@registrar-watch.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The extended description: CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY first as the synopsis,
# indents these lines and turns the empty one into deb-control(5)'s " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Cloudflare Registrar answers a registration, an update or a transfer in with
202 Accepted and finishes it seconds, hours or days later. Registrar Watch asks
each workflow's status, reads every part of the answer, and tells the operator
what state each workflow is in and what, if anything, they must do.

This package holds the desktop app and its command-line commands
(registrar-watch status, registrar-watch watch), registrar-watch-serve, the
team's headless watcher that Prometheus scrapes (with its systemd units), and
registrar-sim, a local simulator of the Registrar API that the demo runs
against.")

# The libraries the binaries link come from dpkg-shlibdeps (dpkg-dev). It cannot see what is
# loaded at run time, so those are named here:
#   libsecret-1-0       QtKeychain dlopens it for the Secret Service; without it every keychain
#                       job fails with "Unknown error"
#   libqt6sql6-sqlite   the QSQLITE driver plugin (the workflow store)
#   qt6-qpa-plugins     the xcb (X11) and Wayland platform plugins: no window without them
#   ca-certificates     the trust store for HTTPS to the Cloudflare API (Qt's OpenSSL backend,
#                       itself a plugin, reads it; libssl3 comes with libqt6network6)
#   hicolor-icon-theme  the theme the application icon is installed into
# Fonts come with libqt6gui6 (fontconfig, fonts-dejavu-core).
find_program(RW_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(RW_DPKG_SHLIBDEPS)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    message(WARNING "dpkg-shlibdeps (dpkg-dev) not found: the .deb will lack its library "
                    "dependencies. scripts/install-deps.sh installs it.")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libsecret-1-0, libqt6sql6-sqlite, qt6-qpa-plugins, ca-certificates, hicolor-icon-theme")
# A Secret Service to keep the credentials in; without one the app offers a session-only or
# private-file store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring")

include(CPack)
