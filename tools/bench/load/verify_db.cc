#include "tools/bench/load/verify_db.h"

#include <sqlite3.h>

#include <memory>

namespace sportello::bench {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

inline constexpr std::string_view kBookedPerSlot = R"(
SELECT start, COUNT(*) FROM bookings
WHERE desk = ?1 AND type = ?2 AND status = 'booked' AND start >= ?3 AND start < ?4
GROUP BY start)";

inline constexpr std::string_view kBookingByCode = R"(
SELECT desk, type, start, status, application_id FROM bookings WHERE code = ?1)";

Stmt Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  return Stmt(raw);
}

void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string_view ColumnText(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text == nullptr ? std::string_view{} : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

void CheckCapacity(sqlite3* db, const BenchDesk& desk, const SurgeOptions& surge, DbVerification& out) {
  const date::sys_days from = date::sys_days{*engine::ParseDate(surge.from)} - date::days{1};
  const date::sys_days to = date::sys_days{*engine::ParseDate(surge.to)} + date::days{1};
  const auto capacities = SlotCapacities(desk, engine::Date{from}, engine::Date{to});
  const Stmt stmt = Prepare(db, kBookedPerSlot);
  BindText(stmt.get(), 1, surge.desk);
  BindText(stmt.get(), 2, surge.type);
  const date::time_zone& zone = *desk.calendar.zone;
  sqlite3_bind_int64(stmt.get(), 3, engine::StartOfLocalDay(engine::Date{from}, zone).time_since_epoch().count());
  sqlite3_bind_int64(stmt.get(), 4, engine::StartOfLocalDay(engine::Date{to + date::days{1}}, zone).time_since_epoch().count());
  while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
    const std::int64_t start = sqlite3_column_int64(stmt.get(), 0);
    const std::int64_t count = sqlite3_column_int64(stmt.get(), 1);
    out.booked_rows += static_cast<std::uint64_t>(count);
    const auto capacity = capacities.find(start);
    if (capacity == capacities.end()) {
      out.off_calendar += static_cast<std::uint64_t>(count);
    } else if (count > capacity->second) {
      ++out.overbooked_slots;
    }
  }
}

void CheckAcknowledged(sqlite3* db, const SurgeOptions& surge, const std::vector<Acknowledged>& acknowledged,
                       DbVerification& out) {
  const Stmt stmt = Prepare(db, kBookingByCode);
  for (const Acknowledged& booking : acknowledged) {
    sqlite3_reset(stmt.get());
    BindText(stmt.get(), 1, booking.code);
    const bool stored = sqlite3_step(stmt.get()) == SQLITE_ROW && ColumnText(stmt.get(), 0) == surge.desk &&
                        ColumnText(stmt.get(), 1) == surge.type &&
                        sqlite3_column_int64(stmt.get(), 2) == UnixSeconds(booking.start).value_or(-1) &&
                        ColumnText(stmt.get(), 3) == "booked" && ColumnText(stmt.get(), 4) == booking.application_id;
    ++(stored ? out.acknowledged_stored : out.acknowledged_missing);
  }
}

}  // namespace

DbVerification VerifyThroughDatabase(const std::filesystem::path& path, const BenchDesk& desk,
                                     const SurgeOptions& surge, const std::vector<Acknowledged>& acknowledged) {
  DbVerification out;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  const Db db(raw);
  if (rc != SQLITE_OK) {
    out.problem = "cannot open " + path.string() + ": " + sqlite3_errstr(rc);
    return out;
  }
  sqlite3_busy_timeout(db.get(), 10'000);
  try {
    // One read transaction: both checks see the same committed state.
    sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
    CheckCapacity(db.get(), desk, surge, out);
    CheckAcknowledged(db.get(), surge, acknowledged, out);
    sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
  } catch (const std::exception& error) {
    out.problem = path.string() + ": " + error.what();
    return out;
  }
  out.opened = true;
  if (out.booked_rows > out.acknowledged_stored) out.stored_unacknowledged = out.booked_rows - out.acknowledged_stored;
  return out;
}

}  // namespace sportello::bench
