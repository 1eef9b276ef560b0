// Copying a whole database into an empty one (storage/copy_database.h, `sportello migrate`) on real
// databases: every row of every table byte for byte, SQLite and PostgreSQL in each direction, a copy
// that keeps working (manage tokens, Idempotency-Key replays, sessions, new ids after the copied
// ones), a target that holds rows refused untouched, a copy failing half-way that leaves nothing.
// The SQLite run copies file to file; the PostgreSQL run ("pg storage:") adds every direction
// between the two backends and the SQLite → PostgreSQL → SQLite round trip.
#include "booking/accounts.h"
#include "booking/applications.h"
#include "booking/faq.h"
#include "booking/questions.h"
#include "booking/system_api.h"
#include "booking/visit.h"
#include "fixture.h"

#include "storage/copy_database.h"
#include "storage/schema.h"
#include "storage/secrets.h"
#include "storage/sqlite_db.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;

// The tables of the schema, in the order a copy writes them (parents first).
const std::vector<std::string> kTables = {"desks",    "audit",         "applications", "application_types",
                                          "bookings", "idempotency_keys", "users",       "sessions",
                                          "waitlist", "notifications", "verification_failures", "tickets",
                                          "feedback", "releases",      "draw_requests", "questions",
                                          "question_messages", "faq_entries", "faq_use", "api_keys",
                                          "application_events"};
const std::vector<std::string> kCopyOrder = {"desks",    "applications", "application_types", "bookings",
                                             "idempotency_keys", "audit", "users",            "sessions",
                                             "waitlist", "verification_failures", "tickets",
                                             "feedback", "releases", "draw_requests", "questions",
                                             "question_messages", "faq_entries", "faq_use", "api_keys",
                                             "application_events", "notifications"};

// --- Reading any database cell by cell, independently of the code under test ------------------

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) hex += fmt::format("{:02x}", bytes[i]);
  return hex;
}

// The rows of `sql` on `db`, each cell as "null", "i:<integer>", "t:<text>" or "b:<hex>", and the
// column names.
struct Grid {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

Grid Query(const std::string& db, const std::string& sql) {
  Grid grid;
  INFO(sql);
  if (IsPostgresUri(db)) {
    const sportello::testing::PgResult result = sportello::testing::RunSql(db, sql);
    REQUIRE(PQresultStatus(result.get()) == PGRES_TUPLES_OK);
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      grid.columns.emplace_back(PQfname(result.get(), column));
    }
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      std::vector<std::string>& cells = grid.rows.emplace_back();
      for (int column = 0; column < PQnfields(result.get()); ++column) {
        const std::string text(PQgetvalue(result.get(), row, column),
                               static_cast<std::size_t>(PQgetlength(result.get(), row, column)));
        const Oid type = PQftype(result.get(), column);
        if (PQgetisnull(result.get(), row, column) != 0) {
          cells.emplace_back("null");
        } else if (type == 20 || type == 21 || type == 23) {  // int8, int2, int4
          cells.push_back("i:" + text);
        } else if (type == 17) {  // bytea, text format "\x0a1b…"
          REQUIRE(text.starts_with("\\x"));
          cells.push_back("b:" + text.substr(2));
        } else {
          cells.push_back("t:" + text);
        }
      }
    }
    return grid;
  }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle(raw, &sqlite3_close);
  sqlite3_stmt* raw_stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &raw_stmt, nullptr) == SQLITE_OK);
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw_stmt, &sqlite3_finalize);
  for (int column = 0; column < sqlite3_column_count(raw_stmt); ++column) {
    grid.columns.emplace_back(sqlite3_column_name(raw_stmt, column));
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(raw_stmt)) == SQLITE_ROW) {
    std::vector<std::string>& cells = grid.rows.emplace_back();
    for (int column = 0; column < sqlite3_column_count(raw_stmt); ++column) {
      const auto size = static_cast<std::size_t>(sqlite3_column_bytes(raw_stmt, column));
      switch (sqlite3_column_type(raw_stmt, column)) {
        case SQLITE_NULL: cells.emplace_back("null"); break;
        case SQLITE_INTEGER: cells.push_back(fmt::format("i:{}", sqlite3_column_int64(raw_stmt, column))); break;
        case SQLITE_BLOB:
          cells.push_back("b:" + Hex(static_cast<const unsigned char*>(sqlite3_column_blob(raw_stmt, column)), size));
          break;
        default:
          cells.push_back("t:" +
                          std::string(reinterpret_cast<const char*>(sqlite3_column_text(raw_stmt, column)), size));
      }
    }
  }
  REQUIRE(rc == SQLITE_DONE);
  return grid;
}

// Every row of every table, each as "column=cell|…" by column name, rows sorted: two databases with
// the same dump hold the same data, whatever the backend.
using Dump = std::map<std::string, std::vector<std::string>>;

Dump DumpOf(const std::string& db) {
  Dump dump;
  for (const std::string& table : kTables) {
    const Grid grid = Query(db, "SELECT * FROM " + table);
    std::vector<std::string>& rows = dump[table];
    for (const auto& cells : grid.rows) {
      std::vector<std::string> named;
      for (std::size_t i = 0; i < cells.size(); ++i) named.push_back(grid.columns[i] + "=" + cells[i]);
      std::sort(named.begin(), named.end());
      rows.push_back(fmt::format("{}", fmt::join(named, "|")));
    }
    std::sort(rows.begin(), rows.end());
  }
  return dump;
}

// The tables the schema of `db` has, besides each backend's own bookkeeping (PostgreSQL's spent
// proof-of-work challenges among it: SQLite keeps those in memory, and no copy moves them) and the
// feed of booking changes, which the target's triggers write afresh as the bookings arrive.
std::set<std::string> SchemaTables(const std::string& db) {
  const Grid grid = Query(db, IsPostgresUri(db) ? "SELECT table_name::text FROM information_schema.tables "
                                                  "WHERE table_schema = 'public' "
                                                  "AND table_name NOT IN ('schema_version', 'seat_version', "
                                                  "'spent_challenges', 'booking_changes')"
                                                : "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name NOT IN ('seat_version', 'booking_changes') "
                                                  "AND name NOT LIKE 'sqlite_%'");
  std::set<std::string> tables;
  for (const auto& row : grid.rows) tables.insert(row.at(0).substr(2));
  return tables;
}

std::int64_t RowsIn(const std::string& db, const std::string& table) {
  return QueryInt(db, "SELECT count(*) FROM " + table);
}

std::int64_t TotalRows(const std::string& db) {
  std::int64_t total = 0;
  for (const std::string& table : kTables) total += RowsIn(db, table);
  return total;
}

// --- Databases ---------------------------------------------------------------------------------

// The backends this run may use: SQLite files always, PostgreSQL in the "pg storage:" run.
std::vector<std::string> Backends() {
  if (OnPostgres()) return {"sqlite", "postgresql"};
  return {"sqlite"};
}

std::string NewOn(std::string_view backend, const TempDir& dir, std::string_view name) {
  return backend == "postgresql" ? sportello::testing::FreshTestDatabase() : (dir / name).string();
}

std::unique_ptr<Store> OpenFast(const std::string& db) {
  StoreOptions options;
  options.fast_password_hashing = true;
  options.session_lifetime = 8h;
  return OpenStore(db, options);
}

// What a filled database was given, to check a copy by.
struct Filled {
  struct Booked {
    std::string code;
    std::string token;
  };
  std::vector<Booked> bookings;  // every booking made, with its manage token
  BookRequest keyed;             // a booking made with an Idempotency-Key
  Booked keyed_booking;
  std::string session;           // a staff session of "admin", open until kNow + 8h
  std::string offered_entry;     // a waitlist entry holding slots[12], and its token
  std::string offered_token;
  std::string question;          // an answered ticket, and its token
  std::string question_token;
};

// A drawn release (its seed sealed at rest) with a request that won `won` and one that lost, told
// by e-mail (a message about the request, its token sealed at rest on the request and the message).
void FillDraw(Store& store, const std::string& won) {
  const ReleaseRecord release{.desk = "roma",
                              .type = std::string(kType),
                              .month = date::year{2026} / 12,
                              .opens_at = kNow,
                              .draw_closes_at = kNow + std::chrono::minutes{30},
                              .seed = "a seed",
                              .seed_hash = "hash of a seed",
                              .drawn_at = std::nullopt,
                              .created_at = kNow};
  Commit(store, [&](BookingTransaction& transaction) {
    transaction.InsertRelease(release);
    for (int i = 0; i < 2; ++i) {
      DrawRequestRecord request{.id = NewDrawRequestId(),
                                .desk = "roma",
                                .type = std::string(kType),
                                .month = release.month,
                                .application_id = AppId(12 + i),
                                .preferences = {"2026-12-01Tam", "any"},
                                .lang = "fr",
                                .state = DrawRequestState::waiting,
                                .order = std::nullopt,
                                .booking_code = "",
                                .created_at = kNow,
                                .updated_at = kNow};
      transaction.InsertDrawRequest(request, "token " + std::to_string(i));
      request.state = i == 0 ? DrawRequestState::won : DrawRequestState::lost;
      request.order = i + 1;
      request.booking_code = i == 0 ? won : "";
      transaction.SetDrawOutcome(request);
      if (i == 1) transaction.EnqueueDrawLost(request, 2, kNow + std::chrono::minutes{31});
    }
    transaction.MarkDrawn(release, kNow + std::chrono::minutes{31});
  });
}

// The waitlist: an entry waiting (no address, a date limit) and one holding an offered seat, with
// its message; an application convened by the system.
void FillWaitlist(Store& store, Filled& filled, Instant seat) {
  WaitlistEntry waiting;
  waiting.id = NewWaitlistId();
  waiting.desk = "roma";
  waiting.type = std::string(kOtherType);
  waiting.application_id = AppId(10);
  waiting.before = engine::Date{date::year{2026} / 12 / 1};
  waiting.lang = "es";
  waiting.created_at = waiting.updated_at = kNow + 5h;
  WaitlistEntry offered = waiting;
  offered.id = NewWaitlistId();
  offered.type = std::string(kType);
  offered.before.reset();
  offered.email = "attesa@example.org";
  offered.lang = "it";
  filled.offered_entry = offered.id;
  filled.offered_token = NewManageToken();
  Commit(store, [&](BookingTransaction& transaction) {
    transaction.InsertWaitlistEntry(waiting, NewManageToken());
    const WaitlistEntry joined = transaction.InsertWaitlistEntry(offered, filled.offered_token);
    WaitlistEntry after = joined;
    after.state = WaitlistState::offered;
    after.offer = WaitlistOffer{seat, seat + 20min, kNow + 6h};
    transaction.UpdateWaitlistEntry(joined, after);
    transaction.EnqueueOffer(after, nullptr, filled.offered_token, kNow + 5h);
    transaction.MarkConvened(AppId(10), kType, kNow + 5h);
  });
}

// Two tickets: one answered by the front office (a note, an answer, its message queued), one open.
void FillQuestions(Store& store, Filled& filled) {
  const engine::Topics topics = *engine::ParseTopics(
      R"({"topics":[{"id":"documenti","name":{"it":"Documenti","en":"Documents","fr":"Documents","es":"Documentos"}}]})")
                                     .value;
  const booking::AskRequest ask{AppId(0), std::string(kTaxCode), "documenti", "Quali documenti? Grazie – è urgente",
                                "it", kNow};
  auto answered = booking::Ask(store, topics, ask);
  REQUIRE(answered.has_value());
  filled.question = answered->question.id;
  filled.question_token = answered->token;
  const User front{"front", Role::helpdesk, ""};
  for (const auto& [action, text] : {std::pair{engine::QuestionAction::note, "Da verificare"},
                                     std::pair{engine::QuestionAction::answer, "Il passaporto."}}) {
    booking::StaffQuestionRequest request;
    request.id = filled.question;
    request.action = action;
    request.text = text;
    request.user = front;
    request.now = kNow + 1h;
    REQUIRE(booking::Act(store, request).has_value());
  }
  REQUIRE(booking::Ask(store, topics, booking::AskRequest{AppId(1), std::string(kTaxCode), "documenti", "E poi?", "fr",
                                                          kNow + 2h})
              .has_value());
  // An FAQ entry promoted from the answer, one written as such, and the FAQ's use on a day.
  booking::FaqDraft draft{"", "documenti", {}, {}, filled.question};
  for (const engine::Language language : engine::kLanguages) {
    draft.question.In(language) = "Quali documenti? – " + std::string(engine::LanguageCode(language));
    draft.answer.In(language) = "Il passaporto.";
  }
  REQUIRE(booking::SaveFaq(store, topics, draft, front, kNow + 3h).has_value());
  draft.source_question.clear();
  REQUIRE(booking::SaveFaq(store, topics, draft, front, kNow + 3h).has_value());
  REQUIRE(store.CountFaqUse("documenti", *engine::ParseDate("2026-11-02"), 4, 1).has_value());
}

// The national system: a key for every desk and a revoked one for Latina; a status event with the
// catalogue's text and its e-mail queued, and one in the system's own words.
void FillEvents(Store& store) {
  engine::LocalizedText ready;
  for (const engine::Language language : engine::kLanguages) {
    ready.In(language) = "Nulla osta – " + std::string(engine::LanguageCode(language));
  }
  const engine::StatusEventCatalogue catalogue({{"nulla_osta_issued", ready, true}});
  auto key = booking::IssueApiKey(store, "spi", "", Actor::Cli(), kNow);
  REQUIRE(key.has_value());
  REQUIRE(booking::IssueApiKey(store, "spi-latina", "latina", Actor::Cli(), kNow).has_value());
  REQUIRE(store.RevokeApiKey("spi-latina", Actor::Cli(), kNow + 1h).has_value());
  REQUIRE(booking::AppendStatusEvent(store, AppId(0), {"nulla_osta_issued", std::nullopt, kNow + 2h}, catalogue,
                                     key->key, kNow + 2h)
              .has_value());
  REQUIRE(booking::AppendStatusEvent(store, AppId(1), {"custom", ready, std::nullopt}, catalogue, key->key, kNow + 2h)
              .has_value());
}

// Fills `db` with something of every kind: two desks, applications (one with non-ASCII text), online
// and staff bookings (booked, cancelled, moved, attended), an Idempotency-Key, staff accounts (an
// admin without desk, a disabled operator) and a session, and outbox messages sent, failed for now
// and claimed (leases), so every nullable column holds both NULLs and values.
Filled Fill(const std::string& db) {
  auto store = OpenFast(db);
  REQUIRE(booking::SeedDesk(*store, TestCalendar(), kNow).value());
  REQUIRE(booking::SeedDesk(*store, ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  std::vector<engine::Application> applications;
  for (int i = 0; i < 12; ++i) applications.push_back(MakeApplication(AppId(i)));
  applications.push_back(engine::Application{"A-ACCENTO", "roma", std::string(kTaxCode), "", "",
                                             {std::string(kType)}, "Già esaminata – ok"});
  applications.push_back(MakeApplication("A-LT-1", "latina"));
  REQUIRE(booking::ImportApplications(*store, applications, Actor::Cli(), kNow).has_value());

  Filled filled;
  const std::vector<Instant> slots = SlotStarts();
  for (int i = 0; i < 8; ++i) {
    BookRequest request = ApplicantRequest(AppId(i), slots[static_cast<std::size_t>(i % 4)]);
    request.lang = i % 2 == 0 ? "it" : "fr";
    auto booked = booking::Book(*store, request);
    REQUIRE(booked.has_value());
    filled.bookings.push_back({booked->booking.code, booked->manage_token});
  }
  filled.keyed = ApplicantRequest(AppId(8), slots[5]);
  filled.keyed.idempotency_key = "0b9c3f0e-5f7e-4a43-9a55-bb1a43f7d6a1";
  filled.keyed.body_hash = "body-8";
  auto keyed = booking::Book(*store, filled.keyed);
  REQUIRE(keyed.has_value());
  filled.keyed_booking = {keyed->booking.code, keyed->manage_token};
  filled.bookings.push_back(filled.keyed_booking);
  auto staff = booking::Book(*store, StaffRequest(AppId(9), slots[0]));
  REQUIRE(staff.has_value());
  filled.bookings.push_back({staff->booking.code, staff->manage_token});
  BookRequest no_contact = ApplicantRequest("A-ACCENTO", slots[6]);
  auto accent = booking::Book(*store, no_contact);
  REQUIRE(accent.has_value());
  filled.bookings.push_back({accent->booking.code, accent->manage_token});

  REQUIRE(booking::Cancel(*store, filled.bookings[1].code, Actor::Applicant(), kNow + 1h).has_value());
  REQUIRE(booking::Reschedule(*store, filled.bookings[2].code, slots[10], Actor::Applicant(), kNow + 2h).has_value());
  REQUIRE(booking::SetAttendance(*store, filled.bookings[3].code, BookingStatus::attended, Actor::Staff("admin"),
                                 slots[3] + 10min)
              .has_value());

  // The day of the visit: a booking checked in (a ticket with its booking and appointment) and a
  // walk-in called to a counter (no booking, a call).
  REQUIRE(booking::CheckIn(*store, "roma", filled.bookings[0].code, Actor::Staff("admin"), slots[0] - 10min).has_value());
  REQUIRE(booking::AddWalkIn(*store, "roma", AppId(11), true, Actor::Staff("admin"), slots[0] - 5min).has_value());
  REQUIRE(booking::CallNext(*store, "roma", "2", Actor::Staff("admin"), slots[0] - 4min).has_value());
  REQUIRE(booking::GiveFeedback(*store, filled.bookings[3].code, 4, "Attesa breve, però…", slots[3] + 1h).has_value());

  const User admin{"admin", Role::admin, ""};
  REQUIRE(booking::AddUser(*store, admin, kStaffPassword, Actor::Cli(), kNow).has_value());
  for (const User& user : {User{"op.roma", Role::operator_, "roma"}, User{"op.gone", Role::operator_, "latina"}}) {
    REQUIRE(booking::AddUser(*store, user, kStaffPassword, Actor::Cli(), kNow).has_value());
  }
  REQUIRE(booking::DisableUser(*store, "op.gone", admin, kNow).has_value());
  auto session = booking::Login(*store, "admin", kStaffPassword, kNow);
  REQUIRE(session.has_value());
  filled.session = session->token;
  // A guesser's failed verifications, with a fraction of a token left.
  REQUIRE(store->ChargeFailure("A-guessed", [](const std::optional<FailureBucket>&) {
                 return FailureBucket{2.5, kNow};
               }).has_value());

  auto claimed = store->ClaimDueNotices(kNow + 3h, 3, 10min);
  REQUIRE(claimed.has_value());
  REQUIRE(claimed->size() == 3);
  REQUIRE(store->RecordDeliveryAttempt((*claimed)[0], {DeliveryAttempt::Outcome::sent, "", {}}, kNow + 3h).has_value());
  const DeliveryAttempt retry{DeliveryAttempt::Outcome::retry, "connessione rifiutata", kNow + 4h};
  REQUIRE(store->RecordDeliveryAttempt((*claimed)[1], retry, kNow + 3h).has_value());
  FillWaitlist(*store, filled, slots[12]);
  FillDraw(*store, filled.bookings[4].code);
  FillQuestions(*store, filled);
  FillEvents(*store);
  return filled;  // the third stays claimed: its lease columns are set
}

// Checks that the copy `db` of a database filled by Fill() works as the original did, and goes on
// after the copied ids.
void CheckWorks(const std::string& db, const Filled& filled, std::int64_t copied_audit_id,
                std::int64_t copied_notification_id) {
  auto store = OpenFast(db);
  for (const Filled::Booked& booked : filled.bookings) {
    CAPTURE(booked.code);
    auto verified = store->VerifyManageToken(booked.code, booked.token);
    REQUIRE(verified.has_value());
    CHECK(verified->code == booked.code);
    CHECK(store->VerifyManageToken(booked.code, "AAAAAAAAAAAAAAAAAAAAAA").error() == Error::not_found);
  }
  auto replay = booking::Book(*store, filled.keyed);
  REQUIRE(replay.has_value());
  CHECK(replay->replayed);
  CHECK(replay->booking.code == filled.keyed_booking.code);
  CHECK(replay->manage_token == filled.keyed_booking.token);

  auto user = store->Authenticate(filled.session, kNow + 1h);
  REQUIRE(user.has_value());
  CHECK(user->username == "admin");
  CHECK(user->role == Role::admin);
  CHECK(booking::Login(*store, "op.roma", kStaffPassword, kNow).has_value());
  CHECK(booking::Login(*store, "op.gone", kStaffPassword, kNow).error() == Error::unauthorized);

  // The seats taken are those of the original.
  const std::vector<Instant> slots = SlotStarts();
  auto seats = store->Seats("roma", kType, slots.front(), slots.back() + 20min);
  REQUIRE(seats.has_value());
  CHECK(seats->Use(slots[0]) == engine::SeatUse{2, 1});
  CHECK(seats->Use(slots[1]) == engine::SeatUse{1, 0});  // one of two was cancelled
  CHECK(seats->Use(slots[2]) == engine::SeatUse{1, 0});  // one of two moved to slots[10]
  CHECK(seats->Use(slots[10]) == engine::SeatUse{1, 0});
  CHECK(seats->Use(slots[12]) == engine::SeatUse{1, 0});  // held by the offer
  auto entry = store->VerifyWaitlistToken(filled.offered_entry, filled.offered_token);
  REQUIRE(entry.has_value());
  CHECK(entry->state == WaitlistState::offered);
  CHECK(store->WaitlistOf("roma", kOtherType)->size() == 1);

  // New rows continue after the copied ids.
  auto booked = booking::Book(*store, ApplicantRequest(AppId(11), slots[20]));
  REQUIRE(booked.has_value());
  auto newest = store->Audit(AuditOf("roma", 1));
  REQUIRE(newest.has_value());
  REQUIRE(newest->size() == 1);
  CHECK(newest->front().action == "booking.create");
  CHECK(newest->front().subject == booked->booking.code);
  CHECK(newest->front().id == copied_audit_id + 1);
  auto deliveries = store->DeliveriesOf(booked->booking.code);
  REQUIRE(deliveries.has_value());
  REQUIRE(deliveries->size() == 1);
  CHECK(deliveries->front().id == copied_notification_id + 1);
  CHECK(store->VerifyManageToken(booked->booking.code, booked->manage_token).has_value());

  auto question = store->VerifyQuestionToken(filled.question, filled.question_token);
  REQUIRE(question.has_value());
  CHECK(question->messages.size() == 3);
  CHECK(question->state == QuestionState::answered);
}

std::vector<std::pair<std::string, std::int64_t>> CountsOf(const std::string& db) {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (const std::string& table : kCopyOrder) counts.emplace_back(table, RowsIn(db, table));
  return counts;
}

// --- Tests -------------------------------------------------------------------------------------

TEST_CASE("migrate copies every row of every table unchanged, and the copy keeps working", "[migrate]") {
  for (const std::string& from_backend : Backends()) {
    for (const std::string& to_backend : Backends()) {
      DYNAMIC_SECTION(from_backend << " to " << to_backend) {
        TempDir dir;
        const std::string from = NewOn(from_backend, dir, "from.db");
        const std::string to = NewOn(to_backend, dir, "to.db");
        const Filled filled = Fill(from);
        const Dump original = DumpOf(from);

        auto report = CopyDatabase(from, to);
        if (!report) FAIL(report.error().ToString());
        // Every table of the schema, parents first, with the rows each holds.
        CHECK(report->tables == CountsOf(from));
        std::set<std::string> reported;
        for (const auto& [table, rows] : report->tables) reported.insert(table);
        CHECK(reported == SchemaTables(from));
        CHECK(reported == SchemaTables(to));
        CHECK(report->total() == TotalRows(from));
        CHECK(RowsIn(from, "bookings") == 11);
        // The copy's feed of booking changes starts again: one `created` change for each booking.
        CHECK(QueryInt(to, "SELECT count(*) FROM booking_changes WHERE change = 'created'") == 11);
        CHECK(RowsIn(from, "idempotency_keys") == 1);
        CHECK(RowsIn(from, "sessions") == 1);

        // Byte for byte: the same cells, NULLs, bytes and ids on both sides; the source untouched.
        const Dump copy = DumpOf(to);
        for (const std::string& table : kTables) {
          CAPTURE(table);
          CHECK(copy.at(table) == original.at(table));
        }
        CHECK(DumpOf(from) == original);
        if (!IsPostgresUri(to)) CHECK(IntegrityCheck(to) == "ok");

        CheckWorks(to, filled, QueryInt(from, "SELECT max(id) FROM audit"),
                   QueryInt(from, "SELECT max(id) FROM notifications"));
      }
    }
  }
}

TEST_CASE("migrate from SQLite to PostgreSQL and back to SQLite keeps every row", "[migrate]") {
  if (!OnPostgres()) {
    SUCCEED("needs PostgreSQL: runs as 'pg storage:'");
    return;
  }
  TempDir dir;
  const std::string sqlite_file = (dir / "desk.db").string();
  const std::string postgres = sportello::testing::FreshTestDatabase();
  const std::string back = (dir / "back.db").string();
  const Filled filled = Fill(sqlite_file);
  const Dump original = DumpOf(sqlite_file);
  const std::int64_t audit_id = QueryInt(sqlite_file, "SELECT max(id) FROM audit");
  const std::int64_t notification_id = QueryInt(sqlite_file, "SELECT max(id) FROM notifications");

  auto there = CopyDatabase(sqlite_file, postgres);
  if (!there) FAIL(there.error().ToString());
  CHECK(DumpOf(postgres) == original);
  auto back_again = CopyDatabase(postgres, back);
  if (!back_again) FAIL(back_again.error().ToString());
  CHECK(back_again->tables == there->tables);
  CHECK(DumpOf(back) == original);
  CHECK(IntegrityCheck(back) == "ok");

  CheckWorks(postgres, filled, audit_id, notification_id);
  CheckWorks(back, filled, audit_id, notification_id);
}

TEST_CASE("migrate refuses a target that holds any row and leaves it as it was", "[migrate]") {
  for (const std::string& to_backend : Backends()) {
    DYNAMIC_SECTION("to " << to_backend) {
      TempDir dir;
      const std::string from = NewDatabase(dir, "from.db");
      Fill(from);
      const Dump source = DumpOf(from);
      const std::string to = NewOn(to_backend, dir, "to.db");
      std::string expected;
      SECTION("a desk") {
        auto store = OpenFast(to);
        REQUIRE(booking::SeedDesk(*store, TestCalendar(), kNow).value());
        expected = "desks 1, audit 1";
      }
      SECTION("only a staff account, written by hand") {
        auto store = OpenFast(to);
        ExecSql(to, "INSERT INTO users (username, password_hash, role, desk, created_at, disabled) "
                    "VALUES ('solo', 'x', 'admin', NULL, 0, 0)");
        expected = "users 1";
      }
      const Dump before = DumpOf(to);

      auto refused = CopyDatabase(from, to);
      REQUIRE_FALSE(refused.has_value());
      CHECK(refused.error() == Error::invalid_request);
      CHECK(refused.error().conflict);
      CHECK(refused.error().field == "to");
      CHECK_THAT(refused.error().detail, Catch::Contains("is not empty (" + expected + ")"));
      CHECK(DumpOf(to) == before);
      CHECK(DumpOf(from) == source);
    }
  }
}

TEST_CASE("migrate leaves the target empty when the copy fails half-way, and can run again", "[migrate]") {
  for (const std::string& from_backend : Backends()) {
    for (const std::string& to_backend : Backends()) {
      DYNAMIC_SECTION(from_backend << " to " << to_backend) {
        TempDir dir;
        const std::string from = NewOn(from_backend, dir, "from.db");
        const std::string to = NewOn(to_backend, dir, "to.db");
        Fill(from);
        OpenStore(to);
        // The last table fails, after every other table has been written in the transaction.
        BreakInserts(to, "notifications");

        auto failed = CopyDatabase(from, to);
        REQUIRE_FALSE(failed.has_value());
        CHECK(failed.error() == Error::internal);
        CHECK_THAT(failed.error().detail, Catch::Contains("copying notifications failed, nothing was written"));
        CHECK_THAT(failed.error().detail, Catch::Contains("injected failure"));
        CHECK(TotalRows(to) == 0);

        RepairInserts(to, "notifications");
        auto copied = CopyDatabase(from, to);
        if (!copied) FAIL(copied.error().ToString());
        CHECK(DumpOf(to) == DumpOf(from));
      }
    }
  }
}

TEST_CASE("migrate refuses a missing source, the same database twice and a newer schema", "[migrate][sqlite]") {
  TempDir dir;
  const std::string missing = (dir / "missing.db").string();
  const std::string to = (dir / "to.db").string();
  auto refused = CopyDatabase(missing, to);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().field == "from");
  CHECK(refused.error().detail == "does not exist");
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK_FALSE(std::filesystem::exists(to));

  const std::string from = (dir / "from.db").string();
  OpenStore(from);
  CHECK(CopyDatabase(from, from).error().field == "to");
  const std::string same_file = (dir / "." / "from.db").string();
  CHECK(CopyDatabase(from, same_file).error().detail == "is the same database as the source");

  {
    auto connection = sqlite::Connection::Open(from, false, 1000ms);
    connection->Exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 1));
  }
  auto newer = CopyDatabase(from, to);
  REQUIRE_FALSE(newer.has_value());
  CHECK(newer.error() == Error::invalid_request);
  CHECK(newer.error().field == "from");
  CHECK_THAT(newer.error().detail, Catch::Contains("newer sportello"));
  CHECK_FALSE(std::filesystem::exists(to));
}

}  // namespace
}  // namespace sportello::storage::testing
