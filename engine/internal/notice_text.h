// The wording of applicant messages in each language: subjects, opening paragraphs, labels.
// Internal to engine/notice.cc. Templates use named placeholders: {date} {time} {until}
// {application} {expires} {previous} {hours} {hours_clause} {link} {month} {type} {desk} {place} {size}
// {ticket}. A status event's text is its own paragraph. Thread-safe: constants.
#pragma once

#include "engine/language.h"
#include "engine/notice_kind.h"

#include <string_view>

namespace sportello::engine::notice_text {

struct KindText {
  std::string_view subject;  // {date} {time} {until} {month} {ticket} {application}
  std::string_view lead;     // {application} {type} {desk} {month} {ticket}
  std::string_view extra;    // a second paragraph, may be empty
};

struct Phrases {
  std::string_view greeting;
  std::string_view desk;
  std::string_view address;
  std::string_view phone;
  std::string_view email;
  std::string_view hours;               // the desk's opening hours
  std::string_view when;
  std::string_view type;
  std::string_view application;
  std::string_view code;
  std::string_view previous;
  std::string_view documents;
  std::string_view hours_clause;        // {hours}: " (up to 24 hours before it starts)"
  std::string_view manage_with_token;   // {hours_clause} {link}
  std::string_view manage_without_token;
  std::string_view keep_private;
  std::string_view book_again;          // {link}
  std::string_view rate_visit;          // {link}
  std::string_view offer_held;          // {expires}: until when an offered seat is held
  std::string_view offer_moves;         // {previous}: accepting moves the current booking
  std::string_view accept_offer;        // {link}
  std::string_view confirm_by;          // {until}: the last day to reconfirm
  std::string_view confirm_with_token;  // {link}
  std::string_view confirm_without_token;  // {link}
  std::string_view draw_place;          // {place} {size}: where a lost request came in the draw order
  std::string_view see_draw;            // {link}: the request's result
  std::string_view ticket;              // the label of a ticket's number
  std::string_view read_answer;         // {link}: where an answered question is read
  std::string_view see_status;          // {link}: where an application's status and history are read
  std::string_view automatic;
};

const Phrases& PhrasesIn(Language language);
const KindText& KindIn(NoticeKind kind, Language language);

}  // namespace sportello::engine::notice_text
