// The messages an applicant receives about a booking, rendered from plain facts: for each kind
// (notice_kind.h) and language a subject, a plain-text body, an HTML body (every value escaped)
// and an RFC 5545 invitation (METHOD REQUEST, or CANCEL for a cancellation and a release; UID from
// the booking code so it is stable across reschedules; SEQUENCE as given). Every message names the
// desk, its address, the date and time in the desk's time zone, the appointment type, the booking
// code (an offer has none) and how to manage the booking; the confirmation, convocation, reschedule, reminder and
// the requests to reconfirm list the documents to bring.
//
// "No seat wasted" (SPEC.md): an `offer` is about a waitlist entry, not a booking (no booking code):
// it names the seat offered, until when it is held (desk local time), what accepting does to the
// applicant's current booking of that type, and links to `<public-url>/waitlist#id=…&token=…`.
// `reconfirm` and `reconfirm_reminder` name the last day to confirm and link to the manage page
// with `&confirm=1`. `released` says the unconfirmed booking was given to someone else and links to
// the booking page. Offers and requests to reconfirm carry no invitation: nothing is booked yet,
// or the event does not change; `feedback` has none either (nothing is left to put in a calendar).
//
// "Fair release": `draw_lost` tells an applicant whose draw request took no seat that the draw of the
// type at the desk for the month is over, that there were more requests than seats and at which
// place of how many the request came in the public draw order; it links to the request's result,
// `<public-url>/draw#id=…&token=…`, and says they may join the waiting list or book a seat still
// free first-come. It names no appointment time, lists no documents and carries no invitation.
//
// "Questions": `question_answered` tells an applicant that their ticket has an answer, and nothing
// of what the answer says (e-mail is not confidential). It names the ticket's number and the
// application (when `application_id` is set: not for an unverified e-mail's ticket), links to `<public-url>/questions#id=…` (no token: the page asks the applicant's
// proof), and names no appointment, lists no documents and carries no invitation.
//
// "Integration": `status_event` tells an applicant of a status event of their application (its text,
// in their language: the catalogue's wording, chosen for e-mail, or the national system's own), names
// the application and links to the status page `<public-url>/status`, where the whole history is read
// after giving the application number and tax code. No appointment, no documents, no invitation.
//
// The manage link: the confirmation and the convocation carry `<public-url>/manage#code=…&token=…`
// (the manage token is known only when the booking is made); later messages carry
// `<public-url>/manage#code=…` and ask for the token of the first confirmation, unless the outbox
// kept the token for them. The invitation never carries a token (calendars are synced and shared).
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
  std::string code;            // booking code; empty for an offer
  std::string application_id;
  std::string desk_name;
  std::string desk_address;    // may be empty
  std::optional<DeskContact> desk_contact;  // how to reach the desk, shown when set
  const date::time_zone* zone = nullptr;  // the desk's; required
  std::string type_id;
  const AppointmentType* type = nullptr;  // from the catalogue; nullptr: the id is shown, no documents
  Instant start;
  Instant end;
  std::optional<Instant> previous_start;  // a reschedule: where the booking was before; an offer: the
                                          // applicant's current booking of the type, if any
  std::optional<Instant> previous_end;
  int sequence = 0;                       // ICS SEQUENCE
  std::optional<int> cancel_notice_hours; // changes allowed until this many hours before; unknown: not said
  std::string public_url;                 // e.g. "https://prenota.example.it" (no trailing slash needed)
  std::string manage_token;               // empty: the link asks for the token instead; for an offer,
                                          // the waitlist entry's token; for draw_lost, the request's
  std::string waitlist_id;                // an offer: the waitlist entry it is for
  std::optional<Instant> offer_expires_at;  // an offer: the seat is held until then; required
  std::optional<Instant> reconfirm_until;   // reconfirm, reconfirm_reminder: the end of the window
                                            // (exclusive, engine/reconfirmation.h); required
  std::string draw_request_id;            // draw_lost: the request it is about
  std::optional<date::year_month> draw_month;  // draw_lost: the month drawn; required
  int draw_place = 0;                     // draw_lost: the request's place in the draw order (1-based); required
  int draw_size = 0;                      // draw_lost: how many requests were drawn; required
  std::string question_id;                // question_answered: the ticket; required
  std::string question_number;            // question_answered: its number, e.g. "Q-000042"; required
  std::string event_text;                 // status_event: what happened, in `language`; required
  std::string organizer_email;            // the sender address (ICS ORGANIZER)
  std::string recipient;                  // the applicant's address (ICS ATTENDEE)
  Instant now;                            // DTSTAMP
};

struct Notice {
  std::string subject;  // one line, UTF-8
  std::string text;     // plain text, lines end in "\n"
  std::string html;     // a whole HTML document
  std::string ics;      // the invitation (CRLF lines); empty for feedback, offer, reconfirm, reconfirm_reminder,
                        // draw_lost, question_answered, status_event
  IcsMethod method = IcsMethod::request;
};

// The message for `input`. Throws std::invalid_argument (a bug in the caller) when an offer has no
// offer_expires_at, a request to reconfirm no reconfirm_until, draw_lost no month or place, or
// question_answered no ticket, or status_event no text.
Notice RenderNotice(const NoticeInput& input);

// `<public_url>/manage#code=<code>` and, when `token` is not empty, `&token=<token>`.
std::string ManageLink(std::string_view public_url, std::string_view code, std::string_view token);

// `<public_url>/waitlist#id=<id>` and, when `token` is not empty, `&token=<token>`: the page where
// the applicant accepts an offered seat (a fragment, like the manage link, so it stays out of logs).
std::string WaitlistLink(std::string_view public_url, std::string_view id, std::string_view token);

// `<public_url>/draw#id=<id>` and, when `token` is not empty, `&token=<token>`: the page showing a
// draw request's result.
std::string DrawLink(std::string_view public_url, std::string_view id, std::string_view token);

// `<public_url>/questions#id=<id>`: the page where the applicant reads a ticket, after giving their
// application number and tax code (the link carries no token).
std::string QuestionLink(std::string_view public_url, std::string_view id);

// `<public_url>/status`: the page that shows an application's status and history, after the applicant
// gives their application number and tax code.
std::string StatusLink(std::string_view public_url);

// `text` with & < > " ' replaced by character references, safe in HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace sportello::engine
