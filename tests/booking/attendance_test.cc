// Attendance (booking/attendance.h) on a real SQLite file, and on PostgreSQL: marks from the
// appointment's day on, corrections, the same-day undo and its seat, and closing a day.
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;
using std::chrono::hours;
using std::chrono::minutes;

const Actor kStaff = Actor::Staff("mario");

engine::Date Day(const char* text) { return *engine::ParseDate(text); }

std::string BookAt(StoreFixture& f, int application, Instant start) {
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(application), start));
  REQUIRE(booked.has_value());
  return booked->booking.code;
}

TEST_CASE("attendance is recorded for booked bookings and may be corrected") {
  StoreFixture f;
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  const std::string code = mine->booking.code;
  const Actor& staff = kStaff;
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::booked, staff, kSlot).error() == Error::invalid_request);
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::no_show, staff, kSlot)->status == BookingStatus::no_show);
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::attended, staff, kSlot)->status == BookingStatus::attended);
  CHECK(booking::Cancel(*f.store, code, staff, kSlot).error() == Error::invalid_request);
  CHECK(booking::SetAttendance(*f.store, "RM-0000-0000-0000", BookingStatus::attended, staff, kSlot).error() ==
        Error::not_found);

  auto other = booking::Book(*f.store, ApplicantRequest(AppId(2)));
  REQUIRE(other.has_value());
  REQUIRE(booking::Cancel(*f.store, other->booking.code, staff, kNow).has_value());
  CHECK(booking::SetAttendance(*f.store, other->booking.code, BookingStatus::attended, staff, kSlot).error() ==
        Error::invalid_request);
}

TEST_CASE("attendance is accepted from the appointment's local day on, not before") {
  StoreFixture f;
  const std::string code = BookAt(f, 1, kSlot);
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::attended, kStaff, kNow).error() == Error::too_early);
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::no_show, kStaff, At("2026-11-09T23:59:00+01:00")).error() ==
        Error::too_early);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);  // nothing changed
  CHECK(booking::SetAttendance(*f.store, code, BookingStatus::attended, kStaff, At("2026-11-10T00:00:00+01:00"))
            ->status == BookingStatus::attended);
}

TEST_CASE("a mark is undone the same day, audited, and not on a later day") {
  StoreFixture f;
  const std::string code = BookAt(f, 1, kSlot);
  const std::string other = BookAt(f, 2, kNextSlot);
  REQUIRE(booking::SetAttendance(*f.store, code, BookingStatus::no_show, kStaff, kSlot + minutes{30}).has_value());
  auto undone = booking::UndoAttendance(*f.store, code, kStaff, kSlot + hours{3});
  REQUIRE(undone.has_value());
  CHECK(undone->status == BookingStatus::booked);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);
  CHECK(booking::UndoAttendance(*f.store, code, kStaff, kSlot + hours{3}).error() == Error::invalid_request);
  auto audit = f.store->Audit(AuditOf("roma"));
  REQUIRE(audit.has_value());
  CHECK(audit->front().action == "booking.attendance_undo");
  CHECK(audit->front().actor == "staff:mario");

  REQUIRE(booking::SetAttendance(*f.store, other, BookingStatus::attended, kStaff, kSlot + hours{1}).has_value());
  CHECK(booking::UndoAttendance(*f.store, other, kStaff, kSlot + hours{20}).error() == Error::too_late_to_change);
  CHECK(f.store->FindBooking(other)->status == BookingStatus::attended);
  CHECK(booking::UndoAttendance(*f.store, "RM-0000-0000-0000", kStaff, kSlot).error() == Error::not_found);
}

TEST_CASE("an undo never takes back a seat given to someone else, nor makes two bookings of one type") {
  StoreFixture f;
  const Instant morning = At("2026-11-10T08:00:00+01:00");
  const std::string code = BookAt(f, 1, kSlot);
  // Marked before its slot starts, the booking frees its seat; staff fill the slot.
  REQUIRE(booking::SetAttendance(*f.store, code, BookingStatus::no_show, kStaff, morning).has_value());
  for (int i = 2; i <= 4; ++i) {
    BookRequest request = StaffRequest(AppId(i), kSlot);
    request.now = morning;
    REQUIRE(booking::Book(*f.store, request).has_value());
  }
  CHECK(booking::UndoAttendance(*f.store, code, kStaff, morning + minutes{5}).error() == Error::slot_full);

  const std::string again = BookAt(f, 5, kNextSlot);
  REQUIRE(booking::SetAttendance(*f.store, again, BookingStatus::no_show, kStaff, morning).has_value());
  BookRequest rebooked = StaffRequest(AppId(5), kSlot + hours{24});
  rebooked.now = morning;
  REQUIRE(booking::Book(*f.store, rebooked).has_value());
  CHECK(booking::UndoAttendance(*f.store, again, kStaff, morning + minutes{5}).error() == Error::already_booked);
  CHECK(f.store->FindBooking(again)->status == BookingStatus::no_show);
}

TEST_CASE("closing a day marks those still expected whose time has come as no-shows, in one go") {
  StoreFixture f;
  const std::string early = BookAt(f, 1, kSlot);
  const std::string attended = BookAt(f, 2, kNextSlot);
  const std::string later = BookAt(f, 3, kSlot + minutes{40});
  const std::string tomorrow = BookAt(f, 4, kSlot + hours{24});
  const Instant half_past = kSlot + minutes{30};
  REQUIRE(booking::SetAttendance(*f.store, attended, BookingStatus::attended, kStaff, half_past).has_value());

  CHECK(booking::CloseDay(*f.store, "roma", Day("2026-11-11"), kStaff, half_past).error() == Error::too_early);
  CHECK(booking::CloseDay(*f.store, "torino", Day("2026-11-10"), kStaff, half_past).error() == Error::not_found);
  CHECK(booking::CloseDay(*f.store, "roma", Day("2026-11-10"), kStaff, half_past).value() == 1);
  CHECK(f.store->FindBooking(early)->status == BookingStatus::no_show);
  CHECK(f.store->FindBooking(attended)->status == BookingStatus::attended);
  CHECK(f.store->FindBooking(later)->status == BookingStatus::booked);  // not started yet
  CHECK(f.store->FindBooking(tomorrow)->status == BookingStatus::booked);
  CHECK(booking::CloseDay(*f.store, "roma", Day("2026-11-10"), kStaff, half_past).value() == 0);  // idempotent
  CHECK(booking::CloseDay(*f.store, "roma", Day("2026-11-10"), kStaff, kSlot + hours{8}).value() == 1);
}

}  // namespace
}  // namespace sportello::storage::testing
