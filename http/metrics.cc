#include "http/metrics.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace sportello::http {

struct Metrics::Family {
  std::string name;
  std::string help;
  std::string_view type;  // "counter" or "gauge"
  GaugeCallback callback;  // set for gauges evaluated at render time

  std::mutex mutex;
  std::map<std::string, double> samples;  // rendered label set, e.g. {desk="roma"} -> value
};

namespace {

constexpr std::string_view kRequestsTotal = "sportello_http_requests_total";
constexpr std::string_view kRequestDuration = "sportello_http_request_duration_seconds";
constexpr std::string_view kOpenConnections = "sportello_http_open_connections";

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Plain decimals for the usual magnitudes (0.0005, not 5e-04); exponents only for extremes.
  const double magnitude = std::fabs(value);
  const bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
  char buffer[400];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value,
                                    plain ? std::chars_format::fixed : std::chars_format::general);
  return std::string(buffer, result.ptr);
}

// Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed.
void AppendEscaped(std::string& out, std::string_view text, bool escape_quote) {
  for (const char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && escape_quote) out += "\\\"";
    else out += c;
  }
}

std::string RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!IsValidName(labels[i].first, false)) throw std::invalid_argument("invalid metric label name");
    if (i > 0) out += ',';
    out += labels[i].first;
    out += "=\"";
    AppendEscaped(out, labels[i].second, true);
    out += '"';
  }
  out += '}';
  return out;
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).append(" ");
  AppendEscaped(out, help, false);
  out.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

void AppendSample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out.append(name).append(labels).append(" ").append(FormatNumber(value)).append("\n");
}

}  // namespace

void Metrics::Counter::Increment(const MetricLabels& labels, double amount) const {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(family_->mutex);
  family_->samples[std::move(key)] += amount;
}

void Metrics::Gauge::Set(const MetricLabels& labels, double value) const {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(family_->mutex);
  family_->samples[std::move(key)] = value;
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

void Metrics::RecordRequest(std::string_view route, unsigned status, std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(http_mutex_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), RouteStats{}).first;
  RouteStats& stats = it->second;
  ++stats.requests_by_status[status];
  ++stats.count;
  stats.sum_seconds += seconds;
  for (std::size_t i = 0; i < kRequestDurationBuckets.size(); ++i) {
    if (seconds <= kRequestDurationBuckets[i]) {
      ++stats.bucket_counts[i];
      break;
    }
  }
}

void Metrics::ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
void Metrics::ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }

Metrics::Counter Metrics::AddCounter(std::string name, std::string help) {
  return Counter(Register(std::move(name), std::move(help), "counter", nullptr));
}

Metrics::Gauge Metrics::AddGauge(std::string name, std::string help) {
  return Gauge(Register(std::move(name), std::move(help), "gauge", nullptr));
}

void Metrics::AddGaugeCallback(std::string name, std::string help, GaugeCallback callback) {
  if (!callback) throw std::invalid_argument("metric " + name + ": empty gauge callback");
  Register(std::move(name), std::move(help), "gauge", std::move(callback));
}

std::shared_ptr<Metrics::Family> Metrics::Register(std::string name, std::string help, std::string_view type,
                                                   GaugeCallback callback) {
  if (!IsValidName(name, true)) throw std::invalid_argument("invalid metric name: " + name);
  std::lock_guard lock(families_mutex_);
  const bool builtin = name == kRequestsTotal || name == kRequestDuration || name == kOpenConnections;
  bool taken = builtin;
  for (const auto& family : families_) taken = taken || family->name == name;
  if (taken) throw std::invalid_argument("metric registered twice: " + name);
  auto family = std::make_shared<Family>();
  family->name = std::move(name);
  family->help = std::move(help);
  family->type = type;
  family->callback = std::move(callback);
  families_.push_back(family);
  return family;
}

void Metrics::RenderHttp(std::string& out) const {
  std::lock_guard lock(http_mutex_);
  AppendHeader(out, kRequestsTotal, "HTTP requests answered, by route template and status.", "counter");
  for (const auto& [route, stats] : routes_) {
    for (const auto& [status, count] : stats.requests_by_status) {
      const std::string labels = RenderLabels({{"route", route}, {"status", std::to_string(status)}});
      AppendSample(out, kRequestsTotal, labels, static_cast<double>(count));
    }
  }
  AppendHeader(out, kRequestDuration, "Time from a complete request to its answer being sent.", "histogram");
  const std::string bucket_name = std::string(kRequestDuration) + "_bucket";
  for (const auto& [route, stats] : routes_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kRequestDurationBuckets.size(); ++i) {
      cumulative += stats.bucket_counts[i];
      const std::string labels = RenderLabels({{"route", route}, {"le", FormatNumber(kRequestDurationBuckets[i])}});
      AppendSample(out, bucket_name, labels, static_cast<double>(cumulative));
    }
    AppendSample(out, bucket_name, RenderLabels({{"route", route}, {"le", "+Inf"}}), static_cast<double>(stats.count));
    const std::string labels = RenderLabels({{"route", route}});
    AppendSample(out, std::string(kRequestDuration) + "_sum", labels, stats.sum_seconds);
    AppendSample(out, std::string(kRequestDuration) + "_count", labels, static_cast<double>(stats.count));
  }
}

std::string Metrics::Render() const {
  std::string out;
  RenderHttp(out);
  AppendHeader(out, kOpenConnections, "Client connections open now.", "gauge");
  AppendSample(out, kOpenConnections, "", static_cast<double>(open_connections_.load(std::memory_order_relaxed)));

  std::vector<std::shared_ptr<Family>> families;
  {
    std::lock_guard lock(families_mutex_);
    families = families_;
  }
  for (const auto& family : families) {
    AppendHeader(out, family->name, family->help, family->type);
    if (family->callback) {
      for (const MetricSample& sample : family->callback()) {
        AppendSample(out, family->name, RenderLabels(sample.labels), sample.value);
      }
      continue;
    }
    std::lock_guard lock(family->mutex);
    for (const auto& [labels, value] : family->samples) AppendSample(out, family->name, labels, value);
  }
  return out;
}

}  // namespace sportello::http
