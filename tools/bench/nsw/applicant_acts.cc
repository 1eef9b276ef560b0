// What the simulated applicants do, each through the use case the web pages call.
#include "booking/applications.h"
#include "booking/booking.h"
#include "booking/reconfirmation.h"
#include "booking/waitlist.h"
#include "engine/availability.h"
#include "tools/bench/nsw/desk_simulation.h"
#include "tools/bench/nsw/person.h"

#include <algorithm>

namespace sportello::bench::nsw {

using namespace std::chrono_literals;

namespace {

constexpr std::string_view kTaxCode = "RSSMRA85T10A562S";

std::chrono::seconds Hours(double hours) { return std::chrono::seconds{static_cast<std::int64_t>(hours * 3600)}; }

}  // namespace

double DeskSimulation::Uniform(Person& person, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(person.random);
}

Instant DeskSimulation::Awake(Instant at) const {
  const Behaviour& b = scenario_.behaviour;
  if (b.night_from_hour == b.night_to_hour) return at;
  const date::local_seconds local = desk_->zone->to_local(at);
  const date::local_days day = date::floor<date::days>(local);
  const auto hour = std::chrono::duration_cast<std::chrono::hours>(local - day).count();
  if (hour >= b.night_to_hour && hour < b.night_from_hour) return at;
  const date::local_days morning = hour < b.night_to_hour ? day : day + date::days{1};
  return engine::ToInstant(morning + std::chrono::hours{b.night_to_hour}, *desk_->zone).value_or(at);
}

// Reads and answers their e-mail (offers, reconfirmation requests). Who never books answers only
// about a convocation they will come to (reconfirm_staff).
bool DeskSimulation::Answers(const Person& person) const {
  switch (person.who->conduct) {
    case Conduct::never_books: return !person.done && person.convened && person.who->comes_when_convened;
    case Conduct::no_show: return false;
    default: return !person.done;
  }
}

bool DeskSimulation::Comes(const Person& person) const {
  switch (person.who->conduct) {
    case Conduct::never_books: return person.who->comes_when_convened;
    case Conduct::no_show: return false;
    case Conduct::late_cancel: return person.cancelled;  // the booking they meant to cancel: not
    case Conduct::forgets:
    case Conduct::keeps: return true;
  }
  return true;
}

void DeskSimulation::Arrive(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const engine::Application application{person.who->id, std::string(kDesk), std::string(kTaxCode),
                                        person.who->id + "@example.org", "", {std::string(kType)}, "In istruttoria"};
  if (auto imported = booking::ImportApplications(store_, {&application, 1}, storage::Actor::Cli(), now); !imported) {
    return Unexpected("ImportApplications", imported.error());
  }
  if (person.who->conduct == Conduct::never_books) return;
  Schedule(Awake(now + Hours(Uniform(person, 1, 48))), Act::book, index);
}

std::vector<engine::SlotAvailability> DeskSimulation::FreeSeats(Instant now) {
  std::vector<engine::SlotAvailability> free;
  const date::sys_days today{engine::LocalDate(now, *desk_->zone)};
  const date::sys_days last = today + date::days{type_->horizon_days};
  auto seats = store_.Seats(kDesk, kType, engine::StartOfLocalDay(engine::Date{today}, *desk_->zone),
                            engine::StartOfLocalDay(engine::Date{last + date::days{1}}, *desk_->zone));
  if (!seats) return Unexpected("Seats", seats.error()), free;
  auto days = engine::Availability(*desk_, kType, engine::Date{today}, engine::Date{last}, now,
                                   engine::View::applicant, *seats);
  if (!days) return Unexpected("Availability", days.error()), free;
  for (const engine::DayAvailability& day : *days) {
    for (const engine::SlotAvailability& slot : day.slots) {
      if (slot.free > 0) free.push_back(slot);
    }
  }
  return free;
}

// Books the earliest free seat, or a random seat on one of the next days with a free seat; with
// none inside the horizon, joins the waitlist (when the desk keeps one) and looks again tomorrow.
void DeskSimulation::Book(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (!person.booking.empty() || person.done) return;
  const std::vector<engine::SlotAvailability> free = FreeSeats(now);
  const auto soon = now + std::chrono::days{scenario_.behaviour.earlier_after_days};
  person.wants_earlier = free.empty() || free.front().slot.start > soon;
  if (free.empty()) {
    tally_.no_seat_found += period_.InMonth(now) ? 1 : 0;
    JoinIfWanted(index, now);
    return Schedule(Awake(now + Hours(Uniform(person, 20, 28))), Act::book, index);
  }
  std::size_t pick = 0;
  if (Uniform(person, 0, 1) >= scenario_.behaviour.earliest) {
    std::vector<std::size_t> day_starts{0};  // index of the first free seat of each of the next days
    for (std::size_t i = 1; i < free.size() && static_cast<int>(day_starts.size()) < scenario_.behaviour.choice_days;
         ++i) {
      if (engine::LocalDate(free[i].slot.start, *desk_->zone) != engine::LocalDate(free[i - 1].slot.start, *desk_->zone)) {
        day_starts.push_back(i);
      }
    }
    const auto day = static_cast<std::size_t>(Uniform(person, 0, static_cast<double>(day_starts.size())));
    const std::size_t first = day_starts[std::min(day, day_starts.size() - 1)];
    std::size_t last = first + 1;
    while (last < free.size() && engine::LocalDate(free[last].slot.start, *desk_->zone) ==
                                     engine::LocalDate(free[first].slot.start, *desk_->zone)) {
      ++last;
    }
    pick = first + std::min(static_cast<std::size_t>(Uniform(person, 0, static_cast<double>(last - first))),
                            last - first - 1);
  }
  booking::BookRequest request;
  request.desk = kDesk;
  request.type = kType;
  request.start = free[pick].slot.start;
  request.application_id = person.who->id;
  request.tax_code = kTaxCode;
  request.now = now;
  auto booked = Timed("Book", [&] { return booking::Book(store_, request); });
  if (!booked) {
    Unexpected("Book", booked.error());
    return Schedule(now + 1h, Act::book, index);
  }
  tally_.bookings_made += period_.InMonth(now) ? 1 : 0;
  Took(index, booked->booking, Source::booked, now);
}

// The person holds `booking` from now on: plan what they will do about it.
void DeskSimulation::Took(int index, const storage::BookingRecord& booking, Source source, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  person.booking = booking.code;
  person.lost = Person::Lost::nothing;
  person.start = booking.start;
  person.convened = source == Source::convened;
  ++person.version;
  const Conduct conduct = person.who->conduct;
  if (conduct == Conduct::late_cancel && !person.cancelled) {
    const double lead_hours = Uniform(person, scenario_.desk.cancel_notice_hours + 1, 5 * 24);
    Schedule(Awake(std::max(now + 5min, booking.start - Hours(lead_hours))), Act::cancel, index);
  }
  if (const auto window = booking::ReconfirmWindowOf(*desk_, booking); window && !booking.confirmed_at) {
    const bool forgets_now = conduct == Conduct::forgets && !person.forgot;
    if (Answers(person) && !forgets_now) {
      const Instant at = Awake(std::max(now, window->from) + Hours(Uniform(person, 0, 48)));
      if (at < window->until) Schedule(at, Act::confirm, index);
    }
    // After the pass that follows the window's close, the applicant learns of a release by e-mail.
    Schedule(window->until + std::chrono::minutes{scenario_.reconfirm_every_minutes} + 1min, Act::check_release, index);
  }
  // Who could get nothing sooner wants an earlier date (a convocation is not chosen: the same);
  // who just took an earlier date from the waitlist is content with it. Who answers no mail joins
  // only right after booking by themselves.
  if (source == Source::convened) {
    person.wants_earlier = booking.start > now + std::chrono::days{scenario_.behaviour.earlier_after_days};
  }
  if (source == Source::offered) person.wants_earlier = false;
  if (Answers(person) || (source == Source::booked && conduct != Conduct::never_books)) JoinIfWanted(index, now);
}

void DeskSimulation::JoinIfWanted(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (mechanisms_.waitlist_offer_minutes == 0 || !person.entry.empty() || person.done || !person.wants_earlier) {
    return;
  }
  if (!person.booking.empty() &&
      person.start <= now + std::chrono::days{scenario_.behaviour.earlier_after_days}) {
    return;
  }
  booking::JoinRequest request;
  request.desk = kDesk;
  request.type = kType;
  request.application_id = person.who->id;
  request.tax_code = kTaxCode;
  request.now = now;
  auto joined = Timed("JoinWaitlist", [&] { return booking::JoinWaitlist(store_, request); });
  if (!joined) {
    // Still offered a seat it let expire: the pass ends that offer, then the person joins again.
    if (joined.error() == engine::Error::already_waiting) {
      return Schedule(now + std::chrono::minutes{scenario_.match_every_minutes} + 1min, Act::rejoin, index);
    }
    return Unexpected("JoinWaitlist", joined.error());
  }
  person.entry = joined->placed.entry.id;
  person.token = joined->token;
  person.joined_at = now;
  by_entry_.emplace(person.entry, index);
  tally_.joined += period_.InMonth(now) ? 1 : 0;
  NoticeOffers(now);
}

void DeskSimulation::Answer(int index, const std::string& entry, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (person.entry != entry || !Answers(person)) return;
  auto accepted = Timed("AcceptOffer", [&] { return booking::AcceptOffer(store_, person.entry, person.token, now); });
  person.entry.clear();
  const bool counted = period_.InMonth(now);
  if (!accepted) {
    if (accepted.error() != engine::Error::offer_expired && accepted.error() != engine::Error::no_offer) {
      Unexpected("AcceptOffer", accepted.error());
    }
    tally_.answered_too_late += counted ? 1 : 0;
    return Schedule(now + std::chrono::minutes{scenario_.match_every_minutes} + 1min, Act::rejoin, index);
  }
  if (counted) {
    ++tally_.accepted;
    tally_.night_offers_accepted += night_offers_.contains(entry) ? 1 : 0;
    tally_.waited_hours.push_back(std::chrono::duration<double>(now - person.joined_at).count() / 3600.0);
  }
  Took(index, accepted->booking, Source::offered, now);
  NoticeOffers(now);
}

void DeskSimulation::CancelLate(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (person.booking.empty()) return;
  if (!person.entry.empty()) {
    if (auto left = booking::LeaveWaitlist(store_, person.entry, person.token, now); !left) {
      Unexpected("LeaveWaitlist", left.error());
    }
    person.entry.clear();
  }
  auto cancelled =
      Timed("Cancel", [&] { return booking::Cancel(store_, person.booking, storage::Actor::Applicant(), now); });
  if (!cancelled) {
    if (cancelled.error() != engine::Error::too_late_to_change) Unexpected("Cancel", cancelled.error());
    tally_.cancel_too_late += period_.InMonth(now) ? 1 : 0;
    return;
  }
  tally_.late_cancels += period_.InMonth(now) ? 1 : 0;
  person.cancelled = true;
  person.lost = Person::Lost::cancelled;
  person.booking.clear();
  ++person.version;
  Schedule(Awake(now + Hours(Uniform(person, 1, 48))), Act::book, index);
  NoticeOffers(now);
}

void DeskSimulation::Confirm(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (person.booking.empty()) return;
  auto confirmed = Timed("ConfirmBooking", [&] { return booking::ConfirmBooking(store_, person.booking, now); });
  if (!confirmed) {
    tally_.confirm_refused += period_.InMonth(now) ? 1 : 0;
    return Unexpected("ConfirmBooking", confirmed.error());
  }
  tally_.confirmed += period_.InMonth(now) ? 1 : 0;
}

// Released unconfirmed: who would have come books again once the e-mail has reached them.
void DeskSimulation::CheckRelease(int index, Instant now) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (person.booking.empty()) return;
  auto booking = store_.FindBooking(person.booking);
  if (!booking) return Unexpected("FindBooking", booking.error());
  if (booking->status != engine::BookingStatus::released) return;
  const bool counted = period_.InMonth(booking->updated_at);
  const bool would_come = Comes(person);
  (would_come ? tally_.released_would_come : tally_.released_would_not) += counted ? 1 : 0;
  person.lost = Person::Lost::released;
  person.booking.clear();
  ++person.version;
  if (person.who->conduct == Conduct::forgets) person.forgot = true;
  if (would_come && person.who->conduct != Conduct::never_books) Schedule(Awake(now + Hours(Uniform(person, 1, 48))), Act::book, index);
}

}  // namespace sportello::bench::nsw
