#include "engine/topics.h"

#include "engine/internal/localized_text_reader.h"
#include "engine/json_reader.h"

#include <set>

namespace sportello::engine {

namespace json = boost::json;
using json_reader::ObjectView;

const Topic* Topics::Find(std::string_view id) const {
  for (const Topic& topic : topics_) {
    if (topic.id == id) return &topic;
  }
  return nullptr;
}

Parsed<Topics> ParseTopics(std::string_view json_text) {
  Parsed<Topics> parsed;
  std::optional<json::value> document = json_reader::ParseDocument(json_text, parsed.errors);
  if (!document) return parsed;
  ObjectView root(*document, "", parsed.errors);
  std::vector<Topic> topics;
  if (const json::array* list = root.Array("topics", true)) {
    if (list->empty()) parsed.errors.push_back({"topics", "must list at least one topic"});
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectView entry((*list)[i], json_reader::IndexPath("topics", i), parsed.errors);
      if (!entry.valid()) continue;
      Topic topic;
      json_reader::ReadIdAndName(entry, ids, topic.id, topic.name);
      entry.Finish();
      topics.push_back(std::move(topic));
    }
  }
  root.Finish();
  if (parsed.errors.empty()) parsed.value = Topics(std::move(topics));
  return parsed;
}

}  // namespace sportello::engine
