#include "Logging.h"

Q_LOGGING_CATEGORY(lcNet, "rw.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApi, "rw.api", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSim, "rw.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "rw.cli", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPoll, "rw.poll", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "rw.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNotify, "rw.notify", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "rw.app", QtInfoMsg)
