// One keep-alive HTTP/1.1 connection of the load generator (Boost.Beast over Asio).
//
// Send() writes one request and reads its answer, then calls `done` with the answer (or the
// transport error) and the latency measured from the call of Send() to the complete answer. The
// connection is opened on first use and opened again after an error or a `Connection: close`
// answer, so a caller never sees a half-open connection twice. One request at a time per
// connection (no pipelining), as a browser does. Each request times out after `timeout`.
// Not thread-safe: use each connection from the thread running its io_context only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace sportello::bench {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// What came back for one request. `response` is valid only when `error` is not set, and only
// during the callback.
struct Exchange {
  boost::beast::error_code error;
  const HttpResponse* response = nullptr;
  std::chrono::steady_clock::duration latency{};
};

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
 public:
  using Done = std::function<void(const Exchange&)>;

  ClientConnection(boost::asio::io_context& io_context, boost::asio::ip::tcp::endpoint server,
                   std::chrono::seconds timeout = std::chrono::seconds{30});

  // Sends `request` (Host and keep-alive are set here) and calls `done` once.
  void Send(HttpRequest request, Done done);

  // How many times the connection was (re)opened.
  int connects() const { return connects_; }

 private:
  void Connect();
  void Write();
  void Read();
  void Close();
  void Finish(boost::beast::error_code error);

  boost::beast::tcp_stream stream_;
  const boost::asio::ip::tcp::endpoint server_;
  const std::chrono::seconds timeout_;
  bool connected_ = false;
  int connects_ = 0;
  boost::beast::flat_buffer buffer_;
  HttpRequest request_;
  HttpResponse response_;
  Done done_;
  std::chrono::steady_clock::time_point sent_at_;
};

}  // namespace sportello::bench
