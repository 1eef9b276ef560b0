#include "storage/open_store.h"

#include "storage/pg_store.h"
#include "storage/sqlite_store.h"

#include <libpq-fe.h>

#include <cstring>

namespace sportello::storage {

bool IsPostgresUri(std::string_view db) { return db.starts_with("postgresql://") || db.starts_with("postgres://"); }

bool UriHasPassword(const std::string& db) {
  if (!IsPostgresUri(db)) return false;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(db.c_str(), &error);
  PQfreemem(error);
  if (options == nullptr) return false;  // not a valid URI: opening it will say so
  bool found = false;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr && option->val[0] != '\0') found = true;
  }
  PQconninfoFree(options);
  return found;
}

std::string Printable(std::string_view db) {
  if (!IsPostgresUri(db)) return std::string(db);
  const std::size_t authority = db.find("://") + 3;
  const std::size_t at = db.find('@', authority);
  const std::size_t colon = db.find(':', authority);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return std::string(db);
  return std::string(db.substr(0, colon + 1)) + "***" + std::string(db.substr(at));
}

std::unique_ptr<Store> OpenStore(const std::string& db, const StoreOptions& options) {
  if (IsPostgresUri(db)) return PgStore::Open(db, options);
  return SqliteStore::Open(db, options);
}

}  // namespace sportello::storage
