#include "storage/pg_db.h"

#include <fmt/core.h>

#include <charconv>
#include <utility>

namespace sportello::storage::pg {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Params& Params::Add(std::string_view text) {
  values_.emplace_back(text);
  null_.push_back(false);
  formats_.push_back(0);
  return *this;
}

Params& Params::Add(std::int64_t number) { return Add(std::to_string(number)); }

Params& Params::AddBytes(std::string_view bytes) {
  values_.emplace_back(bytes);
  null_.push_back(false);
  formats_.push_back(1);
  return *this;
}

Params& Params::AddNull() {
  values_.emplace_back();
  null_.push_back(true);
  formats_.push_back(0);
  return *this;
}

std::string Rows::Text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::Int(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  const char* end = text + PQgetlength(result_.get(), row, column);
  std::int64_t value = 0;
  const auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc{} || stop != end) {
    throw PgError("XX000", fmt::format("postgresql: column {} is not an integer: '{}'", column, std::string(text, end)));
  }
  return value;
}

std::optional<std::int64_t> Rows::OptionalInt(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int(row, column);
}

std::string Rows::Bytes(int row, int column) const {
  const std::string hex = Text(row, column);
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x' || hex.size() % 2 != 0) {
    throw PgError("XX000", fmt::format("postgresql: column {} is not a hex bytea", column));
  }
  std::string bytes;
  bytes.reserve(hex.size() / 2 - 1);
  for (std::size_t i = 2; i < hex.size(); i += 2) {
    const int high = HexValue(hex[i]);
    const int low = HexValue(hex[i + 1]);
    if (high < 0 || low < 0) throw PgError("XX000", "postgresql: bad hex in bytea");
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

std::int64_t Rows::Affected() const {
  const char* text = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

std::unique_ptr<Connection> Connection::Open(const std::string& uri) {
  PGconn* connection = PQconnectdb(uri.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = connection != nullptr ? PQerrorMessage(connection) : "out of memory";
    PQfinish(connection);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw PgError("08006", "postgresql: cannot connect: " + message, true);
  }
  // Quiet NOTICEs (e.g. "relation already exists, skipping"): they are not errors.
  PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(connection));
}

Connection::~Connection() { PQfinish(connection_); }

PgError Connection::ErrorOf(const PGresult* result, std::string_view what) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* text = result != nullptr ? PQresultErrorMessage(result) : "";
  std::string message = *text != '\0' ? text : PQerrorMessage(connection_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  const bool lost = PQstatus(connection_) != CONNECTION_OK;
  return PgError(state != nullptr ? state : (lost ? "08006" : "XX000"), fmt::format("postgresql: {}: {}", what, message),
                 lost);
}

void Connection::Throw(const PGresult* result, std::string_view what) { throw ErrorOf(result, what); }

Rows Connection::Check(PGresult* result, std::string_view what) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
  Rows owned(result);  // freed whatever happens
  Throw(result, what);
}

const std::string& Connection::Prepared(std::string_view sql) {
  auto found = prepared_.find(std::string(sql));
  if (found == prepared_.end()) {
    Flush();  // PQprepare waits for its answer: not in the middle of a pipeline
    std::string name = fmt::format("s{}", prepared_.size());
    Check(PQprepare(connection_, name.c_str(), std::string(sql).c_str(), 0, nullptr), "prepare");
    found = prepared_.emplace(std::string(sql), std::move(name)).first;
  }
  return found->second;
}

// The arrays libpq takes for the parameters of one statement.
struct Connection::Arguments {
  explicit Arguments(const Params& params) : values(params.values_.size()), lengths(params.values_.size()) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = params.null_[i] ? nullptr : params.values_[i].data();
      lengths[i] = static_cast<int>(params.values_[i].size());
    }
  }
  int count() const { return static_cast<int>(values.size()); }

  std::vector<const char*> values;
  std::vector<int> lengths;
};

Rows Connection::Run(std::string_view sql, const Params& params) {
  const std::string& name = Prepared(sql);
  Flush();
  const Arguments arguments(params);
  return Check(PQexecPrepared(connection_, name.c_str(), arguments.count(), arguments.values.data(),
                              arguments.lengths.data(), params.formats_.data(), 0),
               "statement");
}

Rows Connection::Exec(std::string_view sql) {
  Flush();
  return Check(PQexec(connection_, std::string(sql).c_str()), "exec");
}

void Connection::Defer(std::string_view sql, const Params& params) {
  const std::string& name = Prepared(sql);
  if (deferred_ == 0 && PQenterPipelineMode(connection_) != 1) Throw(nullptr, "pipeline");
  const Arguments arguments(params);
  if (PQsendQueryPrepared(connection_, name.c_str(), arguments.count(), arguments.values.data(),
                          arguments.lengths.data(), params.formats_.data(), 0) != 1) {
    const PgError error = ErrorOf(nullptr, "statement");
    Flush();  // reads what was sent before; its error, if any, comes first
    throw error;
  }
  ++deferred_;
}

void Connection::Flush() {
  if (deferred_ == 0) return;
  const int sent = std::exchange(deferred_, 0);
  std::optional<PgError> first;
  if (PQpipelineSync(connection_) != 1) first = ErrorOf(nullptr, "pipeline");
  // Each statement's answer ends with a null result; those after a failed one come back aborted.
  for (int i = 0; i < sent; ++i) {
    while (PGresult* result = PQgetResult(connection_)) {
      const ExecStatusType status = PQresultStatus(result);
      if (!first && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) first = ErrorOf(result, "statement");
      PQclear(result);
    }
  }
  if (PGresult* sync = PQgetResult(connection_)) PQclear(sync);  // PGRES_PIPELINE_SYNC
  if (PQexitPipelineMode(connection_) != 1 && !first) first = ErrorOf(nullptr, "pipeline");
  if (first) throw *first;
}

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.Exec("BEGIN"); }

Transaction::~Transaction() {
  if (done_ || !connection_.ok()) return;
  try {
    connection_.Flush();
  } catch (const PgError&) {  // the transaction is abandoned: so is what it sent last
  }
  try {
    connection_.Exec("ROLLBACK");
  } catch (const PgError&) {  // the connection is broken: the server rolls back on its own
  }
}

void Transaction::Commit() {
  const Rows committed = connection_.Exec("COMMIT");
  done_ = true;
  if (committed.Command() != "COMMIT") {
    throw PgError("25P02", fmt::format("postgresql: commit: the transaction ended with {}", committed.Command()));
  }
}

}  // namespace sportello::storage::pg
