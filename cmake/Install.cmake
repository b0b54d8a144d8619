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
