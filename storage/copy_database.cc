// CopyDatabase: a fixed list of tables and columns, read from a source (SQLite read transaction or
// PostgreSQL REPEATABLE READ READ ONLY snapshot) in batches and written to a target inside one write
// transaction. Every SQL text is built from that list alone, never from input.
#include "storage/copy_database.h"

#include "storage/pg_db.h"
#include "storage/pg_schema.h"
#include "storage/schema.h"
#include "storage/sqlite_db.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

namespace sportello::storage {
namespace {

// The list below is every table and column of these schema versions (schema.cc, pg_schema.cc).
// A new migration must come with a look at this list, hence the check. Not copied: PostgreSQL's
// spent_challenges (proof-of-work solutions used in the last minutes; SQLite keeps them in memory), and
// booking_changes: the target's triggers write one `created` change for every booking copied, so a
// mirror of the feed starts again from the beginning after a migration.
static_assert(kSchemaVersion == 16 && kPgSchemaVersion == 14,
              "the schema changed: bring the tables and columns copied by CopyDatabase up to date, then these numbers");

enum class Kind { integer, text, bytes };

struct Column {
  std::string_view name;
  Kind kind;
};

struct Table {
  std::string_view name;
  std::string_view key;  // a unique key, one column or several (", "-separated): rows are read in its order
  std::span<const Column> columns;
  bool identity = false;  // PostgreSQL: `key` is an identity column
};

constexpr Column kDesks[] = {
    {"id", Kind::text},         {"calendar", Kind::text},      {"self_booking", Kind::integer},
    {"version", Kind::integer}, {"created_at", Kind::integer}, {"updated_at", Kind::integer},
    {"proof_of_work", Kind::integer}, {"proof_of_work_reads", Kind::integer}};
constexpr Column kApplications[] = {
    {"id", Kind::text},    {"desk", Kind::text},  {"tax_code", Kind::text}, {"email", Kind::text},
    {"phone", Kind::text}, {"types", Kind::text}, {"status", Kind::text},   {"updated_at", Kind::integer}};
constexpr Column kBookings[] = {
    {"code", Kind::text},        {"desk", Kind::text},           {"type", Kind::text},
    {"start", Kind::integer},    {"end", Kind::integer},         {"status", Kind::text},
    {"channel", Kind::text},     {"application_id", Kind::text}, {"email", Kind::text},
    {"phone", Kind::text},       {"lang", Kind::text},           {"token_hash", Kind::bytes},
    {"created_at", Kind::integer}, {"created_by", Kind::text},   {"updated_at", Kind::integer},
    {"confirmed_at", Kind::integer}, {"reconfirm_asked_at", Kind::integer}, {"reconfirm_reminded_at", Kind::integer},
    {"sealed_token", Kind::bytes},   {"bookable_since", Kind::integer}};
constexpr Column kApplicationTypes[] = {
    {"application_id", Kind::text}, {"type", Kind::text}, {"since", Kind::integer}, {"convened_at", Kind::integer}};
constexpr Column kWaitlist[] = {
    {"id", Kind::text},               {"sequence", Kind::integer},       {"desk", Kind::text},
    {"type", Kind::text},             {"application_id", Kind::text},    {"before", Kind::text},
    {"email", Kind::text},            {"lang", Kind::text},              {"state", Kind::text},
    {"offer_start", Kind::integer},   {"offer_end", Kind::integer},      {"offer_expires_at", Kind::integer},
    {"token_hash", Kind::bytes},      {"sealed_token", Kind::bytes},     {"created_at", Kind::integer},
    {"updated_at", Kind::integer}};
constexpr Column kIdempotencyKeys[] = {
    {"key_hash", Kind::bytes},     {"fingerprint", Kind::bytes}, {"booking_code", Kind::text},
    {"sealed_token", Kind::bytes}, {"created_at", Kind::integer}};
constexpr Column kAudit[] = {
    {"id", Kind::integer},  {"at", Kind::integer},     {"actor", Kind::text},   {"desk", Kind::text},
    {"action", Kind::text}, {"subject", Kind::text},   {"before", Kind::text},  {"after", Kind::text}};
constexpr Column kUsers[] = {
    {"username", Kind::text}, {"password_hash", Kind::text},  {"role", Kind::text},
    {"desk", Kind::text},     {"created_at", Kind::integer},  {"disabled", Kind::integer}};
constexpr Column kSessions[] = {
    {"token_hash", Kind::bytes}, {"username", Kind::text}, {"created_at", Kind::integer},
    {"expires_at", Kind::integer}};
constexpr Column kNotifications[] = {
    {"id", Kind::integer},              {"kind", Kind::text},             {"booking_code", Kind::text},
    {"desk", Kind::text},               {"type", Kind::text},             {"start", Kind::integer},
    {"end", Kind::integer},             {"previous_start", Kind::integer}, {"previous_end", Kind::integer},
    {"recipient", Kind::text},          {"lang", Kind::text},             {"sequence", Kind::integer},
    {"manage_token", Kind::text},       {"status", Kind::text},           {"attempts", Kind::integer},
    {"next_attempt_at", Kind::integer}, {"lease_token", Kind::text},      {"lease_until", Kind::integer},
    {"last_error", Kind::text},         {"created_at", Kind::integer},    {"last_attempt_at", Kind::integer},
    {"sent_at", Kind::integer},         {"waitlist_id", Kind::text},      {"offer_expires_at", Kind::integer},
    {"draw_request_id", Kind::text},    {"draw_size", Kind::integer},     {"question_id", Kind::text},
    {"event_id", Kind::integer}};
constexpr Column kVerificationFailures[] = {
    {"application_id", Kind::text}, {"millitokens", Kind::integer}, {"updated_at", Kind::integer}};
constexpr Column kTickets[] = {
    {"id", Kind::text},          {"desk", Kind::text},           {"day", Kind::text},
    {"sequence", Kind::integer}, {"booking_code", Kind::text},   {"application_id", Kind::text},
    {"appointment", Kind::integer}, {"urgent", Kind::integer},   {"state", Kind::text},
    {"counter", Kind::text},     {"calls", Kind::integer},       {"checked_in_at", Kind::integer},
    {"called_at", Kind::integer}, {"finished_at", Kind::integer}, {"first_called_at", Kind::integer}};
constexpr Column kFeedback[] = {
    {"booking_code", Kind::text}, {"rating", Kind::integer}, {"comment", Kind::text}, {"created_at", Kind::integer}};
constexpr Column kReleases[] = {
    {"desk", Kind::text},           {"type", Kind::text},           {"month", Kind::text},
    {"opens_at", Kind::integer},    {"draw_closes_at", Kind::integer}, {"sealed_seed", Kind::bytes},
    {"seed_hash", Kind::text},      {"drawn_at", Kind::integer},    {"created_at", Kind::integer}};
constexpr Column kDrawRequests[] = {
    {"id", Kind::text},          {"desk", Kind::text},           {"type", Kind::text},
    {"month", Kind::text},       {"application_id", Kind::text}, {"preferences", Kind::text},
    {"lang", Kind::text},        {"token_hash", Kind::bytes},    {"state", Kind::text},
    {"draw_order", Kind::integer}, {"booking_code", Kind::text}, {"created_at", Kind::integer},
    {"updated_at", Kind::integer}, {"sealed_token", Kind::bytes}};
constexpr Column kQuestions[] = {
    {"id", Kind::text},              {"sequence", Kind::integer},        {"desk", Kind::text},
    {"application_id", Kind::text},  {"topic", Kind::text},              {"lang", Kind::text},
    {"state", Kind::text},           {"escalated", Kind::integer},       {"urgent", Kind::integer},
    {"assignee", Kind::text},        {"verified", Kind::integer},        {"email", Kind::text},
    {"token_hash", Kind::bytes},     {"sealed_token", Kind::bytes},      {"created_at", Kind::integer},
    {"updated_at", Kind::integer},   {"waiting_since", Kind::integer},   {"first_answer_at", Kind::integer},
    {"closed_at", Kind::integer},    {"archived", Kind::integer},        {"mail_message_id", Kind::text}};
constexpr Column kQuestionMessages[] = {
    {"id", Kind::integer},   {"question_id", Kind::text}, {"kind", Kind::text},
    {"author", Kind::text},  {"text", Kind::text},        {"at", Kind::integer}};
constexpr Column kFaqEntries[] = {
    {"id", Kind::text},           {"topic", Kind::text},          {"question_it", Kind::text},
    {"question_en", Kind::text},  {"question_fr", Kind::text},    {"question_es", Kind::text},
    {"answer_it", Kind::text},    {"answer_en", Kind::text},      {"answer_fr", Kind::text},
    {"answer_es", Kind::text},    {"source_question", Kind::text}, {"created_at", Kind::integer},
    {"updated_at", Kind::integer}, {"updated_by", Kind::text}};
constexpr Column kFaqUse[] = {
    {"topic", Kind::text}, {"day", Kind::text}, {"shown", Kind::integer}, {"asked", Kind::integer}};
constexpr Column kApiKeys[] = {{"name", Kind::text}, {"desk", Kind::text}, {"key_hash", Kind::bytes},
                               {"created_at", Kind::integer}, {"revoked_at", Kind::integer}};
constexpr Column kApplicationEvents[] = {
    {"id", Kind::integer},      {"application_id", Kind::text}, {"code", Kind::text},
    {"text_it", Kind::text},    {"text_en", Kind::text},        {"text_fr", Kind::text},
    {"text_es", Kind::text},    {"at", Kind::integer},          {"recorded_at", Kind::integer},
    {"recorded_by", Kind::text}};

// In foreign-key order: every table after the tables it refers to.
constexpr Table kTables[] = {
    {"desks", "id", kDesks},
    {"applications", "id", kApplications},
    {"application_types", "application_id, type", kApplicationTypes},
    {"bookings", "code", kBookings},
    {"idempotency_keys", "key_hash", kIdempotencyKeys},
    {"audit", "id", kAudit, true},
    {"users", "username", kUsers},
    {"sessions", "token_hash", kSessions},
    {"waitlist", "sequence", kWaitlist, true},  // PostgreSQL numbers the line with an identity
    {"verification_failures", "application_id", kVerificationFailures},
    {"tickets", "id", kTickets},
    {"feedback", "booking_code", kFeedback},
    {"releases", "desk, type, month", kReleases},
    {"draw_requests", "id", kDrawRequests},
    {"questions", "sequence", kQuestions, true},  // PostgreSQL numbers the tickets with an identity
    {"question_messages", "id", kQuestionMessages, true},
    {"faq_entries", "id", kFaqEntries},
    {"faq_use", "topic, day", kFaqUse},
    {"api_keys", "name", kApiKeys},
    {"application_events", "id", kApplicationEvents, true},
    {"notifications", "id", kNotifications, true},  // about a booking, an entry, a request, a ticket or an event
};

// Rows per read from the source and per INSERT into a PostgreSQL target.
constexpr std::size_t kBatchRows = 200;

enum class Dialect { sqlite, postgresql };

// A column name as written in SQL: PostgreSQL gets every name quoted ("end" is a reserved word
// there); SQLite takes them all bare, as schema.cc writes them.
std::string Name(std::string_view name, Dialect dialect) {
  return dialect == Dialect::postgresql ? fmt::format("\"{}\"", name) : std::string(name);
}

std::string ColumnList(const Table& table, Dialect dialect) {
  std::string list;
  for (const Column& column : table.columns) {
    if (!list.empty()) list += ", ";
    list += Name(column.name, dialect);
  }
  return list;
}

// The key's columns as written in SQL.
std::string KeyList(const Table& table, Dialect dialect) {
  std::string list;
  std::string_view rest = table.key;
  for (;;) {
    const std::size_t comma = rest.find(", ");
    list += Name(rest.substr(0, comma), dialect);
    if (comma == std::string_view::npos) return list;
    list += ", ";
    rest.remove_prefix(comma + 2);
  }
}

std::string SelectSql(const Table& table, Dialect dialect) {
  return fmt::format("SELECT {} FROM {} ORDER BY {}", ColumnList(table, dialect), table.name, KeyList(table, dialect));
}

std::string CountSql(const Table& table) { return fmt::format("SELECT count(*) FROM {}", table.name); }

// One value of a row; text and bytes both travel in `bytes`, unchanged.
struct Value {
  bool null = false;
  std::int64_t integer = 0;
  std::string bytes;
};

// Rows of one table, row after row.
class Batch {
 public:
  explicit Batch(std::size_t width) : width_(width) {}
  std::size_t rows() const { return values_.size() / width_; }
  const Value& at(std::size_t row, std::size_t column) const { return values_[row * width_ + column]; }
  Value& Add() { return values_.emplace_back(); }
  void Clear() { values_.clear(); }

 private:
  std::size_t width_;
  std::vector<Value> values_;
};

using Take = std::function<void(const Batch&)>;

class Source {
 public:
  virtual ~Source() = default;
  // Hands over every row of `table` in key order, in batches of at most kBatchRows.
  virtual void Read(const Table& table, const Take& take) = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::int64_t CountRows(const Table& table) = 0;
  virtual void Write(const Table& table, const Batch& batch) = 0;
  // After the last batch of `table`.
  virtual void Finish(const Table& table) = 0;
  virtual void Commit() = 0;
};

// --- SQLite ------------------------------------------------------------------------------------

std::span<const unsigned char> AsBlob(const std::string& bytes) {
  return {reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()};
}

// A read transaction: its snapshot is taken at the first read and holds until it ends.
class SqliteSource final : public Source {
 public:
  SqliteSource(const std::string& path, const StoreOptions& options)
      : connection_(sqlite::Connection::Open(path, false, options.busy_timeout)),
        snapshot_(*connection_, sqlite::Transaction::Kind::read) {}

  void Read(const Table& table, const Take& take) override {
    sqlite::Statement select = connection_->Prepare(SelectSql(table, Dialect::sqlite));
    Batch batch(table.columns.size());
    while (select.Step()) {
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const int column = static_cast<int>(i);
        Value& value = batch.Add();
        if (select.IsNull(column)) {
          value.null = true;
        } else if (table.columns[i].kind == Kind::integer) {
          value.integer = select.Int(column);
        } else if (table.columns[i].kind == Kind::text) {
          value.bytes = select.Text(column);
        } else {
          value.bytes = select.Blob(column);
        }
      }
      if (batch.rows() == kBatchRows) {
        take(batch);
        batch.Clear();
      }
    }
    if (batch.rows() > 0) take(batch);
  }

 private:
  std::unique_ptr<sqlite::Connection> connection_;
  sqlite::Transaction snapshot_;
};

// One BEGIN IMMEDIATE transaction: the write lock is held from the emptiness check to the commit.
// Inserting bookings bumps seat_version through its triggers, as any write does.
class SqliteTarget final : public Target {
 public:
  SqliteTarget(const std::string& path, const StoreOptions& options)
      : connection_(sqlite::Connection::Open(path, false, options.busy_timeout)),
        transaction_(*connection_, sqlite::Transaction::Kind::write) {}

  std::int64_t CountRows(const Table& table) override { return connection_->QueryInt(CountSql(table)); }

  void Write(const Table& table, const Batch& batch) override {
    std::string placeholders;
    for (std::size_t i = 1; i <= table.columns.size(); ++i) placeholders += fmt::format("{}?{}", i > 1 ? ", " : "", i);
    const std::string sql =
        fmt::format("INSERT INTO {} ({}) VALUES ({})", table.name, ColumnList(table, Dialect::sqlite), placeholders);
    for (std::size_t row = 0; row < batch.rows(); ++row) {
      sqlite::Statement insert = connection_->Prepare(sql);
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        const Value& value = batch.at(row, i);
        if (value.null) {
          insert.BindNull(index);
        } else if (table.columns[i].kind == Kind::integer) {
          insert.Bind(index, value.integer);
        } else if (table.columns[i].kind == Kind::text) {
          insert.Bind(index, std::string_view(value.bytes));
        } else {
          insert.Bind(index, AsBlob(value.bytes));
        }
      }
      insert.Run();
    }
  }

  // An INTEGER PRIMARY KEY continues after the largest id by itself.
  void Finish(const Table&) override {}

  void Commit() override { transaction_.Commit(); }

 private:
  std::unique_ptr<sqlite::Connection> connection_;
  sqlite::Transaction transaction_;
};

// --- PostgreSQL --------------------------------------------------------------------------------

// One REPEATABLE READ READ ONLY transaction: every table is read in the snapshot of its first query.
// Rows come through a cursor, a batch at a time, so a large table is never held whole in memory.
class PgSource final : public Source {
 public:
  explicit PgSource(const std::string& uri) : connection_(pg::Connection::Open(uri)), snapshot_(*connection_) {
    connection_->Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  void Read(const Table& table, const Take& take) override {
    connection_->Exec(fmt::format("DECLARE copy_rows NO SCROLL CURSOR FOR {}", SelectSql(table, Dialect::postgresql)));
    const std::string fetch = fmt::format("FETCH {} FROM copy_rows", kBatchRows);
    Batch batch(table.columns.size());
    for (;;) {
      const pg::Rows rows = connection_->Run(fetch);
      if (rows.empty()) break;
      batch.Clear();
      for (int row = 0; row < rows.size(); ++row) {
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
          const int column = static_cast<int>(i);
          Value& value = batch.Add();
          if (rows.IsNull(row, column)) {
            value.null = true;
          } else if (table.columns[i].kind == Kind::integer) {
            value.integer = rows.Int(row, column);
          } else if (table.columns[i].kind == Kind::text) {
            value.bytes = rows.Text(row, column);
          } else {
            value.bytes = rows.Bytes(row, column);
          }
        }
      }
      take(batch);
    }
    connection_->Exec("CLOSE copy_rows");
  }

 private:
  std::unique_ptr<pg::Connection> connection_;
  pg::Transaction snapshot_;
};

// One transaction that first locks every table against writers (readers go on), so nobody adds
// a row between the emptiness check and the commit.
class PgTarget final : public Target {
 public:
  explicit PgTarget(const std::string& uri) : connection_(pg::Connection::Open(uri)), transaction_(*connection_) {
    std::string names;
    for (const Table& table : kTables) names += fmt::format("{}{}", names.empty() ? "" : ", ", table.name);
    connection_->Exec(fmt::format("LOCK TABLE {} IN EXCLUSIVE MODE", names));
  }

  std::int64_t CountRows(const Table& table) override { return connection_->Run(CountSql(table)).Int(0, 0); }

  // One INSERT of every row of the batch; ids of identity columns are taken as given.
  void Write(const Table& table, const Batch& batch) override {
    std::string rows;
    pg::Params params;
    int parameter = 0;
    for (std::size_t row = 0; row < batch.rows(); ++row) {
      rows += row == 0 ? "(" : ", (";
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Kind kind = table.columns[i].kind;
        rows += fmt::format("{}${}::{}", i == 0 ? "" : ", ", ++parameter,
                            kind == Kind::integer ? "bigint" : kind == Kind::text ? "text" : "bytea");
        const Value& value = batch.at(row, i);
        if (value.null) {
          params.AddNull();
        } else if (kind == Kind::integer) {
          params.Add(value.integer);
        } else if (kind == Kind::text) {
          params.Add(value.bytes);
        } else {
          params.AddBytes(value.bytes);
        }
      }
      rows += ")";
    }
    connection_->Run(fmt::format("INSERT INTO {} ({}){} VALUES {}", table.name, ColumnList(table, Dialect::postgresql),
                                 table.identity ? " OVERRIDING SYSTEM VALUE" : "", rows),
                     params);
  }

  // An identity column's sequence goes on after the largest id copied.
  void Finish(const Table& table) override {
    if (!table.identity) return;
    connection_->Run(fmt::format(
        "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), coalesce(max({2}), 0) + 1, false) FROM {0}", table.name,
        table.key, Name(table.key, Dialect::postgresql)));
  }

  // Running nodes keep seat counts while the seat version stands still (seat_cache.h): the copied
  // bookings move it on, as any seat change does.
  void Commit() override {
    connection_->Run("UPDATE seat_version SET value = value + 1 WHERE id = 1");
    transaction_.Commit();
  }

 private:
  std::unique_ptr<pg::Connection> connection_;
  pg::Transaction transaction_;
};

// --- Copying -----------------------------------------------------------------------------------

// Opens `db` the way every command does, creating or migrating its schema; closes it again.
Result<void> OpenWithSchema(const std::string& db, const std::string& field, const StoreOptions& options) {
  try {
    OpenStore(db, options);
    return {};
  } catch (const SchemaTooNew& error) {
    return engine::Problem(Error::invalid_request, field, error.what());
  } catch (const std::exception& error) {
    return engine::Problem(Error::internal, field, fmt::format("cannot be opened: {}", error.what()));
  }
}

std::unique_ptr<Source> OpenSource(const std::string& db, const StoreOptions& options) {
  if (IsPostgresUri(db)) return std::make_unique<PgSource>(db);
  return std::make_unique<SqliteSource>(db, options);
}

std::unique_ptr<Target> OpenTarget(const std::string& db, const StoreOptions& options) {
  if (IsPostgresUri(db)) return std::make_unique<PgTarget>(db);
  return std::make_unique<SqliteTarget>(db, options);
}

bool SameFile(const std::string& from, const std::string& to) {
  if (IsPostgresUri(from) || IsPostgresUri(to)) return false;
  std::error_code error;
  return std::filesystem::equivalent(from, to, error);
}

}  // namespace

std::int64_t CopyReport::total() const {
  std::int64_t sum = 0;
  for (const auto& [table, rows] : tables) sum += rows;
  return sum;
}

Result<CopyReport> CopyDatabase(const std::string& from, const std::string& to, const StoreOptions& options) {
  if (from == to || SameFile(from, to)) {
    return engine::Problem(Error::invalid_request, "to", "is the same database as the source");
  }
  if (std::error_code error; !IsPostgresUri(from) && !std::filesystem::exists(from, error)) {
    return engine::Problem(Error::invalid_request, "from", "does not exist");
  }
  if (auto opened = OpenWithSchema(from, "from", options); !opened) return opened.error();
  if (auto opened = OpenWithSchema(to, "to", options); !opened) return opened.error();

  std::string step = "opening the target";
  try {
    std::unique_ptr<Target> target = OpenTarget(to, options);
    step = "checking that the target is empty";
    std::vector<std::string> held;
    for (const Table& table : kTables) {
      const std::int64_t rows = target->CountRows(table);
      if (rows > 0) held.push_back(fmt::format("{} {}", table.name, rows));
    }
    if (!held.empty()) {
      return engine::Problem(Error::invalid_request, "to",
                             fmt::format("is not empty ({}): a database is copied only into an empty one",
                                         fmt::join(held, ", ")),
                             true);
    }
    step = "opening the source";
    std::unique_ptr<Source> source = OpenSource(from, options);
    CopyReport report;
    for (const Table& table : kTables) {
      step = fmt::format("copying {}", table.name);
      std::int64_t copied = 0;
      source->Read(table, [&](const Batch& batch) {
        target->Write(table, batch);
        copied += static_cast<std::int64_t>(batch.rows());
      });
      target->Finish(table);
      report.tables.emplace_back(table.name, copied);
    }
    step = "committing";
    target->Commit();
    return report;
  } catch (const std::exception& error) {
    // The target's transaction has been rolled back by now.
    return engine::Problem(Error::internal, "",
                           fmt::format("{} failed, nothing was written: {}", step, error.what()));
  }
}

}  // namespace sportello::storage
