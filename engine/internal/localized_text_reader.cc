#include "engine/internal/localized_text_reader.h"

namespace sportello::engine::json_reader {

namespace json = boost::json;

std::optional<LocalizedText> ReadLocalizedText(const json::value& value, const std::string& path, Errors& errors) {
  ObjectView object(value, path, errors);
  if (!object.valid()) return std::nullopt;
  LocalizedText text;
  bool complete = true;
  for (Language language : kLanguages) {
    const std::string_view code = LanguageCode(language);
    std::optional<std::string> entry = object.String(code, /*required=*/true);
    if (entry && entry->empty()) {
      errors.push_back({ChildPath(path, code), "must not be empty"});
      entry.reset();
    }
    if (entry) {
      text.In(language) = std::move(*entry);
    } else {
      complete = false;
    }
  }
  object.Finish();
  if (!complete) return std::nullopt;
  return text;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void ReadIdAndName(ObjectView& object, std::set<std::string, std::less<>>& ids, std::string& id, LocalizedText& name) {
  const std::string& path = object.path();
  if (auto given = object.String("id", true)) {
    if (!IsValidId(*given)) {
      object.errors().push_back({ChildPath(path, "id"), "must be 1-40 characters of a-z, 0-9 and -"});
    } else if (!ids.insert(*given).second) {
      object.errors().push_back({ChildPath(path, "id"), "duplicate id " + *given});
    }
    id = *given;
  }
  if (const json::value* value = object.Member("name", true)) {
    if (auto text = ReadLocalizedText(*value, ChildPath(path, "name"), object.errors())) name = std::move(*text);
  }
}

}  // namespace sportello::engine::json_reader
