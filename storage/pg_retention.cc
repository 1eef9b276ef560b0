// PgStore: the retention policy's purges (Retention), in short transactions. Every node may run
// them at once: a row purged by one is simply no longer due for the other.
#include "storage/pg_store.h"

#include "storage/pg_rows.h"
#include "storage/retention_sql.h"

namespace sportello::storage {
namespace {

pg::Params CutoffParams(const std::vector<std::int64_t>& parameters) {
  pg::Params params;
  for (std::int64_t parameter : parameters) params.Add(parameter);
  return params;
}

// The statements of `kind` with PostgreSQL's placeholders, made once.
const PurgeStatements& PgSql(PurgeKind kind) {
  static const auto statements = [] {
    std::vector<PurgeStatements> pg;
    for (PurgeKind each : kPurgeKinds) {
      pg.push_back({PgPlaceholders(PurgeSql(each).count), PgPlaceholders(PurgeSql(each).purge)});
    }
    return pg;
  }();
  return statements[static_cast<std::size_t>(kind)];
}

}  // namespace

Result<std::int64_t> PgStore::CountDue(PurgeKind kind, const PurgeCutoffs& cutoffs) {
  return Run([&](pg::Connection& connection) -> Result<std::int64_t> {
    pg::Rows rows = connection.Run(PgSql(kind).count, CutoffParams(PurgeParameters(kind, cutoffs)));
    return rows.Int(0, 0);
  });
}

Result<std::int64_t> PgStore::PurgeDue(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit) {
  if (limit < 1) return Error::invalid_request;
  return RunTransaction([&](pg::Connection& connection) -> Result<std::int64_t> {
    pg::Params params = CutoffParams(PurgeParameters(kind, cutoffs));
    params.Add(limit);
    return connection.Run(PgSql(kind).purge, params).Affected();
  });
}

}  // namespace sportello::storage
