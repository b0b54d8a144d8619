# Installs the desktop integration beside the binaries (app/CMakeLists.txt installs those): the
# desktop entry, the application icon in the hicolor theme (the SVG and every PNG size) and the
# AppStream metainfo, all named by the application id. The app sends the same id as its desktop
# file name and as the notifications' desktop-entry hint.
include(GNUInstallDirs)

set(RW_APP_ID org.registrarwatch.RegistrarWatch)
set(RW_ICON_SIZES 16 22 24 32 48 64 128 256)

install(FILES ${PROJECT_SOURCE_DIR}/resources/${RW_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/${RW_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/${RW_APP_ID}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size IN LISTS RW_ICON_SIZES)
    # Rendered by scripts/render-icons.sh and committed: the build needs no SVG renderer.
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/apps/${RW_APP_ID}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()

# The team watcher (registrar-watch-serve): its systemd units, system and user, with the paths
# of this installation, and an example configuration. The units go under lib/systemd, where
# systemd looks for a package's units (with the /usr prefix of the .deb, /usr/lib/systemd).
set(RW_SERVE_EXAMPLE_DIR ${CMAKE_INSTALL_DATADIR}/doc/registrar-watch/examples)
# The paths in the units are those of the installation, known only when it runs: the .deb
# installs under /usr, whatever the build was configured with. The configuration and the token
# are where systemd's ConfigurationDirectory= puts them, /etc/registrar-watch, for any prefix.
install(CODE "
    set(RW_SERVE_BINARY \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/registrar-watch-serve\")
    set(RW_SERVE_EXAMPLE \"\${CMAKE_INSTALL_PREFIX}/${RW_SERVE_EXAMPLE_DIR}/serve.ini\")
    set(RW_SERVE_CONFIG /etc/registrar-watch/serve.ini)
    set(RW_SERVE_CREDENTIAL /etc/registrar-watch/cloudflare-token)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/systemd/registrar-watch-serve.service.in
                   ${PROJECT_BINARY_DIR}/systemd/system/registrar-watch-serve.service @ONLY)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/systemd/user/registrar-watch-serve.service.in
                   ${PROJECT_BINARY_DIR}/systemd/user/registrar-watch-serve.service @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/systemd/system/registrar-watch-serve.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_BINARY_DIR}/systemd/user/registrar-watch-serve.service
        DESTINATION lib/systemd/user)
# The examples of docs/TEAM.md together, the alert rules beside the Prometheus configuration
# that loads them by that relative name.
install(FILES ${PROJECT_SOURCE_DIR}/docs/examples/serve.ini
              ${PROJECT_SOURCE_DIR}/docs/examples/prometheus.yml
              ${PROJECT_SOURCE_DIR}/docs/examples/alertmanager.yml
              ${PROJECT_SOURCE_DIR}/resources/prometheus/registrar-watch-rules.yml
        DESTINATION ${RW_SERVE_EXAMPLE_DIR})
