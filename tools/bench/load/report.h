// How surge_load prints what it measured: one `key value` line per figure on stdout (for
// scripts/bench.sh and people alike), and error tallies as `error <count> <kind>` lines on
// stderr. Not thread-safe (writes to stdio).
#pragma once

#include "tools/bench/load/latency_recorder.h"
#include "tools/bench/load/surge.h"

#include <cstdint>
#include <string_view>

namespace sportello::bench {

void PrintFigure(std::string_view key, double value);
void PrintFigure(std::string_view key, std::uint64_t value);

// `<prefix>_count`, `_mean_ms`, `_p50_ms`, `_p90_ms`, `_p99_ms`, `_max_ms`.
void PrintLatency(std::string_view prefix, const LatencySummary& summary);

// `<prefix>_errors <total>` on stdout and one stderr line per kind. Returns the total.
std::uint64_t PrintErrors(std::string_view prefix, const ErrorTally& errors);

}  // namespace sportello::bench
