#include "storage/sqlite_db.h"

#include "storage/change_counter.h"

#include <fmt/core.h>

#include <climits>
#include <mutex>
#include <utility>

namespace sportello::storage::sqlite {

void Throw(sqlite3* db, int rc, std::string_view context) {
  const int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(code, fmt::format("sqlite: {}: {} ({})", context, message, code));
}

// --- Statement ---------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, StmtHandle owned, bool* in_use)
    : db_(db), stmt_(stmt), owned_(std::move(owned)), in_use_(in_use) {
  if (in_use_ != nullptr) *in_use_ = true;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      owned_(std::move(other.owned_)),
      in_use_(std::exchange(other.in_use_, nullptr)) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (value.size() > INT_MAX) throw SqliteError(SQLITE_TOOBIG, "sqlite: bind: text too long");
  const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::span<const unsigned char> value) {
  if (value.size() > INT_MAX) throw SqliteError(SQLITE_TOOBIG, "sqlite: bind: blob too long");
  const int rc = sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Throw(db_, rc, sqlite3_sql(stmt_));
}

void Statement::Run() {
  while (Step()) {
  }
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::Blob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

// --- Connection --------------------------------------------------------------------------------

namespace {

// A booking in a batch runs inside its own savepoint (a refused one is rolled back alone), and each
// savepoint keeps the first version of every page it changes in a statement journal: about a dozen
// pages per booking. Past SQLite's default of 64 KiB the journal spills to a temporary file, and a
// surge then made two write calls per page of it, more than for the WAL itself. Held in memory up to
// this size instead; a savepoint that changes more still spills.
constexpr int kStatementJournalInMemory = 4 << 20;

// Settings of the SQLite library, once per process and before its first connection. SQLite accepts
// them only before it is initialized: when something in the process opened a database first, they
// are left at SQLite's defaults (slower, never wrong).
void ConfigureLibrary() {
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalInMemory); });
}

}  // namespace

std::unique_ptr<Connection> Connection::Open(const std::filesystem::path& path, bool create,
                                             std::chrono::milliseconds busy_timeout) {
  ConfigureLibrary();
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) Throw(db.get(), rc, fmt::format("open {}", path.string()));
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), static_cast<int>(busy_timeout.count()));
  std::unique_ptr<Connection> connection(new Connection(std::move(db)));
  connection->Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  return connection;
}

void Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqliteError(sqlite3_extended_errcode(db_.get()), fmt::format("sqlite: {}: {}", text.substr(0, 60), detail));
  }
}

StmtHandle Connection::PrepareRaw(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &raw, nullptr);
  StmtHandle stmt(raw);
  if (rc != SQLITE_OK) Throw(db_.get(), rc, fmt::format("prepare {}", sql.substr(0, 80)));
  return stmt;
}

Statement Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    StmtHandle prepared = PrepareRaw(sql);  // may throw: cache nothing then
    it = cache_.emplace(std::string(sql), Cached{std::move(prepared), false}).first;
  }
  if (it->second.in_use) {
    StmtHandle fresh = PrepareRaw(sql);
    sqlite3_stmt* raw = fresh.get();
    return Statement(db_.get(), raw, std::move(fresh), nullptr);
  }
  return Statement(db_.get(), it->second.stmt.get(), nullptr, &it->second.in_use);
}

std::int64_t Connection::QueryInt(std::string_view sql) {
  Statement statement = Prepare(sql);
  if (!statement.Step()) throw SqliteError(SQLITE_ERROR, fmt::format("sqlite: no row from {}", sql));
  return statement.Int(0);
}

// --- Transaction -------------------------------------------------------------------------------

Transaction::Transaction(Connection& connection, Kind kind) : connection_(&connection), kind_(kind) {
  connection.Exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), kind_(other.kind_) {}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  // Nothing useful can be done if the rollback fails (the connection is then unusable anyway
  // and SQLite rolls back on close); never throw from a destructor.
  sqlite3_exec(connection_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  connection_->Exec("COMMIT");
  connection_ = nullptr;
  if (kind_ == Kind::write) CountCommittedChange();
}

}  // namespace sportello::storage::sqlite
