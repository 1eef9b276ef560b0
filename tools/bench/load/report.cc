#include "tools/bench/load/report.h"

#include <fmt/core.h>

#include <string>

namespace sportello::bench {

void PrintFigure(std::string_view key, double value) { fmt::print("{} {:.3f}\n", key, value); }

void PrintFigure(std::string_view key, std::uint64_t value) { fmt::print("{} {}\n", key, value); }

void PrintLatency(std::string_view prefix, const LatencySummary& summary) {
  const std::string p(prefix);
  PrintFigure(p + "_count", summary.count);
  PrintFigure(p + "_mean_ms", summary.mean_ms);
  PrintFigure(p + "_p50_ms", summary.p50_ms);
  PrintFigure(p + "_p90_ms", summary.p90_ms);
  PrintFigure(p + "_p99_ms", summary.p99_ms);
  PrintFigure(p + "_max_ms", summary.max_ms);
}

std::uint64_t PrintErrors(std::string_view prefix, const ErrorTally& errors) {
  std::uint64_t total = 0;
  for (const auto& [kind, count] : errors) {
    total += count;
    fmt::print(stderr, "{} error {} {}\n", prefix, count, kind);
  }
  PrintFigure(std::string(prefix) + "_errors", total);
  return total;
}

}  // namespace sportello::bench
