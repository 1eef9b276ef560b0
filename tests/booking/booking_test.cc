// The booking use cases (booking/) on a real SQLite file: every error code, in SPEC.md's order,
// idempotency, rescheduling, cancellation, attendance, manage tokens and the read side.
#include "booking/desks.h"
#include "tests/storage/fixture.h"

#include "storage/secrets.h"

#include <array>
#include <regex>
#include <set>

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("a booking is stored with a readable unguessable code and a manage token") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  const BookingRecord& booking = booked->booking;
  CHECK(std::regex_match(booking.code, std::regex("RM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")));
  // Unguessable: at least 128 random bits, written URL-safe (docs/decisions.md).
  CHECK(std::regex_match(booked->manage_token, std::regex("[A-Za-z0-9_-]{22,}")));
  CHECK_FALSE(booked->replayed);
  CHECK(booking.status == BookingStatus::booked);
  CHECK(booking.start == kSlot);
  CHECK(booking.end == kSlot + std::chrono::minutes{20});
  CHECK(booking.channel == engine::Channel::online);
  CHECK(booking.email == "persona@example.org");  // from the application when none given

  auto found = f.store->FindBooking(booking.code);
  REQUIRE(found.has_value());
  CHECK(found->application_id == AppId(1));
  CHECK(found->created_at == kNow);

  // The token is not in the file, only its hash.
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings WHERE " +
                           ContainsSql(f.db, "token_hash", booked->manage_token, true)) == 0);
}

TEST_CASE("booking codes are accepted as typed: lower case and look-alike letters") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  std::string typed = booked->booking.code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 3; i < typed.size(); ++i) {
    if (typed[i] == '0') typed[i] = 'o';
    if (typed[i] == '1') typed[i] = 'l';
  }
  CHECK(f.store->FindBooking(typed).has_value());
  CHECK(f.store->FindBooking("RM-0000-0000-0000").error() == Error::not_found);
  CHECK(f.store->FindBooking("nonsense").error() == Error::not_found);
}

TEST_CASE("codes carry 60 random bits: each of the 12 characters is uniform over 32 symbols, no repeats") {
  // 60 bits are 12 characters of 5 bits. A code with fewer random bits has a character that is
  // constant or uneven, which the chi-square bound below catches (31 degrees of freedom: a uniform
  // character exceeds 80 about once in a million runs); 32,000 codes of 60 bits repeat with a
  // chance of about 1 in 2,000,000.
  constexpr int kCodes = 32000;
  constexpr std::size_t kRandomChars = 12;
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::set<std::string> codes;
  std::vector<std::array<int, 32>> counts(kRandomChars, std::array<int, 32>{});
  for (int i = 0; i < kCodes; ++i) {
    const std::string code = NewBookingCode("RM");
    codes.insert(code);
    std::size_t position = 0;
    for (const char c : code.substr(3)) {
      if (c == '-') continue;
      const std::size_t symbol = alphabet.find(c);
      REQUIRE(symbol != std::string::npos);
      REQUIRE(position < kRandomChars);
      ++counts[position++][symbol];
    }
    REQUIRE(position == kRandomChars);
  }
  CHECK(codes.size() == kCodes);
  const double expected = kCodes / 32.0;
  for (std::size_t position = 0; position < kRandomChars; ++position) {
    double chi_square = 0;
    for (const int count : counts[position]) chi_square += (count - expected) * (count - expected) / expected;
    CAPTURE(position, chi_square);
    CHECK(chi_square < 80);
  }
}

TEST_CASE("the manage token opens the booking, a wrong or missing one looks like an unknown code") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  CHECK(f.store->VerifyManageToken(booked->booking.code, booked->manage_token)->code == booked->booking.code);
  CHECK(f.store->VerifyManageToken(booked->booking.code, "").error() == Error::not_found);
  std::string wrong = booked->manage_token;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  CHECK(f.store->VerifyManageToken(booked->booking.code, wrong).error() == Error::not_found);
  CHECK(f.store->VerifyManageToken("RM-0000-0000-0000", booked->manage_token).error() == Error::not_found);
}

TEST_CASE("applicant booking errors come in SPEC.md order") {
  StoreFixture f;
  REQUIRE(booking::SeedDesk(*f.store, ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  std::vector<engine::Application> extra = {MakeApplication("B-LT", "latina"),
                                            MakeApplication("B-NO-TYPE", "roma", {std::string(kOtherType)})};
  REQUIRE(booking::ImportApplications(*f.store, extra, Actor::Cli(), kNow).has_value());

  SECTION("unknown desk: not_found") {
    BookRequest request = ApplicantRequest(AppId(1));
    request.desk = "atlantide";
    CHECK(booking::Book(*f.store, request).error() == Error::not_found);
  }
  SECTION("a type the desk does not offer: not_found") {
    BookRequest request = ApplicantRequest(AppId(1));
    request.type = "ricongiungimento-documenti";
    engine::Application wide = MakeApplication("B-WIDE", "roma", {"ricongiungimento-documenti"});
    REQUIRE(booking::ImportApplications(*f.store, std::span(&wide, 1), Actor::Cli(), kNow).has_value());
    request.application_id = "B-WIDE";
    CHECK(booking::Book(*f.store, request).error() == Error::not_found);
  }
  SECTION("unknown language: invalid_request") {
    BookRequest request = ApplicantRequest(AppId(1));
    request.lang = "de";
    CHECK(booking::Book(*f.store, request).error() == Error::invalid_request);
  }
  SECTION("self-booking off: self_booking_disabled, even for a stranger") {
    REQUIRE(booking::SetSelfBooking(*f.store, "roma", false, Actor::Staff("admin"), kNow).has_value());
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1))).error() == Error::self_booking_disabled);
    CHECK(booking::Book(*f.store, ApplicantRequest("nobody")).error() == Error::self_booking_disabled);
  }
  SECTION("unknown application, wrong tax code, other desk: application_not_verified") {
    CHECK(booking::Book(*f.store, ApplicantRequest("nobody")).error() == Error::application_not_verified);
    BookRequest wrong_code = ApplicantRequest(AppId(1));
    wrong_code.tax_code = "RSSMRA85T10A562T";
    CHECK(booking::Book(*f.store, wrong_code).error() == Error::application_not_verified);
    CHECK(booking::Book(*f.store, ApplicantRequest("B-LT")).error() == Error::application_not_verified);
  }
  SECTION("tax code typed in lower case with spaces is the same code") {
    BookRequest request = ApplicantRequest(AppId(1));
    request.tax_code = "rssmra 85t10 a562s";
    CHECK(booking::Book(*f.store, request).has_value());
  }
  SECTION("type not in the application: type_not_allowed") {
    CHECK(booking::Book(*f.store, ApplicantRequest("B-NO-TYPE")).error() == Error::type_not_allowed);
  }
  SECTION("not a slot start: not_a_slot") {
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot + std::chrono::minutes{5})).error() == Error::not_a_slot);
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), At("2026-11-08T09:00:00+01:00"))).error() ==
          Error::not_a_slot);  // Sunday
  }
  SECTION("too soon or too far: outside_booking_window") {
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), At("2026-11-02T09:20:00+01:00"))).error() ==
          Error::outside_booking_window);
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), At("2027-01-12T09:00:00+01:00"))).error() ==
          Error::outside_booking_window);
  }
  SECTION("no online seat left: slot_full, though a staff seat is free") {
    REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
    REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(2))).has_value());
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(3))).error() == Error::slot_full);
    CHECK(booking::Book(*f.store, StaffRequest(AppId(3))).has_value());
    CHECK(booking::Book(*f.store, StaffRequest(AppId(4))).error() == Error::slot_full);
  }
  SECTION("a second active booking of the same type: already_booked") {
    REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), kNextSlot)).error() == Error::already_booked);
    CHECK(booking::Book(*f.store, StaffRequest(AppId(1), kNextSlot)).error() == Error::already_booked);
  }
  SECTION("after a cancellation the application may book again") {
    auto first = booking::Book(*f.store, ApplicantRequest(AppId(1)));
    REQUIRE(first.has_value());
    REQUIRE(booking::Cancel(*f.store, first->booking.code, Actor::Applicant(), kNow).has_value());
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), kNextSlot)).has_value());
  }
}

TEST_CASE("a write that cannot get the database lock in time answers internal and changes nothing", "[sqlite]") {
  TempDir dir;
  StoreOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds{50};
  {
    StoreFixture seed(2);
    seed.store.reset();  // the last connection checkpoints the WAL into the file
    std::filesystem::copy_file(seed.db, dir / "busy.db");
  }
  auto store = OpenStore(dir / "busy.db", impatient);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir / "busy.db").c_str(), &raw) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> other(raw, &sqlite3_close);
  REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);  // another process writing
  CHECK(booking::Book(*store, ApplicantRequest(AppId(1))).error() == Error::internal);
  REQUIRE(sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(QueryInt(dir / "busy.db", "SELECT count(*) FROM bookings") == 0);
  CHECK(booking::Book(*store, ApplicantRequest(AppId(1))).has_value());  // the store recovers
}

TEST_CASE("the database itself refuses two active bookings of one type for one application", "[sqlite]") {
  StoreFixture f;
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(f.db.c_str(), &raw) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  const int rc = sqlite3_exec(raw,
                              "INSERT INTO bookings (code, desk, type, start, end, status, channel, application_id, "
                              "email, phone, lang, token_hash, created_at, created_by, updated_at) "
                              "SELECT 'RM-XXXX-XXXX-XXXX', desk, type, start + 1200, end + 1200, "
                              "status, channel, application_id, email, phone, lang, token_hash, created_at, "
                              "created_by, updated_at FROM bookings",
                              nullptr, nullptr, nullptr);
  CHECK(sqlite3_extended_errcode(raw) == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(rc != SQLITE_OK);
}

TEST_CASE("staff convocations: staff seats, no applicant window, never the past") {
  StoreFixture f;
  REQUIRE(booking::SetSelfBooking(*f.store, "roma", false, Actor::Staff("admin"), kNow).has_value());
  auto soon = booking::Book(*f.store, StaffRequest(AppId(1), At("2026-11-02T09:40:00+01:00")));  // in 40 minutes
  REQUIRE(soon.has_value());
  CHECK(soon->booking.channel == engine::Channel::staff);
  CHECK(soon->booking.created_by == "staff:mario");
  CHECK(booking::Book(*f.store, StaffRequest(AppId(2), At("2026-10-30T09:00:00+01:00"))).error() ==
        Error::outside_booking_window);  // last Friday
  CHECK(booking::Book(*f.store, StaffRequest("nobody")).error() == Error::not_found);
  BookRequest other_type = StaffRequest(AppId(3), At("2026-11-09T09:00:00+01:00"));
  other_type.type = std::string(kOtherType);
  CHECK(booking::Book(*f.store, other_type).error() == Error::type_not_allowed);
}

TEST_CASE("an Idempotency-Key replay returns the first booking and its token, never a second booking") {
  StoreFixture f;
  BookRequest request = ApplicantRequest(AppId(1));
  request.idempotency_key = "3f1c2a4e-key";
  request.body_hash = "body-1";
  auto first = booking::Book(*f.store, request);
  REQUIRE(first.has_value());
  auto again = booking::Book(*f.store, request);
  REQUIRE(again.has_value());
  CHECK(again->replayed);
  CHECK(again->booking.code == first->booking.code);
  CHECK(again->manage_token == first->manage_token);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == 1);

  BookRequest changed = request;
  changed.body_hash = "body-2";
  CHECK(booking::Book(*f.store, changed).error() == Error::invalid_request);

  // A failed request is not remembered: the key may be retried.
  BookRequest failing = ApplicantRequest(AppId(2), kSlot + std::chrono::minutes{1});
  failing.idempotency_key = "other-key";
  failing.body_hash = "x";
  CHECK(booking::Book(*f.store, failing).error() == Error::not_a_slot);
  failing.start = kNextSlot;
  CHECK(booking::Book(*f.store, failing).has_value());
  // The key itself is not stored.
  CHECK(QueryInt(f.db, "SELECT count(*) FROM idempotency_keys WHERE " +
                           ContainsSql(f.db, "key_hash", "3f1c2a4e-key", true)) == 0);
}

TEST_CASE("cancel frees the seat: applicants are bound by cancel_notice_hours, staff are not") {
  StoreFixture f;
  auto one = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  auto two = booking::Book(*f.store, ApplicantRequest(AppId(2)));
  REQUIRE((one && two));
  CHECK(booking::Book(*f.store, ApplicantRequest(AppId(3))).error() == Error::slot_full);
  auto cancelled = booking::Cancel(*f.store, one->booking.code, Actor::Applicant(), kNow);
  REQUIRE(cancelled.has_value());
  CHECK(cancelled->status == BookingStatus::cancelled);
  CHECK(booking::Book(*f.store, ApplicantRequest(AppId(3))).has_value());
  CHECK(booking::Cancel(*f.store, one->booking.code, Actor::Applicant(), kNow)->status == BookingStatus::cancelled);

  const Instant late = kSlot - std::chrono::hours{23};
  CHECK(booking::Cancel(*f.store, two->booking.code, Actor::Applicant(), late).error() == Error::too_late_to_change);
  CHECK(f.store->FindBooking(two->booking.code)->status == BookingStatus::booked);
  CHECK(booking::Cancel(*f.store, two->booking.code, Actor::Staff("mario"), late).has_value());
  CHECK(booking::Cancel(*f.store, "RM-0000-0000-0000", Actor::Applicant(), kNow).error() == Error::not_found);
}

TEST_CASE("reschedule into a full slot keeps the old booking") {
  StoreFixture f;
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(2), kNextSlot)).has_value());
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(3), kNextSlot)).has_value());

  CHECK(booking::Reschedule(*f.store, mine->booking.code, kNextSlot, Actor::Applicant(), kNow).error() == Error::slot_full);
  auto kept = f.store->FindBooking(mine->booking.code);
  REQUIRE(kept.has_value());
  CHECK(kept->start == kSlot);
  CHECK(kept->status == BookingStatus::booked);
  CHECK(f.store->Seats("roma", kType, kSlot, kSlot + std::chrono::hours{1})->Use(kSlot).online == 1);

  CHECK(booking::Reschedule(*f.store, mine->booking.code, kSlot + std::chrono::minutes{7}, Actor::Applicant(), kNow).error() ==
        Error::not_a_slot);
  CHECK(booking::Reschedule(*f.store, mine->booking.code, At("2026-11-02T09:40:00+01:00"), Actor::Applicant(), kNow).error() ==
        Error::outside_booking_window);
  CHECK(f.store->FindBooking(mine->booking.code)->start == kSlot);
}

TEST_CASE("reschedule moves the seat, keeps code and token, and frees the old seat") {
  StoreFixture f;
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  const Instant later = kSlot + std::chrono::minutes{40};
  auto moved = booking::Reschedule(*f.store, mine->booking.code, later, Actor::Applicant(), kNow);
  REQUIRE(moved.has_value());
  CHECK(moved->code == mine->booking.code);
  CHECK(moved->start == later);
  CHECK(moved->end == later + std::chrono::minutes{20});
  CHECK(f.store->VerifyManageToken(mine->booking.code, mine->manage_token).has_value());
  auto seats = f.store->Seats("roma", kType, kSlot, kSlot + std::chrono::hours{2});
  REQUIRE(seats.has_value());
  CHECK(seats->Use(kSlot).online == 0);
  CHECK(seats->Use(later).online == 1);
}

TEST_CASE("reschedule refusals: too late, self-booking off, not booked, unknown") {
  StoreFixture f;
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  const std::string code = mine->booking.code;
  CHECK(booking::Reschedule(*f.store, code, kNextSlot, Actor::Applicant(), kSlot - std::chrono::hours{2}).error() ==
        Error::too_late_to_change);
  REQUIRE(booking::SetSelfBooking(*f.store, "roma", false, Actor::Staff("admin"), kNow).has_value());
  CHECK(booking::Reschedule(*f.store, code, kNextSlot, Actor::Applicant(), kNow).error() == Error::self_booking_disabled);
  CHECK(booking::Reschedule(*f.store, code, kNextSlot, Actor::Staff("mario"), kNow).has_value());
  REQUIRE(booking::Cancel(*f.store, code, Actor::Staff("mario"), kNow).has_value());
  CHECK(booking::Reschedule(*f.store, code, kSlot, Actor::Staff("mario"), kNow).error() == Error::invalid_request);
  CHECK(booking::Reschedule(*f.store, "RM-0000-0000-0000", kSlot, Actor::Staff("mario"), kNow).error() == Error::not_found);
}

TEST_CASE("day sheet, range, per-application lists and the seat ledger") {
  StoreFixture f;
  BookRequest with_contact = ApplicantRequest(AppId(1));
  with_contact.email = "altro@example.org";
  with_contact.lang = "EN";
  REQUIRE(booking::Book(*f.store, with_contact).has_value());
  REQUIRE(booking::Book(*f.store, StaffRequest(AppId(2))).has_value());
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(3), At("2026-11-11T09:00:00+01:00"))).has_value());

  auto sheet = f.store->BookingsOn("roma", date::year{2026} / 11 / 10);
  REQUIRE(sheet.has_value());
  REQUIRE(sheet->size() == 2);
  for (const BookingRecord& booking : *sheet) CHECK(booking.start == kSlot);
  const auto with_email = std::find_if(sheet->begin(), sheet->end(),
                                       [](const BookingRecord& b) { return b.application_id == AppId(1); });
  REQUIRE(with_email != sheet->end());
  CHECK(with_email->email == "altro@example.org");
  CHECK(with_email->lang == "en");
  CHECK(f.store->BookingsOn("roma", date::year{2026} / 11 / 12)->empty());
  CHECK(f.store->BookingsOn("atlantide", date::year{2026} / 11 / 10).error() == Error::not_found);

  CHECK(f.store->BookingsBetween("roma", kSlot, kSlot + std::chrono::hours{48})->size() == 3);
  CHECK(f.store->BookingsOfApplication(AppId(3))->size() == 1);
  CHECK(f.store->BookingsOfApplication("nobody")->empty());

  auto seats = f.store->Seats("roma", kType, kSlot, kSlot + std::chrono::hours{1});
  REQUIRE(seats.has_value());
  CHECK(seats->Use(kSlot) == engine::SeatUse{1, 1});
  CHECK(seats->size() == 1);
  CHECK(f.store->Seats("atlantide", kType, kSlot, kSlot).error() == Error::not_found);
}

TEST_CASE("every booking change is audited with who, when, before and after") {
  StoreFixture f;
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  REQUIRE(booking::Reschedule(*f.store, mine->booking.code, kNextSlot, Actor::Applicant(), kNow + std::chrono::hours{1})
              .has_value());
  REQUIRE(booking::Cancel(*f.store, mine->booking.code, Actor::Staff("mario"), kNow + std::chrono::hours{2}).has_value());
  auto log = f.store->Audit(AuditOf("roma"));
  REQUIRE(log.has_value());
  REQUIRE(log->size() >= 4);  // seed, create, reschedule, cancel
  CHECK((*log)[0].action == "booking.cancel");
  CHECK((*log)[0].actor == "staff:mario");
  CHECK((*log)[0].at == kNow + std::chrono::hours{2});
  CHECK((*log)[0].before.find(R"("status":"booked")") != std::string::npos);
  CHECK((*log)[0].after.find(R"("status":"cancelled")") != std::string::npos);
  CHECK((*log)[1].action == "booking.reschedule");
  CHECK((*log)[1].after.find("2026-11-10T08:20:00Z") != std::string::npos);
  CHECK((*log)[2].action == "booking.create");
  CHECK((*log)[2].subject == mine->booking.code);
  CHECK((*log)[2].after.find("persona@") == std::string::npos);  // no contact data in the log
  auto page = f.store->Audit(AuditOf("roma", 1, (*log)[1].id));
  REQUIRE(page.has_value());
  REQUIRE(page->size() == 1);
  CHECK((*page)[0].action == "booking.create");
  CHECK(f.store->Audit(AuditOf("roma", 0)).error() == Error::invalid_request);
}

}  // namespace
}  // namespace sportello::storage::testing
