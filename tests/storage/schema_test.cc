// Schema migrations, seeding desks and backups on real files.
#include "booking/applications.h"
#include "fixture.h"

#include "storage/schema.h"
#include "storage/sqlite_db.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("a new file gets the current schema, WAL and the constraints", "[sqlite]") {
  TempDir dir;
  auto store = OpenStore(dir / "new.db");
  CHECK(QueryInt(dir / "new.db", "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(dir / "new.db", "SELECT count(*) FROM sqlite_master WHERE name = 'bookings_one_active'") == 1);
  auto connection = sqlite::Connection::Open(dir / "new.db", false, std::chrono::milliseconds{1000});
  sqlite::Statement mode = connection->Prepare("PRAGMA journal_mode");
  REQUIRE(mode.Step());
  CHECK(mode.Text(0) == "wal");
  CHECK(connection->QueryInt("PRAGMA foreign_keys") == 1);
  CHECK(connection->QueryInt("PRAGMA synchronous") == 2);  // FULL
  CHECK(store->Ping().has_value());
}

TEST_CASE("a file of schema version 1 is upgraded in place, its data kept", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v1.db";
  {
    auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
    Migrate(*connection, 1);
    REQUIRE(SchemaVersion(*connection) == 1);
    connection->Prepare("INSERT INTO desks (id, calendar, self_booking, created_at, updated_at) VALUES (?1, ?2, 1, 0, 0)")
        .Bind(1, "roma")
        .Bind(2, CalendarJson())
        .Run();
    connection->Exec(
        "INSERT INTO applications VALUES ('A-1', 'roma', 'RSSMRA85T10A562S', '', '', 'lavoro-documenti', 'x', 0);"
        "INSERT INTO bookings VALUES ('RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, 1794298800, "
        "'booked', 'online', 'A-1', '', '', 'it', x'00', 0, 'applicant', 0);");
    CHECK(connection->QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'users'") == 0);
  }
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'users'") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'bookings_application'") == 1);
  auto booking = store->FindBooking("RM-AAAA-BBBB-CCCC");
  REQUIRE(booking.has_value());
  CHECK(booking->application_id == "A-1");
  CHECK(store->FindDesk("roma")->province == "RM");
  CHECK(IntegrityCheck(path) == "ok");
}

TEST_CASE("schema 8 rebuilds the accounts and the outbox to allow kiosks and feedback, keeping every row", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v7.db";
  {
    auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
    Migrate(*connection, 7);
    connection->Prepare("INSERT INTO desks (id, calendar, self_booking, created_at, updated_at) VALUES (?1, ?2, 1, 0, 0)")
        .Bind(1, "roma")
        .Bind(2, CalendarJson())
        .Run();
    connection->Exec(
        "INSERT INTO users VALUES ('op.roma', 'hash', 'operator', 'roma', 5, 0);"
        "INSERT INTO users VALUES ('admin', 'hash', 'admin', NULL, 6, 1);"
        "INSERT INTO sessions VALUES (x'0102', 'op.roma', 10, 4102444800);"
        "INSERT INTO applications VALUES ('A-1', 'roma', 'RSSMRA85T10A562S', '', '', 'lavoro-documenti', 'x', 0);"
        "INSERT INTO bookings VALUES ('RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, 1794298800, "
        "'attended', 'online', 'A-1', '', '', 'it', x'00', 0, 'applicant', 0);"
        "INSERT INTO notifications (id, kind, booking_code, desk, type, start, end, recipient, lang, sequence, status, "
        "created_at) VALUES (41, 'confirmation', 'RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, "
        "1794298800, 'a@example.org', 'it', 0, 'queued', 3);");
    CHECK_THROWS(connection->Exec("INSERT INTO users VALUES ('kiosk.roma', 'hash', 'kiosk', 'roma', 7, 0)"));
  }
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM users WHERE username = 'admin' AND disabled = 1 AND desk IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sessions WHERE username = 'op.roma' AND expires_at = 4102444800") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('users_v8', 'sessions_v8')") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'sessions_expiry'") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE id = 41 AND kind = 'confirmation' AND status = 'queued'") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('notifications_due', 'notifications_booking', "
                       "'notifications_one_reminder')") == 3);
  auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
  connection->Exec("INSERT INTO users VALUES ('kiosk.roma', 'hash', 'kiosk', 'roma', 7, 0)");
  connection->Exec(
      "INSERT INTO notifications (kind, booking_code, desk, type, start, end, recipient, lang, sequence, status, "
      "created_at) VALUES ('feedback', 'RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, 1794298800, "
      "'a@example.org', 'it', 0, 'queued', 4)");
  CHECK(connection->QueryInt("SELECT max(id) FROM notifications") == 42);  // ids go on from the kept rows
  CHECK_THROWS(connection->Exec("INSERT INTO users VALUES ('x.roma', 'hash', 'visitor', 'roma', 7, 0)"));
  connection->Exec("DELETE FROM users WHERE username = 'op.roma'");  // the sessions still follow their account
  CHECK(connection->QueryInt("SELECT count(*) FROM sessions") == 0);
  CHECK(IntegrityCheck(path) == "ok");
}

// A file of schema version 8 with a row in every table that refers to bookings.
void FillVersion8(const std::filesystem::path& path) {
  auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
  Migrate(*connection, 8);
  connection->Prepare("INSERT INTO desks (id, calendar, self_booking, created_at, updated_at) VALUES (?1, ?2, 1, 0, 0)")
      .Bind(1, "roma")
      .Bind(2, CalendarJson())
      .Run();
  connection->Exec(
      "INSERT INTO applications VALUES ('A-1', 'roma', 'RSSMRA85T10A562S', '', '', 'lavoro-documenti|lavoro-nulla-osta',"
      " 'x', 77);"
      "INSERT INTO applications VALUES ('A-2', 'roma', 'RSSMRA85T10A562S', '', '', '', 'x', 78);"
      "INSERT INTO bookings VALUES ('RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, 1794298800, "
      "'attended', 'online', 'A-1', 'a@example.org', '', 'it', x'00', 0, 'applicant', 5);"
      "INSERT INTO bookings VALUES ('RM-AAAA-BBBB-DDDD', 'roma', 'lavoro-nulla-osta', 1794297600, 1794299400, "
      "'booked', 'staff', 'A-1', '', '+39 06', 'en', x'0102', 1, 'staff:mario', 6);"
      "INSERT INTO idempotency_keys VALUES (x'aa', x'bb', 'RM-AAAA-BBBB-CCCC', x'cc', 2);"
      "INSERT INTO notifications (id, kind, booking_code, desk, type, start, end, recipient, lang, sequence, status, "
      "created_at) VALUES (41, 'feedback', 'RM-AAAA-BBBB-CCCC', 'roma', 'lavoro-documenti', 1794297600, "
      "1794298800, 'a@example.org', 'it', 1, 'queued', 3);"
      "INSERT INTO feedback VALUES ('RM-AAAA-BBBB-CCCC', 5, 'ottimo', 4);"
      "INSERT INTO tickets (id, desk, day, sequence, booking_code, application_id, appointment, urgent, state, counter,"
      " calls, checked_in_at) VALUES ('T1', 'roma', '2026-11-10', 1, 'RM-AAAA-BBBB-CCCC', 'A-1', 1794297600, 0, "
      "'done', '1', 1, 1794297000);");
}

TEST_CASE("schema 9 rebuilds bookings and the outbox for released bookings and offers, keeping every row",
          "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v8.db";
  FillVersion8(path);
  const std::int64_t version_before = QueryInt(path, "SELECT value FROM seat_version");
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM bookings") == 2);
  CHECK(QueryInt(path, "SELECT count(*) FROM bookings WHERE code = 'RM-AAAA-BBBB-DDDD' AND status = 'booked' "
                       "AND channel = 'staff' AND phone = '+39 06' AND token_hash = x'0102' AND updated_at = 6 "
                       "AND confirmed_at IS NULL AND reconfirm_asked_at IS NULL AND reconfirm_reminded_at IS NULL "
                       "AND sealed_token IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM idempotency_keys WHERE booking_code = 'RM-AAAA-BBBB-CCCC'") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE id = 41 AND kind = 'feedback' AND sequence = 1 "
                       "AND waitlist_id IS NULL AND offer_expires_at IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM feedback") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM tickets") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v9%'") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('bookings_one_active', "
                       "'bookings_application', 'bookings_desk_slot', 'sqlite_autoindex_bookings_1', "
                       "'notifications_due', 'notifications_booking', 'notifications_one_reminder', "
                       "'bookings_seat_insert', 'bookings_seat_update', 'bookings_seat_delete')") == 10);
  CHECK(QueryInt(path, "SELECT value FROM seat_version") > version_before);
  // Each application lists its types since it was last imported.
  CHECK(QueryInt(path, "SELECT count(*) FROM application_types") == 2);
  CHECK(QueryInt(path, "SELECT count(*) FROM application_types WHERE application_id = 'A-1' AND since = 77 "
                       "AND convened_at IS NULL AND type IN ('lavoro-documenti', 'lavoro-nulla-osta')") == 2);
  CHECK(IntegrityCheck(path) == "ok");

  auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
  CHECK(connection->QueryInt("PRAGMA foreign_keys") == 1);
  CHECK_FALSE(connection->Prepare("PRAGMA foreign_key_check").Step());
  // The tables that refer to bookings follow the new one, and the constraints hold again.
  CHECK_THROWS(connection->Exec("INSERT INTO feedback VALUES ('RM-0000-0000-0000', 5, '', 4)"));
  CHECK_THROWS(connection->Exec("DELETE FROM bookings WHERE code = 'RM-AAAA-BBBB-CCCC'"));
  CHECK_THROWS(connection->Exec("UPDATE bookings SET status = 'lost' WHERE code = 'RM-AAAA-BBBB-DDDD'"));
  connection->Exec("UPDATE bookings SET status = 'released' WHERE code = 'RM-AAAA-BBBB-DDDD'");
  CHECK(store->FindBooking("RM-AAAA-BBBB-DDDD")->status == BookingStatus::released);
  // The seat triggers came back with the table.
  const std::int64_t version = connection->QueryInt("SELECT value FROM seat_version");
  connection->Exec("UPDATE bookings SET status = 'booked' WHERE code = 'RM-AAAA-BBBB-DDDD'");
  CHECK(connection->QueryInt("SELECT value FROM seat_version") == version + 1);
  // A message is about a booking or a waitlist entry: exactly one of them.
  CHECK_THROWS(connection->Exec(
      "INSERT INTO notifications (kind, desk, type, start, end, recipient, lang, sequence, status, created_at) "
      "VALUES ('offer', 'roma', 'lavoro-documenti', 1, 2, '', 'it', 0, 'no_address', 5)"));
  connection->Exec(
      "INSERT INTO notifications (kind, booking_code, desk, type, start, end, recipient, lang, sequence, status, "
      "created_at) VALUES ('released', 'RM-AAAA-BBBB-DDDD', 'roma', 'lavoro-nulla-osta', 1, 2, '', 'it', 0, "
      "'no_address', 5)");
  CHECK(connection->QueryInt("SELECT max(id) FROM notifications") == 42);
}

TEST_CASE("schema 12 rebuilds the outbox for messages about a draw request, keeping every row", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v11.db";
  FillVersion8(path);
  {
    auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
    Migrate(*connection, 11);
    connection->Exec(
        "INSERT INTO waitlist VALUES ('W-1', 1, 'roma', 'lavoro-documenti', 'A-2', NULL, 'w@example.org', 'es', "
        "'offered', 1794297600, 1794298800, 1794290000, x'01', x'02', 7, 8);"
        "INSERT INTO notifications (id, kind, waitlist_id, desk, type, start, end, recipient, lang, sequence, status, "
        "created_at, offer_expires_at) VALUES (42, 'offer', 'W-1', 'roma', 'lavoro-documenti', 1794297600, "
        "1794298800, 'w@example.org', 'es', 0, 'queued', 9, 1794290000);"
        "INSERT INTO releases VALUES ('roma', 'lavoro-documenti', '2026-12', 1, 2, x'03', 'hash', 3, 1);"
        "INSERT INTO draw_requests VALUES ('D-1', 'roma', 'lavoro-documenti', '2026-12', 'A-2', 'any', 'fr', x'04', "
        "'lost', 2, NULL, 1, 3);");
  }
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications") == 2);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE id = 41 AND kind = 'feedback' "
                       "AND booking_code = 'RM-AAAA-BBBB-CCCC' AND draw_request_id IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE id = 42 AND kind = 'offer' AND waitlist_id = 'W-1' "
                       "AND offer_expires_at = 1794290000 AND draw_request_id IS NULL AND draw_size IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM draw_requests WHERE id = 'D-1' AND sealed_token IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v12%'") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('notifications_due', "
                       "'notifications_booking', 'notifications_one_reminder', 'notifications_waitlist', "
                       "'notifications_draw_request')") == 5);
  CHECK(IntegrityCheck(path) == "ok");

  // A request stored before keeps no token: its message is queued without one (the link asks for it).
  DrawRequestRecord lost{.id = "D-1",
                         .desk = "roma",
                         .type = "lavoro-documenti",
                         .month = date::year{2026} / 12,
                         .application_id = "A-2",
                         .preferences = {"any"},
                         .lang = "fr",
                         .state = DrawRequestState::lost,
                         .order = 2,
                         .booking_code = "",
                         .created_at = Instant{std::chrono::seconds{1}},
                         .updated_at = Instant{std::chrono::seconds{3}}};
  Commit(*store, [&](BookingTransaction& transaction) { transaction.EnqueueDrawLost(lost, 2, kNow); });
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE kind = 'draw_lost' AND draw_request_id = 'D-1' "
                       "AND draw_size = 2 AND manage_token IS NULL AND booking_code IS NULL AND waitlist_id IS NULL "
                       "AND recipient = '' AND status = 'no_address'") == 1);

  auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
  CHECK_FALSE(connection->Prepare("PRAGMA foreign_key_check").Step());
  // A message is about exactly one of a booking, a waitlist entry and a draw request.
  CHECK_THROWS(connection->Exec(
      "INSERT INTO notifications (kind, booking_code, draw_request_id, desk, type, start, end, recipient, lang, "
      "sequence, status, created_at) VALUES ('draw_lost', 'RM-AAAA-BBBB-CCCC', 'D-1', 'roma', 'lavoro-documenti', 1, "
      "1, '', 'it', 0, 'no_address', 5)"));
  CHECK_THROWS(connection->Exec(
      "INSERT INTO notifications (kind, desk, type, start, end, recipient, lang, sequence, status, created_at) "
      "VALUES ('draw_lost', 'roma', 'lavoro-documenti', 1, 1, '', 'it', 0, 'no_address', 5)"));
  CHECK_THROWS(connection->Exec(  // the request must exist
      "INSERT INTO notifications (kind, draw_request_id, desk, type, start, end, recipient, lang, sequence, status, "
      "created_at) VALUES ('draw_lost', 'D-GONE', 'roma', 'lavoro-documenti', 1, 1, '', 'it', 0, 'no_address', 5)"));
  CHECK(connection->QueryInt("SELECT max(id) FROM notifications") == 43);  // ids go on from the kept rows
}

TEST_CASE("schema 15 gives each booking made before the listing it was made under, when still there", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v13.db";
  FillVersion8(path);
  {
    auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
    Migrate(*connection, 13);
    // A-1 lists both types since its import (77). Its lavoro-documenti booking (made at 0) was made
    // under a listing since 0; its lavoro-nulla-osta booking (made at 1) predates the listing of now.
    connection->Exec(
        "UPDATE application_types SET since = 0 WHERE application_id = 'A-1' AND type = 'lavoro-documenti'");
  }
  const std::int64_t version_before = QueryInt(path, "SELECT value FROM seat_version");
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM bookings WHERE code = 'RM-AAAA-BBBB-CCCC' AND bookable_since = 0") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM bookings WHERE code = 'RM-AAAA-BBBB-DDDD' AND bookable_since IS NULL") ==
        1);
  CHECK(QueryInt(path, "SELECT value FROM seat_version") == version_before);  // no seat changed
  CHECK(IntegrityCheck(path) == "ok");
}

TEST_CASE("schema 16 rebuilds the outbox for messages about a status event, keeping every row", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "v15.db";
  FillVersion8(path);
  {
    auto connection = sqlite::Connection::Open(path, true, std::chrono::milliseconds{1000});
    Migrate(*connection, 15);
    connection->Exec(
        "INSERT INTO application_events VALUES (7, 'A-2', 'nulla_osta_issued', 'Pronto', 'Ready', 'Prêt', 'Listo', 5, "
        "6, 'key:spi');"
        "INSERT INTO application_events VALUES (9, 'A-2', 'rejected', 'No', 'No', 'Non', 'No', 7, 8, 'key:spi')");
  }
  auto store = OpenStore(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE id = 41 AND kind = 'feedback' "
                       "AND booking_code = 'RM-AAAA-BBBB-CCCC' AND question_id IS NULL AND event_id IS NULL") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v16%'") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('notifications_due', "
                       "'notifications_booking', 'notifications_one_reminder', 'notifications_waitlist', "
                       "'notifications_draw_request', 'notifications_question', 'notifications_event')") == 7);
  CHECK(IntegrityCheck(path) == "ok");

  auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
  connection->Exec("PRAGMA foreign_keys = ON");
  const std::string insert =
      "INSERT INTO notifications (kind, {}, desk, type, start, end, recipient, lang, sequence, status, created_at) "
      "VALUES ('status_event', {}, 'roma', 'nulla_osta_issued', 5, 5, '', 'it', 0, 'no_address', 5)";
  connection->Exec(fmt::format(fmt::runtime(insert), "event_id", "7"));
  CHECK_THROWS(connection->Exec(fmt::format(fmt::runtime(insert), "event_id", "7")));  // one message per event
  CHECK_THROWS(connection->Exec(fmt::format(fmt::runtime(insert), "event_id", "8")));  // the event must exist
  CHECK_THROWS(connection->Exec(  // about exactly one thing
      fmt::format(fmt::runtime(insert), "event_id, booking_code", "9, 'RM-AAAA-BBBB-CCCC'")));
  CHECK(QueryInt(path, "SELECT count(*) FROM notifications WHERE kind = 'status_event' AND event_id = 7") == 1);
}

TEST_CASE("a migration that would leave a row referring to nothing is not applied", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "broken.db";
  FillVersion8(path);
  {
    auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
    connection->Exec("PRAGMA foreign_keys = OFF");
    connection->Exec("INSERT INTO feedback VALUES ('RM-GONE-GONE-GONE', 3, '', 4)");  // a row a bug left behind
  }
  try {
    OpenStore(path);
    FAIL("migrated a file with a dangling row");
  } catch (const sqlite::SqliteError& error) {
    CHECK_THAT(error.what(), Catch::Contains("migration 9"));
    CHECK_THAT(error.what(), Catch::Contains("feedback"));
  }
  CHECK(QueryInt(path, "PRAGMA user_version") == 8);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'waitlist'") == 0);
  CHECK(QueryInt(path, "SELECT count(*) FROM bookings") == 2);
}

TEST_CASE("bookings keep only the indexes that a query or a rule needs", "[sqlite]") {
  TempDir dir;
  auto store = OpenStore(dir / "new.db");
  auto connection = sqlite::Connection::Open(dir / "new.db", false, std::chrono::milliseconds{1000});
  sqlite::Statement indexes =
      connection->Prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bookings' ORDER BY name");
  std::vector<std::string> names;
  while (indexes.Step()) names.emplace_back(indexes.Text(0));
  // The primary key (code), one active booking per type, an applicant's bookings, the desk's slots.
  CHECK(names == std::vector<std::string>{"bookings_application", "bookings_desk_slot", "bookings_one_active",
                                          "sqlite_autoindex_bookings_1"});
  const auto plan = [&](std::string_view query) {
    sqlite::Statement explain = connection->Prepare(fmt::format("EXPLAIN QUERY PLAN {}", query));
    std::string text;
    while (explain.Step()) text += fmt::format("{}\n", explain.Text(3));
    return text;
  };
  // A seat count reads the index alone; the reminders read it desk by desk.
  CHECK_THAT(plan("SELECT channel, count(*) FROM bookings WHERE desk = 'roma' AND type = 't' AND start = 1 "
                  "AND status = 'booked' GROUP BY channel"),
             Catch::Contains("COVERING INDEX bookings_desk_slot"));
  CHECK_THAT(plan("SELECT b.code FROM desks d CROSS JOIN bookings b ON b.desk = d.id WHERE b.status = 'booked' "
                  "AND b.start > 1 AND b.start <= 2"),
             Catch::Contains("INDEX bookings_desk_slot (desk=? AND start>? AND start<?)"));
}

TEST_CASE("a file written by a newer sportello is refused with a clear message", "[sqlite]") {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto store = OpenStore(path);
  }
  {
    auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
    connection->Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 1));
  }
  try {
    OpenStore(path);
    FAIL("opened a newer file");
  } catch (const SchemaTooNew& error) {
    CHECK_THAT(error.what(), Catch::Contains("newer sportello"));
    CHECK_THAT(error.what(), Catch::Contains(std::to_string(kSchemaVersion + 1)));
  }
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion + 1);  // untouched
}

TEST_CASE("a desk is seeded once, afterwards the stored calendar wins") {
  TempDir dir;
  auto store = OpenStore(NewDatabase(dir, "s.db"));
  CHECK(booking::SeedDesk(*store, TestCalendar(2), kNow).value());
  CHECK_FALSE(booking::SeedDesk(*store, TestCalendar(9), kNow).value());
  auto desk = store->FindDesk("roma");
  REQUIRE(desk.has_value());
  CHECK(desk->types.at(std::string(kType)).weekly.at(0).capacity == 2);
  CHECK(desk->flags.self_booking);
  CHECK(store->FindDesk("atlantide").error() == Error::not_found);
  REQUIRE(booking::SeedDesk(*store, ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  auto desks = store->LoadDesks();
  REQUIRE(desks.has_value());
  REQUIRE(desks->size() == 2);
  CHECK((*desks)[0].desk == "latina");
  CHECK((*desks)[1].desk == "roma");
}

TEST_CASE("backup writes a consistent, self-contained copy while others write", "[sqlite]") {
  StoreFixture f(200);
  const std::vector<Instant> slots = SlotStarts();
  for (int i = 0; i < 20; ++i) REQUIRE(booking::Book(*f.store, StaffRequest(AppId(i), slots.at(i))).has_value());
  std::atomic<bool> stop = false;
  std::thread writer([&] {
    auto other = OpenStore(f.db);
    for (int i = 20; i < 200 && !stop; ++i) {
      (void)booking::Book(*other, StaffRequest(AppId(i), slots.at(i % slots.size())));
    }
  });
  const auto out = f.dir / "backup.db";
  const auto result = f.store->Backup(out);
  stop = true;
  writer.join();
  REQUIRE(result.has_value());
  CHECK_FALSE(std::filesystem::exists(f.dir / "backup.db.partial"));
  CHECK_FALSE(std::filesystem::exists(f.dir / "backup.db-wal"));
  CHECK(IntegrityCheck(out) == "ok");
  CHECK(QueryInt(out, "SELECT count(*) FROM bookings") >= 20);
  CHECK(QueryInt(out, "PRAGMA user_version") == kSchemaVersion);
  auto restored = OpenStore(out);
  CHECK(restored->FindApplication(AppId(5)).has_value());
  CHECK(f.store->Backup(f.dir / "no-such-dir" / "b.db").error() == Error::internal);
}

}  // namespace
}  // namespace sportello::storage::testing
