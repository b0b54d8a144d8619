#include "ui/AppIcon.h"

#include "common/AppIdentity.h"

using namespace Qt::StringLiterals;

namespace rw::ui {

QIcon appIcon()
{
    QIcon bundled;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        bundled.addFile(u":/icons/%1x%1/apps/%2.png"_s.arg(size).arg(appId), QSize(size, size));
    return QIcon::fromTheme(appId, bundled);
}

} // namespace rw::ui
