#include "tools/bench/load/latency_recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sportello::bench {

void LatencyRecorder::Add(std::chrono::steady_clock::duration latency) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
  const auto capped = std::clamp<std::int64_t>(us, 0, std::numeric_limits<std::uint32_t>::max());
  samples_us_.push_back(static_cast<std::uint32_t>(capped));
}

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  samples_us_.insert(samples_us_.end(), other.samples_us_.begin(), other.samples_us_.end());
}

std::uint32_t NearestRank(const std::vector<std::uint32_t>& sorted, double percentile) {
  const double rank = std::ceil(percentile / 100.0 * static_cast<double>(sorted.size()));
  const auto index = static_cast<std::size_t>(std::max(1.0, rank)) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

LatencySummary LatencyRecorder::Summarize() const {
  LatencySummary summary;
  if (samples_us_.empty()) return summary;
  std::vector<std::uint32_t> sorted = samples_us_;
  std::sort(sorted.begin(), sorted.end());
  const auto ms = [](double us) { return us / 1000.0; };
  const double total = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  summary.count = sorted.size();
  summary.mean_ms = ms(total / static_cast<double>(sorted.size()));
  summary.p50_ms = ms(NearestRank(sorted, 50));
  summary.p90_ms = ms(NearestRank(sorted, 90));
  summary.p99_ms = ms(NearestRank(sorted, 99));
  summary.max_ms = ms(sorted.back());
  return summary;
}

}  // namespace sportello::bench
