// Sportello's log on stderr: one line per event. As text (the default), the line a person reads,
//   sportello serve: listening on http://127.0.0.1:8080 (database sportello.db, calendars calendars)
// or, with `sportello serve --log-format json`, one JSON object per line for a log collector,
//   {"time":"2026-11-23T09:07:00.123Z","level":"info","component":"serve","event":"listening",
//    "message":"listening on http://127.0.0.1:8080 (…)","address":"http://127.0.0.1:8080",…}
// with the time (RFC 3339, UTC, milliseconds), the level, the component that speaks, a stable event
// name, the same sentence as the text line, then the line's own fields. Both formats carry the same
// facts: the text sentence holds the fields' values. What a line holds is its caller's choice, and so
// is the privacy rule: never a tax code, token, password or e-mail address that the text line would
// not have shown.
//
// Thread-safe: Write() (and Info, Warning, Error) may be called from any thread; each line is
// written whole, with one write, never interleaved. SetFormat() belongs to start-up.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sportello::logging {

enum class Level { info, warning, error };
enum class Format { text, json };

// One fact of a line beyond its sentence: a name (a literal, snake_case) and a text or number.
struct Field {
  template <std::integral Number>
  Field(std::string_view field_name, Number number) : name(field_name), value(static_cast<std::int64_t>(number)) {}
  Field(std::string_view field_name, double number) : name(field_name), value(number) {}
  Field(std::string_view field_name, std::string text) : name(field_name), value(std::move(text)) {}
  Field(std::string_view field_name, std::string_view text) : name(field_name), value(std::string(text)) {}
  Field(std::string_view field_name, const char* text) : name(field_name), value(std::string(text)) {}

  std::string_view name;
  std::variant<std::string, std::int64_t, double> value;
};

struct Line {
  Level level = Level::info;
  std::string_view component;  // a literal: "serve", "http", "mail", "storage", "calendars"
  std::string_view event;      // a literal, stable and snake_case: "listening", "handler_failed"
  std::string message;         // the sentence, without the "sportello COMPONENT: " of the text line
  std::vector<Field> fields;   // names other than time, level, component, event and message
};

// "text" or "json"; nullopt for anything else.
std::optional<Format> ParseFormat(std::string_view name);

// "sportello COMPONENT: MESSAGE\n", as Sportello has always written it.
std::string RenderText(const Line& line);
// `line` as one JSON object and a newline, `time` first. Every string is valid JSON whatever it holds:
// quotes, backslashes and control characters are escaped, and bytes that are not UTF-8 become U+FFFD.
std::string RenderJson(const Line& line, std::chrono::system_clock::time_point time);
// `text` as a JSON string, quotes included, escaped as RenderJson escapes.
std::string JsonString(std::string_view text);
// RFC 3339 in UTC to the millisecond: "2026-11-23T09:07:00.123Z".
std::string Rfc3339Utc(std::chrono::system_clock::time_point time);

// The format of every Write() from now on (process-wide; text until set).
void SetFormat(Format format);
Format CurrentFormat();

// Writes `line` to `out` in the current format, now, whole; then flushes.
void Write(const Line& line, std::FILE* out = stderr);
void Info(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields = {});
void Warning(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields = {});
void Error(std::string_view component, std::string_view event, std::string message, std::vector<Field> fields = {});

}  // namespace sportello::logging
