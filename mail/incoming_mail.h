// Reading an e-mail that arrives at the help desk's mailbox (SPEC.md, "Questions": questions by
// certified e-mail, PEC being e-mail): the sender's address, the subject and the text a person
// wrote, whatever the sender's program did to them. Headers are unfolded and RFC 2047 encoded words
// (B and Q, UTF-8 or ISO-8859-1) decoded; the body is the first text/plain part (in multipart
// messages, also inside a PEC envelope's nested parts), decoded from quoted-printable or base64 and
// from ISO-8859-1/Windows-1252 to UTF-8; with no text/plain part, the text of the first text/html
// part with its tags taken out. Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sportello::mail {

struct IncomingMail {
  std::string from_address;  // lower case addr-spec of From; empty when there is none readable
  std::string subject;       // UTF-8, one line
  std::string message_id;    // without angle brackets; empty when the message has none
  std::string text;          // UTF-8, "\n" line ends
};

// The parts of `raw` (an RFC 5322 message, CRLF or LF line ends) a ticket needs. Never fails: a
// part that cannot be read is left empty.
IncomingMail ParseIncomingMail(std::string_view raw);

// RFC 2045 decoders, lenient: quoted-printable soft breaks joined, bad escapes kept as they are;
// base64 ignoring whitespace and stopping at the first character outside its alphabet.
std::string DecodeQuotedPrintable(std::string_view text);
std::string DecodeBase64(std::string_view text);

// A header value with its RFC 2047 encoded words decoded to UTF-8.
std::string DecodeHeaderWords(std::string_view value);

}  // namespace sportello::mail
