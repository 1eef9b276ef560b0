// Accepts TCP connections and starts a Session for each, up to `max_connections` live sessions;
// beyond that a new connection is closed at once (the client may retry). Accept errors such as
// "too many open files" pause accepting briefly instead of spinning.
// Thread-safe: Stop() may be called from any thread; the acceptor lives on its own strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <cstdint>
#include <memory>

namespace sportello::http {

struct SessionEnvironment;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens on `endpoint`. Throws boost::system::system_error when it cannot.
  Listener(boost::asio::io_context& io_context, const boost::asio::ip::tcp::endpoint& endpoint,
           const SessionEnvironment& environment);

  // The port bound (useful when `endpoint` asked for port 0).
  std::uint16_t port() const { return port_; }

  // Starts accepting. Call once.
  void Start();
  // Stops accepting and closes the listening socket. Idempotent.
  void Stop();

 private:
  void Accept();
  void OnAccept(boost::beast::error_code error, boost::asio::ip::tcp::socket socket);
  // Whether a new connection may have a session: under the total cap (after closing idle ones
  // when near it) and under the cap of its address.
  bool Admit(const boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context& io_context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  const SessionEnvironment& environment_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace sportello::http
