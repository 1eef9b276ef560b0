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

}  // namespace sportello::engine::json_reader
