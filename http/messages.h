// The sentences the API speaks to people, in it, en, fr and es: one title per error code.
// Thread-safe: read-only tables.
#pragma once

#include "engine/error.h"
#include "engine/language.h"

#include <string_view>

namespace sportello::http {

// A short sentence explaining `error` to an applicant or staff member, in `language`.
std::string_view ErrorTitle(engine::Error error, engine::Language language);

}  // namespace sportello::http
