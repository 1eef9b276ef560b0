// Reads a LocalizedText ({"it":…,"en":…,"fr":…,"es":…}, every language required and non-empty)
// at a field path, and the id and name every entry of a national catalogue has (types.json,
// topics.json). Internal to engine/. Not thread-safe; one per parse.
#pragma once

#include "engine/json_reader.h"
#include "engine/language.h"

#include <optional>
#include <set>
#include <string>

namespace sportello::engine::json_reader {

std::optional<LocalizedText> ReadLocalizedText(const boost::json::value& value, const std::string& path,
                                               Errors& errors);

// True for ids of 1 to 40 characters from a-z, 0-9 and '-' (desk and type ids).
bool IsValidId(std::string_view id);

// Reads `object`'s required "id" (IsValidId, not already in `ids`, then added) into `id` and its
// required "name" (a LocalizedText) into `name`, recording every problem.
void ReadIdAndName(ObjectView& object, std::set<std::string, std::less<>>& ids, std::string& id, LocalizedText& name);

}  // namespace sportello::engine::json_reader
