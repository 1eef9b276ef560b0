// How many small HTTP requests per second can this machine answer? Loads two servers in turn with
// the same in-process keep-alive client and prints throughput and latency, numbers only:
//   bare       a minimal Boost.Beast server answering a fixed JSON on its I/O threads (the ceiling);
//   sportello  sportello's own server core (http::Server: strands, worker hop, limits, metrics)
//              with a handler answering the same JSON (what the network core costs on top).
// The client runs in the same process, so on a small machine it competes with the server for CPU:
// compare the two rows with each other, not with other machines.
//
//   build/release/tools/bench/bare_server_bench [--server bare|sportello|both] [--connections 64]
//       [--seconds 5] [--io-threads 1] [--workers 4] [--client-threads 1] [--body-bytes N]
//
// --body-bytes N answers a JSON body of exactly N bytes instead of the 15-byte one, so that the
// bare server can be compared with an answer of the same size (e.g. a 14-day availability).
//
// With --listen PORT it only serves (--server bare or sportello) on 127.0.0.1:PORT until SIGINT or
// SIGTERM, printing `listening PORT` once ready, so that the server and an outside client (e.g.
// `surge_load get`) can be pinned to different cores with taskset.
#include "http/metrics.h"
#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kSmallBody = R"({"status":"ok"})";

// The body every answer carries (set once in main, before any server starts).
std::string& Body() {
  static std::string body(kSmallBody);
  return body;
}

// A JSON object of exactly `bytes` bytes (at least the small body's size).
std::string JsonOfSize(std::size_t bytes) {
  constexpr std::string_view kOpen = R"({"pad":")";
  constexpr std::string_view kClose = R"("})";
  if (bytes <= kSmallBody.size()) return std::string(kSmallBody);
  return std::string(kOpen) + std::string(bytes - kOpen.size() - kClose.size(), 'x') + std::string(kClose);
}

struct Options {
  std::string server = "both";
  int connections = 64;
  int seconds = 5;
  int io_threads = 1;
  int workers = 4;
  int client_threads = 1;
  int listen_port = 0;  // 0: run the in-process load instead
  std::size_t body_bytes = kSmallBody.size();
};

sportello::http::Response FixedAnswer(const sportello::http::Request& request) {
  sportello::http::Response response{beast_http::status::ok, request.version()};
  response.set(beast_http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = Body();
  response.prepare_payload();
  return response;
}

// ---- the bare server: read, answer on the I/O thread, repeat ----

class BareSession : public std::enable_shared_from_this<BareSession> {
 public:
  explicit BareSession(tcp::socket socket) : stream_(std::move(socket)) {}
  void Read() {
    request_ = {};
    beast_http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return;
      self->response_ = FixedAnswer(self->request_);
      beast_http::async_write(self->stream_, self->response_, [self](beast::error_code write_error, std::size_t) {
        if (!write_error) self->Read();
      });
    });
  }

 private:
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  sportello::http::Request request_;
  sportello::http::Response response_;
};

void Accept(tcp::acceptor& acceptor, asio::io_context& io_context) {
  acceptor.async_accept(asio::make_strand(io_context), [&acceptor, &io_context](beast::error_code error, tcp::socket socket) {
    if (error) return;
    std::make_shared<BareSession>(std::move(socket))->Read();
    Accept(acceptor, io_context);
  });
}

// ---- the load: every connection sends its next request as soon as the answer is in ----

struct LoadResult {
  std::uint64_t requests = 0;
  std::vector<double> latencies_ms;
};

class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(asio::io_context& io_context, Clock::time_point measure_from, Clock::time_point end, LoadResult& result,
                 std::mutex& result_mutex)
      : stream_(io_context), measure_from_(measure_from), end_(end), result_(result), result_mutex_(result_mutex) {
    request_ = {beast_http::verb::get, "/api/v1/bench", 11};
    request_.set(beast_http::field::host, "127.0.0.1");
  }
  ~LoadConnection() {
    std::lock_guard lock(result_mutex_);
    result_.requests += local_.requests;
    result_.latencies_ms.insert(result_.latencies_ms.end(), local_.latencies_ms.begin(), local_.latencies_ms.end());
  }
  void Start(tcp::endpoint server) {
    stream_.async_connect(server, [self = shared_from_this()](beast::error_code error) {
      if (!error) self->Send();
    });
  }

 private:
  void Send() {
    sent_at_ = Clock::now();
    if (sent_at_ >= end_) return;
    beast_http::async_write(stream_, request_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return;
      self->response_ = {};
      beast_http::async_read(self->stream_, self->buffer_, self->response_, [self](beast::error_code read_error, std::size_t) {
        if (read_error) return;
        if (self->sent_at_ >= self->measure_from_) {
          ++self->local_.requests;
          self->local_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - self->sent_at_).count());
        }
        self->Send();
      });
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  sportello::http::Request request_;
  sportello::http::Response response_;
  Clock::time_point sent_at_;
  const Clock::time_point measure_from_;
  const Clock::time_point end_;
  LoadResult local_;
  LoadResult& result_;
  std::mutex& result_mutex_;
};

// One second of warm-up, then `options.seconds` measured.
LoadResult RunLoad(std::uint16_t port, const Options& options) {
  LoadResult result;
  std::mutex result_mutex;
  asio::io_context io_context;  // after `result`: connections report into it when they end
  const Clock::time_point measure_from = Clock::now() + std::chrono::seconds(1);
  const Clock::time_point end = measure_from + std::chrono::seconds(options.seconds);
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  for (int i = 0; i < options.connections; ++i) {
    std::make_shared<LoadConnection>(io_context, measure_from, end, result, result_mutex)->Start(server);
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < options.client_threads; ++i) threads.emplace_back([&io_context] { io_context.run(); });
  for (std::thread& thread : threads) thread.join();
  return result;
}

void Print(const char* name, const Options& options, LoadResult result) {
  std::vector<double>& latencies = result.latencies_ms;
  auto percentile = [&latencies](double p) {
    if (latencies.empty()) return 0.0;
    const auto index = static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1));
    std::nth_element(latencies.begin(), latencies.begin() + static_cast<std::ptrdiff_t>(index), latencies.end());
    return latencies[index];
  };
  const double per_second = static_cast<double>(result.requests) / options.seconds;
  std::printf("%-10s %11d %12.0f %8.3f %8.3f %8.3f\n", name, options.connections, per_second, percentile(0.5),
              percentile(0.99), percentile(0.999));
}

// The bare Beast server on 127.0.0.1:`port` (0: any free port), answering on its I/O threads
// until destroyed.
class BareServer {
 public:
  BareServer(int io_threads, std::uint16_t port)
      : io_context_(io_threads), acceptor_(io_context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port)) {
    Accept(acceptor_, io_context_);
    for (int i = 0; i < io_threads; ++i) threads_.emplace_back([this] { io_context_.run(); });
  }
  BareServer(const BareServer&) = delete;
  BareServer& operator=(const BareServer&) = delete;
  ~BareServer() {
    io_context_.stop();
    for (std::thread& thread : threads_) thread.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context io_context_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
};

// sportello's server core on 127.0.0.1:`port` (0: any free port) answering the same fixed JSON,
// started; it stops when destroyed. `metrics` must outlive it.
std::unique_ptr<sportello::http::Server> StartSportello(const Options& options, std::uint16_t port,
                                                        sportello::http::Metrics& metrics) {
  sportello::http::ServerConfig config;
  config.port = port;
  config.io_threads = options.io_threads;
  config.worker_threads = options.workers;
  auto server = std::make_unique<sportello::http::Server>(
      config,
      [](const sportello::http::Request& request, const sportello::http::RequestContext&, sportello::http::RouteInfo& route) {
        route.route = "GET /api/v1/bench";
        return FixedAnswer(request);
      },
      metrics);
  server->Start();
  return server;
}

void BenchBare(const Options& options) {
  LoadResult result;
  {
    const BareServer server(options.io_threads, 0);
    result = RunLoad(server.port(), options);
  }
  Print("bare", options, result);
}

void BenchSportello(const Options& options) {
  sportello::http::Metrics metrics;
  LoadResult result;
  {
    const auto server = StartSportello(options, 0, metrics);
    result = RunLoad(server->port(), options);
  }
  Print("sportello", options, result);
}

// Blocks until SIGINT or SIGTERM.
void WaitForStopSignal() {
  asio::io_context signals_context;
  asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](beast::error_code, int) {});
  signals_context.run();
}

void PrintListening(std::uint16_t port) {
  std::printf("listening %u\n", static_cast<unsigned>(port));
  std::fflush(stdout);
}

int ServeOnly(const Options& options) {
  const auto port = static_cast<std::uint16_t>(options.listen_port);
  if (options.server == "bare") {
    const BareServer server(options.io_threads, port);
    PrintListening(server.port());
    WaitForStopSignal();
    return 0;
  }
  if (options.server != "sportello") {
    std::fprintf(stderr, "--listen needs --server bare or --server sportello\n");
    return 2;
  }
  sportello::http::Metrics metrics;
  const auto server = StartSportello(options, port, metrics);
  PrintListening(server->port());
  WaitForStopSignal();
  return 0;
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--server") options.server = value;
    else if (flag == "--connections") options.connections = std::max(1, std::atoi(value));
    else if (flag == "--seconds") options.seconds = std::max(1, std::atoi(value));
    else if (flag == "--io-threads") options.io_threads = std::max(1, std::atoi(value));
    else if (flag == "--workers") options.workers = std::max(1, std::atoi(value));
    else if (flag == "--client-threads") options.client_threads = std::max(1, std::atoi(value));
    else if (flag == "--listen") options.listen_port = std::clamp(std::atoi(value), 1, 65535);
    else if (flag == "--body-bytes") options.body_bytes = std::clamp<std::size_t>(std::strtoul(value, nullptr, 10), 0, 1 << 24);
    else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  Body() = JsonOfSize(options.body_bytes);
  if (options.listen_port != 0) return ServeOnly(options);
  std::printf("%-10s %11s %12s %8s %8s %8s\n", "server", "connections", "requests/s", "p50_ms", "p99_ms", "p999_ms");
  if (options.server == "bare" || options.server == "both") BenchBare(options);
  if (options.server == "sportello" || options.server == "both") BenchSportello(options);
  return 0;
}
