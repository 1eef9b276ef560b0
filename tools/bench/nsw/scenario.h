// The scenario of no_seat_wasted_bench: one desk, one appointment type, the people who may book it
// and how they behave, and which of the three "No seat wasted" mechanisms (SPEC.md) are on. Plain
// values; every default is explained where it is set, with its source or as an assumption.
// Not thread-safe (read-only once parsed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sportello::bench::nsw {

// The desk's calendar for the one type simulated (see DeskCalendarJson).
struct DeskShape {
  int capacity = 2;          // seats per 20-minute slot, 09:00–13:00, Monday to Friday: 24 a day
  int horizon_days = 30;
  int min_notice_hours = 24;
  int cancel_notice_hours = 24;
};

// Which mechanisms a configuration turns on, and their calendar settings.
struct Mechanisms {
  std::string name;
  int waitlist_offer_minutes = 0;  // 0: no waitlist
  int reconfirm_from_days = 0;     // 0: no reconfirmation
  int reconfirm_until_days = 0;
  bool reconfirm_staff = false;
  int auto_convene_after_days = 0;  // 0: never convened automatically
};

// How the applicants behave. The shares of the five conducts are exclusive (never_books +
// no_show + late_cancel + forgets <= 1; the rest keep their appointment and answer every message).
struct Behaviour {
  double never_books = 0.15;
  double no_show = 0.20;
  double late_cancel = 0.10;
  double forgets = 0.05;
  double convened_show = 0.60;      // of those who never book, the share who come when convened
  double earliest = 0.50;           // share of bookings that take the earliest free seat
  int choice_days = 5;              // the others: a random seat on one of the next days with a free seat
  double answer_fast = 0.70;        // share of offers answered within the offer window's 30 minutes
  int earlier_after_days = 7;       // who joins the waitlist: a booking more than this many days away
  int night_from_hour = 23;         // nobody acts from this local hour…
  int night_to_hour = 7;            // …to this one (equal hours: people act around the clock)
};

struct Scenario {
  std::uint64_t seed = 1;
  int applications_per_month = 600;  // cases that become bookable per 30 days
  int warmup_days = 30;              // simulated before the measured month: the desk opened a month before
  int month_days = 30;               // the measured month: its seats and its cohort of cases
  int tail_days = 21;                // simulated after it, so its cohort's appointments happen
  // The waitlist pass (the server: every minute). Every 10 minutes: the seat figures come out
  // within a seat or two of a pass every minute, in a fifth of the time (BENCHMARKS.md).
  int match_every_minutes = 10;
  int reconfirm_every_minutes = 60;  // the reconfirmation pass (the server: every minute)
  int convene_every_minutes = 60;    // the convocation pass (the server: every hour)
  std::string first_day = "2027-02-01";  // a Monday: the measured month starts here
  DeskShape desk;
  Behaviour behaviour;
};

inline constexpr std::string_view kDesk = "banco";
inline constexpr std::string_view kType = "lavoro-documenti";

// The calendar document of the simulated desk with `mechanisms` on.
std::string DeskCalendarJson(const DeskShape& desk, const Mechanisms& mechanisms);

}  // namespace sportello::bench::nsw
