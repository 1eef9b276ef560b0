// A simulated applicant while the simulation runs: who they are, the booking they hold and the
// waitlist entry they are in. Internal to desk_simulation. Not thread-safe.
#pragma once

#include "tools/bench/nsw/desk_simulation.h"

namespace sportello::bench::nsw {

struct DeskSimulation::Person {
  const Applicant* who = nullptr;
  std::mt19937_64 random;
  std::string booking;         // code of the booked booking held, empty when none
  Instant start;               // its start
  bool convened = false;       // it is a convocation by the system
  enum class Lost { nothing, cancelled, released };
  Lost lost = Lost::nothing;   // how their last booking ended, when it ended before its day
  int version = 0;             // one more at every change of the booking held: older plans are void
  bool cancelled = false;      // late_cancel: has cancelled their first booking
  bool forgot = false;         // forgets: has let their first reconfirmation pass
  bool done = false;           // the visit took place or was missed: they need nothing more
  bool wants_earlier = false;  // nothing was free within the first days when they looked or were convened
  std::string entry;           // waitlist entry they are in, empty when none
  std::string token;
  Instant joined_at;
};

}  // namespace sportello::bench::nsw
