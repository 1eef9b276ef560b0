// Desk statistics per appointment type and day (SPEC.md, "Staff": stats): bookings, cancellations,
// attendance, no-shows, seats offered and used, and the lead time from booking to appointment.
// Pure: the calendar and the bookings are inputs. Thread-safe: pure function.
#pragma once

#include "engine/booking_status.h"
#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/time.h"

#include <span>
#include <string>
#include <vector>

namespace sportello::engine {

inline constexpr int kMaxStatsDays = 366;

// What statistics need to know of one booking.
struct BookingFact {
  std::string type;
  Instant start;
  Instant created_at;
  BookingStatus status = BookingStatus::booked;
};

struct DayStats {
  std::string type;
  Date date;
  int bookings = 0;        // appointments that day, in any state
  int cancellations = 0;   // of those, cancelled
  int attended = 0;
  int no_shows = 0;
  int seats_offered = 0;   // capacity + staff_capacity of that day's slots
  int seats_used = 0;      // appointments not cancelled
  double lead_days_total = 0;  // sum over bookings of (start − created_at) in days

  double AverageLeadDays() const { return bookings == 0 ? 0 : lead_days_total / bookings; }
};

// One row per offered type and day of `from`..`to` (inclusive; days with neither seats nor
// bookings are left out), ordered by type then day. Bookings outside the range are ignored.
// Error: invalid_request when `to` precedes `from` or the range exceeds kMaxStatsDays.
Result<std::vector<DayStats>> ComputeStats(const DeskCalendar& calendar, std::span<const BookingFact> bookings,
                                           Date from, Date to);

}  // namespace sportello::engine
