// The answers of the HTTP test suites, recorded for the check of docs/openapi.yaml against them
// (tests/openapi/validate_answers.mjs, ctest `openapi:answers`). TestClient records every answer it
// reads, the Api fixture every answer Route() gives. Header-only, so that every suite using either
// links it. Thread-safe.
#pragma once

#include "http/message.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace sportello::http::testing {

namespace recorded_answers_detail {

inline std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                       (two ? static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8 : 0U);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += two ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The file this process records into, opened at the first answer; null when nothing is recorded.
inline std::FILE* RecordingFile() {
  static std::FILE* const file = []() -> std::FILE* {
    const char* directory = std::getenv("SPORTELLO_RECORD_ANSWERS");
    if (directory == nullptr || *directory == '\0') return nullptr;
    std::error_code ignored;
    std::filesystem::create_directories(directory, ignored);
    const std::string path = std::string(directory) + "/answers-" + std::to_string(::getpid()) + ".jsonl";
    std::FILE* opened = std::fopen(path.c_str(), "a");
    if (opened == nullptr) throw std::runtime_error("test client: cannot record answers into " + path);
    return opened;
  }();
  return file;
}

}  // namespace recorded_answers_detail

// When the environment variable SPORTELLO_RECORD_ANSWERS names a directory, appends the exchange to
// `answers-<pid>.jsonl` there (the directory is made when missing), one JSON object a line:
// {"method","target","status","content_type","content_encoding","body"} for JSON answers (the body
// as text, or as "body_base64" when it is encoded, e.g. gzip), "body_bytes" instead of a body for
// any other. tests/openapi/validate_answers.mjs checks them against docs/openapi.yaml. An empty
// method and target: a request the recorder could not tell. Nothing is recorded when the variable
// is not set. Thread-safe.
inline void RecordAnswer(std::string_view method, std::string_view target, const Response& response) {
  std::FILE* file = recorded_answers_detail::RecordingFile();
  if (file == nullptr) return;
  const std::string_view type = response[boost::beast::http::field::content_type];
  const std::string_view encoding = response[boost::beast::http::field::content_encoding];
  boost::json::object line{{"method", method},
                           {"target", target},
                           {"status", response.result_int()},
                           {"content_type", type},
                           {"content_encoding", encoding}};
  const std::string_view media = type.substr(0, type.find(';'));
  if (media.ends_with("json")) {
    if (encoding.empty()) {
      line["body"] = response.body();
    } else {
      line["body_base64"] = recorded_answers_detail::Base64(response.body());
    }
  } else {
    line["body_bytes"] = response.body().size();
  }
  const std::string text = boost::json::serialize(line) + "\n";
  static std::mutex writing;
  const std::lock_guard<std::mutex> lock(writing);
  std::fwrite(text.data(), 1, text.size(), file);
  std::fflush(file);
}

}  // namespace sportello::http::testing
