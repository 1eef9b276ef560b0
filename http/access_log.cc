#include "http/access_log.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <iterator>
#include <ostream>

namespace sportello::http {

namespace {

// Appends `time` to the second, e.g. "2026-11-22T10:00:00Z". The text of the last second is kept:
// a busy server writes thousands of lines within each.
void AppendUtcTimestamp(std::string& out, std::chrono::system_clock::time_point time) {
  thread_local std::time_t last_second = -1;
  thread_local char text[32];
  thread_local std::size_t length = 0;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  if (seconds != last_second) {
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    last_second = seconds;
  }
  out.append(text, length);
}

// Keeps a log line one line of printable text whatever a caller passes.
void AppendPrintable(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
}

// The entry's method and route as logged ("-" when unknown), and its duration in milliseconds.
std::string_view MethodOf(const AccessLogEntry& entry) { return entry.method.empty() ? "-" : entry.method; }
std::string_view RouteOf(const AccessLogEntry& entry) { return entry.route.empty() ? "-" : entry.route; }
double MillisecondsOf(const AccessLogEntry& entry) {
  return std::chrono::duration<double, std::milli>(entry.duration).count();
}

// Appends "GET /api/v1/bookings/{code} 201 3.2ms" (no newline), the request part of a line.
void AppendRequest(std::string& out, const AccessLogEntry& entry) {
  const std::string_view method = MethodOf(entry);
  const bool route_has_method = entry.route.size() > method.size() && entry.route.starts_with(method) &&
                                entry.route[method.size()] == ' ';
  if (!route_has_method) {
    AppendPrintable(out, method);
    out += ' ';
  }
  AppendPrintable(out, RouteOf(entry));
  fmt::format_to(std::back_inserter(out), " {} {:.1f}ms", entry.status, MillisecondsOf(entry));
}

// Appends the text line of `entry`, newline included, without a temporary string.
void AppendTextLine(std::string& out, const AccessLogEntry& entry) {
  AppendUtcTimestamp(out, entry.time);
  out += ' ';
  AppendRequest(out, entry);
  out += '\n';
}

}  // namespace

AccessLog::AccessLog(std::ostream& out, logging::Format format)
    : format_(format), stream_(&out), flusher_([this] { RunFlusher(); }) {}

AccessLog::AccessLog(std::FILE* out, logging::Format format)
    : format_(format), file_(out), flusher_([this] { RunFlusher(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(pending_mutex_);
    stopping_ = true;
  }
  stopping_changed_.notify_one();
  flusher_.join();
  Flush();
}

std::string AccessLog::FormatLine(const AccessLogEntry& entry, logging::Format format) {
  std::string line;
  if (format == logging::Format::text) {
    AppendTextLine(line, entry);
    return line;
  }
  std::string request;
  AppendRequest(request, entry);
  std::string printable_method;
  AppendPrintable(printable_method, MethodOf(entry));
  std::string route;
  AppendPrintable(route, RouteOf(entry));
  return logging::RenderJson(logging::Line{logging::Level::info, "http", "request", std::move(request),
                                           {{"method", std::move(printable_method)},
                                            {"route", std::move(route)},
                                            {"status", entry.status},
                                            {"duration_ms", std::round(MillisecondsOf(entry) * 10) / 10}}},
                             entry.time);
}

void AccessLog::Write(const AccessLogEntry& entry) {
  if (format_ == logging::Format::text) {  // straight into the pending lines: no string per request
    std::lock_guard lock(pending_mutex_);
    AppendTextLine(pending_, entry);
    return;
  }
  const std::string line = FormatLine(entry, format_);
  std::lock_guard lock(pending_mutex_);
  pending_ += line;
}

void AccessLog::Flush() {
  std::lock_guard out_lock(out_mutex_);
  std::string lines;
  {
    std::lock_guard lock(pending_mutex_);
    lines.swap(pending_);
  }
  if (lines.empty()) return;
  if (stream_ != nullptr) {
    stream_->write(lines.data(), static_cast<std::streamsize>(lines.size()));
    stream_->flush();
  } else if (file_ != nullptr) {
    std::fwrite(lines.data(), 1, lines.size(), file_);
    std::fflush(file_);
  }
}

void AccessLog::RunFlusher() {
  std::unique_lock lock(pending_mutex_);
  while (!stopping_) {
    stopping_changed_.wait_for(lock, kFlushEvery, [this] { return stopping_; });
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace sportello::http
