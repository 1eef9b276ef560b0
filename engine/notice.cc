#include "engine/notice.h"

#include "engine/appointment_event.h"
#include "engine/long_date.h"
#include "engine/internal/notice_text.h"

#include <fmt/core.h>

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

struct Line {
  std::string_view label;
  std::string value;
};

// Everything a message says, in its language, before it is laid out as text or HTML.
struct Content {
  std::string greeting;
  std::string lead;
  std::string extra;
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

Content Compose(const NoticeInput& input, const std::string& link_sentence_storage) {
  const notice_text::Phrases& phrases = notice_text::PhrasesIn(input.language);
  const notice_text::KindText& kind = notice_text::KindIn(input.kind, input.language);
  Content content;
  content.greeting = phrases.greeting;
  content.lead = Fill(kind.lead, {{"application", input.application_id}});
  content.extra = kind.extra;
  content.details.push_back({phrases.desk, input.desk_name});
  if (!input.desk_address.empty()) content.details.push_back({phrases.address, input.desk_address});
  if (input.desk_contact) AddContact(*input.desk_contact, input.language, phrases, content.details);
  content.details.push_back({phrases.when, FormatAppointmentTime(input.start, input.end, *input.zone, input.language)});
  if (input.previous_start && input.previous_end) {
    content.details.push_back(
        {phrases.previous, FormatAppointmentTime(*input.previous_start, *input.previous_end, *input.zone, input.language)});
  }
  content.details.push_back({phrases.type, TypeName(input)});
  content.details.push_back({phrases.application, input.application_id});
  content.details.push_back({phrases.code, input.code});
  const bool after_the_visit = input.kind == NoticeKind::cancellation || input.kind == NoticeKind::feedback;
  if (!after_the_visit && input.type != nullptr) {
    content.documents_label = phrases.documents;
    for (const LocalizedText& document : input.type->documents) content.documents.push_back(document.In(input.language));
  }
  if (!input.public_url.empty()) {
    content.link_sentence = link_sentence_storage;
    if (input.kind == NoticeKind::cancellation) {
      content.link = std::string(input.public_url) + (input.public_url.ends_with('/') ? "" : "/");
    } else {
      content.link = ManageLink(input.public_url, input.code, input.kind == NoticeKind::feedback ? "" : input.manage_token);
      if (!input.manage_token.empty() && input.kind != NoticeKind::feedback) content.private_note = phrases.keep_private;
    }
  }
  content.signature = input.desk_name;
  content.automatic = phrases.automatic;
  return content;
}

// The sentence that carries the link, with {link} still to fill.
std::string LinkSentence(const NoticeInput& input) {
  const notice_text::Phrases& phrases = notice_text::PhrasesIn(input.language);
  if (input.kind == NoticeKind::cancellation) return std::string(phrases.book_again);
  if (input.kind == NoticeKind::feedback) return std::string(phrases.rate_visit);
  const std::string hours = input.cancel_notice_hours ? std::to_string(*input.cancel_notice_hours) : "";
  const std::string clause = input.cancel_notice_hours ? Fill(phrases.hours_clause, {{"hours", hours}}) : "";
  return Fill(input.manage_token.empty() ? phrases.manage_without_token : phrases.manage_with_token,
              {{"hours_clause", clause}});
}

std::string Text(const Content& content) {
  std::string text = content.greeting + "\n\n" + content.lead + "\n\n";
  if (!content.extra.empty()) text += content.extra + "\n\n";
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
  if (!content.extra.empty()) html += "<p>" + EscapeHtml(content.extra) + "</p>\n";
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

std::string Invitation(const NoticeInput& input, IcsMethod method) {
  IcsEvent event = AppointmentEvent({.code = input.code,
                                     .type = input.type,
                                     .type_id = input.type_id,
                                     .language = input.language,
                                     .desk_name = input.desk_name,
                                     .desk_address = input.desk_address,
                                     .start = input.start,
                                     .end = input.end,
                                     .cancelled = input.kind == NoticeKind::cancellation,
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

std::string ManageLink(std::string_view public_url, std::string_view code, std::string_view token) {
  std::string link(public_url);
  while (link.ends_with('/')) link.pop_back();
  link += "/manage#code=";
  link += code;
  if (!token.empty()) {
    link += "&token=";
    link += token;
  }
  return link;
}

Notice RenderNotice(const NoticeInput& input) {
  Notice notice;
  const notice_text::KindText& kind = notice_text::KindIn(input.kind, input.language);
  const std::string day = FormatLongDate(LocalDate(input.start, *input.zone), input.language);
  const std::string clock = FormatLocalClock(input.start, *input.zone);
  notice.subject = Fill(kind.subject, {{"date", day}, {"time", clock}});
  const std::string link_sentence = LinkSentence(input);
  const Content content = Compose(input, link_sentence);
  notice.text = Text(content);
  notice.html = Html(content, notice.subject, input.language);
  notice.method = input.kind == NoticeKind::cancellation ? IcsMethod::cancel : IcsMethod::request;
  if (input.kind != NoticeKind::feedback) notice.ics = Invitation(input, notice.method);  // nothing left to put in a calendar
  return notice;
}

}  // namespace sportello::engine
