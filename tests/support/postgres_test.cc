// The PostgreSQL test harness itself: the fixture's cluster and FreshTestDatabase().
#include "tests/support/postgres.h"

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <future>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

namespace sportello::testing {
namespace {

struct Finish {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, Finish>;

Connection Connect(const std::string& uri) {
  Connection connection(PQconnectdb(uri.c_str()));
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + uri + ": " + PQerrorMessage(connection.get()));
  }
  return connection;
}

// Runs a statement and returns the first column of its first row ("" when it returns no rows).
std::string Query(PGconn* connection, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection, sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(connection));
  }
  return PQntuples(result.get()) > 0 ? PQgetvalue(result.get(), 0, 0) : "";
}

constexpr const char* kUserTables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";

TEST_CASE("a fresh database is empty and separate") {
  const std::string first = FreshTestDatabase();
  const std::string second = FreshTestDatabase();
  REQUIRE(first != second);
  CHECK(first.starts_with("postgresql://sportello@127.0.0.1:"));

  const Connection one = Connect(first);
  const Connection other = Connect(second);
  CHECK(Query(one.get(), "SELECT current_user") == "sportello");
  CHECK(Query(one.get(), "SELECT current_database()") != Query(other.get(), "SELECT current_database()"));
  CHECK(Query(one.get(), kUserTables) == "0");

  Query(one.get(), "CREATE TABLE desks (id text PRIMARY KEY)");
  Query(one.get(), "INSERT INTO desks VALUES ('roma')");
  CHECK(Query(one.get(), "SELECT id FROM desks") == "roma");
  CHECK(Query(other.get(), kUserTables) == "0");
  CHECK(Query(other.get(), "SELECT to_regclass('desks') IS NULL") == "t");

  DropTestDatabase(first);
  DropTestDatabase(second);
  CHECK_THROWS(Connect(first));
}

TEST_CASE("fresh databases taken from many threads at once are all different") {
  constexpr std::size_t kThreads = 4;
  std::vector<std::future<std::string>> futures;
  for (std::size_t i = 0; i < kThreads; ++i) futures.push_back(std::async(std::launch::async, FreshTestDatabase));
  std::set<std::string> uris;
  for (std::future<std::string>& future : futures) uris.insert(future.get());
  CHECK(uris.size() == kThreads);
  for (const std::string& uri : uris) DropTestDatabase(uri);
}

TEST_CASE("the test cluster keeps PostgreSQL's durability and takes many connections") {
  const Connection connection = Connect(TestClusterUri());
  CHECK(Query(connection.get(), "SHOW fsync") == "on");
  CHECK(Query(connection.get(), "SHOW synchronous_commit") == "on");
  CHECK(Query(connection.get(), "SHOW max_connections") == "300");
  CHECK(Query(connection.get(), "SHOW server_encoding") == "UTF8");
}

}  // namespace
}  // namespace sportello::testing
