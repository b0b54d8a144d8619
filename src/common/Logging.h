#pragma once

#include <QLoggingCategory>

// One category per module, named after its folder. Nothing logged here may contain a credential.
Q_DECLARE_LOGGING_CATEGORY(lcNet)      // rw.net: requests and replies
Q_DECLARE_LOGGING_CATEGORY(lcStore)    // rw.store: the SQLite store
Q_DECLARE_LOGGING_CATEGORY(lcEngine)   // rw.engine: scheduling and polling
Q_DECLARE_LOGGING_CATEGORY(lcNotify)   // rw.notify: desktop notifications
Q_DECLARE_LOGGING_CATEGORY(lcSettings) // rw.settings: settings and secret stores
Q_DECLARE_LOGGING_CATEGORY(lcPlatform) // rw.platform: one instance, sleep and network
Q_DECLARE_LOGGING_CATEGORY(lcSession)  // rw.session: the desktop session's life
Q_DECLARE_LOGGING_CATEGORY(lcSim)      // rw.sim: the registrar simulator
Q_DECLARE_LOGGING_CATEGORY(lcCli)      // rw.cli: command-line subcommands
