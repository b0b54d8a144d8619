#include "common/Logging.h"

Q_LOGGING_CATEGORY(lcNet, "rw.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "rw.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "rw.engine", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNotify, "rw.notify", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "rw.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPlatform, "rw.platform", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "rw.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "rw.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "rw.cli", QtWarningMsg)
