// The log lines of logging/log.h: the text line as Sportello has always written it, and the JSON
// object a log collector reads, whatever the text of a message holds.
#include "logging/log.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::string_literals;
using sportello::logging::Field;
using sportello::logging::Format;
using sportello::logging::Level;
using sportello::logging::Line;

// 2026-11-23T09:07:00.123Z
std::chrono::system_clock::time_point SomeInstant() {
  return std::chrono::system_clock::time_point{std::chrono::seconds{1795424820}} + std::chrono::milliseconds{123};
}

// The one object of a rendered line, after checking it is one line ending in a newline.
boost::json::object ParseLine(const std::string& rendered) {
  REQUIRE(rendered.ends_with('\n'));
  REQUIRE(rendered.find('\n') == rendered.size() - 1);
  return boost::json::parse(rendered).as_object();
}

}  // namespace

TEST_CASE("a text line is `sportello COMPONENT: message`, as before", "[log]") {
  const Line line{Level::info, "serve", "listening", "listening on http://127.0.0.1:8080", {{"port", 8080}}};
  CHECK(sportello::logging::RenderText(line) == "sportello serve: listening on http://127.0.0.1:8080\n");
}

TEST_CASE("a JSON line has the time, level, component, event and message first, then the fields", "[log]") {
  const Line line{Level::warning,
                  "http",
                  "request",
                  "GET /api/v1/desks 200 0.5ms",
                  {{"method", "GET"}, {"status", 200}, {"duration_ms", 0.5}, {"rows", std::size_t{3}}}};
  const std::string rendered = sportello::logging::RenderJson(line, SomeInstant());
  CHECK(rendered == R"({"time":"2026-11-23T09:07:00.123Z","level":"warning","component":"http","event":"request",)"
                    R"("message":"GET /api/v1/desks 200 0.5ms","method":"GET","status":200,"duration_ms":0.5,"rows":3})"
                    "\n");
  const boost::json::object object = ParseLine(rendered);
  CHECK(object.at("status").as_int64() == 200);
  CHECK(object.at("duration_ms").as_double() == 0.5);
}

TEST_CASE("JSON strings survive quotes, backslashes, control characters and bytes that are not UTF-8", "[log]") {
  using sportello::logging::JsonString;
  CHECK(JsonString(R"(say "hi" \ bye)") == R"("say \"hi\" \\ bye")");
  CHECK(JsonString("line\nbreak\r\ttab") == R"("line\nbreak\r\ttab")");
  CHECK(JsonString("nul\0bell\x07" "del\x7f"s) == R"("nul\u0000bell\u0007del\u007f")");
  CHECK(JsonString("caffè €5 😀") == "\"caffè €5 😀\"");  // valid UTF-8 stays as it is
  CHECK(JsonString("\xff") == R"("\ufffd")");                  // never a UTF-8 byte
  CHECK(JsonString("cut \xc3") == R"("cut \ufffd")");          // a sequence cut short
  CHECK(JsonString("\xc0\xaf") == R"("\ufffd\ufffd")");         // an overlong '/'
  CHECK(JsonString("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");  // a UTF-16 surrogate
  CHECK(JsonString("\xf4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");  // beyond U+10FFFF
  CHECK(JsonString("\x80x") == R"("\ufffdx")");                // a stray continuation byte

  // Whatever a message holds, the line is one JSON object that gives the text back.
  const std::string odd = "quote \" backslash \\ newline \n nul \0 tab \t é \xfe end"s;
  const std::string rendered =
      sportello::logging::RenderJson(Line{Level::error, "storage", "database_error", odd, {{"error", odd}}},
                                     SomeInstant());
  const boost::json::object object = ParseLine(rendered);
  const std::string expected = "quote \" backslash \\ newline \n nul \0 tab \t é \xef\xbf\xbd end"s;
  CHECK(std::string(object.at("message").as_string()) == expected);
  CHECK(std::string(object.at("error").as_string()) == expected);
  CHECK(object.at("level") == "error");
}

TEST_CASE("a number JSON cannot hold is written as null", "[log]") {
  const Line line{Level::info, "serve", "odd", "odd", {{"ratio", std::numeric_limits<double>::quiet_NaN()}}};
  CHECK(ParseLine(sportello::logging::RenderJson(line, SomeInstant())).at("ratio").is_null());
}

TEST_CASE("the formats are named text and json", "[log]") {
  CHECK(sportello::logging::ParseFormat("text") == Format::text);
  CHECK(sportello::logging::ParseFormat("json") == Format::json);
  CHECK_FALSE(sportello::logging::ParseFormat("JSON").has_value());
  CHECK_FALSE(sportello::logging::ParseFormat("").has_value());
}

TEST_CASE("lines written from many threads at once are each written whole", "[log]") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  sportello::logging::SetFormat(Format::json);
  constexpr int kThreads = 8;
  constexpr int kLines = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([out, t] {
      for (int i = 0; i < kLines; ++i) {
        sportello::logging::Write(
            Line{Level::info, "test", "line", std::string(1000, static_cast<char>('a' + t)), {{"thread", t}}}, out);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  sportello::logging::SetFormat(Format::text);

  std::rewind(out);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  std::fclose(out);
  static const std::regex kUtc(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  int lines = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = text.find('\n', begin);
    REQUIRE(end != std::string::npos);
    const boost::json::object object = boost::json::parse(text.substr(begin, end - begin)).as_object();
    const auto thread = object.at("thread").as_int64();
    CHECK(std::string(object.at("message").as_string()) == std::string(1000, static_cast<char>('a' + thread)));
    CHECK(std::regex_match(std::string(object.at("time").as_string()), kUtc));
    ++lines;
    begin = end + 1;
  }
  CHECK(lines == kThreads * kLines);
}
