#include "engine/notice.h"

#include "engine/appointment_event.h"
#include "engine/long_date.h"
#include "engine/internal/notice_text.h"

#include <fmt/core.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace sportello::engine {

namespace {

using Values = std::vector<std::pair<std::string_view, std::string_view>>;

// `pattern` with each `{name}` of `values` replaced by its value, in one pass (a value that
// itself contains braces is copied as it is). Unknown `{…}` are kept.
std::string Fill(std::string_view pattern, const Values& values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    bool replaced = false;
    if (pattern[i] == '{') {
      for (const auto& [name, value] : values) {
        if (pattern.substr(i + 1).starts_with(name) && pattern.substr(i + 1 + name.size()).starts_with('}')) {
          out += value;
          i += name.size() + 2;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += pattern[i++];
  }
  return out;
}

// `public_url` without trailing slashes, then `page` (a path and the start of its fragment), `value`
// and, when `token` is not empty, "&token=<token>": every link a message carries is made here.
std::string PageLink(std::string_view public_url, std::string_view page, std::string_view value,
                     std::string_view token) {
  while (public_url.ends_with('/')) public_url.remove_suffix(1);
  std::string link(public_url);
  link += page;
  link += value;
  if (!token.empty()) {
    link += "&token=";
    link += token;
  }
  return link;
}

struct Line {
  std::string_view label;
  std::string value;
};

// Everything a message says, in its language, before it is laid out as text or HTML.
struct Content {
  std::string greeting;
  std::string lead;
  std::vector<std::string> paragraphs;  // after the lead, before the details
  std::vector<Line> details;
  std::string_view documents_label;
  std::vector<std::string> documents;
  std::string_view link_sentence;  // with {link}; empty: none
  std::string link;
  std::string_view private_note;   // empty: none
  std::string signature;
  std::string_view automatic;
};

std::string TypeName(const NoticeInput& input) {
  return input.type != nullptr ? input.type->name.In(input.language) : input.type_id;
}

void AddContact(const DeskContact& contact, Language language, const notice_text::Phrases& phrases,
                std::vector<Line>& details) {
  if (!contact.phone.empty()) details.push_back({phrases.phone, contact.phone});
  if (!contact.email.empty()) details.push_back({phrases.email, contact.email});
  if (contact.hours) details.push_back({phrases.hours, contact.hours->In(language)});
}

bool IsOffer(const NoticeInput& input) { return input.kind == NoticeKind::offer; }
bool IsDrawLost(const NoticeInput& input) { return input.kind == NoticeKind::draw_lost; }
bool IsQuestion(const NoticeInput& input) { return input.kind == NoticeKind::question_answered; }
bool IsStatusEvent(const NoticeInput& input) { return input.kind == NoticeKind::status_event; }
bool NamesAnAppointment(const NoticeInput& input) { return IsAboutAnAppointment(input.kind); }
bool AsksReconfirmation(const NoticeInput& input) {
  return input.kind == NoticeKind::reconfirm || input.kind == NoticeKind::reconfirm_reminder;
}
// The booking is gone (or not made yet): the message links to the booking page, not the manage page.
bool LinksToBookingPage(const NoticeInput& input) {
  return input.kind == NoticeKind::cancellation || input.kind == NoticeKind::released;
}
// Nothing left to bring: the booking is gone, the visit is over, or nothing is booked yet (the
// confirmation after accepting an offer lists the documents).
bool ListsDocuments(const NoticeInput& input) {
  switch (input.kind) {
    case NoticeKind::cancellation:
    case NoticeKind::feedback:
    case NoticeKind::offer:
    case NoticeKind::released:
    case NoticeKind::draw_lost:
    case NoticeKind::question_answered:
    case NoticeKind::status_event: return false;
    default: return true;
  }
}

// The last day to reconfirm, written out: the local date of the window's last moment.
std::string LastDayToConfirm(const NoticeInput& input) {
  return FormatLongDate(LocalDate(*input.reconfirm_until - std::chrono::seconds{1}, *input.zone), input.language);
}

// The values the kind's texts and the phrases may name.
struct Facts {
  std::string until;     // reconfirm kinds: the last day to confirm
  std::string expires;   // offer: until when the seat is held
  std::string previous;  // offer: the current booking it would move
  std::string month;     // draw_lost: the month drawn, written out
  std::string place;     // draw_lost: the request's place in the draw order
  std::string size;      // draw_lost: how many requests there were
};

Facts FactsOf(const NoticeInput& input) {
  Facts facts;
  if (AsksReconfirmation(input)) facts.until = LastDayToConfirm(input);
  if (IsOffer(input)) {
    facts.expires = FormatLocalDateTime(*input.offer_expires_at, *input.zone, input.language);
    if (input.previous_start) facts.previous = FormatLocalDateTime(*input.previous_start, *input.zone, input.language);
  }
  if (IsDrawLost(input)) {
    facts.month = FormatLongMonth(*input.draw_month, input.language);
    facts.place = std::to_string(input.draw_place);
    facts.size = std::to_string(input.draw_size);
  }
  return facts;
}

std::vector<std::string> Paragraphs(const NoticeInput& input, const Facts& facts, const notice_text::KindText& kind,
                                    const notice_text::Phrases& phrases) {
  std::vector<std::string> paragraphs;
  if (IsStatusEvent(input)) paragraphs.push_back(input.event_text);
  if (IsOffer(input)) {
    paragraphs.push_back(Fill(phrases.offer_held, {{"expires", facts.expires}}));
    if (input.previous_start) paragraphs.push_back(Fill(phrases.offer_moves, {{"previous", facts.previous}}));
  }
  if (AsksReconfirmation(input)) paragraphs.push_back(Fill(phrases.confirm_by, {{"until", facts.until}}));
  if (IsDrawLost(input)) paragraphs.push_back(Fill(phrases.draw_place, {{"place", facts.place}, {"size", facts.size}}));
  if (!kind.extra.empty()) paragraphs.emplace_back(kind.extra);
  return paragraphs;
}

std::string Link(const NoticeInput& input) {
  if (LinksToBookingPage(input)) return std::string(input.public_url) + (input.public_url.ends_with('/') ? "" : "/");
  if (IsOffer(input)) return WaitlistLink(input.public_url, input.waitlist_id, input.manage_token);
  if (IsDrawLost(input)) return DrawLink(input.public_url, input.draw_request_id, input.manage_token);
  if (IsQuestion(input)) return QuestionLink(input.public_url, input.question_id);
  if (IsStatusEvent(input)) return StatusLink(input.public_url);
  if (input.kind == NoticeKind::feedback) return ManageLink(input.public_url, input.code, "");
  const std::string link = ManageLink(input.public_url, input.code, input.manage_token);
  return AsksReconfirmation(input) ? link + "&confirm=1" : link;
}

Content Compose(const NoticeInput& input, const Facts& facts, const std::string& link_sentence_storage) {
  const notice_text::Phrases& phrases = notice_text::PhrasesIn(input.language);
  const notice_text::KindText& kind = notice_text::KindIn(input.kind, input.language);
  Content content;
  content.greeting = phrases.greeting;
  const std::string type_name = TypeName(input);
  content.lead = Fill(kind.lead, {{"application", input.application_id},
                                  {"type", type_name},
                                  {"desk", input.desk_name},
                                  {"month", facts.month},
                                  {"ticket", input.question_number}});
  content.paragraphs = Paragraphs(input, facts, kind, phrases);
  content.details.push_back({phrases.desk, input.desk_name});
  if (!input.desk_address.empty()) content.details.push_back({phrases.address, input.desk_address});
  if (input.desk_contact) AddContact(*input.desk_contact, input.language, phrases, content.details);
  if (NamesAnAppointment(input)) {
    content.details.push_back(
        {phrases.when, FormatAppointmentTime(input.start, input.end, *input.zone, input.language)});
  }
  if (input.previous_start && input.previous_end && !IsOffer(input)) {  // an offer says it in a sentence
    content.details.push_back(
        {phrases.previous, FormatAppointmentTime(*input.previous_start, *input.previous_end, *input.zone, input.language)});
  }
  if (IsQuestion(input)) {
    content.details.push_back({phrases.ticket, input.question_number});
  } else if (!IsStatusEvent(input)) {  // the type column of a status event holds its code
    content.details.push_back({phrases.type, type_name});
  }
  if (!input.application_id.empty()) content.details.push_back({phrases.application, input.application_id});
  if (!input.code.empty()) content.details.push_back({phrases.code, input.code});
  if (ListsDocuments(input) && input.type != nullptr) {
    content.documents_label = phrases.documents;
    for (const LocalizedText& document : input.type->documents) content.documents.push_back(document.In(input.language));
  }
  if (!input.public_url.empty()) {
    content.link_sentence = link_sentence_storage;
    content.link = Link(input);
    const bool link_has_token = !LinksToBookingPage(input) && input.kind != NoticeKind::feedback;
    if (link_has_token && !input.manage_token.empty()) content.private_note = phrases.keep_private;
  }
  content.signature = input.desk_name;
  content.automatic = phrases.automatic;
  return content;
}

// The sentence that carries the link, with {link} still to fill.
std::string LinkSentence(const NoticeInput& input) {
  const notice_text::Phrases& phrases = notice_text::PhrasesIn(input.language);
  if (LinksToBookingPage(input)) return std::string(phrases.book_again);
  if (input.kind == NoticeKind::feedback) return std::string(phrases.rate_visit);
  if (IsOffer(input)) return std::string(phrases.accept_offer);
  if (IsDrawLost(input)) return std::string(phrases.see_draw);
  if (IsQuestion(input)) return std::string(phrases.read_answer);
  if (IsStatusEvent(input)) return std::string(phrases.see_status);
  if (AsksReconfirmation(input)) {
    return std::string(input.manage_token.empty() ? phrases.confirm_without_token : phrases.confirm_with_token);
  }
  const std::string hours = input.cancel_notice_hours ? std::to_string(*input.cancel_notice_hours) : "";
  const std::string clause = input.cancel_notice_hours ? Fill(phrases.hours_clause, {{"hours", hours}}) : "";
  return Fill(input.manage_token.empty() ? phrases.manage_without_token : phrases.manage_with_token,
              {{"hours_clause", clause}});
}

std::string Text(const Content& content) {
  std::string text = content.greeting + "\n\n" + content.lead + "\n\n";
  for (const std::string& paragraph : content.paragraphs) text += paragraph + "\n\n";
  for (const Line& line : content.details) text += fmt::format("{}: {}\n", line.label, line.value);
  if (!content.documents.empty()) {
    text += fmt::format("\n{}:\n", content.documents_label);
    for (const std::string& document : content.documents) text += "- " + document + "\n";
  }
  if (!content.link_sentence.empty()) text += "\n" + Fill(content.link_sentence, {{"link", content.link}}) + "\n";
  if (!content.private_note.empty()) text += std::string(content.private_note) + "\n";
  text += "\n-- \n" + content.signature + "\n" + std::string(content.automatic) + "\n";
  return text;
}

std::string Html(const Content& content, std::string_view subject, Language language) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n"
      "<body style=\"font-family:sans-serif;line-height:1.4;color:#1a1a1a\">\n",
      LanguageCode(language), EscapeHtml(subject));
  html += "<p>" + EscapeHtml(content.greeting) + "</p>\n<p>" + EscapeHtml(content.lead) + "</p>\n";
  for (const std::string& paragraph : content.paragraphs) html += "<p>" + EscapeHtml(paragraph) + "</p>\n";
  html += "<table style=\"border-collapse:collapse\">\n";
  for (const Line& line : content.details) {
    html += fmt::format("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">{}</th><td>{}</td></tr>\n",
                        EscapeHtml(line.label), EscapeHtml(line.value));
  }
  html += "</table>\n";
  if (!content.documents.empty()) {
    html += "<h2 style=\"font-size:1.1em\">" + EscapeHtml(content.documents_label) + "</h2>\n<ul>\n";
    for (const std::string& document : content.documents) html += "<li>" + EscapeHtml(document) + "</li>\n";
    html += "</ul>\n";
  }
  if (!content.link_sentence.empty()) {
    const std::string anchor = fmt::format("<a href=\"{0}\">{0}</a>", EscapeHtml(content.link));
    html += "<p>" + Fill(EscapeHtml(content.link_sentence), {{"link", anchor}}) + "</p>\n";
  }
  if (!content.private_note.empty()) html += "<p>" + EscapeHtml(content.private_note) + "</p>\n";
  html += "<p style=\"color:#555\">" + EscapeHtml(content.signature) + "<br>" + EscapeHtml(content.automatic) +
          "</p>\n</body>\n</html>\n";
  return html;
}

// The booking is gone: the invitation withdraws the event.
bool CancelsTheEvent(const NoticeInput& input) {
  return input.kind == NoticeKind::cancellation || input.kind == NoticeKind::released;
}

// Whether the message carries an invitation: not after the visit (nothing is left to put in a
// calendar), not for an offer, a lost draw, a question or a status event (nothing is booked), not
// for a request to reconfirm (the event does not change).
bool HasInvitation(const NoticeInput& input) {
  return input.kind != NoticeKind::feedback && !IsOffer(input) && !AsksReconfirmation(input) &&
         NamesAnAppointment(input);
}

// The facts some kinds cannot do without; their absence is a bug in the caller.
void CheckRequiredFacts(const NoticeInput& input) {
  if (IsOffer(input) && !input.offer_expires_at) throw std::invalid_argument("an offer needs offer_expires_at");
  if (AsksReconfirmation(input) && !input.reconfirm_until) {
    throw std::invalid_argument("a request to reconfirm needs reconfirm_until");
  }
  if (IsDrawLost(input) && (!input.draw_month || input.draw_place < 1 || input.draw_size < input.draw_place)) {
    throw std::invalid_argument("a lost draw needs draw_month, draw_place and draw_size");
  }
  if (IsQuestion(input) && (input.question_id.empty() || input.question_number.empty())) {
    throw std::invalid_argument("an answered question needs question_id and question_number");
  }
  if (IsStatusEvent(input) && input.event_text.empty()) throw std::invalid_argument("a status event needs its text");
}

std::string Invitation(const NoticeInput& input, IcsMethod method) {
  IcsEvent event = AppointmentEvent({.code = input.code,
                                     .type = input.type,
                                     .type_id = input.type_id,
                                     .language = input.language,
                                     .desk_name = input.desk_name,
                                     .desk_address = input.desk_address,
                                     .start = input.start,
                                     .end = input.end,
                                     .cancelled = CancelsTheEvent(input),
                                     .sequence = input.sequence,
                                     .manage_link = input.public_url.empty() ? ""
                                                                             : ManageLink(input.public_url, input.code, ""),
                                     .now = input.now});
  event.organizer_email = input.organizer_email;
  event.organizer_name = input.desk_name;
  event.attendee_email = input.recipient;
  return RenderIcs(event, *input.zone, method);
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string WaitlistLink(std::string_view public_url, std::string_view id, std::string_view token) {
  return PageLink(public_url, "/waitlist#id=", id, token);
}

std::string DrawLink(std::string_view public_url, std::string_view id, std::string_view token) {
  return PageLink(public_url, "/draw#id=", id, token);
}

std::string QuestionLink(std::string_view public_url, std::string_view id) {
  return PageLink(public_url, "/questions#id=", id, "");
}

std::string StatusLink(std::string_view public_url) { return PageLink(public_url, "/status", "", ""); }

std::string ManageLink(std::string_view public_url, std::string_view code, std::string_view token) {
  return PageLink(public_url, "/manage#code=", code, token);
}

Notice RenderNotice(const NoticeInput& input) {
  CheckRequiredFacts(input);
  Notice notice;
  const notice_text::KindText& kind = notice_text::KindIn(input.kind, input.language);
  const Facts facts = FactsOf(input);
  const std::string day = FormatLongDate(LocalDate(input.start, *input.zone), input.language);
  const std::string clock = FormatLocalClock(input.start, *input.zone);
  const std::string type_name = TypeName(input);
  notice.subject = Fill(kind.subject,
                        {{"date", day},
                         {"time", clock},
                         {"until", facts.until},
                         {"month", facts.month},
                         {"type", type_name},
                         {"ticket", input.question_number},
                         {"application", input.application_id}});
  const std::string link_sentence = LinkSentence(input);
  const Content content = Compose(input, facts, link_sentence);
  notice.text = Text(content);
  notice.html = Html(content, notice.subject, input.language);
  notice.method = CancelsTheEvent(input) ? IcsMethod::cancel : IcsMethod::request;
  if (HasInvitation(input)) notice.ics = Invitation(input, notice.method);
  return notice;
}

}  // namespace sportello::engine
