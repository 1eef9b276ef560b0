// The calendar event of one appointment, written the same way wherever it appears: the "add to
// calendar" download and the e-mail invitations. UID from the booking code (stable across
// reschedules), "type – desk" as summary, the desk's address (else its name) as location, and the
// booking code, the manage link (when known) and the documents to bring as description.
// Thread-safe: pure function.
#pragma once

#include "engine/catalogue.h"
#include "engine/ics.h"
#include "engine/language.h"
#include "engine/time.h"

#include <string>

namespace sportello::engine {

struct AppointmentEventInput {
  std::string code;                       // booking code
  const AppointmentType* type = nullptr;  // null: the type id is shown
  std::string type_id;
  Language language = Language::it;
  std::string desk_name;
  std::string desk_address;               // may be empty
  Instant start;
  Instant end;
  bool cancelled = false;
  int sequence = 0;                       // the number of changes told to the applicant so far
  std::string manage_link;                // may be empty
  Instant now;                            // DTSTAMP
};

IcsEvent AppointmentEvent(const AppointmentEventInput& input);

}  // namespace sportello::engine
