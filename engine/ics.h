// iCalendar (RFC 5545) documents for one appointment, used for "add to calendar" downloads and
// e-mail invitations. Times are written in the desk's zone with a VTIMEZONE for Europe/Rome
// (the zone of every Italian desk); a desk in another zone gets UTC times instead. Lines end in
// CRLF and are folded at 75 octets; text is escaped. An e-mail invitation (METHOD REQUEST/CANCEL,
// RFC 5546) also names the organizer and the attendee. Thread-safe: pure function.
#pragma once

#include "engine/time.h"

#include <string>

namespace sportello::engine {

struct IcsEvent {
  std::string uid;          // stable across reschedules, e.g. "RM-7K3Q-9XZD-4F2H@sportello"
  int sequence = 0;         // increases with every change
  bool cancelled = false;   // STATUS:CANCELLED
  Instant start;
  Instant end;
  Instant stamp;            // DTSTAMP: when the document was made
  std::string summary;
  std::string location;
  std::string description;  // may contain newlines
  // iTIP invitations: ORGANIZER (the sending desk) and ATTENDEE (the applicant); each written
  // only when not empty. Plain addresses, e.g. "sportello@prefettura.example".
  std::string organizer_email;
  std::string organizer_name;
  std::string attendee_email;
};

enum class IcsMethod { publish, request, cancel };

std::string RenderIcs(const IcsEvent& event, const date::time_zone& zone, IcsMethod method);

}  // namespace sportello::engine
