// The national overview (docs/decisions.md, "The national overview"): the figures by which the
// ministry judges the self-booking pilot before extending it, per desk and calendar month (in the
// desk's time zone): appointments booked by applicants themselves and appointments convened (by
// staff, or automatically by the system), the no-show rate, the days from an application becoming
// bookable to its appointment, and the seats offered and used. Pilot desks (flag `self_booking`
// on) are reported beside the others, desk by desk and as two groups.
// Pure: the desks and the appointments are inputs. Thread-safe: pure functions.
#pragma once

#include "engine/booking_status.h"
#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/time.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sportello::engine {

// The longest overview, in months, both ends counted.
inline constexpr int kMaxOverviewMonths = 24;

// Who made a booking: the applicant (online, the waitlist, a draw), staff (a convocation at the
// desk) or the system (an automatic convocation, SPEC.md "No seat wasted").
enum class MadeBy { applicant, staff, system };

// What the overview needs to know of one booking of a desk.
struct AppointmentFact {
  std::string desk;
  Instant start;
  BookingStatus status = BookingStatus::booked;
  MadeBy made_by = MadeBy::applicant;
  // Since when its application could book its type (when the national system first listed it);
  // unknown for bookings made before this was kept.
  std::optional<Instant> bookable_since;
};

// The figures of one desk (or one group of desks) in one month. An appointment is a booking of
// that month that holds or held its seat: booked, attended or no-show (cancelled and released
// bookings gave their seat back).
struct OverviewFigures {
  int self_booked = 0;    // appointments the applicant booked
  int convened = 0;       // appointments staff or the system made for the applicant
  int auto_convened = 0;  // of `convened`, those the system made
  int attended = 0;
  int no_shows = 0;
  std::vector<int> days_to_appointment;  // per appointment whose bookable_since is known, local dates apart
  int seats_offered = 0;  // online and staff seats of the month's slots, by the calendar as it is now
  int seats_used = 0;     // appointments: self_booked + convened

  // no_shows / (attended + no_shows); nullopt before any visit was marked.
  std::optional<double> NoShowRate() const;
  // Nearest-rank median and 90th percentile of days_to_appointment; nullopt without any.
  std::optional<double> DaysMedian() const;
  std::optional<double> DaysP90() const;
};

struct OverviewDeskRow {
  std::string desk;
  bool pilot = false;
  date::year_month month;
  OverviewFigures figures;
};

// The pilot desks together, or the others, in one month: their figures summed, the days pooled.
struct OverviewGroupRow {
  bool pilot = false;
  date::year_month month;
  int desks = 0;
  OverviewFigures figures;
};

struct Overview {
  std::vector<date::year_month> months;  // from..to
  std::vector<OverviewDeskRow> desks;    // every desk and month: pilot desks first, then by desk id, then month
  std::vector<OverviewGroupRow> groups;  // per month, pilot group first; a group without desks is left out
};

// Succeeds when `from`..`to` spans 1 to kMaxOverviewMonths months. Error: invalid_request, field "to".
Result<void> CheckOverviewMonths(date::year_month from, date::year_month to);

// The overview of `desks` (as they are now: pilot flag and calendar) over the months `from`..`to`,
// both inclusive. Appointments of a desk not in `desks`, or outside the months, are ignored.
// Error: invalid_request (field "to") when `to` precedes `from` or the months exceed
// kMaxOverviewMonths.
Result<Overview> ComputeOverview(std::span<const DeskCalendar> desks, std::span<const AppointmentFact> appointments,
                                 date::year_month from, date::year_month to);

// The number of months from `from` to `to`, both counted (0 or less when `to` precedes `from`).
int MonthsSpanned(date::year_month from, date::year_month to);

// The first day of `month`, and the first day of the month after it.
Date FirstDay(date::year_month month);
Date FirstDayAfter(date::year_month month);

}  // namespace sportello::engine
