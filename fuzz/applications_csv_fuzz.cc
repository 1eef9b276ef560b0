// Fuzzes the applications CSV reader: any bytes give rows and problems, never a crash, and every
// row kept has a valid tax code and a known desk.
#include "engine/tax_code.h"
#include "booking/application_import.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const sportello::booking::DeskTypes kDesks = {
      {"roma", {"lavoro-documenti", "lavoro-nulla-osta"}},
      {"latina", {"ricongiungimento-documenti"}},
  };
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto file = sportello::booking::ParseApplicationsCsv(text, kDesks);
  for (const auto& row : file.rows) {
    if (!sportello::engine::IsValidTaxCode(row.application.tax_code)) std::abort();
    if (!kDesks.contains(row.application.desk)) std::abort();
  }
  return 0;
}
