// Closed-loop load on one GET target: `connections` keep-alive connections each send the next
// request as soon as the previous answer is in, for a warm-up and then `seconds` measured.
// Only requests sent and answered inside the measured window count. Every answer's status is
// checked (200); with Check::availability, every `check_every`-th answer's JSON shape too (SPEC.md)
// (1 = all; more keeps the client's parsing from becoming the limit against a fast server).
// Not thread-safe: runs on the calling thread.
#pragma once

#include "tools/bench/load/latency_recorder.h"
#include "tools/bench/load/surge.h"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace sportello::bench {

struct HammerOptions {
  std::string target;  // e.g. /api/v1/desks/bench/availability?type=…&from=…&to=…
  int connections = 64;
  std::chrono::seconds warm_up{1};
  std::chrono::seconds seconds{10};
  // With Check::availability, answers must be availability of this desk and type.
  enum class Check { status, availability } check = Check::status;
  std::string desk;
  std::string type;
  int check_every = 1;
};

struct HammerResult {
  std::uint64_t answers = 0;       // measured 200s with the right shape
  std::uint64_t body_bytes = 0;    // of those answers
  LatencyRecorder latency;         // of those answers
  ErrorTally errors;               // every other outcome, measured or not
  double seconds = 0;              // the measured window
};

HammerResult RunHammer(const boost::asio::ip::tcp::endpoint& server, const HammerOptions& options);

}  // namespace sportello::bench
