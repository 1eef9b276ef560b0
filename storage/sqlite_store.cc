// SqliteStore: opening, the connection pool, desks and calendars, flags, audit, backup.
// Bookings live in sqlite_bookings.cc, applications in sqlite_applications.cc.
#include "storage/sqlite_store.h"

#include "logging/log.h"
#include "storage/desk_transaction.h"
#include "storage/schema.h"
#include "storage/secrets.h"
#include "storage/sqlite_outbox.h"
#include "storage/sqlite_rows.h"

#include <algorithm>
#include <system_error>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kPing = "SELECT 1";
inline constexpr std::string_view kDeskVersion = "SELECT version FROM desks WHERE id = ?1";
inline constexpr std::string_view kDeskRow =
    "SELECT calendar, self_booking, version, proof_of_work, proof_of_work_reads FROM desks WHERE id = ?1";
inline constexpr std::string_view kDeskIds = "SELECT id FROM desks ORDER BY id";
inline constexpr std::string_view kInsertDesk = R"(
INSERT INTO desks (id, calendar, self_booking, version, created_at, updated_at, proof_of_work, proof_of_work_reads)
VALUES (?1, ?2, ?3, 1, ?4, ?4, ?5, ?6))";
inline constexpr std::string_view kUpdateCalendar = R"(
UPDATE desks SET calendar = ?2, self_booking = ?3, version = version + 1, updated_at = ?4, proof_of_work = ?5,
  proof_of_work_reads = ?6 WHERE id = ?1)";
inline constexpr std::string_view kUpdateFlags = R"(
UPDATE desks SET self_booking = ?2, proof_of_work = ?3, proof_of_work_reads = ?4, version = version + 1,
  updated_at = ?5 WHERE id = ?1)";

inline constexpr std::string_view kSelectAudit = R"(
SELECT id, at, actor, desk, action, subject, before, after FROM audit
WHERE (?1 IS NULL OR desk = ?1) AND (?2 IS NULL OR id < ?2) AND (?4 IS NULL OR subject = ?4)
ORDER BY id DESC LIMIT ?3)";

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::filesystem::path& path, StoreOptions options) {
  InitSodium();
  const bool secret_given = !options.secret.empty();
  if (!secret_given) options.secret = NewSecret();
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, options));
  store->writer_ = sqlite::Connection::Open(path, true, options.busy_timeout);
  Migrate(*store->writer_);
  if (secret_given) SealClearOutboxTokens(*store->writer_, options.secret);
  return store;
}

SqliteStore::SqliteStore(std::filesystem::path path, StoreOptions options)
    : path_(std::move(path)), options_(options), book_queue_(kMaxBookingsPerCommit, options.gather_bookings) {}

SqliteStore::~SqliteStore() = default;

Result<void> SqliteStore::Ping() {
  return Read([](sqlite::Connection& connection) -> Result<void> {
    connection.QueryInt(kPing);
    return {};
  });
}

std::shared_ptr<const engine::DeskCalendar> SqliteStore::Calendar(sqlite::Connection& connection,
                                                                  std::string_view desk) {
  std::int64_t version = 0;
  {
    sqlite::Statement select = connection.Prepare(kDeskVersion);
    select.Bind(1, desk);
    if (!select.Step()) return nullptr;
    version = select.Int(0);
  }
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = calendars_.find(desk); it != calendars_.end() && it->second.version == version) {
      return it->second.calendar;
    }
  }
  sqlite::Statement select = connection.Prepare(kDeskRow);
  select.Bind(1, desk);
  if (!select.Step()) return nullptr;
  engine::Parsed<engine::DeskCalendar> parsed = engine::ParseCalendar(select.Text(0), nullptr);
  if (!parsed.ok()) {
    const std::string why = parsed.errors.empty() ? "" : parsed.errors.front().ToString();
    throw sqlite::SqliteError(SQLITE_CORRUPT, fmt::format("stored calendar of desk {} is invalid: {}", desk, why));
  }
  parsed.value->flags.self_booking = select.Int(1) != 0;
  parsed.value->flags.proof_of_work = select.Int(3) != 0;
  parsed.value->flags.proof_of_work_reads = select.Int(4) != 0;
  auto calendar = std::make_shared<const engine::DeskCalendar>(std::move(*parsed.value));
  version = select.Int(2);
  std::lock_guard lock(cache_mutex_);
  calendars_.insert_or_assign(std::string(desk), CachedCalendar{version, calendar});
  return calendar;
}

Result<std::vector<engine::DeskCalendar>> SqliteStore::LoadDesks() {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<engine::DeskCalendar>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    std::vector<std::string> ids;
    for (sqlite::Statement select = connection.Prepare(kDeskIds); select.Step();) ids.push_back(select.Text(0));
    std::vector<engine::DeskCalendar> desks;
    for (const std::string& id : ids) {
      if (auto calendar = Calendar(connection, id)) desks.push_back(*calendar);
    }
    return desks;
  });
}

Result<engine::DeskCalendar> SqliteStore::FindDesk(std::string_view desk) {
  auto shared = SharedDesk(desk);
  if (!shared) return shared.error();
  return **shared;
}

Result<std::shared_ptr<const engine::DeskCalendar>> SqliteStore::SharedDesk(std::string_view desk) {
  return Read([&](sqlite::Connection& connection) -> Result<std::shared_ptr<const engine::DeskCalendar>> {
    auto calendar = Calendar(connection, desk);
    if (!calendar) return Error::not_found;
    return calendar;
  });
}

// DeskTransaction on the writer connection inside an open transaction.
class SqliteDeskTransaction final : public DeskTransaction {
 public:
  SqliteDeskTransaction(sqlite::Connection& connection, SqliteStore& store) : store_(store), connection_(connection) {}

  std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) override {
    return store_.Calendar(connection_, desk);
  }

  std::vector<BookingRecord> BookedFrom(std::string_view desk, Instant now) override {
    std::vector<BookingRecord> bookings;
    static const std::string future_booked = fmt::format(
        "SELECT {} FROM bookings WHERE desk = ?1 AND status = 'booked' AND start >= ?2 ORDER BY start, code",
        kBookingColumns);
    sqlite::Statement select = connection_.Prepare(future_booked);
    select.Bind(1, desk).Bind(2, ToUnix(now));
    while (select.Step()) bookings.push_back(ReadBooking(select));
    return bookings;
  }

  void StoreCalendar(const engine::DeskCalendar& calendar, const engine::DeskCalendar* before,
                     std::string_view action, const Actor& actor, Instant now) override {
    const std::string json = engine::SerializeCalendar(calendar);
    connection_.Prepare(before != nullptr ? kUpdateCalendar : kInsertDesk)
        .Bind(1, calendar.desk)
        .Bind(2, json)
        .Bind(3, calendar.flags.self_booking ? 1 : 0)
        .Bind(4, ToUnix(now))
        .Bind(5, calendar.flags.proof_of_work ? 1 : 0)
        .Bind(6, calendar.flags.proof_of_work_reads ? 1 : 0)
        .Run();
    AppendAudit(connection_, now, actor.who, calendar.desk, action, calendar.desk,
                before != nullptr ? engine::SerializeCalendar(*before) : "", json);
  }

  void StoreFlags(std::string_view desk, const engine::DeskFlags& before, const engine::DeskFlags& after,
                  const Actor& actor, Instant now) override {
    connection_.Prepare(kUpdateFlags)
        .Bind(1, desk)
        .Bind(2, after.self_booking ? 1 : 0)
        .Bind(3, after.proof_of_work ? 1 : 0)
        .Bind(4, after.proof_of_work_reads ? 1 : 0)
        .Bind(5, ToUnix(now))
        .Run();
    for (const FlagAuditText& change : FlagChanges(before, after)) {
      AppendAudit(connection_, now, actor.who, desk, change.action, desk, change.before, change.after);
    }
  }

 private:
  SqliteStore& store_;
  sqlite::Connection& connection_;
};

Result<void> SqliteStore::ChangeDesk(const DeskChange& decide) {
  return RunDecision<SqliteDeskTransaction>(decide, *this);
}

Result<std::vector<AuditEntry>> SqliteStore::Audit(const AuditQuery& query) {
  if (query.limit < 1) return Error::invalid_request;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<AuditEntry>> {
    sqlite::Statement select = connection.Prepare(kSelectAudit);
    if (query.desk) {
      select.Bind(1, *query.desk);
    } else {
      select.BindNull(1);
    }
    if (query.before_id) {
      select.Bind(2, *query.before_id);
    } else {
      select.BindNull(2);
    }
    select.Bind(3, std::min(query.limit, kMaxAuditPage));
    if (query.subject) {
      select.Bind(4, *query.subject);
    } else {
      select.BindNull(4);
    }
    std::vector<AuditEntry> entries;
    while (select.Step()) {
      entries.push_back(AuditEntry{select.Int(0), FromUnix(select.Int(1)), select.Text(2), select.Text(3),
                                   select.Text(4), select.Text(5), select.Text(6), select.Text(7)});
    }
    return entries;
  });
}

Result<void> SqliteStore::Backup(const std::filesystem::path& out) {
  std::filesystem::path partial = out;
  partial += ".partial";
  return Read([&](sqlite::Connection& source) -> Result<void> {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    {
      auto target = sqlite::Connection::Open(partial, true, options_.busy_timeout);
      sqlite3_backup* backup = sqlite3_backup_init(target->get(), "main", source.get(), "main");
      if (backup == nullptr) sqlite::Throw(target->get(), SQLITE_ERROR, "backup init");
      // One step copies every page under one read transaction: a consistent snapshot, while
      // writers (WAL) carry on.
      const int step = sqlite3_backup_step(backup, -1);
      const int finish = sqlite3_backup_finish(backup);
      if (step != SQLITE_DONE) sqlite::Throw(nullptr, step, "backup step");
      if (finish != SQLITE_OK) sqlite::Throw(target->get(), finish, "backup finish");
      // A self-contained single file: no -wal beside it.
      target->Exec("PRAGMA journal_mode = DELETE");
      target->QueryInt("PRAGMA user_version");
    }
    std::error_code error;
    std::filesystem::rename(partial, out, error);
    if (error) {
      logging::Error("storage", "backup_failed",
                     "backup: cannot rename " + partial.string() + " to " + out.string() + ": " + error.message(),
                     {{"from", partial.string()}, {"to", out.string()}, {"error", error.message()}});
      std::filesystem::remove(partial, error);
      return Error::internal;
    }
    return {};
  });
}

}  // namespace sportello::storage
