// Fuzzes the calendar file parser (and the catalogue parser) with arbitrary bytes: a valid result
// must also serialise and parse back to itself.
#include "engine/calendar.h"
#include "engine/catalogue.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sportello::engine::ParseCatalogue(text);
  auto parsed = sportello::engine::ParseCalendar(text, nullptr);
  if (parsed.ok()) {
    auto again = sportello::engine::ParseCalendar(sportello::engine::SerializeCalendar(*parsed.value), nullptr);
    if (!again.ok() || !(*again.value == *parsed.value)) std::abort();
  }
  return 0;
}
