// Latencies of one kind of request, and their summary: count, mean, p50, p90, p99, max.
//
// Percentiles use the nearest-rank method on every recorded sample (no sampling, no histogram
// buckets), so p99 of 20,000 requests is the 19,800th smallest. Not thread-safe: one recorder
// per thread, or merge them with Merge().
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace sportello::bench {

struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

class LatencyRecorder {
 public:
  void Add(std::chrono::steady_clock::duration latency);
  void Merge(const LatencyRecorder& other);
  std::uint64_t count() const { return samples_us_.size(); }

  // All zeros when nothing was recorded.
  LatencySummary Summarize() const;

 private:
  std::vector<std::uint32_t> samples_us_;  // microseconds; saturates at ~71 minutes
};

// The nearest-rank `percentile` (0 < percentile <= 100) of `sorted` (ascending, not empty).
std::uint32_t NearestRank(const std::vector<std::uint32_t>& sorted, double percentile);

}  // namespace sportello::bench
