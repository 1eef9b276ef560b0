#include "engine/json_reader.h"

#include <fmt/core.h>

namespace sportello::engine::json_reader {

namespace json = boost::json;

std::string ChildPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string IndexPath(std::string_view parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

namespace {

// One object or array being walked by DuplicateKey().
struct Container {
  bool object = false;
  bool expect_key = false;     // object: the next string is a key
  std::set<std::string> keys;  // object: the keys seen so far
  std::string key;             // object: the member being read
  std::size_t index = 0;       // array: the element being read
};

// The JSON string starting at text[at] (a quote), decoded; `at` moves past its closing quote.
std::string ReadString(std::string_view text, std::size_t& at) {
  const std::size_t begin = at;
  bool escaped = false;
  for (++at; at < text.size(); ++at) {
    if (text[at] == '\\') {
      escaped = true;
      ++at;
    } else if (text[at] == '"') {
      break;
    }
  }
  ++at;
  const std::string_view raw = text.substr(begin, at - begin);
  if (!escaped) return std::string(raw.substr(1, raw.size() - 2));
  return std::string(json::parse(raw).as_string());  // valid JSON already: decodes the escapes
}

// The path of the first key that appears twice in one object of `text` (valid JSON), if any.
std::optional<std::string> DuplicateKey(std::string_view text) {
  std::vector<Container> open;
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    if (c == '"') {
      std::string string = ReadString(text, at);
      if (open.empty() || !open.back().object || !open.back().expect_key) continue;  // a value
      Container& object = open.back();
      object.expect_key = false;
      if (!object.keys.insert(string).second) {
        std::string path;
        for (std::size_t i = 0; i + 1 < open.size(); ++i) {
          path = open[i].object ? ChildPath(path, open[i].key) : IndexPath(path, open[i].index);
        }
        return ChildPath(path, string);
      }
      object.key = std::move(string);
      continue;
    }
    if (c == '{' || c == '[') {
      Container& opened = open.emplace_back();
      opened.object = c == '{';
      opened.expect_key = opened.object;
    } else if (c == '}' || c == ']') {
      open.pop_back();
    } else if (c == ',' && !open.empty() && open.back().object) {
      open.back().expect_key = true;
    } else if (c == ',' && !open.empty()) {
      ++open.back().index;
    }
    ++at;
  }
  return std::nullopt;
}

}  // namespace

std::optional<json::value> ParseDocument(std::string_view text, Errors& errors) {
  json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, {}, options);
  if (ec) {
    errors.push_back({"", "not valid JSON: " + ec.message()});
    return std::nullopt;
  }
  if (std::optional<std::string> twice = DuplicateKey(text)) {
    errors.push_back({*twice, "appears twice"});
    return std::nullopt;
  }
  return value;
}

ObjectView::ObjectView(const json::value& value, std::string path, Errors& errors)
    : object_(value.if_object()), path_(std::move(path)), errors_(errors) {
  if (object_ == nullptr) errors_.push_back({path_, "must be an object"});
}

void ObjectView::Error(std::string_view key, std::string message) {
  errors_.push_back({ChildPath(path_, key), std::move(message)});
}

const json::value* ObjectView::Member(std::string_view key, bool required) {
  if (object_ == nullptr) return nullptr;
  seen_.emplace(key);
  const json::value* member = object_->if_contains(key);
  if (member == nullptr && required) Error(key, "is required");
  return member;
}

std::optional<std::string> ObjectView::String(std::string_view key, bool required) {
  const json::value* member = Member(key, required);
  if (member == nullptr) return std::nullopt;
  if (!member->is_string()) {
    Error(key, "must be a string");
    return std::nullopt;
  }
  return std::string(member->get_string());
}

std::optional<std::string> ObjectView::BoundedString(std::string_view key, bool required, std::size_t max_length) {
  std::optional<std::string> value = String(key, required);
  if (value && value->size() > max_length) {
    Error(key, fmt::format("must be at most {} characters", max_length));
    return std::nullopt;
  }
  if (value && value->empty() && required) {
    Error(key, "must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ObjectView::Bool(std::string_view key, bool required) {
  const json::value* member = Member(key, required);
  if (member == nullptr) return std::nullopt;
  if (!member->is_bool()) {
    Error(key, "must be true or false");
    return std::nullopt;
  }
  return member->get_bool();
}

std::optional<int> ObjectView::Int(std::string_view key, bool required, int min, int max) {
  const json::value* member = Member(key, required);
  if (member == nullptr) return std::nullopt;
  std::optional<std::int64_t> number;
  if (member->is_int64()) number = member->get_int64();
  if (member->is_uint64() && member->get_uint64() <= static_cast<std::uint64_t>(max)) {
    number = static_cast<std::int64_t>(member->get_uint64());
  }
  if (!number) {
    Error(key, member->is_number() ? fmt::format("must be a whole number from {} to {}", min, max)
                                   : "must be a number");
    return std::nullopt;
  }
  if (*number < min || *number > max) {
    Error(key, fmt::format("must be from {} to {}", min, max));
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

const json::array* ObjectView::Array(std::string_view key, bool required) {
  const json::value* member = Member(key, required);
  if (member == nullptr) return nullptr;
  if (!member->is_array()) {
    Error(key, "must be an array");
    return nullptr;
  }
  return &member->get_array();
}

std::optional<ObjectView> ObjectView::Object(std::string_view key, bool required) {
  const json::value* member = Member(key, required);
  if (member == nullptr) return std::nullopt;
  ObjectView child(*member, ChildPath(path_, key), errors_);
  if (!child.valid()) return std::nullopt;
  return child;
}

std::vector<std::string> ObjectView::Keys() {
  std::vector<std::string> keys;
  if (object_ == nullptr) return keys;
  for (const auto& member : *object_) {
    keys.emplace_back(member.key());
    seen_.emplace(member.key());
  }
  return keys;
}

void ObjectView::Finish() {
  if (object_ == nullptr) return;
  for (const auto& member : *object_) {
    if (!seen_.contains(member.key())) Error(member.key(), "unknown field");
  }
}

}  // namespace sportello::engine::json_reader
