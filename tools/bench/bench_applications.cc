// bench_applications: writes N benchmark applications as the CSV `sportello import-applications`
// reads (SPEC.md, "Application import"), one applicant each, with distinct ids and valid tax codes.
// Every code is checked with the engine's own validator before it is written.
//
//   build/release/tools/bench/bench_applications --desk bench --type lavoro-documenti
//       [--count 20000] [--prefix BENCH] > applications.csv
//
// Ids are PREFIX-0000001 …; e-mail addresses are applicant-N@example.org (a reserved domain).
#include "engine/tax_code.h"
#include "tools/bench/fixtures/tax_codes.h"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  std::string desk;
  std::string type;
  std::string prefix = "BENCH";
  unsigned long count = 20'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--desk") desk = value;
    else if (flag == "--type") type = value;
    else if (flag == "--prefix") prefix = value;
    else if (flag == "--count") count = std::strtoul(value.c_str(), nullptr, 10);
    else {
      fmt::print(stderr, "bench_applications: unknown flag {}\n", flag);
      return 2;
    }
  }
  if (desk.empty() || type.empty() || count == 0 || argc % 2 == 0) {
    fmt::print(stderr, "usage: bench_applications --desk DESK --type TYPE [--count N] [--prefix P]\n");
    return 2;
  }
  std::string out = "application_id,desk,tax_code,email,phone,types,status\n";
  for (unsigned long i = 1; i <= count; ++i) {
    const std::string tax_code = sportello::bench::MakeTaxCode(static_cast<std::uint32_t>(i));
    if (!sportello::engine::IsValidTaxCode(tax_code)) {
      fmt::print(stderr, "bench_applications: made an invalid tax code {} (a bug)\n", tax_code);
      return 1;
    }
    out += fmt::format("{}-{:07},{},{},applicant-{}@example.org,,{},In istruttoria\n", prefix, i, desk, tax_code, i,
                       type);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
