#include "engine/ics.h"

#include <fmt/core.h>

namespace sportello::engine {

namespace {

constexpr std::string_view kRomeTimezone =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Rome\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

std::string EscapeText(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '\\': escaped += "\\\\"; break;
      case ';': escaped += "\\;"; break;
      case ',': escaped += "\\,"; break;
      case '\n': escaped += "\\n"; break;
      case '\r': break;
      default: escaped += c;
    }
  }
  return escaped;
}

// `value` without control characters (so no CR LF can start a property of its own).
std::string NoControls(std::string_view value) {
  std::string clean;
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x20) clean += c;
  }
  return clean;
}

// A parameter value in double quotes (RFC 5545, 3.2): DQUOTE and control characters dropped.
std::string QuotedParameter(std::string_view value) {
  std::string quoted = NoControls(value);
  std::erase(quoted, '"');
  return "\"" + quoted + "\"";
}

// Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545, 3.1).
std::string Fold(std::string_view line) {
  std::string folded;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t length = 1;
    const auto lead = static_cast<unsigned char>(line[i]);
    if (lead >= 0xF0) length = 4;
    else if (lead >= 0xE0) length = 3;
    else if (lead >= 0xC0) length = 2;
    length = std::min(length, line.size() - i);
    if (width + length > 75) {
      folded += "\r\n ";
      width = 1;
    }
    folded.append(line.substr(i, length));
    width += length;
    i += length;
  }
  return folded + "\r\n";
}

std::string UtcStamp(Instant instant) { return date::format("%Y%m%dT%H%M%SZ", instant); }

std::string DateTimeProperty(std::string_view name, Instant instant, const date::time_zone& zone, bool rome) {
  if (!rome) return fmt::format("{}:{}", name, UtcStamp(instant));
  return fmt::format("{};TZID=Europe/Rome:{}", name, date::format("%Y%m%dT%H%M%S", zone.to_local(instant)));
}

std::string_view MethodName(IcsMethod method) {
  switch (method) {
    case IcsMethod::publish: return "PUBLISH";
    case IcsMethod::request: return "REQUEST";
    case IcsMethod::cancel: return "CANCEL";
  }
  return "PUBLISH";
}

}  // namespace

std::string RenderIcs(const IcsEvent& event, const date::time_zone& zone, IcsMethod method) {
  const bool rome = zone.name() == "Europe/Rome";
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sportello//Sportello//IT\r\nCALSCALE:GREGORIAN\r\n";
  ics += fmt::format("METHOD:{}\r\n", MethodName(method));
  if (rome) ics += kRomeTimezone;
  ics += "BEGIN:VEVENT\r\n";
  ics += Fold("UID:" + EscapeText(event.uid));
  ics += fmt::format("SEQUENCE:{}\r\n", event.sequence);
  ics += fmt::format("DTSTAMP:{}\r\n", UtcStamp(event.stamp));
  ics += DateTimeProperty("DTSTART", event.start, zone, rome) + "\r\n";
  ics += DateTimeProperty("DTEND", event.end, zone, rome) + "\r\n";
  ics += Fold("SUMMARY:" + EscapeText(event.summary));
  if (!event.location.empty()) ics += Fold("LOCATION:" + EscapeText(event.location));
  if (!event.description.empty()) ics += Fold("DESCRIPTION:" + EscapeText(event.description));
  if (!event.organizer_email.empty()) {
    const std::string name = event.organizer_name.empty() ? "" : ";CN=" + QuotedParameter(event.organizer_name);
    ics += Fold("ORGANIZER" + name + ":mailto:" + NoControls(event.organizer_email));
  }
  if (!event.attendee_email.empty()) {
    ics += Fold("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:" + NoControls(event.attendee_email));
  }
  ics += event.cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n";
  ics += "END:VEVENT\r\nEND:VCALENDAR\r\n";
  return ics;
}

}  // namespace sportello::engine
