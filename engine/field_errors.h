// Validation outcome for documents (calendar files, the type catalogue, imports): either a value
// or the full list of problems, each named by its field path, e.g.
// `types.lavoro-documenti.weekly[1].to: must be after from`. A document with any error yields no
// value, so nothing is ever half-loaded. Thread-safe: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sportello::engine {

struct FieldError {
  std::string path;     // e.g. "types.lavoro-documenti.weekly[1].to"; empty for the whole document
  std::string message;  // e.g. "must be after from"

  // "path: message", or just the message when the path is empty.
  std::string ToString() const;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

template <class T>
struct Parsed {
  std::optional<T> value;          // set only when `errors` is empty
  std::vector<FieldError> errors;  // in document order

  bool ok() const { return value.has_value(); }
};

}  // namespace sportello::engine
