// SqliteStore: the retention policy's purges (Retention), in short write transactions so bookings
// never wait long behind one.
#include "storage/sqlite_store.h"

#include "storage/retention_sql.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

void BindCutoffs(sqlite::Statement& statement, const std::vector<std::int64_t>& parameters) {
  for (std::size_t i = 0; i < parameters.size(); ++i) statement.Bind(static_cast<int>(i + 1), parameters[i]);
}

}  // namespace

Result<std::int64_t> SqliteStore::CountDue(PurgeKind kind, const PurgeCutoffs& cutoffs) {
  return Read([&](sqlite::Connection& connection) -> Result<std::int64_t> {
    sqlite::Statement count = connection.Prepare(PurgeSql(kind).count);
    BindCutoffs(count, PurgeParameters(kind, cutoffs));
    count.Step();
    return count.Int(0);
  });
}

Result<std::int64_t> SqliteStore::PurgeDue(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit) {
  if (limit < 1) return Error::invalid_request;
  return Write([&](sqlite::Connection& connection) -> Result<std::int64_t> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    const std::vector<std::int64_t> parameters = PurgeParameters(kind, cutoffs);
    sqlite::Statement purge = connection.Prepare(PurgeSql(kind).purge);
    BindCutoffs(purge, parameters);
    purge.Bind(static_cast<int>(parameters.size() + 1), limit);
    purge.Run();
    const std::int64_t purged = sqlite3_changes64(connection.get());
    transaction.Commit();
    return purged;
  });
}

}  // namespace sportello::storage
