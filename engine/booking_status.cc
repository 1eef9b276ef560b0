#include "engine/booking_status.h"

namespace sportello::engine {

std::string_view StatusName(BookingStatus status) {
  switch (status) {
    case BookingStatus::booked: return "booked";
    case BookingStatus::cancelled: return "cancelled";
    case BookingStatus::attended: return "attended";
    case BookingStatus::no_show: return "no_show";
    case BookingStatus::released: return "released";
  }
  return "booked";
}

std::optional<BookingStatus> ParseStatus(std::string_view name) {
  for (BookingStatus status : {BookingStatus::booked, BookingStatus::cancelled, BookingStatus::attended,
                               BookingStatus::no_show, BookingStatus::released}) {
    if (StatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace sportello::engine
