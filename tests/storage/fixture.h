// Shared set-up for the storage tests: a temporary directory, a small inline desk calendar (so
// the tests do not depend on the shipped calendars/), a store with applications, and fixed
// instants (the store reads no clock).
#pragma once

#include "booking/applications.h"
#include "booking/attendance.h"
#include "booking/booking.h"
#include "booking/desks.h"
#include "engine/calendar.h"
#include "engine/slots.h"
#include "engine/time.h"
#include "storage/booking_transaction.h"
#include "storage/open_store.h"
#include "tests/support/test_database.h"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sportello::storage::testing {

using booking::BookRequest;

using engine::Instant;

inline constexpr std::string_view kTaxCode = "RSSMRA85T10A562S";  // valid personal code
inline constexpr std::string_view kType = "lavoro-documenti";
inline constexpr std::string_view kOtherType = "lavoro-nulla-osta";

// A fresh directory under $TMPDIR, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-storage-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

using sportello::testing::OnPostgres;

// A new, empty database for this test (tests/support/test_database.h).
inline std::string NewDatabase(const TempDir& dir, std::string_view name) {
  return sportello::testing::NewDatabase(dir.path(), name);
}

inline Instant At(std::string_view rfc3339) {
  auto instant = engine::ParseInstant(rfc3339);
  if (!instant) throw std::invalid_argument(std::string(rfc3339));
  return *instant;
}

// Monday 2 November 2026, 09:00 in Rome.
inline const Instant kNow = At("2026-11-02T09:00:00+01:00");
// Tuesday 10 November 2026 09:00 and 09:20 in Rome: inside the applicant window.
inline const Instant kSlot = At("2026-11-10T09:00:00+01:00");
inline const Instant kNextSlot = At("2026-11-10T09:20:00+01:00");

// Desk `desk` (province `province`) offering kType Mon–Fri 09:00–10:00 in 20-minute slots with
// `capacity` online and `staff_capacity` staff seats, and kOtherType on Mondays.
inline std::string CalendarJson(std::string_view desk = "roma", std::string_view province = "RM", int capacity = 2,
                                int staff_capacity = 1, bool self_booking = true) {
  return fmt::format(R"({{
  "desk": "{}", "name": "Sportello di prova", "province": "{}", "timezone": "Europe/Rome",
  "flags": {{ "self_booking": {} }},
  "types": {{
    "lavoro-documenti": {{
      "slot_minutes": 20, "horizon_days": 60, "min_notice_hours": 24, "cancel_notice_hours": 24,
      "weekly": [ {{ "days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "10:00",
                     "capacity": {}, "staff_capacity": {} }} ]
    }},
    "lavoro-nulla-osta": {{
      "slot_minutes": 30, "horizon_days": 60, "min_notice_hours": 24, "cancel_notice_hours": 24,
      "weekly": [ {{ "days": ["mon"], "from": "09:00", "to": "10:00", "capacity": 1 }} ]
    }}
  }}
}})",
                     desk, province, self_booking ? "true" : "false", capacity, staff_capacity);
}

inline engine::DeskCalendar ParseTestCalendar(const std::string& json) {
  auto parsed = engine::ParseCalendar(json, nullptr);
  if (!parsed.ok()) throw std::runtime_error("test calendar invalid: " + parsed.errors.front().ToString());
  return *parsed.value;
}

inline engine::DeskCalendar TestCalendar(int capacity = 2, int staff_capacity = 1, bool self_booking = true) {
  return ParseTestCalendar(CalendarJson("roma", "RM", capacity, staff_capacity, self_booking));
}

// Starts of every kType slot of TestCalendar() from kSlot's day to 31 December 2026 (inside the
// applicant window at kNow), in order.
inline std::vector<Instant> SlotStarts() {
  const engine::DeskCalendar calendar = TestCalendar();
  std::vector<Instant> starts;
  for (const engine::Slot& slot : engine::GenerateSlots(calendar, calendar.types.at(std::string(kType)),
                                                        date::year{2026} / 11 / 10, date::year{2026} / 12 / 31)) {
    starts.push_back(slot.start);
  }
  return starts;
}

inline engine::Application MakeApplication(std::string id, std::string desk = "roma",
                                           std::vector<std::string> types = {std::string(kType)}) {
  return engine::Application{std::move(id), std::move(desk), std::string(kTaxCode), "persona@example.org",
                             "+39 06 1234567", std::move(types), "In istruttoria"};
}

inline std::string AppId(int i) { return fmt::format("A-{:05}", i); }

inline BookRequest ApplicantRequest(std::string application_id, Instant start = kSlot) {
  BookRequest request;
  request.desk = "roma";
  request.type = std::string(kType);
  request.start = start;
  request.application_id = std::move(application_id);
  request.tax_code = std::string(kTaxCode);
  request.now = kNow;
  return request;
}

inline BookRequest StaffRequest(std::string application_id, Instant start = kSlot) {
  BookRequest request = ApplicantRequest(std::move(application_id), start);
  request.tax_code.clear();
  request.actor = Actor::Staff("mario");
  return request;
}

// A store on a fresh database with desk "roma" and applications A-00000 … A-(n-1).
struct StoreFixture {
  explicit StoreFixture(int applications = 20, engine::DeskCalendar calendar = TestCalendar()) {
    store = OpenStore(db);
    REQUIRE(booking::SeedDesk(*store, calendar, kNow).value());
    std::vector<engine::Application> list;
    for (int i = 0; i < applications; ++i) list.push_back(MakeApplication(AppId(i)));
    REQUIRE(booking::ImportApplications(*store, list, Actor::Cli(), kNow).has_value());
  }
  TempDir dir;
  std::string db = NewDatabase(dir, "sportello.db");  // the --db argument: a path or a URI
  std::unique_ptr<Store> store;
};

// Runs `write` in one booking transaction of `store` (BookingTransaction driven by hand, without the
// rules of booking/) and commits it.
template <class Write>
void Commit(Store& store, Write&& write) {
  auto committed = store.ChangeBooking([&](BookingTransaction& transaction) -> Result<BookingRecord> {
    write(transaction);
    return BookingRecord{};
  });
  REQUIRE(committed.has_value());
}

inline AuditQuery AuditOf(std::string desk, int limit = 100, std::optional<std::int64_t> before_id = std::nullopt) {
  AuditQuery query;
  query.desk = std::move(desk);
  query.limit = limit;
  query.before_id = before_id;
  return query;
}

// Runs a query that yields one integer, on its own connection, on either backend.
inline std::int64_t QueryInt(const std::string& db, const std::string& sql) {
  if (IsPostgresUri(db)) {
    const sportello::testing::PgResult result = sportello::testing::RunSql(db, sql);
    REQUIRE(PQntuples(result.get()) == 1);
    return std::stoll(PQgetvalue(result.get(), 0, 0));
  }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle(raw, &sqlite3_close);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

// Runs statements that return no rows, on their own connection, on either backend.
inline void ExecSql(const std::string& db, const std::string& sql) {
  if (IsPostgresUri(db)) {
    sportello::testing::RunSql(db, sql);
    return;
  }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle(raw, &sqlite3_close);
  INFO(sql);
  REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
}

// Makes every INSERT into `table` of `db` fail, as a full disk or a constraint would half-way.
inline void BreakInserts(const std::string& db, std::string_view table) {
  if (IsPostgresUri(db)) {
    ExecSql(db, fmt::format("CREATE FUNCTION break_{0}() RETURNS trigger LANGUAGE plpgsql AS "
                            "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; "
                            "CREATE TRIGGER break_{0} BEFORE INSERT ON {0} FOR EACH ROW EXECUTE FUNCTION break_{0}()",
                            table));
  } else {
    ExecSql(db, fmt::format(
                    "CREATE TRIGGER break_{0} BEFORE INSERT ON {0} BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                    table));
  }
}

// Undoes BreakInserts.
inline void RepairInserts(const std::string& db, std::string_view table) {
  ExecSql(db, IsPostgresUri(db) ? fmt::format("DROP TRIGGER break_{0} ON {0}; DROP FUNCTION break_{0}()", table)
                                : fmt::format("DROP TRIGGER break_{0}", table));
}

// An SQL condition true when `column` (text, or bytes when `bytes`) contains `needle` (plain
// letters and digits), in the dialect of `db`'s backend.
inline std::string ContainsSql(const std::string& db, std::string_view column, std::string_view needle,
                               bool bytes = false) {
  if (!IsPostgresUri(db)) return fmt::format("instr({}, '{}') > 0", column, needle);
  if (bytes) return fmt::format("position(convert_to('{}', 'UTF8') in {}) > 0", needle, column);
  return fmt::format("strpos({}, '{}') > 0", column, needle);
}

// PRAGMA integrity_check's first row ("ok" when the file is sound).
inline std::string IntegrityCheck(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle(raw, &sqlite3_close);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  std::string result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return result;
}

// The password of the staff accounts the storage and booking tests make.
inline constexpr std::string_view kStaffPassword = "correct horse battery";

// A store on a fresh database (NewDatabase) with the test desk, cheap password hashing and 8-hour
// sessions (staff tests).
inline std::unique_ptr<Store> FastStore(const std::string& db) {
  StoreOptions options;
  options.fast_password_hashing = true;
  options.session_lifetime = std::chrono::hours{8};
  auto store = OpenStore(db, options);
  REQUIRE(booking::SeedDesk(*store, TestCalendar(), kNow).has_value());
  return store;
}

}  // namespace sportello::storage::testing

namespace Catch {
template <>
struct StringMaker<sportello::engine::Error> {
  static std::string convert(sportello::engine::Error error) { return std::string(sportello::engine::ErrorCode(error)); }
};
template <>
struct StringMaker<sportello::storage::BookingStatus> {
  static std::string convert(sportello::storage::BookingStatus status) {
    return std::string(sportello::storage::StatusName(status));
  }
};
}  // namespace Catch
