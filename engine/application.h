// Applications (pratiche) imported from the national system, and the rules that decide whether
// the person in front of the screen may book for one. Thread-safe: plain values, pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

struct Application {
  std::string id;        // application number of the national system
  std::string desk;      // desk id it belongs to
  std::string tax_code;  // normalised (upper case, no spaces) codice fiscale of who may book
  std::string email;     // may be empty
  std::string phone;     // may be empty
  std::vector<std::string> types;  // appointment types it may book now
  std::string status;    // free text shown to the applicant, e.g. "In istruttoria"

  bool Allows(std::string_view type_id) const;
};

// Checks that `tax_code` (as typed) identifies the holder of `application` at `desk_id`.
// Unknown application, wrong tax code and other desk all give the same error so that none of
// them can be told apart: application_not_verified. `application` may be null (unknown).
Result<void> VerifyApplicant(const Application* application, std::string_view desk_id,
                             std::string_view tax_code);

// Full applicant check before a booking at `desk`: the desk's flag first (CheckSelfBookingOpen:
// it says nothing about the person), then verification, then type. Errors: self_booking_disabled,
// application_not_verified, type_not_allowed.
Result<void> CheckApplicantMayBook(const Application* application, const DeskCalendar& desk,
                                   std::string_view tax_code, std::string_view type_id);

}  // namespace sportello::engine
