// The national classification of questions (`calendars/topics.json`; SPEC.md, "Questions"): every
// desk and the front office file a question under one of these topics, so counts and trends add up
// across desks. Format:
//   {"topics":[{"id":"stato-pratica",
//               "name":{"it":"Stato della pratica","en":"…","fr":"…","es":"…"}}, …]}
// Thread-safe once built: read-only.
#pragma once

#include "engine/field_errors.h"
#include "engine/language.h"

#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

struct Topic {
  std::string id;
  LocalizedText name;
};

class Topics {
 public:
  Topics() = default;
  explicit Topics(std::vector<Topic> topics) : topics_(std::move(topics)) {}

  // The topic with `id`, or nullptr.
  const Topic* Find(std::string_view id) const;
  // In the file's order, which is the order the pages list them in.
  const std::vector<Topic>& topics() const { return topics_; }

 private:
  std::vector<Topic> topics_;
};

// Parses and validates a topics document; every problem is reported with its field path and
// nothing is returned unless the whole document is valid.
Parsed<Topics> ParseTopics(std::string_view json_text);

}  // namespace sportello::engine
