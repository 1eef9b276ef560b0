// Desk statistics per appointment type and day (SPEC.md, "Staff": stats): bookings, cancellations,
// attendance, no-shows, seats offered and used, the lead time from booking to appointment, and
// ("The day of the visit") the waits, service times and ratings of the visits.
// Pure: the calendar and the bookings are inputs. Thread-safe: pure function.
#pragma once

#include "engine/booking_status.h"
#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/time.h"

#include <array>
#include <chrono>
#include <optional>
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

  std::vector<double> waited_minutes;  // per ticket called: check-in to first call
  std::vector<double> served_minutes;  // per ticket done: first call to done
  std::array<int, 5> ratings{};        // how many visits were rated 1, 2, 3, 4, 5

  double AverageLeadDays() const { return bookings == 0 ? 0 : lead_days_total / bookings; }
  std::optional<double> RatingMean() const;
};

// What statistics need to know of one visit at the desk (a ticket of a booking, or its rating).
// Walk-ins have no type and are not counted per type.
struct VisitFact {
  std::string type;
  Instant start;                               // the booking's start: the row it counts in
  std::optional<std::chrono::seconds> waited;  // check-in to first call, once called
  std::optional<std::chrono::seconds> served;  // first call to done, once done
  std::optional<int> rating;                   // 1..5, once rated
};

// The `percent`th percentile of `values` (nearest rank), or nullopt when there are none.
std::optional<double> Percentile(std::vector<double> values, int percent);

// One row per offered type and day of `from`..`to` (inclusive; days with neither seats nor
// bookings are left out), ordered by type then day. Bookings and visits outside the range are
// ignored. Error: invalid_request when `to` precedes `from` or the range exceeds kMaxStatsDays.
Result<std::vector<DayStats>> ComputeStats(const DeskCalendar& calendar, std::span<const BookingFact> bookings,
                                           Date from, Date to, std::span<const VisitFact> visits = {});

}  // namespace sportello::engine
