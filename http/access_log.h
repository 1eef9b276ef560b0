// The access log: one line per answered request, e.g.
//   2026-11-22T10:00:00Z GET /api/v1/bookings/{code} 201 3.2ms
// (UTC time, method, route template, status, time to answer). It carries no request data: never
// the concrete path or query (which can hold booking codes, tokens, tax codes or e-mails), no header
// value, no body, no client address. Unknown methods are written as OTHER.
// Thread-safe: Write() may be called from any thread; each line is written whole, never interleaved.
#pragma once

#include <chrono>
#include <cstdio>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace sportello::http {

struct AccessLogEntry {
  std::chrono::system_clock::time_point time;
  std::string_view method;  // "GET", "POST", ... as the server knows it
  std::string_view route;   // RouteInfo::route, e.g. "GET /api/v1/bookings/{code}" or "unmatched"
  unsigned status = 0;
  std::chrono::nanoseconds duration{0};
};

class AccessLog {
 public:
  // Writes to `out`, which must outlive this object.
  explicit AccessLog(std::ostream& out);
  explicit AccessLog(std::FILE* out);
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends the line of `entry` and flushes it.
  void Write(const AccessLogEntry& entry);

  // The line for `entry`, with its trailing newline. A route that already starts with the method
  // (the router's "GET /path" templates) is not prefixed with it a second time.
  static std::string FormatLine(const AccessLogEntry& entry);

 private:
  std::mutex mutex_;
  std::ostream* stream_ = nullptr;
  std::FILE* file_ = nullptr;
};

}  // namespace sportello::http
