#include "engine/application.h"
#include "engine/booking_rules.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;

TEST_CASE("FindSlot accepts only exact slot starts of an offered type", "[rules]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const auto slot = FindSlot(roma, "lavoro-documenti", At("2026-12-02T09:20:00+01:00"));
  REQUIRE(slot);
  CHECK(FormatInstant(slot->end, *roma.zone) == "2026-12-02T09:40:00+01:00");
  CHECK(FindSlot(roma, "lavoro-documenti", At("2026-12-02T08:20:00Z")).has_value());  // same instant, UTC
  CHECK(FindSlot(roma, "lavoro-documenti", At("2026-12-02T09:25:00+01:00")).error() == Error::not_a_slot);
  CHECK(FindSlot(roma, "lavoro-documenti", At("2026-12-04T09:20:00+01:00")).error() == Error::not_a_slot);
  CHECK(FindSlot(roma, "lavoro-documenti", At("2026-12-08T09:20:00+01:00")).error() == Error::not_a_slot);
  CHECK(FindSlot(roma, "lavoro-nulla-osta", At("2026-12-02T09:20:00+01:00")).error() == Error::not_found);
}

TEST_CASE("online seats, staff seats and their overflow", "[rules][seats]") {
  Slot slot;
  slot.capacity = 4;
  slot.staff_capacity = 1;
  CHECK(FreeSeats(slot, {0, 0}, View::applicant) == 4);
  CHECK(FreeSeats(slot, {0, 0}, View::staff) == 5);
  CHECK(FreeSeats(slot, {0, 1}, View::applicant) == 4);  // staff used its own seat
  CHECK(FreeSeats(slot, {0, 2}, View::applicant) == 3);  // the second staff booking took an online seat
  CHECK(FreeSeats(slot, {4, 0}, View::applicant) == 0);
  CHECK(FreeSeats(slot, {4, 0}, View::staff) == 1);
  CHECK(FreeSeats(slot, {4, 1}, View::staff) == 0);
  CHECK(FreeSeats(slot, {5, 3}, View::staff) == 0);  // never negative
}

TEST_CASE("CheckSeat: window first, then seats", "[rules]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  const Slot slot = *FindSlot(roma, "lavoro-documenti", At("2026-12-02T09:20:00+01:00"));
  const Instant early = At("2026-11-25T12:00:00+01:00");
  CHECK(CheckSeat(roma, type, slot, early, View::applicant, {3, 0}).has_value());
  CHECK(CheckSeat(roma, type, slot, early, View::applicant, {4, 0}).error() == Error::slot_full);
  CHECK(CheckSeat(roma, type, slot, early, View::staff, {4, 0}).has_value());
  const Instant late = At("2026-12-02T08:00:00+01:00");
  CHECK(CheckSeat(roma, type, slot, late, View::applicant, {0, 0}).error() == Error::outside_booking_window);
  CHECK(CheckSeat(roma, type, slot, late, View::staff, {0, 0}).has_value());
  CHECK(CheckSeat(roma, type, slot, At("2026-12-02T09:21:00+01:00"), View::staff, {0, 0}).error() ==
        Error::outside_booking_window);  // staff never book the past
}

TEST_CASE("changes are allowed until cancel_notice_hours before the start", "[rules]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  const Instant start = At("2026-12-02T09:20:00+01:00");
  CHECK(CheckChangeAllowed(type, start, At("2026-12-01T09:20:00+01:00")).has_value());
  CHECK(CheckChangeAllowed(type, start, At("2026-12-01T09:21:00+01:00")).error() == Error::too_late_to_change);
}

TEST_CASE("applicants: flag, then verification, then type, unknown, wrong code and other desk look alike",
          "[rules][application]") {
  Application application{"A-2026-000123", "roma", "RSSMRA85T10A562S", "", "", {"lavoro-documenti"}, "In istruttoria"};
  DeskCalendar roma = MustParse(kSpecCalendar);
  DeskCalendar latina = roma;
  latina.desk = "latina";
  CHECK(CheckApplicantMayBook(&application, roma, "rssmra85t10a562s", "lavoro-documenti").has_value());
  CHECK(CheckApplicantMayBook(&application, roma, " RSSMRA 85T10 A562S ", "lavoro-documenti").has_value());
  CHECK(CheckApplicantMayBook(nullptr, roma, "RSSMRA85T10A562S", "lavoro-documenti").error() ==
        Error::application_not_verified);
  CHECK(CheckApplicantMayBook(&application, roma, "RSSMRA85T10A562T", "lavoro-documenti").error() ==
        Error::application_not_verified);
  CHECK(CheckApplicantMayBook(&application, latina, "RSSMRA85T10A562S", "lavoro-documenti").error() ==
        Error::application_not_verified);
  CHECK(CheckApplicantMayBook(&application, roma, "RSSMRA85T10A562S", "lavoro-nulla-osta").error() ==
        Error::type_not_allowed);
  // The flag comes first: with it off, even an unknown application hears only that.
  roma.flags.self_booking = false;
  CHECK(CheckSelfBookingOpen(roma).error() == Error::self_booking_disabled);
  CHECK(CheckApplicantMayBook(&application, roma, "RSSMRA85T10A562S", "lavoro-documenti").error() ==
        Error::self_booking_disabled);
  CHECK(CheckApplicantMayBook(nullptr, roma, "RSSMRA85T10A562S", "lavoro-documenti").error() ==
        Error::self_booking_disabled);
}
