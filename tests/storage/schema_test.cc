// Schema migrations, desks and calendars, flags, applications and backups on real files.
#include "fixture.h"

#include "storage/schema.h"
#include "storage/sqlite_db.h"

#include <atomic>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("a new file gets the current schema, WAL and the constraints") {
  TempDir dir;
  auto store = SqliteStore::Open(dir / "new.db");
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

TEST_CASE("a file of schema version 1 is upgraded in place, its data kept") {
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
  auto store = SqliteStore::Open(path);
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'users'") == 1);
  CHECK(QueryInt(path, "SELECT count(*) FROM sqlite_master WHERE name = 'bookings_application'") == 1);
  auto booking = store->FindBooking("RM-AAAA-BBBB-CCCC");
  REQUIRE(booking.has_value());
  CHECK(booking->application_id == "A-1");
  CHECK(store->FindDesk("roma")->province == "RM");
  CHECK(IntegrityCheck(path) == "ok");
}

TEST_CASE("a file written by a newer sportello is refused with a clear message") {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto store = SqliteStore::Open(path);
  }
  {
    auto connection = sqlite::Connection::Open(path, false, std::chrono::milliseconds{1000});
    connection->Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 1));
  }
  try {
    SqliteStore::Open(path);
    FAIL("opened a newer file");
  } catch (const SchemaTooNew& error) {
    CHECK_THAT(error.what(), Catch::Contains("newer sportello"));
    CHECK_THAT(error.what(), Catch::Contains(std::to_string(kSchemaVersion + 1)));
  }
  CHECK(QueryInt(path, "PRAGMA user_version") == kSchemaVersion + 1);  // untouched
}

TEST_CASE("a desk is seeded once, afterwards the stored calendar wins") {
  TempDir dir;
  auto store = SqliteStore::Open(dir / "s.db");
  CHECK(store->SeedDesk(TestCalendar(2), kNow).value());
  CHECK_FALSE(store->SeedDesk(TestCalendar(9), kNow).value());
  auto desk = store->FindDesk("roma");
  REQUIRE(desk.has_value());
  CHECK(desk->types.at(std::string(kType)).weekly.at(0).capacity == 2);
  CHECK(desk->flags.self_booking);
  CHECK(store->FindDesk("atlantide").error() == Error::not_found);
  REQUIRE(store->SeedDesk(ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  auto desks = store->LoadDesks();
  REQUIRE(desks.has_value());
  REQUIRE(desks->size() == 2);
  CHECK((*desks)[0].desk == "latina");
  CHECK((*desks)[1].desk == "roma");
}

TEST_CASE("replacing a calendar that would strand bookings is refused unless forced") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  // Opening 09:20–10:00 only: the 09:00 booking is no longer a slot.
  std::string json = CalendarJson();
  json.replace(json.find(R"("from": "09:00", "to": "10:00")"), 30, R"("from": "09:20", "to": "10:00")");
  const engine::DeskCalendar later_opening = ParseTestCalendar(json);

  auto refused = f.store->ReplaceCalendar(later_opening, false, false, Actor::Staff("capo"), kNow);
  REQUIRE(refused.has_value());
  CHECK_FALSE(refused->applied);
  REQUIRE(refused->stranded.size() == 1);
  CHECK(refused->stranded[0].code == booked->booking.code);
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).from == std::chrono::minutes{9 * 60});

  // A calendar that keeps every booked slot goes through.
  auto more_seats = f.store->ReplaceCalendar(TestCalendar(5), false, false, Actor::Staff("capo"), kNow);
  REQUIRE(more_seats.has_value());
  CHECK(more_seats->applied);
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).capacity == 5);

  auto forced = f.store->ReplaceCalendar(later_opening, true, false, Actor::Staff("capo"), kNow);
  REQUIRE(forced.has_value());
  CHECK(forced->applied);
  CHECK(forced->stranded.size() == 1);
  CHECK(f.store->FindBooking(booked->booking.code)->status == BookingStatus::booked);  // people must be told
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).from == std::chrono::minutes{9 * 60 + 20});
  auto log = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "calendar.replace");
  CHECK((*log)[0].actor == "staff:capo");
}

TEST_CASE("a calendar replaced by staff keeps the flag, from the command line it may set it") {
  StoreFixture f;
  const engine::DeskCalendar off = TestCalendar(2, 1, false);
  REQUIRE(f.store->ReplaceCalendar(off, false, false, Actor::Staff("capo"), kNow)->applied);
  CHECK(f.store->FindDesk("roma")->flags.self_booking);
  REQUIRE(f.store->ReplaceCalendar(off, false, true, Actor::Cli(), kNow)->applied);
  CHECK_FALSE(f.store->FindDesk("roma")->flags.self_booking);
  // calendar load on an empty database creates the desk
  REQUIRE(f.store->ReplaceCalendar(ParseTestCalendar(CalendarJson("napoli", "NA")), false, true, Actor::Cli(), kNow)
              ->applied);
  CHECK(f.store->FindDesk("napoli").has_value());
}

TEST_CASE("the self_booking flag takes effect at once, in every store on the file, and is audited") {
  StoreFixture f;
  auto other = SqliteStore::Open(f.db_path());  // e.g. another process
  REQUIRE(other->FindDesk("roma")->flags.self_booking);
  REQUIRE(f.store->SetSelfBooking("roma", false, Actor::Staff("admin"), kNow).has_value());
  CHECK_FALSE(other->FindDesk("roma")->flags.self_booking);
  CHECK(booking::Book(*other, ApplicantRequest(AppId(1))).error() == Error::self_booking_disabled);
  CHECK(f.store->SetSelfBooking("atlantide", true, Actor::Staff("admin"), kNow).error() == Error::not_found);
  auto log = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "flags.self_booking");
  CHECK((*log)[0].actor == "staff:admin");
  CHECK((*log)[0].before == R"({"self_booking":true})");
  CHECK((*log)[0].after == R"({"self_booking":false})");
}

TEST_CASE("applications are upserted by id, and a batch naming an unknown desk changes nothing") {
  StoreFixture f(0);
  std::vector<engine::Application> batch = {MakeApplication("X-1"), MakeApplication("X-2")};
  auto first = f.store->UpsertApplications(batch, Actor::Cli(), kNow);
  REQUIRE(first.has_value());
  CHECK(first->inserted == 2);
  batch[1].status = "Nulla osta pronto";
  batch[1].types = {std::string(kType), std::string(kOtherType)};
  auto second = f.store->UpsertApplications(batch, Actor::Cli(), kNow);
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->updated == 2);
  auto found = f.store->FindApplication("X-2");
  REQUIRE(found.has_value());
  CHECK(found->status == "Nulla osta pronto");
  CHECK(found->types == std::vector<std::string>{std::string(kType), std::string(kOtherType)});
  CHECK(found->tax_code == kTaxCode);

  std::vector<engine::Application> bad = {MakeApplication("X-3"), MakeApplication("X-4", "atlantide")};
  CHECK(f.store->UpsertApplications(bad, Actor::Cli(), kNow).error() == Error::invalid_request);
  CHECK(f.store->FindApplication("X-3").error() == Error::not_found);
}

TEST_CASE("backup writes a consistent, self-contained copy while others write") {
  StoreFixture f(200);
  const std::vector<Instant> slots = SlotStarts();
  for (int i = 0; i < 20; ++i) REQUIRE(booking::Book(*f.store, StaffRequest(AppId(i), slots.at(i))).has_value());
  std::atomic<bool> stop = false;
  std::thread writer([&] {
    auto other = SqliteStore::Open(f.db_path());
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
  auto restored = SqliteStore::Open(out);
  CHECK(restored->FindApplication(AppId(5)).has_value());
  CHECK(f.store->Backup(f.dir / "no-such-dir" / "b.db").error() == Error::internal);
}

}  // namespace
}  // namespace sportello::storage::testing
