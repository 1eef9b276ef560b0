// The four languages of Sportello (Italian first, the default) and texts given in all of them.
// Thread-safe: plain values.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::engine {

enum class Language { it, en, fr, es };

inline constexpr std::array<Language, 4> kLanguages = {Language::it, Language::en, Language::fr,
                                                       Language::es};

std::string_view LanguageCode(Language language);
// `it`, `en`, `fr`, `es` (case-insensitive); nullopt for anything else.
std::optional<Language> ParseLanguage(std::string_view code);
// The first supported language of an HTTP Accept-Language value, honouring q-weights;
// Italian when none is supported.
Language PickLanguage(std::string_view accept_language);

// A text in every language; each entry is non-empty once validated.
struct LocalizedText {
  std::array<std::string, kLanguages.size()> text;

  const std::string& In(Language language) const { return text[static_cast<std::size_t>(language)]; }
  std::string& In(Language language) { return text[static_cast<std::size_t>(language)]; }
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

}  // namespace sportello::engine
