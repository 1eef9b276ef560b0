#include "engine/ticket.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;

TEST_CASE("a ticket id names its desk, day and number, and reads back", "[ticket]") {
  Ticket ticket;
  ticket.desk = "reggio-emilia";
  ticket.day = Day("2026-12-03");
  ticket.sequence = 17;
  ticket.booking_code = "RE-7K3Q-9XZD-4F2H";
  CHECK(ticket.Number() == "A017");
  CHECK(ticket.Id() == "reggio-emilia-20261203-A017");
  const std::optional<TicketKey> key = ParseTicketId(ticket.Id());
  REQUIRE(key.has_value());
  CHECK(key->desk == "reggio-emilia");
  CHECK(key->day == Day("2026-12-03"));
  CHECK(key->sequence == 17);
  ticket.booking_code.clear();
  CHECK(ticket.Number() == "W017");
  for (const char* bad : {"", "A017", "roma-20261203-", "roma-20261303-A017", "roma-20261203-B017", "-20261203-A017",
                          "roma-20261203-A0x7", "roma-20261203-A000", "roma_20261203-A017"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseTicketId(bad).has_value());
  }
}

TEST_CASE("check-in is open from 60 minutes before to 15 minutes after the start", "[ticket]") {
  const Instant start = *ParseInstant("2026-12-03T09:00:00+01:00");
  CHECK(CheckCheckinWindow(start, start - std::chrono::minutes{60}).has_value());
  CHECK(CheckCheckinWindow(start, start + std::chrono::minutes{15}).has_value());
  CHECK(CheckCheckinWindow(start, start - std::chrono::minutes{61}).error() == Error::outside_checkin_window);
  CHECK(CheckCheckinWindow(start, start + std::chrono::minutes{16}).error() == Error::outside_checkin_window);
}

TEST_CASE("walk-ins queue after appointments of the same minute, urgent cases before all", "[ticket]") {
  const Instant nine = *ParseInstant("2026-12-03T09:00:00+01:00");
  const auto make = [](int sequence, Instant arrived) {
    Ticket ticket;
    ticket.desk = "roma";
    ticket.sequence = sequence;
    ticket.checked_in_at = arrived;
    return ticket;
  };
  Ticket walk_in = make(1, nine + std::chrono::seconds{20});
  Ticket appointment = make(2, nine - std::chrono::minutes{30});
  appointment.booking_code = "RM-1";
  appointment.appointment = nine;
  Ticket urgent = make(3, nine + std::chrono::minutes{45});
  urgent.urgent = true;
  Ticket served = make(4, nine);
  served.state = TicketState::done;
  const std::vector<Ticket> order = QueueOrder({walk_in, served, appointment, urgent});
  REQUIRE(order.size() == 3);
  CHECK(order[0].sequence == 3);
  CHECK(order[1].sequence == 2);
  CHECK(order[2].sequence == 1);
}

TEST_CASE("the wait is the people ahead at the day's pace, shared by the counters open", "[ticket]") {
  const Instant now = At("2026-12-03T10:00:00+01:00");
  std::vector<Ticket> day;
  // Nobody served yet and no counter open: the assumed 10 minutes each, one counter.
  CHECK(EstimateWaitMinutes(day, 1, now) == 10);
  CHECK(EstimateWaitMinutes(day, 3, now) == 30);
  const auto served = [&](int sequence, const char* counter, const char* first_call, const char* done) {
    Ticket ticket;
    ticket.desk = "roma";
    ticket.sequence = sequence;
    ticket.state = TicketState::done;
    ticket.counter = counter;
    ticket.first_called_at = At(first_call);
    ticket.called_at = ticket.first_called_at;
    ticket.finished_at = At(done);
    day.push_back(ticket);
  };
  served(1, "1", "2026-12-03T09:40:00+01:00", "2026-12-03T09:44:00+01:00");  // 4 minutes
  served(2, "2", "2026-12-03T09:44:00+01:00", "2026-12-03T09:50:00+01:00");  // 6 minutes
  served(3, "1", "2026-12-03T09:50:00+01:00", "2026-12-03T09:58:00+01:00");  // 8 minutes
  // Median 6 minutes, two counters open: 3 minutes a person.
  CHECK(EstimateWaitMinutes(day, 1, now) == 3);
  CHECK(EstimateWaitMinutes(day, 5, now) == 15);
  // A counter that has not called for over an hour is closed; the pace stays the day's.
  CHECK(EstimateWaitMinutes(day, 5, At("2026-12-03T10:45:00+01:00")) == 30);
  CHECK(EstimateWaitMinutes(day, 5, At("2026-12-03T11:00:00+01:00")) == 30);  // none open: still one counter
  CHECK(EstimateWaitMinutes(day, 0, now) == 0);
}
