#include "http/access_log.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <ostream>

namespace sportello::http {

namespace {

std::string UtcTimestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, length);
}

// Keeps a log line one line of printable text whatever a caller passes.
void AppendPrintable(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
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
  std::string request;  // "GET /api/v1/bookings/{code} 201 3.2ms"
  const std::string_view method = entry.method.empty() ? std::string_view("-") : entry.method;
  const bool route_has_method = entry.route.size() > method.size() && entry.route.starts_with(method) &&
                                entry.route[method.size()] == ' ';
  if (!route_has_method) {
    AppendPrintable(request, method);
    request += ' ';
  }
  AppendPrintable(request, entry.route.empty() ? std::string_view("-") : entry.route);
  const double milliseconds = std::chrono::duration<double, std::milli>(entry.duration).count();
  request += fmt::format(" {} {:.1f}ms", entry.status, milliseconds);
  if (format == logging::Format::text) return UtcTimestamp(entry.time) + ' ' + request + '\n';
  std::string printable_method;
  AppendPrintable(printable_method, method);
  std::string route;
  AppendPrintable(route, entry.route.empty() ? std::string_view("-") : entry.route);
  return logging::RenderJson(logging::Line{logging::Level::info, "http", "request", std::move(request),
                                           {{"method", std::move(printable_method)},
                                            {"route", std::move(route)},
                                            {"status", entry.status},
                                            {"duration_ms", std::round(milliseconds * 10) / 10}}},
                             entry.time);
}

void AccessLog::Write(const AccessLogEntry& entry) {
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
