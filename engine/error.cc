#include "engine/error.h"

#include <stdexcept>
#include <string>

namespace sportello::engine {

std::string_view ErrorCode(Error error) {
  switch (error) {
    case Error::invalid_request: return "invalid_request";
    case Error::not_found: return "not_found";
    case Error::self_booking_disabled: return "self_booking_disabled";
    case Error::application_not_verified: return "application_not_verified";
    case Error::type_not_allowed: return "type_not_allowed";
    case Error::outside_booking_window: return "outside_booking_window";
    case Error::not_a_slot: return "not_a_slot";
    case Error::slot_full: return "slot_full";
    case Error::already_booked: return "already_booked";
    case Error::too_late_to_change: return "too_late_to_change";
    case Error::too_early: return "too_early";
    case Error::outside_checkin_window: return "outside_checkin_window";
    case Error::not_checkable: return "not_checkable";
    case Error::not_attended: return "not_attended";
    case Error::already_rated: return "already_rated";
    case Error::waitlist_closed: return "waitlist_closed";
    case Error::already_waiting: return "already_waiting";
    case Error::no_offer: return "no_offer";
    case Error::offer_expired: return "offer_expired";
    case Error::outside_reconfirm_window: return "outside_reconfirm_window";
    case Error::draw_in_progress: return "draw_in_progress";
    case Error::draw_closed: return "draw_closed";
    case Error::already_requested: return "already_requested";
    case Error::already_claimed: return "already_claimed";
    case Error::question_closed: return "question_closed";
    case Error::too_many_questions: return "too_many_questions";
    case Error::unauthorized: return "unauthorized";
    case Error::forbidden: return "forbidden";
    case Error::proof_of_work_required: return "proof_of_work_required";
    case Error::rate_limited: return "rate_limited";
    case Error::payload_too_large: return "payload_too_large";
    case Error::internal: return "internal";
    case Error::unavailable: return "unavailable";
  }
  return error == kNoError ? "no_error" : "internal";
}

std::string Problem::Describe() const {
  if (field.empty() || detail.empty()) return detail;
  return field + ": " + detail;
}

std::string Problem::ToString() const {
  const std::string described = Describe();
  return std::string(ErrorCode(code)) + (described.empty() ? "" : " (" + described + ")");
}

void throw_exception_from_error(Problem const& problem, boost::source_location const& location) {
  throw std::logic_error("unchecked Sportello error '" + std::string(ErrorCode(problem.code)) + "' at " +
                         location.file_name() + ":" + std::to_string(location.line()));
}

}  // namespace sportello::engine
