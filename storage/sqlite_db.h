// Thin RAII layer over the SQLite C API: a Connection (owning sqlite3* and a cache of prepared
// statements), a Statement borrowed from that cache, and a move-only Transaction that rolls back
// unless committed.
//
// Failures of SQLite itself throw `SqliteError`; the Store implementation catches them at its
// boundary and answers Error::internal. Domain outcomes never travel as exceptions.
// Thread-safety: a Connection and its statements belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::storage::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE

 private:
  int code_;
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// A prepared statement in use: bind, step, read columns. Resets the statement and clears its
// bindings when destroyed, so the cached statement is ready for the next user.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, StmtHandle owned, bool* in_use);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT).
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::span<const unsigned char> value);
  Statement& BindNull(int index);

  // Advances: true when a row is available, false when done. Throws SqliteError on failure.
  bool Step();
  // Runs to completion, ignoring rows.
  void Run();

  // Columns are 0-based.
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  StmtHandle owned_;       // set when the statement is not cached
  bool* in_use_;           // flag in the cache entry, or nullptr
};

class Connection {
 public:
  // Opens (creating when `create`) the database file, sets busy_timeout, foreign_keys=ON and
  // synchronous=FULL. WAL is switched on by the schema code, once per file. Throws SqliteError.
  static std::unique_ptr<Connection> Open(const std::filesystem::path& path, bool create,
                                          std::chrono::milliseconds busy_timeout);

  sqlite3* get() const { return db_.get(); }
  // Runs one or more statements with no parameters and no rows. Throws SqliteError.
  void Exec(std::string_view sql);
  // The cached prepared statement for `sql` (prepared on first use). If that statement is
  // already in use higher up the stack, a fresh uncached one is returned instead.
  Statement Prepare(std::string_view sql);
  // A single integer from a query that yields one row (e.g. PRAGMA user_version).
  std::int64_t QueryInt(std::string_view sql);

 private:
  struct Cached {
    StmtHandle stmt;
    bool in_use = false;
  };
  explicit Connection(DbHandle db) : db_(std::move(db)) {}
  StmtHandle PrepareRaw(std::string_view sql);

  DbHandle db_;
  std::unordered_map<std::string, Cached> cache_;
};

// Throws SqliteError for a failed result code `rc` on `db`, with `context` in the message.
[[noreturn]] void Throw(sqlite3* db, int rc, std::string_view context);

// A transaction on one connection: BEGIN (read) or BEGIN IMMEDIATE (write: takes the database
// write lock at once, waiting up to busy_timeout, so checks and inserts see a stable database).
// Rolls back in its destructor unless Commit() ran. Move-only.
class Transaction {
 public:
  enum class Kind { read, write };
  Transaction(Connection& connection, Kind kind);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // Commits; with synchronous=FULL the changes are on disk when it returns. A write commit is
  // counted (change_counter.h). Throws SqliteError.
  void Commit();

 private:
  Connection* connection_;
  Kind kind_;
};

}  // namespace sportello::storage::sqlite
