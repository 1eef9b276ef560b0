// The access log: one line per answered request, e.g.
//   2026-11-22T10:00:00Z GET /api/v1/bookings/{code} 201 3.2ms
// (UTC time, method, route template, status, time to answer), or in the JSON format of
// logging/log.h, the same facts as fields:
//   {"time":"2026-11-22T10:00:00.000Z","level":"info","component":"http","event":"request",
//    "message":"GET /api/v1/bookings/{code} 201 3.2ms","method":"GET","route":"GET /api/v1/bookings/{code}",
//    "status":201,"duration_ms":3.2}
// It carries no request data: never the concrete path or query (which can hold booking codes, tokens,
// tax codes or e-mails), no header value, no body, no client address. Unknown methods are written as
// OTHER.
// Lines are kept in memory and written out together every kFlushEvery by a thread of the log's own,
// so that answering a request never waits for a write to the log file; a crash loses at most the
// lines of that last moment. Thread-safe: Write() and Flush() may be called from any thread; each
// line is written whole, never interleaved.
#pragma once

#include "logging/log.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

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
  static constexpr std::chrono::milliseconds kFlushEvery{100};

  // Writes to `out`, which must outlive this object, in `format`.
  explicit AccessLog(std::ostream& out, logging::Format format = logging::Format::text);
  explicit AccessLog(std::FILE* out, logging::Format format = logging::Format::text);
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;
  // Writes out what is kept and stops the log's thread.
  ~AccessLog();

  // Keeps the line of `entry`, to be written out within kFlushEvery.
  void Write(const AccessLogEntry& entry);
  // Writes out and flushes every line kept so far.
  void Flush();

  // The line for `entry`, with its trailing newline. A route that already starts with the method
  // (the router's "GET /path" templates) is not prefixed with it a second time.
  static std::string FormatLine(const AccessLogEntry& entry, logging::Format format = logging::Format::text);

 private:
  void RunFlusher();

  const logging::Format format_;

  std::mutex pending_mutex_;
  std::condition_variable stopping_changed_;
  std::string pending_;
  bool stopping_ = false;
  std::mutex out_mutex_;  // one writer of the output at a time, in order
  std::ostream* stream_ = nullptr;
  std::FILE* file_ = nullptr;
  std::thread flusher_;
};

}  // namespace sportello::http
