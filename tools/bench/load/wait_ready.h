// Start-up time of a server: polls GET /healthz until the first 200, every millisecond, and
// returns the wall-clock instant of that answer, so a script can subtract the instant it
// exec'd the server. Blocking; thread-safe (no shared state).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <optional>

namespace sportello::bench {

// The system_clock instant of the first 200 from /healthz, or nullopt after `timeout`.
std::optional<std::chrono::system_clock::time_point> WaitUntilHealthy(const boost::asio::ip::tcp::endpoint& server,
                                                                      std::chrono::seconds timeout);

}  // namespace sportello::bench
