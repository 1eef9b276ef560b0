// A surge of distinct applicants booking into one desk, the way people do it: each applicant
// fetches the desk's availability, picks the earliest slot with a free seat and books it; on
// 409 slot_full they fetch availability again and pick the earliest free slot they have not lost
// yet. `connections` applicants are in flight at once, one per keep-alive connection; a
// connection takes the next applicant as soon as its current one is done.
//
// Every answer is checked: status, JSON shape (an availability answer equal, byte for byte, to the
// latest one read is not parsed again), and for a 201 that the booking is the one asked for. Anything unexpected is tallied by kind ("book 403 application_not_verified", "availability
// bad shape: …", "transport: …") and ends that applicant, except a 503 or a transport error,
// after which the applicant tries again (as a person would, after a pause).
// Not thread-safe: runs on the calling thread.
#pragma once

#include "tools/bench/load/applicants.h"
#include "tools/bench/load/latency_recorder.h"

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sportello::bench {

using ErrorTally = std::map<std::string, std::uint64_t>;

struct SurgeOptions {
  std::string desk;
  std::string type;
  std::string from;  // YYYY-MM-DD: the availability range each applicant asks for
  std::string to;    // inclusive
  int connections = 64;
  int max_attempts = 100;  // bookings tried by one applicant before giving up
  bool accept_gzip = false;  // availability asked for with Accept-Encoding: gzip, as a browser does
};

// A 201: what the server acknowledged, to be verified afterwards.
struct Acknowledged {
  std::string code;
  std::string manage_token;
  std::string application_id;
  std::string start;
};

struct SurgeResult {
  std::vector<Acknowledged> acknowledged;
  LatencyRecorder availability;  // GET availability
  LatencyRecorder book;          // POST bookings, every answer
  std::uint64_t requests = 0;
  std::uint64_t slot_full = 0;      // 409 slot_full answers (retried)
  std::uint64_t negative_free = 0;  // slots seen with free < 0 in any availability answer
  ErrorTally errors;
  double seconds = 0;  // from the first request to the last answer
};

// Connection i talks to servers[i % size]: several nodes share the surge.
SurgeResult RunSurge(const std::vector<boost::asio::ip::tcp::endpoint>& servers, const std::vector<Applicant>& applicants,
                     const SurgeOptions& options);

}  // namespace sportello::bench
