// After a surge, what the API says about it, checked against the calendar and the 201s:
// - one availability answer over the surge's range: no slot with free < 0, no slot with more
//   acknowledged bookings than its capacity, and free == capacity − acknowledged for every slot
//   (a difference means seats taken by bookings nobody was told about, or acknowledged bookings
//   that do not hold their seat);
// - every acknowledged booking fetched with its manage token (GET /api/v1/bookings/{code}?token=):
//   200, the same code, start and application, status `booked`.
// Not thread-safe: runs on the calling thread.
#pragma once

#include "tools/bench/load/bench_desk.h"
#include "tools/bench/load/latency_recorder.h"
#include "tools/bench/load/surge.h"

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>

namespace sportello::bench {

struct ApiVerification {
  std::uint64_t slots_listed = 0;
  std::uint64_t negative_free = 0;        // slots with free < 0
  std::uint64_t overbooked_slots = 0;     // acknowledged > capacity
  std::uint64_t unacknowledged_seats = 0;  // sum of (capacity − acknowledged − free) where > 0
  std::uint64_t missing_seats = 0;        // sum of (free − (capacity − acknowledged)) where > 0
  std::uint64_t not_listed = 0;           // acknowledged bookings whose slot has left the window
  std::uint64_t fetched = 0;              // acknowledged bookings fetched and matching
  std::uint64_t not_fetched = 0;          // acknowledged bookings not found or not matching
  LatencyRecorder fetch;                  // GET /api/v1/bookings/{code}
  ErrorTally errors;
};

ApiVerification VerifyThroughApi(const boost::asio::ip::tcp::endpoint& server, const BenchDesk& desk,
                                 const SurgeOptions& surge, const std::vector<Acknowledged>& acknowledged);

}  // namespace sportello::bench
