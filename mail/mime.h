// Composing an e-mail message (RFC 5322 + MIME): the applicant's text and HTML as
// multipart/alternative, and the calendar invitation as a text/calendar attachment with its
// iTIP method, inside multipart/mixed. Bodies are UTF-8 in quoted-printable (text, HTML) and
// base64 (calendar); header texts with non-ASCII characters are RFC 2047 encoded words. Lines
// end in CRLF and stay under 78 characters. Thread-safe: pure functions.
#pragma once

#include "engine/time.h"

#include <string>
#include <string_view>

namespace sportello::mail {

struct MailParts {
  std::string from_address;   // must satisfy IsValidAddress
  std::string from_name;      // display name, UTF-8; may be empty
  std::string to_address;     // must satisfy IsValidAddress
  std::string subject;        // UTF-8, one line
  std::string message_id;     // without angle brackets, e.g. "n42.RM-7K3Q-9XZD-4F2H@prefettura.example"
  engine::Instant date;
  std::string language;       // Content-Language, e.g. "it"
  std::string text;           // plain text, "\n" or "\r\n" line ends
  std::string html;           // an HTML document
  std::string calendar;       // iCalendar document; empty: no attachment
  std::string calendar_method;  // "REQUEST" or "CANCEL"
  std::string calendar_filename = "invite.ics";
};

// The whole message: headers, a blank line, the MIME body. Preconditions: valid addresses
// (callers check with IsValidAddress), no CR or LF in the subject, names or message id.
std::string ComposeMessage(const MailParts& parts);

// A plain ASCII addr-spec Sportello is willing to send to: local@domain, 3–254 characters, no
// spaces, quotes, angle brackets, commas, semicolons or control characters (so it cannot inject
// a header or an SMTP command), a domain of letters, digits, '-' and '.'.
bool IsValidAddress(std::string_view address);

// RFC 2045 quoted-printable of `text` with CRLF line ends (any "\n" becomes a hard line break).
std::string QuotedPrintable(std::string_view text);
// RFC 2045 base64 in lines of 76 characters, each ending in CRLF.
std::string Base64Lines(std::string_view bytes);
// `text` as a header value: as it is when it is short printable ASCII, else RFC 2047 "B"
// encoded words of at most 75 characters, folded onto continuation lines, never splitting a
// UTF-8 character. `first_line_used`: characters already on the first line ("Subject: " = 9),
// so that line too stays within 76.
std::string EncodeHeaderText(std::string_view text, std::size_t first_line_used = 0);
// The same as encoded words always, even for plain ASCII.
std::string EncodeWords(std::string_view text, std::size_t first_line_used = 0);
// RFC 5322 date-time in UTC, e.g. "Tue, 10 Nov 2026 08:00:00 +0000" (English names, no locale).
std::string FormatMailDate(engine::Instant instant);

}  // namespace sportello::mail
