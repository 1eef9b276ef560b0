// UTF-8 as Sportello accepts it from outside (RFC 3629): no overlong forms, no surrogates, nothing
// above U+10FFFF, nothing truncated. Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sportello::engine {

// The number of characters (code points) of `text`, or nullopt when it is not valid UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view text);
inline bool IsValidUtf8(std::string_view text) { return Utf8Length(text).has_value(); }

}  // namespace sportello::engine
