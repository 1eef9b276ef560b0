// What one configuration achieved in the measured month, read from the store it ran on (bookings,
// attendance marks, the audit log) and from what the applicants counted; and the table that puts
// the configurations side by side. Not thread-safe.
#pragma once

#include "storage/store.h"
#include "tools/bench/nsw/desk_simulation.h"
#include "tools/bench/nsw/population.h"

#include <span>
#include <string>
#include <vector>

namespace sportello::bench::nsw {

struct Outcome {
  std::string name;
  // Seats of the slots that start in the month.
  int seats = 0;
  int used = 0;       // attended
  int no_show = 0;    // marked no_show
  int empty = 0;      // nobody booked at the hour (or a held offer)
  int convened_came = 0, convened_missed = 0;  // of the seats used or missed: convocations by the system
  // The cases that became bookable in the month, followed to the end of the run.
  int cohort = 0;
  int seen = 0;                // had a visit (attended)
  std::vector<double> days;    // from bookable to the visit, for those seen
  int booked_never_seen = 0;   // had a booking, but no visit by the end
  int never_booked = 0;        // never had a booking at all
  // Actions during the month (audit log).
  int joins = 0, offers = 0, accepts = 0, expiries = 0, releases = 0, confirmations = 0, convocations = 0;
  ApplicantTally tally;
  double wall_seconds = 0;
};

// Reads the outcome of a finished simulation of `period` from `store`.
Outcome ReadOutcome(storage::Store& store, const engine::DeskCalendar& desk, const Period& period,
                    std::span<const Applicant> people, const ApplicantTally& tally);

// The configurations side by side, as a Markdown table (one column each).
std::string OutcomeTable(std::span<const Outcome> outcomes);

}  // namespace sportello::bench::nsw
