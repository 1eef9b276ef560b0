// A thin C++ layer over libpq for PgStore: a connection that prepares each SQL text once and runs
// it with parameters (never SQL built from strings), or sends it without waiting for its answer
// (libpq's pipeline mode), the rows of a result, and a transaction guard. Failures throw
// pg::PgError carrying the SQLSTATE, so callers can tell a serialization failure or deadlock
// (retry) and a lost connection (reconnect) from a bug.
// Thread-safety: a Connection and its Rows belong to one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sportello::storage::pg {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& message, bool connection_lost = false)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

  const std::string& sqlstate() const { return sqlstate_; }
  // The connection is gone (the server stopped, the network failed): the database is unavailable.
  bool connection_lost() const { return connection_lost_; }
  // Running the same transaction again may succeed: a serialization failure, a deadlock, or a
  // unique key another transaction took first.
  bool retryable() const { return sqlstate_ == "40001" || sqlstate_ == "40P01" || sqlstate_ == "23505"; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// Parameters of one statement, $1 first. Text is sent as text, bytes as binary bytea.
class Params {
 public:
  Params& Add(std::string_view text);
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(std::int64_t number);
  Params& Add(int number) { return Add(static_cast<std::int64_t>(number)); }
  Params& Add(bool flag) { return Add(static_cast<std::int64_t>(flag ? 1 : 0)); }
  Params& AddBytes(std::string_view bytes);
  Params& AddNull();
  template <class T>
  Params& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }

 private:
  friend class Connection;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
};

// The rows of one result, in text format.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, PQclear) {}

  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  std::optional<std::int64_t> OptionalInt(int row, int column) const;
  // A bytea column, decoded from its hex text.
  std::string Bytes(int row, int column) const;
  // The rows an UPDATE, INSERT or DELETE touched.
  std::int64_t Affected() const;
  // The command tag: "COMMIT", or "ROLLBACK" for a COMMIT of a transaction an error had aborted.
  std::string_view Command() const { return PQcmdStatus(result_.get()); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class Connection {
 public:
  // Connects to `uri` (libpq syntax). Throws PgError (connection_lost) when it cannot.
  static std::unique_ptr<Connection> Open(const std::string& uri);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (prepared on this connection the first time) with `params`, after every deferred
  // statement.
  Rows Run(std::string_view sql, const Params& params = {});
  // Runs `sql`, one or more statements without parameters (schema, BEGIN, COMMIT), after every
  // deferred statement; the result of the last one.
  Rows Exec(std::string_view sql);
  // Sends `sql` (prepared as for Run) with `params` without waiting for its answer, for a
  // statement whose result nobody reads: a lock, an insert, a savepoint. Statements run in the
  // order they are sent, so a read sent later sees what a deferred one did; deferred statements
  // travel together with the next Run, Exec or Flush, in one round trip. A deferred statement's
  // error is thrown by that next call, and has aborted the open transaction just as it would have
  // at once (the statements sent after it in the meantime did not run).
  void Defer(std::string_view sql, const Params& params = {});
  // Waits for every deferred statement; throws the first one's error.
  void Flush();
  // False once the server has gone away: the connection must be replaced.
  bool ok() const { return PQstatus(connection_) == CONNECTION_OK; }
  // True when no deferred statement waits for its answer.
  bool settled() const { return deferred_ == 0 && PQpipelineStatus(connection_) == PQ_PIPELINE_OFF; }

 private:
  struct Arguments;

  explicit Connection(PGconn* connection) : connection_(connection) {}
  PgError ErrorOf(const PGresult* result, std::string_view what) const;
  [[noreturn]] void Throw(const PGresult* result, std::string_view what);
  Rows Check(PGresult* result, std::string_view what);
  // The name `sql` is prepared under on this connection; prepares it the first time.
  const std::string& Prepared(std::string_view sql);

  PGconn* connection_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  int deferred_ = 0;                                        // statements sent and not yet answered
};

// A transaction on `connection`, rolled back unless committed (also when an exception leaves the
// scope). Commit throws unless the transaction committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

}  // namespace sportello::storage::pg
