// The messages an applicant receives about a booking, rendered from plain facts: for each kind
// (notice_kind.h) and language a subject, a plain-text body, an HTML body (every value escaped)
// and an RFC 5545 invitation (METHOD REQUEST, or CANCEL for a cancellation; UID from the booking
// code so it is stable across reschedules; SEQUENCE as given). Every message names the desk, its
// address, the date and time in the desk's time zone, the appointment type, the booking code and
// how to manage the booking; all but the cancellation and the invitation to rate the visit
// (`feedback`, which has no calendar invitation and links to the manage page without the token)
// list the documents to bring.
//
// The manage link: the confirmation and the convocation carry `<public-url>/manage#code=…&token=…`
// (the manage token is known only when the booking is made); later messages carry
// `<public-url>/manage#code=…` and ask for the token of the first confirmation. The invitation
// never carries the token (calendars are synced and shared).
// Thread-safe: pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/ics.h"
#include "engine/language.h"
#include "engine/notice_kind.h"
#include "engine/time.h"

#include <optional>
#include <string>

namespace sportello::engine {

struct NoticeInput {
  NoticeKind kind = NoticeKind::confirmation;
  Language language = Language::it;
  std::string code;            // booking code
  std::string application_id;
  std::string desk_name;
  std::string desk_address;    // may be empty
  std::optional<DeskContact> desk_contact;  // how to reach the desk, shown when set
  const date::time_zone* zone = nullptr;  // the desk's; required
  std::string type_id;
  const AppointmentType* type = nullptr;  // from the catalogue; nullptr: the id is shown, no documents
  Instant start;
  Instant end;
  std::optional<Instant> previous_start;  // a reschedule: where the booking was before
  std::optional<Instant> previous_end;
  int sequence = 0;                       // ICS SEQUENCE
  std::optional<int> cancel_notice_hours; // changes allowed until this many hours before; unknown: not said
  std::string public_url;                 // e.g. "https://prenota.example.it" (no trailing slash needed)
  std::string manage_token;               // empty: the link asks for the token instead
  std::string organizer_email;            // the sender address (ICS ORGANIZER)
  std::string recipient;                  // the applicant's address (ICS ATTENDEE)
  Instant now;                            // DTSTAMP
};

struct Notice {
  std::string subject;  // one line, UTF-8
  std::string text;     // plain text, lines end in "\n"
  std::string html;     // a whole HTML document
  std::string ics;      // the invitation (CRLF lines); empty for `feedback`
  IcsMethod method = IcsMethod::request;
};

Notice RenderNotice(const NoticeInput& input);

// `<public_url>/manage#code=<code>` and, when `token` is not empty, `&token=<token>`.
std::string ManageLink(std::string_view public_url, std::string_view code, std::string_view token);

// `text` with & < > " ' replaced by character references, safe in HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace sportello::engine
