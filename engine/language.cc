#include "engine/language.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace sportello::engine {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The q-weight of one Accept-Language entry's parameters ("q=0.8"), 1.0 when absent or unreadable.
double Weight(std::string_view parameters) {
  parameters = Trim(parameters);
  if (!parameters.starts_with("q=")) return 1.0;
  const std::string value(parameters.substr(2));
  char* end = nullptr;
  const double weight = std::strtod(value.c_str(), &end);
  if (end == value.c_str()) return 1.0;
  return weight;
}

}  // namespace

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::it: return "it";
    case Language::en: return "en";
    case Language::fr: return "fr";
    case Language::es: return "es";
  }
  return "it";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  const char lower[2] = {static_cast<char>(std::tolower(static_cast<unsigned char>(code[0]))),
                         static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])))};
  for (Language language : kLanguages) {
    if (LanguageCode(language) == std::string_view(lower, 2)) return language;
  }
  return std::nullopt;
}

Language PickLanguage(std::string_view accept_language) {
  std::optional<Language> best;
  double best_weight = 0.0;
  while (!accept_language.empty()) {
    const std::size_t comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    const std::size_t semicolon = entry.find(';');
    const double weight = semicolon == std::string_view::npos ? 1.0 : Weight(entry.substr(semicolon + 1));
    std::string_view tag = Trim(entry.substr(0, semicolon));
    tag = tag.substr(0, tag.find('-'));  // "fr-CA" counts as "fr"
    const std::optional<Language> language = ParseLanguage(tag);
    if (language && weight > best_weight) {
      best = language;
      best_weight = weight;
    }
  }
  return best.value_or(Language::it);
}

}  // namespace sportello::engine
