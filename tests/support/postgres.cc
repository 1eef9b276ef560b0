#include "tests/support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

namespace sportello::testing {

namespace {

struct Finish {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct Clear {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Connection = std::unique_ptr<PGconn, Finish>;
using Result = std::unique_ptr<PGresult, Clear>;

Connection Connect(const std::string& uri) {
  Connection connection(PQconnectdb(uri.c_str()));
  if (connection == nullptr) throw std::runtime_error("cannot connect to " + uri + ": out of memory");
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + uri + ": " + PQerrorMessage(connection.get()));
  }
  return connection;
}

void Execute(PGconn* connection, const std::string& sql) {
  const Result result(PQexec(connection, sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(connection));
  }
}

std::string QuotedIdentifier(PGconn* connection, const std::string& name) {
  char* quoted = PQescapeIdentifier(connection, name.data(), name.size());
  if (quoted == nullptr) throw std::runtime_error("cannot quote " + name + ": " + PQerrorMessage(connection));
  std::string result(quoted);
  PQfreemem(quoted);
  return result;
}

// Where the database name starts in a URI postgresql://user@host:port/name.
std::size_t DatabaseNameStart(const std::string& uri) {
  const std::size_t scheme = uri.find("://");
  const std::size_t slash = scheme == std::string::npos ? scheme : uri.find('/', scheme + 3);
  if (slash == std::string::npos) throw std::runtime_error("not a database URI: " + uri);
  return slash + 1;
}

std::string UniqueName() {
  static std::atomic<unsigned> counter = 0;
  std::random_device random;
  return "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(random());
}

}  // namespace

std::string TestClusterUri() {
  const char* dir = std::getenv("SPORTELLO_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') {
    throw std::runtime_error(
        "SPORTELLO_TEST_PG_DIR is not set: run this test with ctest (fixture `postgres`), or start a cluster "
        "with scripts/postgres.sh start DIR and set SPORTELLO_TEST_PG_DIR=DIR");
  }
  const std::string path = std::string(dir) + "/uri";
  std::ifstream file(path);
  std::string uri;
  if (!std::getline(file, uri) || uri.empty()) {
    throw std::runtime_error("no PostgreSQL test cluster in " + std::string(dir) + " (" + path +
                             " is missing): start one with scripts/postgres.sh start " + dir);
  }
  return uri;
}

std::string FreshTestDatabase() {
  const std::string cluster = TestClusterUri();
  const Connection connection = Connect(cluster);
  const std::string name = UniqueName();
  Execute(connection.get(), "CREATE DATABASE " + QuotedIdentifier(connection.get(), name));
  return cluster.substr(0, DatabaseNameStart(cluster)) + name;
}

void DropTestDatabase(const std::string& uri) {
  const std::string name = uri.substr(DatabaseNameStart(uri));
  if (!name.starts_with("t_")) throw std::runtime_error("not a test database: " + uri);
  const Connection connection = Connect(TestClusterUri());
  Execute(connection.get(), "DROP DATABASE IF EXISTS " + QuotedIdentifier(connection.get(), name) + " WITH (FORCE)");
}

PgResult RunSql(const std::string& uri, const std::string& sql) {
  const Connection connection = Connect(uri);
  PgResult result(PQexec(connection.get(), sql.c_str()), PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(connection.get()));
  }
  return result;
}

}  // namespace sportello::testing
