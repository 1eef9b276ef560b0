// The day of the visit (booking/visit.h) on a real SQLite file and on PostgreSQL: the check-in
// window, tickets numbered per desk and day, walk-ins, the queue order, "next" from many counters
// at once, recalls, and done / missed marking the booking.
#include "booking/visit.h"
#include "tests/storage/fixture.h"

#include <mutex>
#include <set>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;
using engine::TicketState;
using std::chrono::minutes;

const Actor kDeskStaff = Actor::Staff("mario");

std::string BookAt(StoreFixture& f, int application, Instant start) {
  auto booked = booking::Book(*f.store, StaffRequest(AppId(application), start));
  REQUIRE(booked.has_value());
  return booked->booking.code;
}

TEST_CASE("check-in opens an hour before the appointment and closes a quarter of an hour after") {
  StoreFixture f;
  const std::string code = BookAt(f, 1, kSlot);
  CHECK(booking::CheckIn(*f.store, "roma", code, kDeskStaff, kSlot - minutes{61}).error() ==
        Error::outside_checkin_window);
  CHECK(booking::CheckIn(*f.store, "roma", code, kDeskStaff, kSlot + minutes{16}).error() ==
        Error::outside_checkin_window);
  CHECK(booking::CheckIn(*f.store, "roma", code, kDeskStaff, kNow).error() == Error::not_checkable);  // not today
  CHECK(booking::CheckIn(*f.store, "latina", code, kDeskStaff, kSlot).error() == Error::not_found);
  CHECK(booking::CheckIn(*f.store, "roma", "RM-0000-0000-0000", kDeskStaff, kSlot).error() == Error::not_found);

  auto first = booking::CheckIn(*f.store, "roma", code, kDeskStaff, kSlot - minutes{60});
  REQUIRE(first.has_value());
  CHECK(first->created);
  CHECK(first->ticket.ticket.Number() == "A001");
  CHECK(first->ticket.ticket.Id() == "roma-20261110-A001");
  CHECK(first->ticket.position == 1);
  auto again = booking::CheckIn(*f.store, "roma", code, kDeskStaff, kSlot);
  REQUIRE(again.has_value());
  CHECK_FALSE(again->created);
  CHECK(again->ticket.ticket == first->ticket.ticket);

  const std::string cancelled = BookAt(f, 2, kNextSlot);
  REQUIRE(booking::Cancel(*f.store, cancelled, kDeskStaff, kNow).has_value());
  CHECK(booking::CheckIn(*f.store, "roma", cancelled, kDeskStaff, kSlot).error() == Error::not_checkable);
}

TEST_CASE("the queue serves urgent cases first, then by appointment, then by arrival") {
  StoreFixture f;
  const std::string late = BookAt(f, 1, kSlot + minutes{40});
  const std::string early = BookAt(f, 2, kSlot);
  REQUIRE(booking::CheckIn(*f.store, "roma", late, kDeskStaff, kSlot - minutes{10}).has_value());
  REQUIRE(booking::CheckIn(*f.store, "roma", early, kDeskStaff, kSlot - minutes{8}).has_value());
  auto walk_in = booking::AddWalkIn(*f.store, "roma", AppId(3), false, kDeskStaff, kSlot - minutes{5});
  auto urgent = booking::AddWalkIn(*f.store, "roma", AppId(4), true, kDeskStaff, kSlot + minutes{20});
  REQUIRE(urgent.has_value());
  CHECK(urgent->ticket.Number() == "W004");
  CHECK(urgent->position == 1);
  CHECK(booking::AddWalkIn(*f.store, "roma", "A-99999", false, kDeskStaff, kSlot).error() == Error::not_found);

  auto queue = booking::TodaysQueue(*f.store, f.store->FindDesk("roma").value(), kSlot + minutes{20});
  REQUIRE(queue.has_value());
  std::vector<std::string> order;
  for (const booking::QueuedTicket& ticket : *queue) order.push_back(ticket.ticket.Number());
  // The walk-in arrived last of the three, at 08:55, but counts from its arrival minute, which
  // comes before both appointments.
  CHECK(order == std::vector<std::string>{"W004", "W003", "A002", "A001"});
  CHECK((*queue)[3].position == 4);
  CHECK(walk_in.has_value());
}

TEST_CASE("call next, recall three times, then missed marks the booking no-show, done marks it attended") {
  StoreFixture f;
  const std::string first = BookAt(f, 1, kSlot);
  const std::string second = BookAt(f, 2, kSlot);
  REQUIRE(booking::CheckIn(*f.store, "roma", first, kDeskStaff, kSlot - minutes{20}).has_value());
  REQUIRE(booking::CheckIn(*f.store, "roma", second, kDeskStaff, kSlot - minutes{10}).has_value());
  CHECK(booking::CallNext(*f.store, "roma", "", kDeskStaff, kSlot).error() == Error::invalid_request);

  auto called = booking::CallNext(*f.store, "roma", "3", kDeskStaff, kSlot);
  REQUIRE(called.has_value());
  REQUIRE(called->has_value());
  const std::string ticket = (*called)->ticket.Id();
  CHECK((*called)->ticket.state == TicketState::called);
  CHECK((*called)->ticket.counter == "3");
  CHECK((*called)->ticket.booking_code == first);
  CHECK(booking::ActOnTicket(*f.store, ticket, booking::TicketAction::recall, kDeskStaff, kSlot)->ticket.calls == 2);
  CHECK(booking::ActOnTicket(*f.store, ticket, booking::TicketAction::recall, kDeskStaff, kSlot)->ticket.calls == 3);
  auto missed = booking::ActOnTicket(*f.store, ticket, booking::TicketAction::recall, kDeskStaff, kSlot);
  REQUIRE(missed.has_value());
  CHECK(missed->ticket.state == TicketState::missed);
  CHECK(f.store->FindBooking(first)->status == BookingStatus::no_show);
  CHECK(booking::ActOnTicket(*f.store, ticket, booking::TicketAction::done, kDeskStaff, kSlot).error() ==
        Error::invalid_request);

  auto next = booking::CallNext(*f.store, "roma", "4", kDeskStaff, kSlot);
  REQUIRE(next.has_value());
  REQUIRE(next->has_value());
  CHECK((*next)->ticket.booking_code == second);
  REQUIRE(booking::ActOnTicket(*f.store, (*next)->ticket.Id(), booking::TicketAction::done, kDeskStaff, kSlot)
              .has_value());
  CHECK(f.store->FindBooking(second)->status == BookingStatus::attended);
  auto empty = booking::CallNext(*f.store, "roma", "4", kDeskStaff, kSlot);
  REQUIRE(empty.has_value());
  CHECK_FALSE(empty->has_value());
  CHECK(booking::ActOnTicket(*f.store, "roma-20261110-A099", booking::TicketAction::done, kDeskStaff, kSlot).error() ==
        Error::not_found);
  CHECK(booking::ActOnTicket(*f.store, "nonsense", booking::TicketAction::done, kDeskStaff, kSlot).error() ==
        Error::not_found);
}

TEST_CASE("an applicant rates a visit once, only after it took place, in plain text of 500 characters at most") {
  StoreFixture f;
  const std::string code = BookAt(f, 1, kSlot);
  CHECK(booking::GiveFeedback(*f.store, code, 5, "", kSlot).error() == Error::not_attended);
  REQUIRE(booking::SetAttendance(*f.store, code, BookingStatus::attended, kDeskStaff, kSlot).has_value());
  CHECK(booking::GiveFeedback(*f.store, code, 0, "", kSlot).error() == Error::invalid_request);
  CHECK(booking::GiveFeedback(*f.store, code, 6, "", kSlot).error() == Error::invalid_request);
  CHECK(booking::GiveFeedback(*f.store, code, 4, std::string(501, 'x'), kSlot).error() == Error::invalid_request);
  CHECK(booking::GiveFeedback(*f.store, code, 4, "ciao\x01", kSlot).error() == Error::invalid_request);
  std::string accented;
  for (int i = 0; i < 500; ++i) accented += "è";  // 500 characters, 1000 bytes
  auto rated = booking::GiveFeedback(*f.store, code, 4, accented, kSlot + minutes{30});
  REQUIRE(rated.has_value());
  CHECK(rated->rating == 4);
  CHECK(booking::GiveFeedback(*f.store, code, 5, "", kSlot).error() == Error::already_rated);
  CHECK(booking::GiveFeedback(*f.store, "RM-0000-0000-0000", 5, "", kSlot).error() == Error::not_found);
}

TEST_CASE("counters pressing next at the same time never get the same person, and numbers never repeat") {
  constexpr int kPeople = 9;  // three slots of three seats
  constexpr int kCounters = 4;
  StoreFixture f(kPeople + 1);
  const std::vector<Instant> starts = {kSlot, kNextSlot, kSlot + minutes{40}};
  std::vector<std::string> codes;
  for (int i = 0; i < kPeople; ++i) codes.push_back(BookAt(f, i, starts[static_cast<std::size_t>(i) % starts.size()]));
  // Catch2's assertions are not thread-safe: the threads only record, the test checks after join.
  std::vector<std::thread> threads;
  std::mutex lock;
  std::set<std::string> numbers;
  int refused = 0;
  for (int t = 0; t < kCounters; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kPeople; i += kCounters) {
        auto checked = booking::CheckIn(*f.store, "roma", codes[static_cast<std::size_t>(i)], kDeskStaff, kSlot - minutes{5});
        const std::scoped_lock guard(lock);
        if (checked) {
          numbers.insert(checked->ticket.ticket.Number());
        } else {
          ++refused;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(refused == 0);
  CHECK(numbers.size() == kPeople);
  threads.clear();
  std::vector<std::string> called;
  for (int t = 0; t < kCounters; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto next = booking::CallNext(*f.store, "roma", std::to_string(t + 1), kDeskStaff, kSlot);
        const std::scoped_lock guard(lock);
        if (!next) {
          ++refused;
          return;
        }
        if (!next->has_value()) return;
        called.push_back((*next)->ticket.Id());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(refused == 0);
  CHECK(called.size() == kPeople);
  CHECK(std::set<std::string>(called.begin(), called.end()).size() == kPeople);
}

}  // namespace
}  // namespace sportello::storage::testing
