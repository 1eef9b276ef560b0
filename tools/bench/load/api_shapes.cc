#include "tools/bench/load/api_shapes.h"

#include "tools/bench/load/availability_reader.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <memory>
#include <optional>

namespace sportello::bench {
namespace {

namespace json = boost::json;

// Each thread parses into one block of memory that the next parse reuses, with one parser that
// keeps its working memory: the load generator reads an answer per request and must not spend its
// core in malloc. (A new monotonic_resource per parse: release() of Boost 1.81 can fail the next
// allocation.) Availability answers are read without a document (availability_reader.h).
struct ParseMemory {
  static constexpr std::size_t kBytes = 1 << 20;
  std::unique_ptr<unsigned char[]> block = std::make_unique<unsigned char[]>(kBytes);
  std::optional<json::monotonic_resource> resource;  // before `document`, which lives in it
  json::value document;
  json::parser parser;
};

const json::object* ParseObject(std::string_view body, std::string& problem) {
  static thread_local ParseMemory memory;
  memory.document = json::value();
  memory.resource.emplace(memory.block.get(), ParseMemory::kBytes);
  const json::storage_ptr storage(&*memory.resource);
  json::value& document = memory.document;
  document = json::value(storage);  // same storage as the parse: the assignment below moves, not copies
  boost::system::error_code error;
  memory.parser.reset(storage);
  memory.parser.write(body, error);
  if (!error) document = memory.parser.release();
  if (error) {
    problem = "the body is not JSON";
    return nullptr;
  }
  if (!document.is_object()) {
    problem = "the body is not a JSON object";
    return nullptr;
  }
  return &document.get_object();
}

// The string at `key`, or nullptr (and `problem`) when missing or not a string.
const json::string* StringField(const json::object& object, std::string_view key, std::string& problem) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    problem = std::string(key) + ": missing or not a string";
    return nullptr;
  }
  return &value->get_string();
}

}  // namespace

std::optional<std::vector<SlotSeats>> ReadAvailability(std::string_view body, std::string_view desk,
                                                       std::string_view type, std::string& problem) {
  std::vector<SlotSeats> slots;
  if (!ReadAvailabilityInto(body, desk, type, slots, problem)) return std::nullopt;
  return slots;
}

bool ReadAvailabilityInto(std::string_view body, std::string_view desk, std::string_view type,
                          std::vector<SlotSeats>& slots, std::string& problem) {
  json::basic_parser<AvailabilityReader> parser(json::parse_options{}, desk, type, slots);
  boost::system::error_code error;
  parser.write_some(false, body.data(), body.size(), error);
  if (error) {
    problem = parser.handler().problem().empty() ? "the body is not JSON" : parser.handler().problem();
    return false;
  }
  slots.resize(parser.handler().count());
  return true;
}

std::optional<BookingAnswer> ReadBooking(std::string_view body, bool with_token, std::string& problem) {
  const json::object* root = ParseObject(body, problem);
  if (root == nullptr) return std::nullopt;
  BookingAnswer booking;
  const std::array<std::pair<std::string_view, std::string*>, 8> fields = {{
      {"code", &booking.code},
      {"desk", &booking.desk},
      {"type", &booking.type},
      {"start", &booking.start},
      {"end", &booking.end},
      {"status", &booking.status},
      {"application_id", &booking.application_id},
      {"manage_token", &booking.manage_token},
  }};
  for (const auto& [key, target] : fields) {
    if (key == "manage_token" && !with_token) continue;
    const json::string* value = StringField(*root, key, problem);
    if (value == nullptr) return std::nullopt;
    *target = std::string(*value);
  }
  if (StringField(*root, "created_at", problem) == nullptr) return std::nullopt;
  if (!with_token && root->contains("manage_token")) {
    problem = "manage_token: present outside the 201";
    return std::nullopt;
  }
  return booking;
}

std::optional<std::string> ReadProblemCode(std::string_view body, int http_status, std::string& problem) {
  const json::object* root = ParseObject(body, problem);
  if (root == nullptr) return std::nullopt;
  for (std::string_view key : {"type", "title", "detail"}) {
    if (StringField(*root, key, problem) == nullptr) return std::nullopt;
  }
  const json::value* status = root->if_contains("status");
  if (status == nullptr || !status->is_int64() || status->get_int64() != http_status) {
    problem = "status: missing or not the HTTP status";
    return std::nullopt;
  }
  const json::string* code = StringField(*root, "code", problem);
  if (code == nullptr) return std::nullopt;
  return std::string(*code);
}

}  // namespace sportello::bench
