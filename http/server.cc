#include "http/server.h"

#include "http/listener.h"
#include "http/session.h"
#include "http/worker_pool.h"
#include "logging/log.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <exception>
#include <stdexcept>
#include <string>

namespace sportello::http {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// How often a stopping server looks whether its connections are all closed.
constexpr std::chrono::milliseconds kDrainCheckInterval{20};

void Validate(const ServerConfig& config) {
  if (config.io_threads < 1 || config.worker_threads < 1) {
    throw std::invalid_argument("server: io_threads and worker_threads must be at least 1");
  }
  if (config.max_pipelined < 1 || config.max_connections < 1 || config.worker_queue_limit < 1) {
    throw std::invalid_argument("server: max_pipelined, max_connections and worker_queue_limit must be at least 1");
  }
}

}  // namespace

Server::Server(ServerConfig config, Handler handler, Metrics& metrics, AccessLog* access_log)
    : config_(std::move(config)),
      handler_(std::move(handler)),
      metrics_(metrics),
      access_log_(access_log),
      registry_(std::make_unique<SessionRegistry>()),
      io_context_(config_.io_threads) {}

Server::~Server() {
  Stop();
  Wait();
}

void Server::Start() {
  if (started_) throw std::logic_error("server: Start() called twice");
  if (stopping_.load()) throw std::logic_error("server: Start() after Stop()");
  Validate(config_);
  started_ = true;

  workers_ = std::make_unique<WorkerPool>(config_.worker_threads, config_.worker_queue_limit);
  environment_ = std::make_unique<SessionEnvironment>(
      SessionEnvironment{config_, handler_, *workers_, metrics_, access_log_, *registry_, stopping_,
                         CommonHeaderLines(config_)});
  try {
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config_.bind), config_.port);
    listener_ = std::make_shared<Listener>(io_context_, endpoint, *environment_);
  } catch (const boost::system::system_error& error) {
    workers_->Stop();
    throw std::runtime_error("cannot listen on " + config_.bind + ":" + std::to_string(config_.port) + ": " +
                             error.code().message());
  }
  port_ = listener_->port();
  listener_->Start();
  io_threads_.reserve(static_cast<std::size_t>(config_.io_threads));
  for (int i = 0; i < config_.io_threads; ++i) io_threads_.emplace_back([this] { RunIoThread(); });
}

void Server::Stop() {
  if (stopping_.exchange(true)) return;
  if (!listener_) return;  // never started: nothing runs
  asio::post(io_context_, [this] { BeginDrain(); });
}

void Server::Wait() {
  std::lock_guard lock(wait_mutex_);
  for (std::thread& thread : io_threads_) {
    if (thread.joinable()) thread.join();
  }
  // Every answer is back on its strand by now (the I/O threads ran until no work was left).
  if (workers_) workers_->Stop();
}

void Server::RunIoThread() {
  for (;;) {
    try {
      io_context_.run();
      return;
    } catch (const std::exception& error) {
      logging::Error("http", "io_thread_failed", std::string("unexpected error on an I/O thread: ") + error.what(),
                     {{"error", error.what()}});
    }
  }
}

void Server::BeginDrain() {
  listener_->Stop();
  registry_->ForEach([](Session& session) { session.NotifyStopping(); });
  ScheduleDrainCheck(Clock::now() + config_.drain_timeout);
}

// Until every connection has closed or the deadline passes; then the rest are closed by force.
// The I/O threads return from run() once nothing is left to do.
void Server::ScheduleDrainCheck(Clock::time_point deadline) {
  auto timer = std::make_shared<asio::steady_timer>(io_context_, kDrainCheckInterval);
  timer->async_wait([this, timer, deadline](boost::system::error_code) {
    if (registry_->size() == 0) return;
    if (Clock::now() >= deadline) {
      registry_->ForEach([](Session& session) { session.ForceClose(); });
      return;
    }
    ScheduleDrainCheck(deadline);
  });
}

}  // namespace sportello::http
