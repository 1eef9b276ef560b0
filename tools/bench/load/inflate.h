// Reading an answer sent `Content-Encoding: gzip`, as a browser does. Thread-safe: each thread
// inflates with state and memory of its own, kept from one answer to the next.
#pragma once

#include <optional>
#include <string_view>

namespace sportello::bench {

// The bytes `gzip` holds (one gzip member, RFC 1952); nullopt when it is not valid gzip. The view
// is valid until the next call on the same thread.
std::optional<std::string_view> Gunzip(std::string_view gzip);

}  // namespace sportello::bench
