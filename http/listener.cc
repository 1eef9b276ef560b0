#include "http/listener.h"

#include "http/session.h"
#include "logging/log.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <algorithm>

namespace sportello::http {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
}

Listener::Listener(asio::io_context& io_context, const tcp::endpoint& endpoint, const SessionEnvironment& environment)
    : io_context_(io_context),
      acceptor_(asio::make_strand(io_context)),
      retry_timer_(acceptor_.get_executor()),
      environment_(environment) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::Start() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->Accept(); });
}

void Listener::Stop() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    self->stopped_ = true;
    boost::beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::Accept() {
  if (stopped_) return;
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(io_context_),
                         boost::beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

bool Listener::Admit(const tcp::socket& socket) {
  const ServerConfig& config = environment_.config;
  SessionRegistry& registry = environment_.registry;
  const std::size_t open = registry.size();
  // Near the cap, connections kept alive with nothing to do make room for new ones.
  const std::size_t closing = open * 10 >= config.max_connections * 9 ? registry.CloseIdle() : 0;
  if (open - std::min(open, closing) >= config.max_connections) return false;
  boost::beast::error_code error;
  const auto peer = socket.remote_endpoint(error);
  if (error) return false;  // already gone
  const bool proxy = std::any_of(config.trusted_proxies.begin(), config.trusted_proxies.end(),
                                 [&](const Network& network) { return network.Contains(peer.address()); });
  return proxy || registry.CountFrom(LimitKey(peer.address().to_string())) < config.max_connections_per_address;
}

void Listener::OnAccept(boost::beast::error_code error, tcp::socket socket) {
  if (stopped_ || error == asio::error::operation_aborted) return;
  if (error) {  // e.g. out of file descriptors: wait a little rather than spin
    logging::Error("http", "accept_failed", "accept failed: " + error.message(), {{"error", error.message()}});
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](boost::beast::error_code wait_error) {
      if (!wait_error) self->Accept();
    });
    return;
  }
  if (!Admit(socket)) {
    boost::beast::error_code ignored;
    socket.close(ignored);
  } else {
    boost::beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), environment_)->Start();
  }
  Accept();
}

}  // namespace sportello::http
