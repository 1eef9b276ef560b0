// PgStore: opening, desks and calendars, flags, applications, audit. Bookings live in
// pg_bookings.cc, accounts in pg_users.cc, the outbox in pg_outbox.cc.
#include "storage/pg_store.h"

#include "storage/application_transaction.h"
#include "storage/desk_transaction.h"
#include "storage/pg_rows.h"
#include "storage/pg_schema.h"
#include "storage/retention_sql.h"
#include "storage/secrets.h"
#include "storage/system_sql.h"

#include <fmt/core.h>

#include <algorithm>
#include <set>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kDeskVersion = "SELECT version FROM desks WHERE id = $1";
inline constexpr std::string_view kDeskRow =
    "SELECT calendar, self_booking, version, proof_of_work, proof_of_work_reads FROM desks WHERE id = $1";
inline constexpr std::string_view kDeskIds = "SELECT id FROM desks ORDER BY id";
inline constexpr std::string_view kInsertDesk = R"(
INSERT INTO desks (id, calendar, self_booking, version, created_at, updated_at, proof_of_work, proof_of_work_reads)
VALUES ($1, $2, $3, 1, $4, $4, $5, $6))";
inline constexpr std::string_view kUpdateCalendar = R"(
UPDATE desks SET calendar = $2, self_booking = $3, version = version + 1, updated_at = $4, proof_of_work = $5,
  proof_of_work_reads = $6 WHERE id = $1)";
inline constexpr std::string_view kUpdateFlags = R"(
UPDATE desks SET self_booking = $2, proof_of_work = $3, proof_of_work_reads = $4, version = version + 1,
  updated_at = $5 WHERE id = $1)";
const std::string kFutureBooked =
    SelectPgBookingsSql("WHERE desk = $1 AND status = 'booked' AND start >= $2 ORDER BY start, code");
inline constexpr std::string_view kSelectAudit = R"(
SELECT id, at, actor, desk, action, subject, before, after FROM audit
WHERE ($1::text IS NULL OR desk = $1::text) AND ($2::bigint IS NULL OR id < $2::bigint)
  AND ($4::text IS NULL OR subject = $4::text)
ORDER BY id DESC LIMIT $3)";
inline constexpr std::string_view kApplicationExists = "SELECT 1 FROM applications WHERE id = $1";
inline constexpr std::string_view kInsertApplication = R"(
INSERT INTO applications (id, desk, tax_code, email, phone, types, status, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8))";
inline constexpr std::string_view kUpdateApplication = R"(
UPDATE applications SET desk = $2, tax_code = $3, email = $4, phone = $5, types = $6, status = $7, updated_at = $8
WHERE id = $1)";

// DeskTransaction inside an open transaction. The desk's lock, taken exclusive before the first
// read, waits for the bookings in flight at that desk and holds new ones until the commit.
class PgDeskTransaction final : public DeskTransaction {
 public:
  PgDeskTransaction(pg::Connection& connection, PgStore& store) : connection_(connection), store_(store) {}

  std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) override {
    LockDesk(desk);
    return store_.Calendar(connection_, desk);
  }

  std::vector<BookingRecord> BookedFrom(std::string_view desk, Instant now) override {
    LockDesk(desk);
    return ReadPgBookings(connection_.Run(kFutureBooked, pg::Params().Add(desk).Add(ToUnix(now))));
  }

  void StoreCalendar(const engine::DeskCalendar& calendar, const engine::DeskCalendar* before,
                     std::string_view action, const Actor& actor, Instant now) override {
    LockDesk(calendar.desk);
    const std::string json = engine::SerializeCalendar(calendar);
    connection_.Run(before != nullptr ? kUpdateCalendar : kInsertDesk,
                    pg::Params()
                        .Add(calendar.desk)
                        .Add(json)
                        .Add(calendar.flags.self_booking)
                        .Add(ToUnix(now))
                        .Add(calendar.flags.proof_of_work)
                        .Add(calendar.flags.proof_of_work_reads));
    AppendPgAudit(connection_, now, actor.who, calendar.desk, action, calendar.desk,
                  before != nullptr ? engine::SerializeCalendar(*before) : "", json);
  }

  void StoreFlags(std::string_view desk, const engine::DeskFlags& before, const engine::DeskFlags& after,
                  const Actor& actor, Instant now) override {
    LockDesk(desk);
    connection_.Run(kUpdateFlags, pg::Params()
                                      .Add(desk)
                                      .Add(after.self_booking)
                                      .Add(after.proof_of_work)
                                      .Add(after.proof_of_work_reads)
                                      .Add(ToUnix(now)));
    for (const FlagAuditText& change : FlagChanges(before, after)) {
      AppendPgAudit(connection_, now, actor.who, desk, change.action, desk, change.before, change.after);
    }
  }

 private:
  void LockDesk(std::string_view desk) {
    if (locked_.insert(std::string(desk)).second) LockPg(connection_, fmt::format("desk|{}", desk));
  }

  pg::Connection& connection_;
  PgStore& store_;
  std::set<std::string, std::less<>> locked_;
};

// ApplicationTransaction inside an open transaction. Two imports of one id at once: the second
// insert meets the primary key, and the whole import runs again (then as an update).
class PgApplicationTransaction final : public ApplicationTransaction {
 public:
  PgApplicationTransaction(pg::Connection& connection, PgStore&) : connection_(connection) {}

  bool DeskExists(std::string_view desk) override { return PgDeskExists(connection_, desk); }

  bool ApplicationExists(std::string_view id) override {
    return !connection_.Run(kApplicationExists, pg::Params().Add(id)).empty();
  }

  std::optional<std::string> StatusOf(std::string_view id) override {
    static const std::string kSelectStatus = PgPlaceholders(system_sql::kSelectStatus);
    pg::Rows rows = connection_.Run(kSelectStatus, pg::Params().Add(id));
    if (rows.empty()) return std::nullopt;
    return rows.Text(0, 0);
  }

  std::optional<std::int64_t> AppendEvent(const engine::StatusEvent& event, const Actor& actor,
                                          Instant now) override {
    static const std::string kInsertEvent = PgPlaceholders(system_sql::kInsertEvent);
    pg::Params params;
    params.Add(event.application_id).Add(event.code);
    for (const engine::Language language : engine::kLanguages) params.Add(event.text.In(language));
    params.Add(ToUnix(event.at)).Add(ToUnix(now)).Add(actor.who);
    const pg::Rows inserted = connection_.Run(kInsertEvent, params);
    if (inserted.empty()) return std::nullopt;
    return inserted.Int(0, 0);
  }

  void QueueStatusEventNotice(const StatusEventNotice& notice, Instant now) override {
    EnqueuePgStatusEventNotice(connection_, notice, now);
  }

  void StoreApplication(const engine::Application& application, bool exists, Instant now) override {
    connection_.Run(exists ? kUpdateApplication : kInsertApplication, pg::Params()
                                                                          .Add(application.id)
                                                                          .Add(application.desk)
                                                                          .Add(application.tax_code)
                                                                          .Add(application.email)
                                                                          .Add(application.phone)
                                                                          .Add(JoinTypes(application.types))
                                                                          .Add(application.status)
                                                                          .Add(ToUnix(now)));
    StorePgListings(connection_, application, now);
  }

  void AuditImport(const UpsertCounts& counts, const Actor& actor, Instant now) override {
    AppendPgAudit(connection_, now, actor.who, "", "applications.import", "", "", ImportJson(counts));
  }

 private:
  pg::Connection& connection_;
};

}  // namespace

std::unique_ptr<PgStore> PgStore::Open(const std::string& uri, StoreOptions options) {
  InitSodium();
  const bool secret_given = !options.secret.empty();
  if (!secret_given) options.secret = NewSecret();
  std::unique_ptr<PgStore> store(new PgStore(uri, options));
  std::unique_ptr<pg::Connection> connection = pg::Connection::Open(uri);
  MigratePg(*connection);
  if (secret_given) SealClearPgOutboxTokens(*connection, options.secret);
  std::lock_guard lock(store->pool_mutex_);
  store->idle_.push_back(std::move(connection));
  store->open_ = 1;
  return store;
}

PgStore::PgStore(std::string uri, StoreOptions options) : uri_(std::move(uri)), options_(options) {
  options_.max_connections = std::max<std::size_t>(options_.max_connections, 1);
}

PgStore::~PgStore() = default;

Result<void> PgStore::Ping() {
  return Run([](pg::Connection& connection) -> Result<void> {
    connection.Run("SELECT 1");
    return {};
  });
}

std::shared_ptr<const engine::DeskCalendar> PgStore::Calendar(pg::Connection& connection, std::string_view desk) {
  {
    pg::Rows version = connection.Run(kDeskVersion, pg::Params().Add(desk));
    if (version.empty()) return nullptr;
    std::lock_guard lock(cache_mutex_);
    if (auto it = calendars_.find(desk); it != calendars_.end() && it->second.version == version.Int(0, 0)) {
      return it->second.calendar;
    }
  }
  pg::Rows row = connection.Run(kDeskRow, pg::Params().Add(desk));
  if (row.empty()) return nullptr;
  engine::Parsed<engine::DeskCalendar> parsed = engine::ParseCalendar(row.Text(0, 0), nullptr);
  if (!parsed.ok()) {
    const std::string why = parsed.errors.empty() ? "" : parsed.errors.front().ToString();
    throw pg::PgError("XX001", fmt::format("stored calendar of desk {} is invalid: {}", desk, why));
  }
  parsed.value->flags.self_booking = row.Int(0, 1) != 0;
  parsed.value->flags.proof_of_work = row.Int(0, 3) != 0;
  parsed.value->flags.proof_of_work_reads = row.Int(0, 4) != 0;
  auto calendar = std::make_shared<const engine::DeskCalendar>(std::move(*parsed.value));
  std::lock_guard lock(cache_mutex_);
  calendars_.insert_or_assign(std::string(desk), CachedCalendar{row.Int(0, 2), calendar});
  return calendar;
}

Result<std::vector<engine::DeskCalendar>> PgStore::LoadDesks() {
  return Run([&](pg::Connection& connection) -> Result<std::vector<engine::DeskCalendar>> {
    pg::Transaction snapshot(connection);
    connection.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    pg::Rows ids = connection.Run(kDeskIds);
    std::vector<engine::DeskCalendar> desks;
    for (int row = 0; row < ids.size(); ++row) {
      if (auto calendar = Calendar(connection, ids.Text(row, 0))) desks.push_back(*calendar);
    }
    snapshot.Commit();
    return desks;
  });
}

Result<engine::DeskCalendar> PgStore::FindDesk(std::string_view desk) {
  auto shared = SharedDesk(desk);
  if (!shared) return shared.error();
  return **shared;
}

Result<std::shared_ptr<const engine::DeskCalendar>> PgStore::SharedDesk(std::string_view desk) {
  return Run([&](pg::Connection& connection) -> Result<std::shared_ptr<const engine::DeskCalendar>> {
    auto calendar = Calendar(connection, desk);
    if (!calendar) return Error::not_found;
    return calendar;
  });
}

Result<void> PgStore::ChangeDesk(const DeskChange& decide) { return RunDecision<PgDeskTransaction>(decide); }

Result<UpsertCounts> PgStore::ChangeApplications(const ApplicationChange& decide) {
  return RunDecision<PgApplicationTransaction>(decide);
}

Result<engine::Application> PgStore::FindApplication(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<engine::Application> {
    std::optional<engine::Application> application = SelectPgApplication(connection, id);
    if (!application) return Error::not_found;
    return std::move(*application);
  });
}

Result<std::vector<AuditEntry>> PgStore::Audit(const AuditQuery& query) {
  if (query.limit < 1) return Error::invalid_request;
  return Run([&](pg::Connection& connection) -> Result<std::vector<AuditEntry>> {
    pg::Rows rows = connection.Run(
        kSelectAudit, pg::Params().Add(query.desk).Add(query.before_id).Add(std::min(query.limit, kMaxAuditPage)).Add(query.subject));
    std::vector<AuditEntry> entries;
    for (int row = 0; row < rows.size(); ++row) {
      entries.push_back(AuditEntry{rows.Int(row, 0), FromUnix(rows.Int(row, 1)), rows.Text(row, 2), rows.Text(row, 3),
                                   rows.Text(row, 4), rows.Text(row, 5), rows.Text(row, 6), rows.Text(row, 7)});
    }
    return entries;
  });
}

Result<void> PgStore::Backup(const std::filesystem::path&) {
  return engine::Problem(Error::invalid_request, "",
                         "a PostgreSQL database is backed up with pg_dump (see docs/operations.md)");
}

}  // namespace sportello::storage
