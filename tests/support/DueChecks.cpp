#include "support/DueChecks.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace rw::test {

int makeEveryCheckDue(const QString &storePath)
{
    const QString connection = u"due-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    int changed = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(storePath);
        QSqlQuery query(db);
        if (db.open() && query.exec(u"UPDATE workflows SET next_poll_at = 1000"_s))
            changed = query.numRowsAffected();
    }
    QSqlDatabase::removeDatabase(connection);
    return changed;
}

} // namespace rw::test
