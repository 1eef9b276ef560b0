// pg::Connection (storage/pg_db.h) on a real PostgreSQL server: statements sent without waiting
// (Defer) run in order, their errors reach the caller before anything is kept, and a transaction
// that an error aborted never reports a commit.
#include "storage/pg_db.h"
#include "tests/support/postgres.h"

#include <catch2/catch.hpp>

#include <string>

namespace sportello::storage::pg {
namespace {

using testing::FreshTestDatabase;

// A database with table `seats (id INT PRIMARY KEY, holder TEXT)`, and its URI.
std::string DatabaseWithSeats() {
  const std::string uri = FreshTestDatabase();
  Connection::Open(uri)->Exec("CREATE TABLE seats (id INT PRIMARY KEY, holder TEXT NOT NULL)");
  return uri;
}

constexpr std::string_view kInsert = "INSERT INTO seats (id, holder) VALUES ($1, $2)";
constexpr std::string_view kHolders = "SELECT coalesce(string_agg(id || '=' || holder, ',' ORDER BY id), '') FROM seats";

// What another connection sees: only what was committed.
std::string CommittedHolders(const std::string& uri) { return Connection::Open(uri)->Run(kHolders).Text(0, 0); }

TEST_CASE("statements sent without waiting run in order, and a read sent after them sees what they did") {
  const std::string uri = DatabaseWithSeats();
  const auto connection = Connection::Open(uri);
  Transaction transaction(*connection);
  connection->Defer(kInsert, Params().Add(1).Add("anna"));
  connection->Defer(kInsert, Params().Add(2).Add("bruno"));
  connection->Defer("UPDATE seats SET holder = $2 WHERE id = $1", Params().Add(1).Add("carla"));
  CHECK_FALSE(connection->settled());
  CHECK(CommittedHolders(uri).empty());  // sent, not committed

  CHECK(connection->Run(kHolders).Text(0, 0) == "1=carla,2=bruno");
  CHECK(connection->settled());
  transaction.Commit();
  CHECK(CommittedHolders(uri) == "1=carla,2=bruno");
}

TEST_CASE("a deferred statement's error comes with the next call, and its transaction keeps nothing") {
  const std::string uri = DatabaseWithSeats();
  const auto connection = Connection::Open(uri);
  {
    Transaction transaction(*connection);
    connection->Defer(kInsert, Params().Add(1).Add("anna"));
    connection->Defer(kInsert, Params().Add(1).Add("bruno"));  // the same seat: a unique key
    connection->Defer(kInsert, Params().Add(3).Add("carla"));

    try {
      connection->Run(kHolders);
      FAIL("the duplicate key was not reported");
    } catch (const PgError& error) {
      CHECK(error.sqlstate() == "23505");
      CHECK(error.retryable());
      CHECK_FALSE(error.connection_lost());
    }
    CHECK(connection->settled());
    // The error aborted the transaction: COMMIT would roll it back, and says so.
    CHECK_THROWS_AS(transaction.Commit(), PgError);
  }
  CHECK(CommittedHolders(uri).empty());
  CHECK(connection->ok());
  CHECK(connection->Run(kHolders).Text(0, 0).empty());  // the connection is ready for the next call
}

TEST_CASE("a savepoint rolled back after a deferred error keeps what came before it and what comes after") {
  const std::string uri = DatabaseWithSeats();
  const auto connection = Connection::Open(uri);
  Transaction transaction(*connection);
  connection->Defer(kInsert, Params().Add(1).Add("anna"));
  connection->Defer("SAVEPOINT one");
  connection->Defer(kInsert, Params().Add(1).Add("bruno"));
  CHECK_THROWS_AS(connection->Flush(), PgError);
  connection->Exec("ROLLBACK TO SAVEPOINT one");
  connection->Defer("RELEASE SAVEPOINT one");
  connection->Defer(kInsert, Params().Add(2).Add("carla"));
  transaction.Commit();
  CHECK(CommittedHolders(uri) == "1=anna,2=carla");
}

TEST_CASE("a transaction left with statements in flight rolls them back and leaves the connection ready") {
  const std::string uri = DatabaseWithSeats();
  const auto connection = Connection::Open(uri);
  {
    Transaction transaction(*connection);
    connection->Defer(kInsert, Params().Add(1).Add("anna"));
  }
  CHECK(connection->settled());
  CHECK(connection->Run(kHolders).Text(0, 0).empty());
  CHECK(CommittedHolders(uri).empty());
}

}  // namespace
}  // namespace sportello::storage::pg
