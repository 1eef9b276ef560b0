#include "mail/incoming_mail.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sportello::mail {

namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// Windows-1252's characters at 0x80–0x9F (the rest of the byte range is ISO-8859-1's); 0 where none.
constexpr char16_t kWindows1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                       0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// `bytes` in `charset` as UTF-8: UTF-8 and ASCII as they are, ISO-8859-1 and Windows-1252 converted;
// any other charset as it is (its ASCII letters stay readable).
std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  const std::string name = Lower(charset);
  const bool latin = name == "iso-8859-1" || name == "latin1" || name == "iso-8859-15" || name == "windows-1252" ||
                     name == "cp1252";
  if (!latin) return std::string(bytes);
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && byte < 0xA0) {
      if (kWindows1252[byte - 0x80] != 0) AppendUtf8(out, kWindows1252[byte - 0x80]);
    } else {
      AppendUtf8(out, byte);
    }
  }
  return out;
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;  // lower-case name, unfolded value

  std::string Get(std::string_view name) const {
    for (const auto& [field, value] : fields) {
      if (field == name) return value;
    }
    return "";
  }
};

// Splits `raw` at its first empty line into headers (unfolded) and body.
std::pair<Headers, std::string_view> SplitMessage(std::string_view raw) {
  Headers headers;
  std::size_t at = 0;
  while (at < raw.size()) {
    std::size_t end = raw.find('\n', at);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view line = raw.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    if (line.empty()) return {headers, at <= raw.size() ? raw.substr(at) : std::string_view()};
    if ((line.front() == ' ' || line.front() == '\t') && !headers.fields.empty()) {
      headers.fields.back().second += " " + std::string(Trim(line));
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.fields.emplace_back(Lower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
  }
  return {headers, std::string_view()};
}

// The parameter `name` of a header value such as `text/plain; charset="utf-8"`.
std::string Parameter(std::string_view value, std::string_view name) {
  const std::string lower = Lower(value);
  std::size_t at = 0;
  while ((at = lower.find(name, at)) != std::string::npos) {
    const bool starts = at > 0 && (lower[at - 1] == ';' || lower[at - 1] == ' ' || lower[at - 1] == '\t');
    const std::size_t equals = at + name.size();
    if (starts && equals < lower.size() && lower[equals] == '=') {
      std::string_view rest = value.substr(equals + 1);
      if (!rest.empty() && rest.front() == '"') {
        rest.remove_prefix(1);
        return std::string(rest.substr(0, rest.find('"')));
      }
      return std::string(Trim(rest.substr(0, rest.find(';'))));
    }
    at = equals;
  }
  return "";
}

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string DecodeBody(std::string_view body, const Headers& headers) {
  const std::string encoding = Lower(Trim(headers.Get("content-transfer-encoding")));
  std::string bytes = encoding == "quoted-printable" ? DecodeQuotedPrintable(body)
                      : encoding == "base64"         ? DecodeBase64(body)
                                                     : std::string(body);
  return ToUtf8(bytes, Parameter(headers.Get("content-type"), "charset"));
}

// The text of an HTML body: tags out, a few entities decoded, blocks as line breaks.
std::string HtmlText(std::string_view html) {
  std::string text;
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      in_tag = true;
      const std::string tag = Lower(html.substr(i, 4));
      if (tag.starts_with("<br") || tag.starts_with("<p") || tag.starts_with("</p") || tag.starts_with("<div")) {
        text += '\n';
      }
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      text += c;
    }
  }
  for (const auto& [entity, plain] : {std::pair{"&nbsp;", " "}, std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"},
                                      std::pair{"&quot;", "\""}, std::pair{"&#39;", "'"}, std::pair{"&amp;", "&"}}) {
    for (std::size_t at = 0; (at = text.find(entity, at)) != std::string::npos; at += std::string_view(plain).size()) {
      text.replace(at, std::string_view(entity).size(), plain);
    }
  }
  return text;
}

struct FoundText {
  std::string plain;
  std::string html;
  bool certified = false;  // taken from the message a PEC envelope carries: nothing else replaces it
};

// Looks through the part with `headers` and `body` (and its sub-parts) for the first text/plain
// and the first text/html; `depth` bounds nesting.
void FindText(const Headers& headers, std::string_view body, FoundText& found, int depth) {
  const std::string type = MediaType(headers.Get("content-type"));
  if (type.starts_with("multipart/") && depth < 8) {
    const std::string boundary = Parameter(headers.Get("content-type"), "boundary");
    if (boundary.empty()) return;
    const std::string delimiter = "--" + boundary;
    std::size_t at = body.find(delimiter);
    while (at != std::string_view::npos) {
      std::size_t start = body.find('\n', at);
      if (start == std::string_view::npos || body.substr(at + delimiter.size(), 2) == "--") return;
      ++start;
      const std::size_t next = body.find(delimiter, start);
      std::string_view part = body.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
      const auto [part_headers, part_body] = SplitMessage(part);
      FindText(part_headers, part_body, found, depth + 1);
      at = next;
    }
    return;
  }
  if (type == "message/rfc822" && depth < 8) {
    // A PEC envelope says in its own text that a message was certified, and carries that message
    // (postacert.eml): the person's text is the carried message's.
    const auto [inner_headers, inner_body] = SplitMessage(body);
    FoundText inner;
    FindText(inner_headers, inner_body, inner, depth + 1);
    if (!found.certified && (!inner.plain.empty() || !inner.html.empty())) {
      found = std::move(inner);
      found.certified = true;
    }
    return;
  }
  if (found.certified) return;
  if ((type.empty() || type == "text/plain") && found.plain.empty()) found.plain = DecodeBody(body, headers);
  if (type == "text/html" && found.html.empty()) found.html = HtmlText(DecodeBody(body, headers));
}

std::string NormalizeLines(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

std::string AddressOf(std::string_view from) {
  const std::size_t open = from.rfind('<');
  const std::size_t close = from.rfind('>');
  std::string_view address = from;
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    address = from.substr(open + 1, close - open - 1);
  }
  address = Trim(address);
  if (address.find('@') == std::string_view::npos || address.find(' ') != std::string_view::npos) return "";
  return Lower(address);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// One encoded word's text ("=?charset?B|Q?text?="), decoded to UTF-8; nullopt when it is not one.
std::optional<std::string> DecodeWord(std::string_view word) {
  if (!word.starts_with("=?") || !word.ends_with("?=") || word.size() < 8) return std::nullopt;
  const std::string_view inner = word.substr(2, word.size() - 4);
  const std::size_t first = inner.find('?');
  if (first == std::string_view::npos || first + 2 >= inner.size() || inner[first + 2] != '?') return std::nullopt;
  const std::string_view charset = inner.substr(0, first);
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(inner[first + 1])));
  const std::string_view text = inner.substr(first + 3);
  std::string bytes;
  if (encoding == 'B') {
    bytes = DecodeBase64(text);
  } else if (encoding == 'Q') {
    std::string underscores(text);
    std::replace(underscores.begin(), underscores.end(), '_', ' ');
    bytes = DecodeQuotedPrintable(underscores);
  } else {
    return std::nullopt;
  }
  return ToUtf8(bytes, charset.substr(0, charset.find('*')));  // RFC 2231 language suffix left out
}

}  // namespace

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {  // soft line break
      i += text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n' ? 2 : 1;
      continue;
    }
    const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      out += '=';
      continue;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    if (c >= '0' && c <= '9') value = c - '0' + 52;
    if (c == '+') value = 62;
    if (c == '/') value = 63;
    if (c == ' ' || c == '\r' || c == '\n' || c == '\t') continue;
    if (value < 0) break;  // '=' padding, or garbage
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string DecodeHeaderWords(std::string_view value) {
  std::string out;
  bool last_was_word = false;
  std::size_t at = 0;
  while (at < value.size()) {
    const std::size_t start = value.find("=?", at);
    const std::size_t question = start == std::string_view::npos ? start : value.find('?', start + 2);
    const std::size_t mark = question == std::string_view::npos ? question : value.find('?', question + 1);
    const std::size_t end = mark == std::string_view::npos ? mark : value.find("?=", mark + 1);
    if (end == std::string_view::npos) {
      out += value.substr(at);
      break;
    }
    const std::string_view between = value.substr(at, start - at);
    const std::optional<std::string> decoded = DecodeWord(value.substr(start, end + 2 - start));
    // Whitespace between two encoded words is not part of the text (RFC 2047, 6.2).
    if (!(last_was_word && decoded && Trim(between).empty())) out += between;
    out += decoded ? *decoded : std::string(value.substr(start, end + 2 - start));
    last_was_word = decoded.has_value();
    at = end + 2;
  }
  return out;
}

IncomingMail ParseIncomingMail(std::string_view raw) {
  const auto [headers, body] = SplitMessage(raw);
  IncomingMail mail;
  mail.from_address = AddressOf(DecodeHeaderWords(headers.Get("from")));
  mail.subject = DecodeHeaderWords(headers.Get("subject"));
  std::replace(mail.subject.begin(), mail.subject.end(), '\n', ' ');
  std::string message_id(Trim(headers.Get("message-id")));
  if (message_id.starts_with('<') && message_id.ends_with('>')) message_id = message_id.substr(1, message_id.size() - 2);
  mail.message_id = message_id;
  FoundText found;
  FindText(headers, body, found, 0);
  mail.text = NormalizeLines(found.plain.empty() ? found.html : found.plain);
  return mail;
}

}  // namespace sportello::mail
