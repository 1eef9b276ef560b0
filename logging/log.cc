#include "logging/log.h"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <ctime>
#include <iterator>
#include <mutex>

namespace sportello::logging {

namespace {

std::atomic<Format> current_format{Format::text};
std::mutex write_mutex;

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
  }
  return "error";
}

// The length of the UTF-8 sequence starting at `text[at]`, or 0 when it is not a valid one
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
std::size_t Utf8Length(std::string_view text, std::size_t at) {
  const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  unsigned char low = 0x80;  // the range of the second byte, which rules out overlong forms and surrogates
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (at + length > text.size() || byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xbf) return 0;
  }
  return length;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      const std::size_t length = Utf8Length(text, at);
      if (length == 0) {
        out += "\\ufffd";
        ++at;
      } else {
        out.append(text.substr(at, length));
        at += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
        } else {
          out += c;
        }
    }
    ++at;
  }
  out += '"';
}

void AppendJsonValue(std::string& out, const std::variant<std::string, std::int64_t, double>& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    AppendJsonString(out, *text);
  } else if (const auto* whole = std::get_if<std::int64_t>(&value)) {
    fmt::format_to(std::back_inserter(out), "{}", *whole);
  } else {
    const double number = std::get<double>(value);
    if (std::isfinite(number)) {
      fmt::format_to(std::back_inserter(out), "{}", number);
    } else {
      out += "null";  // JSON has no NaN or infinity
    }
  }
}

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

std::string RenderText(const Line& line) { return fmt::format("sportello {}: {}\n", line.component, line.message); }

std::string JsonString(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

std::string Rfc3339Utc(std::chrono::system_clock::time_point time) {
  const auto milliseconds = std::chrono::floor<std::chrono::milliseconds>(time);
  const std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(time));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[24];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", std::string_view(buffer, length),
                     (milliseconds.time_since_epoch() % std::chrono::seconds{1}).count());
}

std::string RenderJson(const Line& line, std::chrono::system_clock::time_point time) {
  std::string out = "{\"time\":\"" + Rfc3339Utc(time) + "\",\"level\":\"";
  out += LevelName(line.level);
  out += "\",\"component\":";
  AppendJsonString(out, line.component);
  out += ",\"event\":";
  AppendJsonString(out, line.event);
  out += ",\"message\":";
  AppendJsonString(out, line.message);
  for (const Field& field : line.fields) {
    out += ',';
    AppendJsonString(out, field.name);
    out += ':';
    AppendJsonValue(out, field.value);
  }
  out += "}\n";
  return out;
}

void SetFormat(Format format) { current_format.store(format); }

Format CurrentFormat() { return current_format.load(); }

void Write(const Line& line, std::FILE* out) {
  const std::string text = CurrentFormat() == Format::json ? RenderJson(line, std::chrono::system_clock::now())
                                                           : RenderText(line);
  std::lock_guard lock(write_mutex);
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
}

void Info(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields) {
  Write(Line{Level::info, component, event, std::move(message), std::move(fields)});
}

void Warning(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields) {
  Write(Line{Level::warning, component, event, std::move(message), std::move(fields)});
}

void Error(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields) {
  Write(Line{Level::error, component, event, std::move(message), std::move(fields)});
}

}  // namespace sportello::logging
