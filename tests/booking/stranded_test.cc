// Bookings a calendar change strands (booking/stranded.h), on a real SQLite file and on PostgreSQL:
// moved to the nearest free seat with notice, or cancelled, each e-mailed and audited; kept when
// there is no seat.
#include "booking/desks.h"
#include "booking/stranded.h"
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;
using Kind = booking::StrandedOutcome::Kind;

const Actor kManager = Actor::Staff("capo");

// TestCalendar() opening at 09:20 instead of 09:00, with `capacity` online seats per slot.
engine::DeskCalendar LaterOpening(int capacity = 2, int staff_capacity = 1) {
  std::string json = CalendarJson("roma", "RM", capacity, staff_capacity);
  json.replace(json.find(R"("from": "09:00", "to": "10:00")"), 30, R"("from": "09:20", "to": "10:00")");
  return ParseTestCalendar(json);
}

std::vector<booking::StrandedOutcome> Resolve(StoreFixture& f, const engine::DeskCalendar& calendar,
                                              booking::StrandedAction action) {
  auto change = booking::ReplaceCalendar(*f.store, calendar, /*force=*/true, false, kManager, kNow);
  REQUIRE(change.has_value());
  auto outcomes = booking::ResolveStranded(*f.store, change->stranded, action, kManager, kNow);
  REQUIRE(outcomes.has_value());
  return *outcomes;
}

NoticeKind LastMessage(StoreFixture& f, const std::string& code) {
  auto deliveries = f.store->DeliveriesOf(code);
  REQUIRE(deliveries.has_value());
  REQUIRE_FALSE(deliveries->empty());
  return deliveries->back().kind;
}

TEST_CASE("stranded bookings move to the nearest free seat, staff seats included, and are told") {
  StoreFixture f;
  const std::string first = booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot))->booking.code;
  const std::string second = booking::Book(*f.store, ApplicantRequest(AppId(2), kSlot))->booking.code;
  const std::string stays = booking::Book(*f.store, ApplicantRequest(AppId(3), kNextSlot))->booking.code;
  // 09:20 has 2 online seats and 1 staff seat, one taken: both 09:00 bookings fit there, 20 minutes
  // later (the day before is 23 hours away), moved by staff and so holding staff-channel seats.
  const std::vector<booking::StrandedOutcome> outcomes = Resolve(f, LaterOpening(), booking::StrandedAction::move);
  REQUIRE(outcomes.size() == 2);
  for (const booking::StrandedOutcome& outcome : outcomes) {
    CAPTURE(outcome.booking.code);
    CHECK(outcome.kind == Kind::moved);
    CHECK(outcome.booking.start == kNextSlot);
    CHECK(outcome.previous_start == kSlot);
    CHECK(f.store->FindBooking(outcome.booking.code)->start == kNextSlot);
    CHECK(LastMessage(f, outcome.booking.code) == NoticeKind::reschedule);
  }
  CHECK(f.store->FindBooking(second)->channel == engine::Channel::staff);
  CHECK(f.store->Seats("roma", kType, kSlot, kSlot + std::chrono::hours{1})->Use(kNextSlot) == engine::SeatUse{1, 2});
  CHECK(f.store->FindBooking(first)->status == BookingStatus::booked);
  CHECK(f.store->FindBooking(stays)->start == kNextSlot);
  auto log = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK(log->front().action == "booking.reschedule");
  CHECK(log->front().actor == "staff:capo");
}

TEST_CASE("a stranded booking that cannot be moved stays booked and is reported kept") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot))->booking.code;
  // The desk stops offering the type: there is no seat of it anywhere.
  std::string json = CalendarJson();
  const std::size_t type = json.find(R"("lavoro-documenti")");
  json.erase(type, json.find(R"("lavoro-nulla-osta")") - type);
  const std::vector<booking::StrandedOutcome> outcomes = Resolve(f, ParseTestCalendar(json), booking::StrandedAction::move);
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].kind == Kind::kept);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);
  CHECK(f.store->FindBooking(code)->start == kSlot);
}

TEST_CASE("stranded bookings may be cancelled instead, each person told, and keep changes nothing") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot))->booking.code;
  const std::vector<booking::StrandedOutcome> kept = Resolve(f, LaterOpening(), booking::StrandedAction::keep);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].kind == Kind::kept);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);

  const std::vector<booking::StrandedOutcome> cancelled = Resolve(f, LaterOpening(), booking::StrandedAction::cancel);
  REQUIRE(cancelled.size() == 1);
  CHECK(cancelled[0].kind == Kind::cancelled);
  CHECK(cancelled[0].booking.status == BookingStatus::cancelled);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::cancelled);
  CHECK(LastMessage(f, code) == NoticeKind::cancellation);
  CHECK(booking::ParseStrandedAction("move") == booking::StrandedAction::move);
  CHECK_FALSE(booking::ParseStrandedAction("moved").has_value());
}

}  // namespace
}  // namespace sportello::storage::testing
