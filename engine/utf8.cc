#include "engine/utf8.h"

#include <cstdint>

namespace sportello::engine {

std::optional<std::size_t> Utf8Length(std::string_view text) {
  std::size_t length = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    ++length;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    if ((byte & 0xE0) == 0xC0) {
      extra = 1;
      code = byte & 0x1FU;
    } else if ((byte & 0xF0) == 0xE0) {
      extra = 2;
      code = byte & 0x0FU;
    } else if ((byte & 0xF8) == 0xF0) {
      extra = 3;
      code = byte & 0x07U;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size()) return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (next & 0x3FU);
    }
    constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    i += extra + 1;
  }
  return length;
}

}  // namespace sportello::engine
