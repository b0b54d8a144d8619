#pragma once

#include "store/TrackedWorkflow.h"

#include <QColor>
#include <QIcon>

namespace rw::ui {

// How a state looks: an icon whose shape alone tells the states apart (for anyone who cannot
// tell the colours apart), a colour that reads on light and dark palettes, and words.
struct StateStyle
{
    QIcon icon;
    QColor color;
    QString label; // workflowText::stateLabel(): "action required", "blocked", ...

    [[nodiscard]] static StateStyle forWorkflow(const TrackedWorkflow &workflow);
    [[nodiscard]] static StateStyle forState(std::optional<WorkflowState> state,
                                             const QString &stateText = {});
};

} // namespace rw::ui
