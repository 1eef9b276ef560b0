// Which backend a parametrised suite runs on, and a fresh database for one test on it: SQLite files
// by default, fresh PostgreSQL databases of the test cluster (postgres.h) when
// SPORTELLO_TEST_BACKEND=postgresql, as ctest's "pg …" registrations set it. Tests of what only
// SQLite has (a file, WAL, the seat cache, group commit) carry the Catch tag [sqlite], which the
// PostgreSQL registrations leave out. Thread-safe.
#pragma once

#include "tests/support/postgres.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace sportello::testing {

inline bool OnPostgres() {
  const char* backend = std::getenv("SPORTELLO_TEST_BACKEND");
  return backend != nullptr && std::string_view(backend) == "postgresql";
}

// A new, empty database for this test, as a --db argument: the file `dir/name` on SQLite, a fresh
// database of the test cluster on PostgreSQL.
inline std::string NewDatabase(const std::filesystem::path& dir, std::string_view name) {
  return OnPostgres() ? FreshTestDatabase() : (dir / name).string();
}

}  // namespace sportello::testing
