#include "storage/open_store.h"

#include "storage/pg_store.h"
#include "storage/sqlite_store.h"

namespace sportello::storage {

bool IsPostgresUri(std::string_view db) { return db.starts_with("postgresql://") || db.starts_with("postgres://"); }

std::unique_ptr<Store> OpenStore(const std::string& db, const StoreOptions& options) {
  if (IsPostgresUri(db)) return PgStore::Open(db, options);
  return SqliteStore::Open(db, options);
}

}  // namespace sportello::storage
