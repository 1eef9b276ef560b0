// The store side of "No seat wasted" (SPEC.md): waitlist entries written through the booking
// transaction and read back, the seat an offer holds in every seat count, entry tokens, the one
// active entry per application and type the database itself keeps, the lists the periodic jobs
// read (expired offers, lines with someone waiting, applications to convene), the manage token and
// reconfirmation kept with a booking. The rules deciding these writes are booking/'s: here the
// transaction is driven by hand.
#include "booking/applications.h"
#include "fixture.h"

#include "storage/record_text.h"
#include "storage/secrets.h"

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;

WaitlistEntry NewEntry(std::string application_id, std::string_view type = kType) {
  WaitlistEntry entry;
  entry.id = NewWaitlistId();
  entry.desk = "roma";
  entry.type = std::string(type);
  entry.application_id = std::move(application_id);
  entry.email = "persona@example.org";
  entry.lang = "fr";
  entry.created_at = kNow;
  entry.updated_at = kNow;
  return entry;
}

// An entry put in line with `token`, as stored.
WaitlistEntry Join(Store& store, const WaitlistEntry& entry, std::string_view token = "entry-token-0123456789") {
  WaitlistEntry stored;
  Commit(store, [&](BookingTransaction& transaction) { stored = transaction.InsertWaitlistEntry(entry, token); });
  return stored;
}

// `entry` offered the seat at `start`, held until `expires_at`.
WaitlistEntry Offered(WaitlistEntry entry, Instant start, Instant expires_at = kNow + 30min) {
  entry.state = WaitlistState::offered;
  entry.offer = WaitlistOffer{start, start + 20min, expires_at};
  entry.updated_at = kNow + 1min;
  return entry;
}

WaitlistEntry InState(WaitlistEntry entry, WaitlistState state) {
  entry.state = state;
  entry.updated_at = kNow + 2min;
  return entry;
}

// Stores `after` over `before` and returns it.
WaitlistEntry Update(Store& store, const WaitlistEntry& before, const WaitlistEntry& after) {
  Commit(store, [&](BookingTransaction& transaction) { transaction.UpdateWaitlistEntry(before, after); });
  return after;
}

engine::SeatUse SeatsAt(Store& store, Instant start) {
  auto seats = store.Seats("roma", kType, kSlot - 24h, kSlot + 30 * 24h);
  REQUIRE(seats.has_value());
  return seats->Use(start);
}

engine::SeatUse SeatsTakenAt(Store& store, Instant start) {
  engine::SeatUse use;
  Commit(store, [&](BookingTransaction& transaction) { use = transaction.SeatsTaken("roma", kType, start); });
  return use;
}

std::vector<std::string> IdsOf(const std::vector<WaitlistEntry>& entries) {
  std::vector<std::string> ids;
  for (const WaitlistEntry& entry : entries) ids.push_back(entry.id);
  return ids;
}

TEST_CASE("an offered entry holds an online seat in every count until it leaves offered") {
  StoreFixture f;
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
  CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{1, 0});  // read once: the counts are now in memory
  WaitlistEntry waiting = Join(*f.store, NewEntry(AppId(2)));
  CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{1, 0});  // waiting holds nothing

  WaitlistEntry offered = Update(*f.store, waiting, Offered(waiting, kSlot));
  CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{2, 0});
  CHECK(SeatsTakenAt(*f.store, kSlot) == engine::SeatUse{2, 0});
  auto other = OpenStore(f.db);  // as another process, which reads the seats afresh
  CHECK(SeatsAt(*other, kSlot) == engine::SeatUse{2, 0});
  // The last online seat is the offer's: an applicant finds the slot full.
  CHECK(booking::Book(*f.store, ApplicantRequest(AppId(3))).error() == Error::slot_full);

  SECTION("an offer moved to another seat takes that one and frees the first") {
    Update(*f.store, offered, Offered(offered, kNextSlot));
    CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{1, 0});
    CHECK(SeatsAt(*f.store, kNextSlot) == engine::SeatUse{1, 0});
    CHECK(SeatsTakenAt(*f.store, kNextSlot) == engine::SeatUse{1, 0});
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(3))).has_value());
  }
  for (WaitlistState state : {WaitlistState::expired, WaitlistState::left, WaitlistState::accepted}) {
    DYNAMIC_SECTION("leaving offered for " << engine::WaitlistStateName(state) << " frees the seat") {
      const WaitlistEntry ended = Update(*f.store, offered, InState(offered, state));
      CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{1, 0});
      CHECK(SeatsTakenAt(*f.store, kSlot) == engine::SeatUse{1, 0});
      auto kept = f.store->WaitlistOfApplication(AppId(2));
      REQUIRE(kept.has_value());
      REQUIRE(kept->size() == 1);
      CHECK(kept->front() == ended);  // the last offer stays on record
    }
  }
}

TEST_CASE("every change to a held seat moves the seat version by one, other changes leave it", "[sqlite]") {
  StoreFixture f;
  const auto version = [&] { return QueryInt(f.db, "SELECT value FROM seat_version"); };
  const std::int64_t start = version();
  WaitlistEntry entry = Join(*f.store, NewEntry(AppId(1)));
  CHECK(version() == start);
  entry = Update(*f.store, entry, Offered(entry, kSlot));
  CHECK(version() == start + 1);
  entry = Update(*f.store, entry, Offered(entry, kSlot, kNow + 40min));  // a longer hold of the same seat
  CHECK(version() == start + 1);
  entry = Update(*f.store, entry, Offered(entry, kNextSlot));
  CHECK(version() == start + 2);
  Update(*f.store, entry, InState(entry, WaitlistState::left));
  CHECK(version() == start + 3);
  CHECK(SeatsAt(*f.store, kNextSlot) == engine::SeatUse{});
}

TEST_CASE("the line holds the active entries in the order they joined") {
  StoreFixture f;
  const WaitlistEntry first = Join(*f.store, NewEntry(AppId(1)));
  WaitlistEntry second = NewEntry(AppId(2));
  second.before = engine::Date{date::year{2026} / 11 / 20};
  second.email.clear();
  second = Join(*f.store, second);
  const WaitlistEntry third = Join(*f.store, NewEntry(AppId(3)));
  const WaitlistEntry other_type = Join(*f.store, NewEntry(AppId(1), kOtherType));
  CHECK(first.sequence < second.sequence);
  CHECK(second.sequence < third.sequence);

  auto line = f.store->WaitlistOf("roma", kType);
  REQUIRE(line.has_value());
  CHECK(*line == std::vector{first, second, third});  // every field as written
  Update(*f.store, second, InState(second, WaitlistState::left));
  const WaitlistEntry offered = Update(*f.store, third, Offered(third, kSlot));
  CHECK(IdsOf(*f.store->WaitlistOf("roma", kType)) == std::vector{first.id, third.id});
  std::vector<WaitlistEntry> in_transaction;
  std::optional<WaitlistEntry> found;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    in_transaction = transaction.WaitlistLine("roma", kType);
    found = transaction.WaitlistEntryOf(second.id);
    CHECK_FALSE(transaction.WaitlistEntryOf("W-0000-0000-0000").has_value());
  });
  CHECK(in_transaction == std::vector{first, offered});
  REQUIRE(found.has_value());
  CHECK(found->state == WaitlistState::left);
  CHECK(IdsOf(*f.store->WaitlistOf("roma", kOtherType)) == std::vector{other_type.id});
  CHECK(f.store->WaitlistOf("atlantide", kType).error() == Error::not_found);

  // An application's entries, any state, newest first.
  CHECK(IdsOf(*f.store->WaitlistOfApplication(AppId(1))) == std::vector{other_type.id, first.id});
  CHECK(f.store->WaitlistOfApplication("A-none")->empty());
}

TEST_CASE("an entry's token opens it, and nothing else does") {
  StoreFixture f;
  const std::string token = NewManageToken();
  const WaitlistEntry entry = Join(*f.store, NewEntry(AppId(1)), token);
  auto opened = f.store->VerifyWaitlistToken(entry.id, token);
  REQUIRE(opened.has_value());
  CHECK(*opened == entry);
  CHECK(f.store->VerifyWaitlistToken(entry.id, NewManageToken()).error() == Error::not_found);
  CHECK(f.store->VerifyWaitlistToken(entry.id, "").error() == Error::not_found);
  CHECK(f.store->VerifyWaitlistToken("W-0000-0000-0000", token).error() == Error::not_found);
  // A booking's manage token is of another kind: it does not open an entry with the same text.
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(2)));
  REQUIRE(booked.has_value());
  CHECK(f.store->VerifyWaitlistToken(entry.id, booked->manage_token).error() == Error::not_found);

  std::string kept;
  Commit(*f.store, [&](BookingTransaction& transaction) { kept = transaction.WaitlistToken(entry.id); });
  CHECK(kept == token);
  // Kept hashed and sealed, never in clear.
  CHECK(QueryInt(f.db, "SELECT count(*) FROM waitlist WHERE " + ContainsSql(f.db, "sealed_token", token, true)) == 0);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM waitlist WHERE " + ContainsSql(f.db, "sealed_token", "sealed", true)) ==
        1);
}

TEST_CASE("a change to an entry is audited under its id and desk, without its e-mail or token") {
  StoreFixture f;
  const std::string token = NewManageToken();
  WaitlistEntry entry = NewEntry(AppId(1));
  entry.email = "riservata@example.org";
  entry = Join(*f.store, entry, token);
  const WaitlistEntry offered = Offered(entry, kSlot);
  Commit(*f.store, [&](BookingTransaction& transaction) {
    transaction.AuditWaitlist("waitlist.join", Actor::Applicant(), nullptr, entry, kNow);
    transaction.AuditWaitlist("waitlist.offer", Actor::System(), &entry, offered, kNow + 1min);
  });
  auto audit = f.store->Audit(AuditOf("roma", 2));
  REQUIRE(audit.has_value());
  REQUIRE(audit->size() == 2);
  const AuditEntry& offer = audit->at(0);
  const AuditEntry& join = audit->at(1);
  CHECK(join.action == "waitlist.join");
  CHECK(join.actor == "applicant");
  CHECK(join.subject == entry.id);
  CHECK(join.before.empty());
  CHECK(join.after == WaitlistAuditJson(entry));
  CHECK(offer.action == "waitlist.offer");
  CHECK(offer.actor == "system");
  CHECK(offer.at == kNow + 1min);
  CHECK(offer.before == WaitlistAuditJson(entry));
  CHECK(offer.after == WaitlistAuditJson(offered));
  for (const AuditEntry& written : *audit) {
    CHECK_THAT(written.before + written.after, !Catch::Contains("riservata") && !Catch::Contains(token));
  }
}

TEST_CASE("the database refuses a second active entry of one application and type") {
  StoreFixture f;
  const WaitlistEntry entry = Join(*f.store, NewEntry(AppId(1)));
  const auto insert = [&](const WaitlistEntry& again) {
    return f.store->ChangeBooking([&](BookingTransaction& transaction) -> Result<BookingRecord> {
      transaction.InsertWaitlistEntry(again, "another-token");
      return BookingRecord{};
    });
  };
  CHECK(insert(NewEntry(AppId(1))).error() == Error::internal);
  const WaitlistEntry offered = Update(*f.store, entry, Offered(entry, kSlot));
  CHECK(insert(NewEntry(AppId(1))).error() == Error::internal);
  CHECK(f.store->WaitlistOf("roma", kType)->size() == 1);
  CHECK(insert(NewEntry(AppId(1), kOtherType)).has_value());  // another type
  CHECK(insert(NewEntry(AppId(2))).has_value());              // another application
  Update(*f.store, offered, InState(offered, WaitlistState::expired));
  CHECK(insert(NewEntry(AppId(1))).has_value());  // in line again once the first is no longer
}

TEST_CASE("expired offers are listed by expiry, only while still offered") {
  StoreFixture f;
  WaitlistEntry late = Join(*f.store, NewEntry(AppId(1)));
  WaitlistEntry early = Join(*f.store, NewEntry(AppId(2)));
  Join(*f.store, NewEntry(AppId(3)));  // waiting: nothing to expire
  late = Update(*f.store, late, Offered(late, kSlot, kNow + 10min));
  early = Update(*f.store, early, Offered(early, kNextSlot, kNow + 5min));
  CHECK(f.store->ExpiredOffers(kNow + 4min)->empty());
  CHECK(f.store->ExpiredOffers(kNow + 5min).value() == std::vector{early.id});
  CHECK(f.store->ExpiredOffers(kNow + 1h).value() == std::vector{early.id, late.id});
  Update(*f.store, early, InState(early, WaitlistState::expired));
  CHECK(f.store->ExpiredOffers(kNow + 1h).value() == std::vector{late.id});
}

TEST_CASE("the lines with someone waiting are listed by desk then type") {
  StoreFixture f;
  REQUIRE(booking::SeedDesk(*f.store, ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication("A-LT-1", "latina")}, Actor::Cli(), kNow)
              .has_value());
  CHECK(f.store->WaitingLines()->empty());
  Join(*f.store, NewEntry(AppId(1), kOtherType));
  Join(*f.store, NewEntry(AppId(2), kOtherType));
  const WaitlistEntry only = Join(*f.store, NewEntry(AppId(3)));
  WaitlistEntry latina = NewEntry("A-LT-1");
  latina.desk = "latina";
  Join(*f.store, latina);
  CHECK(f.store->WaitingLines().value() == std::vector<WaitlistLineId>{{"latina", std::string(kType)},
                                                                       {"roma", std::string(kType)},
                                                                       {"roma", std::string(kOtherType)}});
  Update(*f.store, only, Offered(only, kSlot));  // an offer is not someone waiting
  CHECK(f.store->WaitingLines().value() ==
        std::vector<WaitlistLineId>{{"latina", std::string(kType)}, {"roma", std::string(kOtherType)}});
}

TEST_CASE("applications to convene: listed long enough, never convened, never booked for the type") {
  StoreFixture f(6);
  const Instant later = kNow + 24h;
  const auto due = [&](Instant listed_before, int limit = 100) {
    auto ids = f.store->ApplicationsToConvene("roma", kType, listed_before, limit);
    REQUIRE(ids.has_value());
    return *ids;
  };
  CHECK(due(kNow).empty());  // listed at kNow, not before it
  CHECK(due(later) == std::vector<std::string>{AppId(0), AppId(1), AppId(2), AppId(3), AppId(4), AppId(5)});
  CHECK(due(later, 2) == std::vector<std::string>{AppId(0), AppId(1)});
  CHECK(f.store->ApplicationsToConvene("roma", kOtherType, later, 100)->empty());

  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(0)));
  auto attended = booking::Book(*f.store, ApplicantRequest(AppId(1), kNextSlot));
  auto cancelled = booking::Book(*f.store, StaffRequest(AppId(2)));
  REQUIRE((booked && attended && cancelled));
  REQUIRE(booking::SetAttendance(*f.store, attended->booking.code, BookingStatus::attended, Actor::Staff("mario"),
                                 kNextSlot).has_value());
  REQUIRE(booking::Cancel(*f.store, cancelled->booking.code, Actor::Staff("mario"), kNow).has_value());
  std::optional<TypeListing> before_mark;
  std::optional<TypeListing> after_mark;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    before_mark = transaction.Listing(AppId(3), kType);
    transaction.MarkConvened(AppId(3), kType, kNow + 1h);
    after_mark = transaction.Listing(AppId(3), kType);
    CHECK_FALSE(transaction.Listing(AppId(3), kOtherType).has_value());
  });
  REQUIRE(before_mark.has_value());
  CHECK(before_mark->since == kNow);
  CHECK_FALSE(before_mark->convened_at.has_value());
  REQUIRE(after_mark.has_value());
  CHECK(after_mark->convened_at == kNow + 1h);
  CHECK(due(later) == std::vector<std::string>{AppId(2), AppId(4), AppId(5)});

  // Imports keep the listing of a type still listed, end it for one dropped, start anew when relisted.
  engine::Application moved_on = MakeApplication(AppId(4), "roma", {std::string(kOtherType)});
  REQUIRE(booking::ImportApplications(*f.store, std::vector{moved_on, MakeApplication(AppId(5))}, Actor::Cli(), later)
              .has_value());
  CHECK(due(later) == std::vector<std::string>{AppId(2), AppId(5)});  // AppId(5) still listed since kNow
  CHECK(f.store->ApplicationsToConvene("roma", kOtherType, later + 1h, 100).value() ==
        std::vector<std::string>{AppId(4)});
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication(AppId(4))}, Actor::Cli(), later + 2h)
              .has_value());
  CHECK(due(later + 1h) == std::vector<std::string>{AppId(2), AppId(5)});
  CHECK(due(later + 3h) == std::vector<std::string>{AppId(2), AppId(5), AppId(4)});  // oldest listing first
  CHECK(f.store->ApplicationsToConvene("latina", kType, later, 100)->empty());
}

TEST_CASE("a booking keeps its manage token sealed, to be given back for later messages") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  const std::string code = booked->booking.code;
  const std::string renewed = NewManageToken();
  std::string kept;
  std::string after_renewal;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    kept = transaction.ManageToken(code);
    transaction.ReplaceManageToken(code, renewed);
    after_renewal = transaction.ManageToken(code);
  });
  CHECK(kept == booked->manage_token);
  CHECK(after_renewal == renewed);
  CHECK(f.store->VerifyManageToken(code, renewed).has_value());
  CHECK(f.store->VerifyManageToken(code, booked->manage_token).error() == Error::not_found);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings WHERE " + ContainsSql(f.db, "sealed_token", renewed, true)) == 0);

  ExecSql(f.db, "UPDATE bookings SET sealed_token = NULL");  // as a booking made before tokens were kept
  Commit(*f.store, [&](BookingTransaction& transaction) { kept = transaction.ManageToken(code); });
  CHECK(kept.empty());
}

TEST_CASE("a booking's reconfirmation is stored and read back by every read, and released frees the seat") {
  StoreFixture f;
  BookingRecord booking;
  booking.code = "RM-AAAA-BBBB-CCCC";
  booking.desk = "roma";
  booking.type = std::string(kType);
  booking.start = kSlot;
  booking.end = kSlot + 20min;
  booking.application_id = AppId(1);
  booking.email = "persona@example.org";
  booking.lang = "it";
  booking.created_at = kNow;
  booking.created_by = "applicant";
  booking.updated_at = kNow;
  booking.confirmed_at = kNow;
  BookingRecord asked = booking;
  asked.confirmed_at.reset();
  asked.reconfirm_asked_at = kNow + 24h;
  asked.reconfirm_reminded_at = kNow + 48h;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    transaction.Insert(booking, NewManageToken());
    CHECK(transaction.Booking(booking.code)->confirmed_at == kNow);
    transaction.SetReconfirmation(booking, asked);
  });
  const auto check_read = [&](const BookingRecord& read) {
    CHECK_FALSE(read.confirmed_at.has_value());
    CHECK(read.reconfirm_asked_at == kNow + 24h);
    CHECK(read.reconfirm_reminded_at == kNow + 48h);
  };
  check_read(f.store->FindBooking(booking.code).value());
  check_read(f.store->BookingsOfApplication(AppId(1))->front());
  check_read(f.store->BookingsOn("roma", engine::Date{date::year{2026} / 11 / 10})->front());
  check_read(f.store->BookingsBetween("roma", kSlot, kSlot + 1h)->front());
  CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{1, 0});

  BookingRecord released = asked;
  released.status = BookingStatus::released;
  released.updated_at = kNow + 72h;
  Commit(*f.store, [&](BookingTransaction& transaction) { transaction.SetStatus(asked, released); });
  CHECK(f.store->FindBooking(booking.code)->status == BookingStatus::released);
  CHECK(SeatsAt(*f.store, kSlot) == engine::SeatUse{});
  CHECK(SeatsTakenAt(*f.store, kSlot) == engine::SeatUse{});
}

TEST_CASE("an offer is queued about its entry, claimed with what the message needs, skipped once it ended") {
  StoreFixture f;
  auto current = booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot + 24h));
  REQUIRE(current.has_value());
  const std::string token = NewManageToken();
  WaitlistEntry entry = Join(*f.store, NewEntry(AppId(1)), token);
  WaitlistEntry silent = NewEntry(AppId(2));
  silent.email.clear();
  silent = Join(*f.store, silent);
  const auto offer = [&](const WaitlistEntry& before, Instant start, const BookingRecord* booked) {
    const WaitlistEntry after = Offered(before, start);
    Commit(*f.store, [&](BookingTransaction& transaction) {
      transaction.UpdateWaitlistEntry(before, after);
      transaction.EnqueueOffer(after, booked, transaction.WaitlistToken(after.id), kNow + 1min);
    });
    return after;
  };
  ExecSql(f.db, "UPDATE notifications SET status = 'sent', next_attempt_at = NULL");  // the confirmation
  entry = offer(entry, kSlot, &current->booking);
  offer(silent, kNextSlot, nullptr);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'offer' AND status = 'no_address' "
                       "AND booking_code IS NULL AND manage_token IS NULL") == 1);

  auto claimed = f.store->ClaimDueNotices(kNow + 1min, 10, 10min);
  REQUIRE(claimed.has_value());
  REQUIRE(claimed->size() == 1);
  const PendingNotice& notice = claimed->front();
  CHECK(notice.kind == NoticeKind::offer);
  CHECK(notice.booking_code.empty());
  CHECK(notice.waitlist_id == entry.id);
  CHECK(notice.application_id == AppId(1));
  CHECK(notice.desk == "roma");
  CHECK(notice.type == kType);
  CHECK(notice.start == kSlot);
  CHECK(notice.end == kSlot + 20min);
  CHECK(notice.offer_expires_at == kNow + 30min);
  CHECK(notice.previous_start == kSlot + 24h);
  CHECK(notice.previous_end == kSlot + 24h + 20min);
  CHECK(notice.recipient == "persona@example.org");
  CHECK(notice.lang == "fr");
  CHECK(notice.sequence == 0);
  CHECK(notice.manage_token == token);
  CHECK(notice.created_at == kNow + 1min);
  REQUIRE(f.store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::sent, "", {}}, kNow + 2min).has_value());
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'offer' AND manage_token IS NOT NULL") == 0);

  SECTION("an offer of a seat the entry no longer holds is skipped, the next is sent") {
    entry = offer(entry, kNextSlot + 20min, &current->booking);  // offered another seat
    entry = offer(entry, kNextSlot + 40min, &current->booking);  // and another, before either went out
    auto next = f.store->ClaimDueNotices(kNow + 3min, 10, 10min);
    REQUIRE(next.has_value());
    REQUIRE(next->size() == 1);
    CHECK(next->front().start == kNextSlot + 40min);
    CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'offer' AND status = 'skipped' "
                         "AND last_error = 'the offer ended before the message was sent'") == 1);
  }
  SECTION("an offer whose entry left before it went out is skipped") {
    entry = offer(entry, kNextSlot + 20min, &current->booking);
    Update(*f.store, entry, InState(entry, WaitlistState::left));
    CHECK(f.store->ClaimDueNotices(kNow + 3min, 10, 10min)->empty());
    CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'offer' AND status = 'skipped'") == 1);
  }
}

}  // namespace
}  // namespace sportello::storage::testing
