// The network core of `sportello serve`: an asynchronous HTTP/1.1 server (Boost.Beast) that reads
// requests, lets the Handler answer each at once on the I/O thread when it can without blocking,
// hands the others to it on a worker thread, and writes the answers back in order.
//
// What the server does on its own, so handlers never have to: keep-alive and pipelining (at most
// `max_pipelined` requests read ahead of their answers), a time limit on reading a whole request
// and on waiting for the next one, header and body size limits (431 / 413 problem+json), 400 and
// close on a malformed request, 503 with Retry-After when the worker queue is full, the security
// headers on every answer, the request metrics and one access-log line per request. It knows no
// route and no business rule.
// Thread-safe: Stop() may be called from any thread, any number of times (e.g. from the caller's
// asio::signal_set handler or from a handler). Start() and Wait() are for the owning thread.
#pragma once

#include "http/client_address.h"
#include "http/handler.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace sportello::http {

// The national system's routes (SPEC.md, "Integration").
inline constexpr std::string_view kSystemApiPrefix = "/api/v1/system/";

class AccessLog;
class Listener;
class Metrics;
class SessionRegistry;
class WorkerPool;
struct SessionEnvironment;

struct ServerConfig {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests); see Server::port()
  int io_threads = 1;
  int worker_threads = 16;   // requests that may block (database reads past a cache, writes)
  std::size_t worker_queue_limit = 1024;     // requests waiting for a worker; beyond: 503
  std::chrono::seconds read_timeout{10};     // one whole request, headers and body
  std::chrono::seconds idle_timeout{30};     // keep-alive wait for the next request
  std::chrono::seconds write_timeout{10};    // one whole answer, to a client that reads slowly
  std::chrono::seconds drain_timeout{10};    // Stop(): how long in-flight requests may take to finish
  std::size_t header_limit = 8 * 1024;       // request line and header fields, bytes
  std::size_t body_limit = 64 * 1024;        // bytes
  std::size_t system_body_limit = 2 * 1024 * 1024;  // bytes, for kSystemApiPrefix (a batch of applications)
  std::size_t max_pipelined = 16;            // requests read ahead of their answers, per connection
  std::size_t max_connections = 10000;       // beyond: new connections are closed at once
  // From one address (IPv6: one /64), trusted proxies apart: one client cannot hold every slot.
  // Beyond: closed at once. Generous, for the many phones behind one carrier's NAT.
  std::size_t max_connections_per_address = 256;
  // Every answer tells browsers to use HTTPS only, for a year (Strict-Transport-Security): set
  // when the public address is https, so never on a plain-HTTP test or demo setup.
  bool strict_transport_security = false;
  // Reverse proxies whose `X-Forwarded-For` / `Forwarded` names the client (client_address.h).
  // Empty: every client is the address it connects from.
  std::vector<Network> trusted_proxies;
};

class Server {
 public:
  // `handler` answers every request; `metrics` and `access_log` (may be null: no log) must outlive
  // the server. Nothing happens on the network before Start().
  Server(ServerConfig config, Handler handler, Metrics& metrics, AccessLog* access_log = nullptr);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // Stops the server and waits for it (see Stop, Wait).
  ~Server();

  // Binds, listens and starts the I/O and worker threads. Throws std::runtime_error when the address
  // cannot be bound, std::invalid_argument for an unusable config, std::logic_error when called twice.
  void Start();

  // The port listened on (the one picked by the system when the config said 0). After Start().
  std::uint16_t port() const { return port_; }

  // Begins a graceful stop and returns at once: stop accepting, close idle connections, let requests
  // already read finish and their answers be written (each with `Connection: close`), and after
  // `drain_timeout` close whatever is left. Idempotent; safe from any thread.
  void Stop();

  // Blocks until the server has stopped (after Stop()) and joins its threads. Must not be called
  // from a handler (it would wait for itself).
  void Wait();

 private:
  void RunIoThread();
  void BeginDrain();
  void ScheduleDrainCheck(std::chrono::steady_clock::time_point deadline);

  const ServerConfig config_;
  const Handler handler_;
  Metrics& metrics_;
  AccessLog* const access_log_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::uint16_t port_ = 0;

  // Declared so that they are destroyed in a safe order: sessions still queued in io_context_
  // when it is destroyed unregister from registry_ and use environment_.
  std::unique_ptr<SessionRegistry> registry_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<SessionEnvironment> environment_;
  boost::asio::io_context io_context_;
  std::shared_ptr<Listener> listener_;
  std::mutex wait_mutex_;
  std::vector<std::thread> io_threads_;
};

}  // namespace sportello::http
