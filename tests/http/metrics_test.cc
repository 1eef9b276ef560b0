// Metrics in the Prometheus text format: what a scraper reads must be right, whatever the threads.
#include "http/metrics.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>
#include <vector>

namespace sportello::http {
namespace {

using namespace std::chrono_literals;

TEST_CASE("requests are counted by route and status, with a cumulative duration histogram") {
  Metrics metrics;
  metrics.RecordRequest("GET /a", 200, 1ms);
  metrics.RecordRequest("GET /a", 200, 300us);
  metrics.RecordRequest("GET /a", 409, 3s);
  metrics.RecordRequest("unmatched", 404, 100us);
  const std::string page = metrics.Render();

  CHECK_THAT(page, Catch::Contains("# HELP sportello_http_requests_total "));
  CHECK_THAT(page, Catch::Contains("# TYPE sportello_http_requests_total counter\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"GET /a\",status=\"200\"} 2\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"GET /a\",status=\"409\"} 1\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));

  const std::string bucket = "sportello_http_request_duration_seconds_bucket{route=\"GET /a\",le=";
  CHECK_THAT(page, Catch::Contains("# TYPE sportello_http_request_duration_seconds histogram\n"));
  CHECK_THAT(page, Catch::Contains(bucket + "\"0.0005\"} 1\n"));
  CHECK_THAT(page, Catch::Contains(bucket + "\"0.001\"} 2\n"));
  CHECK_THAT(page, Catch::Contains(bucket + "\"2.5\"} 2\n"));
  CHECK_THAT(page, Catch::Contains(bucket + "\"+Inf\"} 3\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_request_duration_seconds_count{route=\"GET /a\"} 3\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_request_duration_seconds_sum{route=\"GET /a\"} 3.001"));
  CHECK_THAT(page, Catch::Contains("sportello_http_request_duration_seconds_count{route=\"unmatched\"} 1\n"));
}

TEST_CASE("open connections are a gauge") {
  Metrics metrics;
  metrics.ConnectionOpened();
  metrics.ConnectionOpened();
  metrics.ConnectionClosed();
  CHECK_THAT(metrics.Render(), Catch::Contains("# TYPE sportello_http_open_connections gauge\n"
                                               "sportello_http_open_connections 1\n"));
}

TEST_CASE("the application adds counters, gauges and gauges read at render time") {
  Metrics metrics;
  const Metrics::Counter bookings = metrics.AddCounter("sportello_bookings_total", "Bookings made.");
  bookings.Increment({{"desk", "roma"}});
  bookings.Increment({{"desk", "roma"}});
  bookings.Increment({{"desk", "latina"}}, 3);
  const Metrics::Gauge queue = metrics.AddGauge("sportello_mail_queue", "Mails waiting.");
  queue.Set({}, 7);
  queue.Set({}, 4);
  int renders = 0;
  metrics.AddGaugeCallback("sportello_seats_free_today", "Seats free today.", [&renders] {
    ++renders;
    return std::vector<MetricSample>{{{{"desk", "roma"}, {"type", "lavoro-documenti"}}, 12}};
  });
  const std::string page = metrics.Render();

  CHECK_THAT(page, Catch::Contains("# HELP sportello_bookings_total Bookings made.\n"
                                   "# TYPE sportello_bookings_total counter\n"));
  CHECK_THAT(page, Catch::Contains("sportello_bookings_total{desk=\"roma\"} 2\n"));
  CHECK_THAT(page, Catch::Contains("sportello_bookings_total{desk=\"latina\"} 3\n"));
  CHECK_THAT(page, Catch::Contains("# TYPE sportello_mail_queue gauge\nsportello_mail_queue 4\n"));
  CHECK_THAT(page, Catch::Contains("sportello_seats_free_today{desk=\"roma\",type=\"lavoro-documenti\"} 12\n"));
  CHECK(renders == 1);
}

TEST_CASE("label values and help texts are escaped") {
  Metrics metrics;
  metrics.AddCounter("weird_total", "Line one\nback\\slash").Increment({{"name", "a\"b\\c\nd"}});
  const std::string page = metrics.Render();
  CHECK_THAT(page, Catch::Contains("# HELP weird_total Line one\\nback\\\\slash\n"));
  CHECK_THAT(page, Catch::Contains("weird_total{name=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST_CASE("invalid and duplicate metric names are refused") {
  Metrics metrics;
  metrics.AddCounter("sportello_logins_total", "Logins.");
  CHECK_THROWS_AS(metrics.AddCounter("sportello_logins_total", "Again."), std::invalid_argument);
  CHECK_THROWS_AS(metrics.AddGauge("sportello_http_requests_total", "Built in."), std::invalid_argument);
  CHECK_THROWS_AS(metrics.AddGauge("bad name", "Space."), std::invalid_argument);
  CHECK_THROWS_AS(metrics.AddGauge("9lives", "Digit first."), std::invalid_argument);
  CHECK_THROWS_AS(metrics.AddGaugeCallback("empty", "No callback.", nullptr), std::invalid_argument);
  const Metrics::Counter counter = metrics.AddCounter("labelled_total", "Labels.");
  CHECK_THROWS_AS(counter.Increment({{"bad-label", "x"}}), std::invalid_argument);
}

TEST_CASE("requests recorded from many threads are all counted") {
  Metrics metrics;
  const Metrics::Counter extra = metrics.AddCounter("extra_total", "Extra.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        metrics.RecordRequest("GET /x", 200, 1ms);
        extra.Increment();
        if (i % 100 == 0) (void)metrics.Render();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string page = metrics.Render();
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"GET /x\",status=\"200\"} 4000\n"));
  CHECK_THAT(page, Catch::Contains("extra_total 4000\n"));
}

}  // namespace
}  // namespace sportello::http
