// Reads a LocalizedText ({"it":…,"en":…,"fr":…,"es":…}, every language required and non-empty)
// at a field path (internal to engine/). Not thread-safe; one per parse.
#pragma once

#include "engine/json_reader.h"
#include "engine/language.h"

#include <optional>

namespace sportello::engine::json_reader {

std::optional<LocalizedText> ReadLocalizedText(const boost::json::value& value, const std::string& path,
                                               Errors& errors);

// True for ids of 1 to 40 characters from a-z, 0-9 and '-' (desk and type ids).
bool IsValidId(std::string_view id);

}  // namespace sportello::engine::json_reader
