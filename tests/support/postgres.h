// A real PostgreSQL 15 server for tests: the throw-away cluster scripts/postgres.sh started in the
// directory SPORTELLO_TEST_PG_DIR names. ctest's fixture `postgres` starts it before the tests that
// require it and removes it after them; tests/CMakeLists.txt (sportello_postgres_tests,
// sportello_discover_postgres_tests) gives a test both the fixture and the variable.
//
// Each test takes databases of its own with FreshTestDatabase(): new, empty, with a name no other
// test uses, so tests never see each other's data and may run in parallel, in threads or processes. Connecting is
// plain libpq on the returned URI, as user `sportello` (a superuser, no password). A database a test
// does not drop goes with the cluster. Every function is thread-safe and throws an
// std::runtime_error saying what failed (libpq's message included) when the cluster is not there.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

namespace sportello::testing {

// The cluster's URI, postgresql://sportello@127.0.0.1:PORT/postgres, read from
// $SPORTELLO_TEST_PG_DIR/uri. Throws when the variable is unset or the file missing.
std::string TestClusterUri();

// Creates a database with a name of its own (t_<pid>_<counter>_<random>) and returns its URI: the
// cluster's, with that database.
std::string FreshTestDatabase();

// Drops the database a URI from FreshTestDatabase() names, closing its open connections first;
// refuses any other database.
void DropTestDatabase(const std::string& uri);

// The result of `sql` run on database `uri` on a connection of its own. Throws with PostgreSQL's
// message when the statement fails.
using PgResult = std::unique_ptr<PGresult, void (*)(PGresult*)>;
PgResult RunSql(const std::string& uri, const std::string& sql);

}  // namespace sportello::testing
