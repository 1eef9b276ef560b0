// AvailabilityReader: reads an availability answer as it is parsed (boost::json::basic_parser),
// checking its shape and keeping only each slot's start and free seats, without building the JSON
// document: the surge's load generator reads a 25 KB calendar per attempt, and building it as a
// document took most of its core. Used by ReadAvailabilityInto (api_shapes.h).
// Not thread-safe: one reader per parse.
#pragma once

#include "tools/bench/load/api_shapes.h"

#include <boost/json/basic_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::bench {

class AvailabilityReader {
 public:
  // The handler interface of boost::json::basic_parser.
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  using error_code = boost::system::error_code;
  using string_view = boost::json::string_view;

  // Reads into `slots` from its start, reusing the strings already there; the answer must be for
  // `desk` and `type`.
  AvailabilityReader(std::string_view desk, std::string_view type, std::vector<SlotSeats>& slots);

  // After a complete parse: the slots read (the first count() of `slots`), or why the shape is wrong.
  std::size_t count() const { return count_; }
  const std::string& problem() const { return problem_; }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code& error);
  bool on_object_begin(error_code& error);
  bool on_object_end(std::size_t, error_code& error);
  bool on_array_begin(error_code& error);
  bool on_array_end(std::size_t, error_code& error);
  bool on_key_part(string_view part, std::size_t, error_code& error);
  bool on_key(string_view part, std::size_t, error_code& error);
  bool on_string_part(string_view part, std::size_t, error_code& error);
  bool on_string(string_view part, std::size_t, error_code& error);
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t value, string_view, error_code& error);
  bool on_uint64(std::uint64_t, string_view, error_code& error) { return OnScalar("an integer", error); }
  bool on_double(double, string_view, error_code& error) { return OnScalar("a number", error); }
  bool on_bool(bool, error_code& error) { return OnScalar("a boolean", error); }
  bool on_null(error_code& error) { return OnScalar("null", error); }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  // Where the parse is: the root object, the days array, a day, its slots array, a slot.
  enum class Place { root, days, day, slots, slot };
  // What the value after the last key is (`other`: a field the reader skips, whatever it holds).
  enum class Field { other, desk, type, timezone, days, date, slots, start, end, free };
  struct Level {
    Place place;
    unsigned seen = 0;  // bits of the Fields met in this object
  };

  static constexpr unsigned Bit(Field field) { return 1U << static_cast<unsigned>(field); }
  // What `field` must hold, as a problem names it ("an array").
  static const char* KindOf(Field field);
  static std::string NameOf(Field field);

  bool Fail(std::string problem, error_code& error);
  // `field` missing, or holding the wrong kind of value.
  bool FailField(Field field, error_code& error);
  // A value other than a string or an int64 where the last key leads.
  bool OnScalar(const char* kind, error_code& error);
  // A string or scalar where an array expects an object, or outside any object: else nullptr.
  const char* NotAnElement() const;

  std::string_view desk_;
  std::string_view type_;
  std::vector<SlotSeats>& slots_;
  std::size_t count_ = 0;
  std::vector<Level> levels_;
  Field field_ = Field::other;
  std::size_t skipping_ = 0;  // depth inside a skipped field's object or array
  std::string text_;          // the key or string being read
  std::string problem_;
};

}  // namespace sportello::bench
