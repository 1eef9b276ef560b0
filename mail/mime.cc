#include "mail/mime.h"

#include <fmt/core.h>

#include <array>
#include <vector>

namespace sportello::mail {

std::string EncodeWords(std::string_view text, std::size_t first_line_used);

namespace {

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kHex = "0123456789ABCDEF";
constexpr std::size_t kQpLineLimit = 76;

// Boundaries start with "=_": quoted-printable writes '=' only before two hex digits or a line
// end, and base64 has no '_', so no encoded body can contain them.
constexpr std::string_view kMixedBoundary = "=_sportello_mixed";
constexpr std::string_view kAlternativeBoundary = "=_sportello_alternative";

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t chunk = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      chunk = (chunk << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0U);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? kBase64Alphabet[(chunk >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return out;
}

// Length of the UTF-8 sequence that starts with `lead` (1 for anything unexpected).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

bool IsPlainHeaderText(std::string_view text) {
  if (text.size() > 60) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7E) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

// Appends one quoted-printable line (no line end in `line`), with soft breaks at the limit.
void AppendQpLine(std::string& out, std::string_view line) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool literal = (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
    const std::string piece =
        literal ? std::string(1, line[i]) : std::string{'=', kHex[byte >> 4], kHex[byte & 0x0F]};
    if (width + piece.size() > kQpLineLimit - 1) {  // room for the soft break "="
      out += "=\r\n";
      width = 0;
    }
    out += piece;
    width += piece.size();
  }
  out += "\r\n";
}

// RFC 5322 atext: a word made only of these may stand in a display name as it is.
bool IsAtom(std::string_view word) {
  if (word.empty() || word.find("=?") != std::string_view::npos) return false;
  for (char c : word) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// A display name as a phrase: plain words as atoms, each run of other words (with the spaces
// inside it) as encoded words, so that every decoder gets the spaces right; folded before 76.
std::string EncodeDisplayName(std::string_view name, std::size_t first_line_used) {
  std::vector<std::string> tokens;
  std::string run;  // words waiting to be encoded together
  auto flush = [&] {
    if (run.empty()) return;
    const std::string encoded = EncodeWords(run, 76);  // full-size words; folded below
    for (std::size_t at = 0; at != std::string::npos;) {
      const std::size_t end = encoded.find("\r\n ", at);
      tokens.push_back(encoded.substr(at, end == std::string::npos ? end : end - at));
      at = end == std::string::npos ? end : end + 3;
    }
    run.clear();
  };
  for (std::size_t begin = 0; begin <= name.size();) {
    std::size_t end = name.find(' ', begin);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view word = name.substr(begin, end - begin);
    if (!word.empty() && IsAtom(word)) {
      flush();
      tokens.emplace_back(word);
    } else if (!word.empty()) {
      if (!run.empty()) run += ' ';
      run += word;
    }
    begin = end + 1;
  }
  flush();
  std::string out;
  std::size_t width = first_line_used;
  for (const std::string& token : tokens) {
    if (!out.empty()) {
      const bool fold = width + 1 + token.size() > 76;
      out += fold ? "\r\n " : " ";
      width = fold ? 1 : width + 1;
    }
    out += token;
    width += token.size();
  }
  return out;
}

std::string Part(std::string_view headers, std::string_view body) {
  return fmt::format("{}\r\n{}", headers, body);
}

}  // namespace

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    AppendQpLine(out, line);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string EncodeHeaderText(std::string_view text, std::size_t first_line_used) {
  if (IsPlainHeaderText(text)) return std::string(text);
  return EncodeWords(text, first_line_used);
}

std::string EncodeWords(std::string_view text, std::size_t first_line_used) {
  // 75 characters per encoded word: "=?UTF-8?B?" + 60 base64 characters + "?=" = 45 bytes; the
  // first word shares its line with the field name, so it gets less.
  constexpr std::size_t kBytesPerWord = 45;
  const std::size_t first_room = first_line_used < 50 ? (76 - first_line_used - 12) / 4 * 3 : kBytesPerWord;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t limit = out.empty() ? std::min(first_room, kBytesPerWord) : kBytesPerWord;
    std::size_t take = 0;
    while (i + take < text.size()) {
      const std::size_t length = SequenceLength(static_cast<unsigned char>(text[i + take]));
      if (take + length > limit) break;
      take += length;
    }
    if (take == 0) take = std::min(limit, text.size() - i);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, take)) + "?=";
    i += take;
  }
  return out;
}

std::string FormatMailDate(engine::Instant instant) {
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = date::floor<date::days>(instant);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss clock{instant - day};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[date::weekday{day}.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

bool IsValidAddress(std::string_view address) {
  if (address.size() < 3 || address.size() > 254) return false;
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  for (char c : local) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) {
      return false;
    }
  }
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return false;
  for (char c : domain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return domain.find("..") == std::string_view::npos;
}

std::string ComposeMessage(const MailParts& parts) {
  std::string from = "<" + parts.from_address + ">";
  if (!parts.from_name.empty()) {
    // A plain name is quoted (it may hold specials such as ',' or '.'); a UTF-8 one is encoded.
    const bool plain = IsPlainHeaderText(parts.from_name) && parts.from_name.find('"') == std::string::npos &&
                       parts.from_name.find('\\') == std::string::npos;
    from = plain ? "\"" + parts.from_name + "\" " + from : EncodeDisplayName(parts.from_name, 6) + "\r\n " + from;
  }
  std::string message;
  message += "Date: " + FormatMailDate(parts.date) + "\r\n";
  message += "From: " + from + "\r\n";
  message += "To: <" + parts.to_address + ">\r\n";
  message += "Subject: " + EncodeHeaderText(parts.subject, 9) + "\r\n";
  message += "Message-ID: <" + parts.message_id + ">\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Auto-Submitted: auto-generated\r\n";
  if (!parts.language.empty()) message += "Content-Language: " + parts.language + "\r\n";
  message += fmt::format("Content-Type: multipart/mixed;\r\n boundary=\"{}\"\r\n\r\n", kMixedBoundary);
  message += "This is a MIME message.\r\n";

  message += fmt::format("\r\n--{}\r\n", kMixedBoundary);
  message += fmt::format("Content-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n\r\n", kAlternativeBoundary);
  message += fmt::format("--{}\r\n", kAlternativeBoundary);
  message += Part("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                  QuotedPrintable(parts.text));
  // The CRLF before a delimiter belongs to the delimiter (RFC 2046): an extra one keeps the
  // body's own last line end.
  message += fmt::format("\r\n--{}\r\n", kAlternativeBoundary);
  message += Part("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                  QuotedPrintable(parts.html));
  message += fmt::format("\r\n--{}--\r\n", kAlternativeBoundary);

  if (!parts.calendar.empty()) {
    message += fmt::format("\r\n--{}\r\n", kMixedBoundary);
    message += Part(fmt::format("Content-Type: text/calendar; charset=UTF-8; method={0};\r\n name=\"{1}\"\r\n"
                                "Content-Transfer-Encoding: base64\r\n"
                                "Content-Disposition: attachment;\r\n filename=\"{1}\"\r\n",
                                parts.calendar_method, parts.calendar_filename),
                    Base64Lines(parts.calendar));
  }
  message += fmt::format("\r\n--{}--\r\n", kMixedBoundary);
  return message;
}

}  // namespace sportello::mail
