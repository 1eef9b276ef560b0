// Prometheus metrics of the server, rendered in the text exposition format (version 0.0.4).
//
// Built in: `sportello_http_requests_total{route,status}` (counter),
// `sportello_http_request_duration_seconds{route}` (histogram, buckets 0.5 ms .. 2.5 s) and
// `sportello_http_open_connections` (gauge), all fed by the server. The application adds its own
// families: counters and gauges with handles to update them, and gauge callbacks evaluated when
// the page is rendered (e.g. seats free today, read from the database).
// Labels are bounded sets chosen by the program (route templates, desk ids), never request data.
// Thread-safe: every member may be called from any thread at once. Handles stay valid for as long
// as the Metrics object lives.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sportello::http {

// Label name/value pairs of one sample, e.g. {{"desk", "roma"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

struct MetricSample {
  MetricLabels labels;
  double value = 0;
};

// Upper bounds of the request duration histogram, in seconds (+Inf is implied).
inline constexpr std::array<double, 12> kRequestDurationBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

class Metrics {
  struct Family;

 public:
  // A counter family; Increment adds to the sample with the given labels (created at 0).
  class Counter {
   public:
    void Increment(const MetricLabels& labels = {}, double amount = 1) const;

   private:
    friend class Metrics;
    explicit Counter(std::shared_ptr<Family> family) : family_(std::move(family)) {}
    std::shared_ptr<Family> family_;
  };

  // A gauge family; Set replaces the value of the sample with the given labels.
  class Gauge {
   public:
    void Set(const MetricLabels& labels, double value) const;

   private:
    friend class Metrics;
    explicit Gauge(std::shared_ptr<Family> family) : family_(std::move(family)) {}
    std::shared_ptr<Family> family_;
  };

  // Produces a gauge family's samples at render time. Called by Render() on the rendering thread,
  // without any lock of Metrics held; it may block briefly (Render runs on a worker thread).
  using GaugeCallback = std::function<std::vector<MetricSample>()>;

  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;
  ~Metrics();

  // Counts one answered request of `route` (a route template) with HTTP `status`.
  void RecordRequest(std::string_view route, unsigned status, std::chrono::nanoseconds duration);
  void ConnectionOpened();
  void ConnectionClosed();

  // Register a family named `name` (Prometheus syntax, [a-zA-Z_:][a-zA-Z0-9_:]*) with its HELP
  // text. Throws std::invalid_argument for an invalid or already registered name (a bug).
  Counter AddCounter(std::string name, std::string help);
  Gauge AddGauge(std::string name, std::string help);
  void AddGaugeCallback(std::string name, std::string help, GaugeCallback callback);

  // The whole exposition page, families in registration order after the built-in ones.
  std::string Render() const;

 private:
  struct RouteStats {
    std::map<unsigned, std::uint64_t> requests_by_status;
    std::array<std::uint64_t, kRequestDurationBuckets.size()> bucket_counts{};  // not cumulative
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };

  std::shared_ptr<Family> Register(std::string name, std::string help, std::string_view type,
                                   GaugeCallback callback);
  void RenderHttp(std::string& out) const;

  mutable std::mutex http_mutex_;
  std::map<std::string, RouteStats, std::less<>> routes_;
  std::atomic<long> open_connections_{0};

  mutable std::mutex families_mutex_;
  std::vector<std::shared_ptr<Family>> families_;
};

}  // namespace sportello::http
