// Reading validated JSON documents with boost::json while collecting every problem under its
// field path: calendar and catalogue parsing in engine/, and request bodies in http/.
//
// An ObjectView wraps one JSON object at a path; each accessor returns the value or nullopt and,
// when the field is missing or of the wrong kind, records a FieldError. `Finish()` reports keys
// that were never asked for, so a typo such as `capacty` is an error, not silently ignored.
// Not thread-safe; one per parse.
#pragma once

#include "engine/field_errors.h"

#include <boost/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine::json_reader {

using Errors = std::vector<FieldError>;

std::string ChildPath(std::string_view parent, std::string_view key);
std::string IndexPath(std::string_view parent, std::size_t index);

// Parses `text` as JSON; on a syntax error records it (path empty) and returns nullopt. A key
// that appears twice in one object is an error too ("<path>: appears twice"): a parser would keep
// one of the two silently, and two readers of one document might not keep the same one.
std::optional<boost::json::value> ParseDocument(std::string_view text, Errors& errors);

class ObjectView {
 public:
  // Records "must be an object" and yields an empty view if `value` is not an object.
  ObjectView(const boost::json::value& value, std::string path, Errors& errors);

  bool valid() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  Errors& errors() const { return errors_; }

  // The raw member, or nullptr (recording "is required" when `required`).
  const boost::json::value* Member(std::string_view key, bool required);
  std::optional<std::string> String(std::string_view key, bool required);
  // A string of at most `max_length` bytes; when `required`, also not empty.
  std::optional<std::string> BoundedString(std::string_view key, bool required, std::size_t max_length);
  std::optional<bool> Bool(std::string_view key, bool required);
  // An integer in [min, max]; out of range or fractional is an error.
  std::optional<int> Int(std::string_view key, bool required, int min, int max);
  const boost::json::array* Array(std::string_view key, bool required);
  std::optional<ObjectView> Object(std::string_view key, bool required);
  // Every member name, marking all as known (for maps keyed by id).
  std::vector<std::string> Keys();

  // Records "unknown field" for every member not asked for.
  void Finish();

 private:
  void Error(std::string_view key, std::string message);

  const boost::json::object* object_ = nullptr;
  std::string path_;
  Errors& errors_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace sportello::engine::json_reader
