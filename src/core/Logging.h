#pragma once

#include <QLoggingCategory>

// One category per module. Nothing logged here may contain a credential.
Q_DECLARE_LOGGING_CATEGORY(lcNet)    // rw.net: requests and replies
Q_DECLARE_LOGGING_CATEGORY(lcApi)    // rw.api: parsing of API answers
Q_DECLARE_LOGGING_CATEGORY(lcSim)    // rw.sim: the registrar simulator
Q_DECLARE_LOGGING_CATEGORY(lcCli)    // rw.cli: command-line subcommands
Q_DECLARE_LOGGING_CATEGORY(lcPoll)   // rw.poll: scheduling and polling
Q_DECLARE_LOGGING_CATEGORY(lcStore)  // rw.store: the SQLite store
Q_DECLARE_LOGGING_CATEGORY(lcNotify) // rw.notify: desktop notifications
Q_DECLARE_LOGGING_CATEGORY(lcApp)    // rw.app: the desktop app's life
