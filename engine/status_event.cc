#include "engine/status_event.h"

#include "engine/internal/localized_text_reader.h"
#include "engine/json_reader.h"

#include <algorithm>
#include <set>

namespace sportello::engine {

namespace json = boost::json;
using json_reader::ObjectView;

const StatusEventKind* StatusEventCatalogue::Find(std::string_view code) const {
  const auto kind = std::find_if(kinds_.begin(), kinds_.end(), [&](const StatusEventKind& k) { return k.code == code; });
  return kind == kinds_.end() ? nullptr : &*kind;
}

bool IsValidEventCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxEventCodeLength || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Parsed<StatusEventCatalogue> ParseStatusEventCatalogue(std::string_view json_text) {
  Parsed<StatusEventCatalogue> parsed;
  std::optional<json::value> document = json_reader::ParseDocument(json_text, parsed.errors);
  if (!document) return parsed;
  ObjectView root(*document, "", parsed.errors);
  std::vector<StatusEventKind> kinds;
  if (const json::array* list = root.Array("events", true)) {
    std::set<std::string, std::less<>> codes;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectView entry((*list)[i], json_reader::IndexPath("events", i), parsed.errors);
      if (!entry.valid()) continue;
      StatusEventKind kind;
      if (std::optional<std::string> code = entry.String("code", true)) {
        const std::string path = json_reader::ChildPath(entry.path(), "code");
        if (!IsValidEventCode(*code)) {
          parsed.errors.push_back({path, "must be 1 to 40 characters of a-z, 0-9 and _, starting with a letter"});
        } else if (!codes.insert(*code).second) {
          parsed.errors.push_back({path, "appears twice"});
        }
        kind.code = std::move(*code);
      }
      if (const json::value* text = entry.Member("text", true)) {
        if (auto localized = json_reader::ReadLocalizedText(*text, json_reader::ChildPath(entry.path(), "text"),
                                                            parsed.errors)) {
          kind.text = std::move(*localized);
        }
      }
      kind.email = entry.Bool("email", false).value_or(false);
      entry.Finish();
      kinds.push_back(std::move(kind));
    }
  }
  root.Finish();
  if (parsed.errors.empty()) parsed.value = StatusEventCatalogue(std::move(kinds));
  return parsed;
}

}  // namespace sportello::engine
