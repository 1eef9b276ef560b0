// One configuration of the desk simulated in process: the applicants of a population act on a real
// store through the real use cases (booking/: Book, Cancel, JoinWaitlist, AcceptOffer,
// LeaveWaitlist, ConfirmBooking, SetAttendance), and the passes the server runs in the background
// (MatchWaitlists, RunReconfirmations, ConveneDue) run on their simulated schedule. Time is a
// simulated clock: every use case is given `now`; nothing waits for real time.
//
// What the store knows (bookings, marks, the audit log) is read afterwards by outcome.h; this
// class counts only what only the applicants know (an offer seen at night, an offer answered too
// late, how long an entry waited). Not thread-safe: one thread runs one simulation.
#pragma once

#include "engine/availability.h"
#include "engine/calendar.h"
#include "storage/store.h"
#include "tools/bench/nsw/population.h"
#include "tools/bench/nsw/scenario.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sportello::bench::nsw {

using engine::Instant;

// The simulated time: from `begin` (the desk opens to bookings, nothing stored yet) to `end`;
// what is measured is the month [month_begin, month_end).
struct Period {
  Instant begin, month_begin, month_end, end;
  bool InMonth(Instant at) const { return month_begin <= at && at < month_end; }
};

// What the applicants saw and did during the month (the pass cost: over the whole run).
struct ApplicantTally {
  int bookings_made = 0;       // Book succeeded
  int no_seat_found = 0;       // looked for a seat and found none inside the horizon
  int late_cancels = 0;        // cancelled within their last days
  int cancel_too_late = 0;     // meant to, but the cancel notice had passed (they do not come)
  int confirmed = 0;
  int confirm_refused = 0;
  int joined = 0;              // joined the waitlist (first time or again)
  int offers_seen = 0;
  int offers_seen_at_night = 0;   // made while the applicant sleeps
  int night_offers_accepted = 0;  // of those, accepted
  int offers_after_visit = 0;     // made to an application whose visit already took place or was missed
  int accepted = 0;
  int answered_too_late = 0;      // the offer had expired when they answered
  std::vector<double> waited_hours;  // from joining to an accepted offer
  int released_would_come = 0;    // released bookings of people who would have come
  int released_would_not = 0;     // released bookings of people who would not have come
  int convened = 0;
  int convened_after_release = 0;  // the application's own booking had been released…
  int convened_after_cancel = 0;   // …or cancelled by the applicant
  int convened_no_seat = 0;
  int asked = 0;               // reconfirmation asked (RunReconfirmations)
  int released = 0;            // released unconfirmed (RunReconfirmations)
  int offers_expired = 0;      // offers ended by MatchWaitlists
  int unexpected = 0;          // a use case refused something the model expects to work (see stderr)
  int match_passes = 0;
  // Wall time spent in each use case and the calls made, over the whole run (by name).
  std::map<std::string, std::pair<double, int>> time_in;
  double waiting_per_pass = 0;     // sums over the passes: entries waiting after the pass…
  double free_seats_per_pass = 0;  // …and seats free for applicants
};

class DeskSimulation {
 public:
  // `store` must hold nothing yet. Simulates `period` for `people` (by bookable_at).
  DeskSimulation(storage::Store& store, const Scenario& scenario, const Mechanisms& mechanisms,
                 std::span<const Applicant> people, const Period& period);
  ~DeskSimulation();

  // Seeds the desk and runs every event up to `end`.
  void Run();
  const ApplicantTally& tally() const { return tally_; }
  const engine::DeskCalendar& desk() const { return *desk_; }

 private:
  enum class Act { arrive, book, cancel, confirm, check_release, answer, rejoin, match, reconfirm, convene, day_end };
  struct Event {
    Instant at;
    std::uint64_t order = 0;
    Act act = Act::arrive;
    int person = -1;
    int version = 0;   // the person's booking version it was planned for
    std::string entry; // answer: the entry offered
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.at != b.at ? a.at > b.at : a.order > b.order; }
  };
  struct Person;

  void Schedule(Instant at, Act act, int person = -1, std::string entry = {});
  void Dispatch(const Event& event);

  // The background passes and the day at the desk (desk_simulation.cc).
  void MatchPass(Instant now);
  void ReconfirmPass(Instant now);
  void ConvenePass(Instant now);
  void CloseMorning(Instant now);
  void NoticeOffers(Instant now);

  // What applicants do (applicant_acts.cc).
  void Arrive(int person, Instant now);
  void Book(int person, Instant now);
  enum class Source { booked, convened, offered };  // how a person came to hold a booking
  void Took(int person, const storage::BookingRecord& booking, Source source, Instant now);
  void CancelLate(int person, Instant now);
  void Confirm(int person, Instant now);
  void CheckRelease(int person, Instant now);
  void Answer(int person, const std::string& entry, Instant now);
  void JoinIfWanted(int person, Instant now);
  bool Comes(const Person& person) const;
  bool Answers(const Person& person) const;
  Instant Awake(Instant at) const;  // `at`, or the next morning when it falls in the night
  double Uniform(Person& person, double low, double high);
  std::vector<engine::SlotAvailability> FreeSeats(Instant now);
  void Unexpected(std::string_view what, const engine::Problem& problem);
  // Calls `call` and adds its wall time to tally().time_in[what].
  template <class Call>
  auto Timed(const char* what, Call&& call) {
    const auto started = std::chrono::steady_clock::now();
    auto result = call();
    auto& [seconds, calls] = tally_.time_in[what];
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++calls;
    return result;
  }

  storage::Store& store_;
  const Scenario& scenario_;
  const Mechanisms& mechanisms_;
  std::shared_ptr<const engine::DeskCalendar> desk_;
  const engine::TypeCalendar* type_ = nullptr;
  Period period_;
  std::vector<Person> people_;
  std::unordered_map<std::string, int> by_application_;
  std::unordered_map<std::string, int> by_entry_;
  std::unordered_set<std::string> offers_noticed_;
  std::unordered_set<std::string> night_offers_;  // entries offered a seat at night
  std::priority_queue<Event, std::vector<Event>, Later> events_;
  std::uint64_t next_order_ = 0;
  std::size_t waiting_ = 0;  // entries waiting at the last look at the line
  ApplicantTally tally_;
};

}  // namespace sportello::bench::nsw
