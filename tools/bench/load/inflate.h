// Reading an answer sent `Content-Encoding: gzip`, as a browser does. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sportello::bench {

// The bytes `gzip` holds (one gzip member, RFC 1952); nullopt when it is not valid gzip.
std::optional<std::string> Gunzip(std::string_view gzip);

}  // namespace sportello::bench
