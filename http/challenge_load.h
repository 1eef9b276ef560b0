// ChallengeLoad: how many proof-of-work challenges were asked lately, per client and in all, the
// input of the difficulty rule (booking::ChallengeMaxNumber). Counts are sliding windows of
// fixed windows: a client's asks in the last minute are those of its current minute plus those of
// the previous minute in proportion to how much of it is still inside the last 60 seconds; the
// server's rate is the same over 10-second windows. Exact enough to pick a power of two, and two
// numbers per client.
// Memory is bounded: at most kMaxClients clients; a new one beyond that first drops those idle for
// two minutes, else starts every count afresh. In this process's memory: each node counts what it
// hands out (behind a balancer, a surge reaches each node). The clock is a parameter (the server's,
// which tests set). Thread-safe: every member may be called from any thread.
#pragma once

#include "engine/time.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::http {

class ChallengeLoad {
 public:
  static constexpr std::size_t kMaxClients = 100'000;

  struct Counts {
    int from_client = 0;    // challenges this client asked in the last minute, this one included
    double per_second = 0;  // challenges asked a second, from everyone, over the last 10 seconds
  };

  // Counts one challenge asked by `client` (an http::LimitKey) at `now` and returns the counts
  // that include it.
  Counts Asked(std::string_view client, engine::Instant now);

 private:
  // Asks in one fixed window (`index` = seconds since the epoch / window length) and the one before.
  struct Window {
    std::int64_t index = 0;
    int current = 0;
    int previous = 0;
  };
  // Counts one ask in `window` at `seconds` (since the epoch) with windows of `length` seconds, and
  // returns the sliding count of the last `length` seconds.
  static double Add(Window& window, std::int64_t seconds, std::int64_t length);
  void MakeRoom(std::int64_t minute);

  std::mutex mutex_;
  std::unordered_map<std::string, Window> clients_;  // minute windows
  Window server_;                                    // 10-second windows
};

}  // namespace sportello::http
