#include "tools/bench/nsw/desk_simulation.h"

#include "booking/attendance.h"
#include "booking/convocation.h"
#include "booking/desks.h"
#include "booking/reconfirmation.h"
#include "booking/waitlist.h"
#include "tools/bench/nsw/person.h"

#include <fmt/core.h>

#include <stdexcept>

namespace sportello::bench::nsw {

using namespace std::chrono_literals;

DeskSimulation::DeskSimulation(storage::Store& store, const Scenario& scenario, const Mechanisms& mechanisms,
                               std::span<const Applicant> people, const Period& period)
    : store_(store), scenario_(scenario), mechanisms_(mechanisms), period_(period) {
  people_.resize(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    people_[i].who = &people[i];
    people_[i].random.seed(people[i].seed);
    by_application_.emplace(people[i].id, static_cast<int>(i));
  }
}

DeskSimulation::~DeskSimulation() = default;

void DeskSimulation::Run() {
  const std::string json = DeskCalendarJson(scenario_.desk, mechanisms_);
  auto parsed = engine::ParseCalendar(json, nullptr);
  if (!parsed.value) throw std::runtime_error("the simulated calendar does not parse");
  if (!booking::SeedDesk(store_, *parsed.value, period_.begin)) throw std::runtime_error("cannot seed the desk");
  auto desk = store_.SharedDesk(kDesk);
  if (!desk) throw std::runtime_error("the seeded desk cannot be read");
  desk_ = *desk;
  type_ = desk_->FindType(kType);

  for (std::size_t i = 0; i < people_.size(); ++i) {
    if (people_[i].who->bookable_at < period_.end) Schedule(people_[i].who->bookable_at, Act::arrive, static_cast<int>(i));
  }
  Schedule(period_.begin, Act::match);
  Schedule(period_.begin, Act::reconfirm);
  Schedule(period_.begin, Act::convene);
  // The desk closes its morning at 13:05 every day: whoever has not come by then did not come.
  for (date::sys_days day{engine::LocalDate(period_.begin, *desk_->zone)};
       day <= date::sys_days{engine::LocalDate(period_.end, *desk_->zone)}; day += date::days{1}) {
    if (auto at = engine::ToInstant(date::local_seconds{day.time_since_epoch()} + 13h + 5min, *desk_->zone)) {
      Schedule(*at, Act::day_end);
    }
  }
  while (!events_.empty() && events_.top().at < period_.end) {
    const Event event = events_.top();
    events_.pop();
    Dispatch(event);
  }
}

void DeskSimulation::Schedule(Instant at, Act act, int person, std::string entry) {
  const int version = person >= 0 ? people_[static_cast<std::size_t>(person)].version : 0;
  events_.push(Event{at, next_order_++, act, person, version, std::move(entry)});
}

void DeskSimulation::Dispatch(const Event& event) {
  const bool stale = event.person >= 0 && event.version != people_[static_cast<std::size_t>(event.person)].version;
  switch (event.act) {
    case Act::arrive: return Arrive(event.person, event.at);
    case Act::book: return Book(event.person, event.at);
    case Act::cancel: return stale ? void() : CancelLate(event.person, event.at);
    case Act::confirm: return stale ? void() : Confirm(event.person, event.at);
    case Act::check_release: return stale ? void() : CheckRelease(event.person, event.at);
    case Act::answer: return Answer(event.person, event.entry, event.at);
    case Act::rejoin: return JoinIfWanted(event.person, event.at);
    case Act::match:
      MatchPass(event.at);
      return Schedule(event.at + std::chrono::minutes{scenario_.match_every_minutes}, Act::match);
    case Act::reconfirm:
      ReconfirmPass(event.at);
      return Schedule(event.at + std::chrono::minutes{scenario_.reconfirm_every_minutes}, Act::reconfirm);
    case Act::convene:
      ConvenePass(event.at);
      return Schedule(event.at + std::chrono::minutes{scenario_.convene_every_minutes}, Act::convene);
    case Act::day_end: return CloseMorning(event.at);
  }
}

void DeskSimulation::MatchPass(Instant now) {
  auto pass = Timed("MatchWaitlists", [&] { return booking::MatchWaitlists(store_, now); });
  ++tally_.match_passes;
  if (!pass) return Unexpected("MatchWaitlists", pass.error());
  if (period_.InMonth(now)) tally_.offers_expired += pass->expired;
  NoticeOffers(now);
  if (mechanisms_.waitlist_offer_minutes > 0) {
    tally_.waiting_per_pass += static_cast<double>(waiting_);
    tally_.free_seats_per_pass += static_cast<double>(FreeSeats(now).size());
  }
}

void DeskSimulation::ReconfirmPass(Instant now) {
  auto pass = Timed("RunReconfirmations", [&] { return booking::RunReconfirmations(store_, now); });
  if (!pass) return Unexpected("RunReconfirmations", pass.error());
  if (period_.InMonth(now)) {
    tally_.asked += pass->asked;
    tally_.released += pass->released;
  }
  if (pass->released > 0) NoticeOffers(now);
}

void DeskSimulation::ConvenePass(Instant now) {
  auto convened = Timed("ConveneDue", [&] { return booking::ConveneDue(store_, now, false); });
  if (!convened) return Unexpected("ConveneDue", convened.error());
  const bool counted = period_.InMonth(now);
  for (const booking::Convocation& convocation : *convened) {
    if (convocation.no_seat || !convocation.booking) {
      tally_.convened_no_seat += counted ? 1 : 0;
      continue;
    }
    const int index = by_application_.at(convocation.application_id);
    Person& person = people_[static_cast<std::size_t>(index)];
    // Released at the same hour: the applicant has not read the e-mail yet, the system convenes already.
    if (!person.booking.empty()) CheckRelease(index, now);
    if (!person.booking.empty()) Unexpected("ConveneDue", engine::Problem(engine::Error::already_booked));
    if (counted) {
      ++tally_.convened;
      tally_.convened_after_release += person.lost == Person::Lost::released ? 1 : 0;
      tally_.convened_after_cancel += person.lost == Person::Lost::cancelled ? 1 : 0;
    }
    Took(index, *convocation.booking, Source::convened, now);
  }
}

// Staff mark everyone of the morning: attended when they came, no_show otherwise.
void DeskSimulation::CloseMorning(Instant now) {
  auto day = store_.BookingsOn(kDesk, engine::LocalDate(now, *desk_->zone));
  if (!day) return Unexpected("BookingsOn", day.error());
  for (const storage::BookingRecord& booking : *day) {
    if (booking.status != engine::BookingStatus::booked || booking.start > now) continue;
    const int index = by_application_.at(booking.application_id);
    Person& person = people_[static_cast<std::size_t>(index)];
    const auto mark = Comes(person) ? engine::BookingStatus::attended : engine::BookingStatus::no_show;
    auto marked = Timed("SetAttendance", [&] {
      return booking::SetAttendance(store_, booking.code, mark, storage::Actor::Staff("sportello"), now);
    });
    if (!marked) Unexpected("SetAttendance", marked.error());
    if (person.booking != booking.code) {
      Unexpected("CloseMorning", engine::Problem(engine::Error::not_found, "", "a booking the applicant does not hold"));
      continue;
    }
    person.booking.clear();
    ++person.version;
    person.done = true;
  }
}

// Applicants learn of offers by e-mail: every offer made since the last look is answered (or not)
// by its applicant.
void DeskSimulation::NoticeOffers(Instant now) {
  if (mechanisms_.waitlist_offer_minutes == 0) return;
  auto line = store_.WaitlistOf(kDesk, kType);
  if (!line) return Unexpected("WaitlistOf", line.error());
  waiting_ = 0;
  for (const storage::WaitlistEntry& entry : *line) {
    waiting_ += entry.state == engine::WaitlistState::waiting ? 1 : 0;
    if (entry.state != engine::WaitlistState::offered || !offers_noticed_.insert(entry.id).second) continue;
    const auto found = by_entry_.find(entry.id);
    if (found == by_entry_.end()) {
      Unexpected("NoticeOffers", engine::Problem(engine::Error::not_found, "", "an entry nobody joined"));
      continue;
    }
    Person& person = people_[static_cast<std::size_t>(found->second)];
    const bool at_night = Awake(entry.updated_at) != entry.updated_at;
    if (at_night) night_offers_.insert(entry.id);
    if (period_.InMonth(now)) {
      ++tally_.offers_seen;
      tally_.offers_seen_at_night += at_night ? 1 : 0;
      tally_.offers_after_visit += person.done ? 1 : 0;
    }
    if (!Answers(person) || person.entry != entry.id) continue;
    const bool fast = Uniform(person, 0, 1) < scenario_.behaviour.answer_fast;
    const double minutes = fast ? Uniform(person, 1, 30) : Uniform(person, 30, 12 * 60);
    Schedule(Awake(now) + std::chrono::seconds{static_cast<std::int64_t>(minutes * 60)}, Act::answer, found->second,
             entry.id);
  }
}

void DeskSimulation::Unexpected(std::string_view what, const engine::Problem& problem) {
  ++tally_.unexpected;
  if (tally_.unexpected <= 10) {
    fmt::print(stderr, "no_seat_wasted_bench: {} ({}): {} {}\n", what, mechanisms_.name,
               engine::ErrorCode(problem.code), problem.detail);
  }
}

}  // namespace sportello::bench::nsw
