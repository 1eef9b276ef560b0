#include "tools/bench/load/availability_reader.h"

#include <boost/system/errc.hpp>

#include <span>
#include <string_view>

namespace sportello::bench {

using namespace std::string_view_literals;

AvailabilityReader::AvailabilityReader(std::string_view desk, std::string_view type, std::vector<SlotSeats>& slots)
    : desk_(desk), type_(type), slots_(slots) {}

bool AvailabilityReader::Fail(std::string problem, error_code& error) {
  if (problem_.empty()) problem_ = std::move(problem);
  error = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
  return false;
}

std::string AvailabilityReader::NameOf(Field field) {
  switch (field) {
    case Field::desk: return "desk";
    case Field::type: return "type";
    case Field::timezone: return "timezone";
    case Field::days: return "days";
    case Field::date: return "days[].date";
    case Field::slots: return "days[].slots";
    case Field::start: return "days[].slots[].start";
    case Field::end: return "days[].slots[].end";
    case Field::free: return "days[].slots[].free";
    case Field::other: break;
  }
  return "a field";
}

const char* AvailabilityReader::KindOf(Field field) {
  switch (field) {
    case Field::days:
    case Field::slots:
      return "an array";
    case Field::free:
      return "an integer";
    default:
      return "a string";
  }
}

bool AvailabilityReader::FailField(Field field, error_code& error) {
  return Fail(NameOf(field) + ": missing or not " + KindOf(field), error);
}

const char* AvailabilityReader::NotAnElement() const {
  if (levels_.empty()) return "the body is not a JSON object";
  if (levels_.back().place == Place::days) return "days[]: not an object";
  if (levels_.back().place == Place::slots) return "days[].slots[]: not an object";
  return nullptr;
}

bool AvailabilityReader::on_document_end(error_code& error) {
  if (!problem_.empty()) return Fail(problem_, error);
  return true;
}

bool AvailabilityReader::on_object_begin(error_code& error) {
  if (skipping_ > 0) return ++skipping_, true;
  if (levels_.empty()) return levels_.push_back({Place::root}), true;
  switch (levels_.back().place) {
    case Place::days:
      return levels_.push_back({Place::day}), true;
    case Place::slots:
      if (count_ == slots_.size()) slots_.emplace_back();
      return levels_.push_back({Place::slot}), true;
    default:
      if (field_ == Field::other) return skipping_ = 1, true;
      return FailField(field_, error);
  }
}

bool AvailabilityReader::on_object_end(std::size_t, error_code& error) {
  if (skipping_ > 0) return --skipping_, true;
  const Level level = levels_.back();
  levels_.pop_back();
  static constexpr Field kRoot[] = {Field::desk, Field::type, Field::timezone, Field::days};
  static constexpr Field kDay[] = {Field::date, Field::slots};
  static constexpr Field kSlot[] = {Field::start, Field::end, Field::free};
  std::span<const Field> required;
  if (level.place == Place::root) required = kRoot;
  if (level.place == Place::day) required = kDay;
  if (level.place == Place::slot) required = kSlot;
  for (const Field field : required) {
    if ((level.seen & Bit(field)) == 0) return FailField(field, error);
  }
  if (level.place == Place::slot) ++count_;
  return true;
}

bool AvailabilityReader::on_array_begin(error_code& error) {
  if (skipping_ > 0) return ++skipping_, true;
  if (const char* problem = NotAnElement()) return Fail(problem, error);
  if (field_ == Field::other) return skipping_ = 1, true;
  if (field_ != Field::days && field_ != Field::slots) return FailField(field_, error);
  levels_.back().seen |= Bit(field_);
  levels_.push_back({field_ == Field::days ? Place::days : Place::slots});
  return true;
}

bool AvailabilityReader::on_array_end(std::size_t, error_code&) {
  if (skipping_ > 0) return --skipping_, true;
  levels_.pop_back();
  return true;
}

bool AvailabilityReader::on_key_part(string_view part, std::size_t, error_code&) {
  if (skipping_ == 0) text_.append(part.data(), part.size());
  return true;
}

bool AvailabilityReader::on_key(string_view part, std::size_t, error_code&) {
  if (skipping_ > 0) return true;
  // Most keys come whole: compared in place (the answer has some 2,000 keys), gathered only when
  // they came in parts.
  if (!text_.empty()) text_.append(part.data(), part.size());
  const std::string_view key = text_.empty() ? std::string_view(part.data(), part.size()) : std::string_view(text_);
  field_ = Field::other;
  switch (levels_.back().place) {
    case Place::root:
      if (key == "desk"sv) field_ = Field::desk;
      else if (key == "type"sv) field_ = Field::type;
      else if (key == "timezone"sv) field_ = Field::timezone;
      else if (key == "days"sv) field_ = Field::days;
      break;
    case Place::day:
      if (key == "date"sv) field_ = Field::date;
      else if (key == "slots"sv) field_ = Field::slots;
      break;
    case Place::slot:
      if (key == "start"sv) field_ = Field::start;
      else if (key == "end"sv) field_ = Field::end;
      else if (key == "free"sv) field_ = Field::free;
      break;
    default:
      break;
  }
  text_.clear();
  return true;
}

bool AvailabilityReader::on_string_part(string_view part, std::size_t, error_code&) {
  if (skipping_ == 0 && field_ != Field::other) text_.append(part.data(), part.size());
  return true;
}

bool AvailabilityReader::on_string(string_view part, std::size_t, error_code& error) {
  if (skipping_ > 0) return true;
  if (const char* problem = NotAnElement()) return Fail(problem, error);
  if (field_ == Field::other) return true;
  // Most strings come whole: read in place, gathered only when they came in parts.
  if (!text_.empty()) text_.append(part.data(), part.size());
  const std::string_view text = text_.empty() ? std::string_view(part.data(), part.size()) : std::string_view(text_);
  switch (field_) {
    case Field::desk:
    case Field::type:
      if (text != (field_ == Field::desk ? desk_ : type_)) return Fail("desk or type: not the ones asked for", error);
      break;
    case Field::start:
      slots_[count_].start.assign(text);
      break;
    case Field::timezone:
    case Field::date:
    case Field::end:
      break;
    default:
      return FailField(field_, error);
  }
  text_.clear();
  levels_.back().seen |= Bit(field_);
  return true;
}

bool AvailabilityReader::on_int64(std::int64_t value, string_view, error_code& error) {
  if (skipping_ > 0) return true;
  if (const char* problem = NotAnElement()) return Fail(problem, error);
  if (field_ == Field::other) return true;
  if (field_ != Field::free) return FailField(field_, error);
  slots_[count_].free = value;
  levels_.back().seen |= Bit(field_);
  return true;
}

bool AvailabilityReader::OnScalar(const char* kind, error_code& error) {
  if (skipping_ > 0) return true;
  if (const char* problem = NotAnElement()) return Fail(problem, error);
  if (field_ == Field::other) return true;
  return Fail(NameOf(field_) + ": " + kind + ", not " + KindOf(field_), error);
}

}  // namespace sportello::bench
