#include "tools/bench/load/client_connection.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <utility>

namespace sportello::bench {

namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

ClientConnection::ClientConnection(boost::asio::io_context& io_context, tcp::endpoint server,
                                   std::chrono::seconds timeout)
    : stream_(io_context), server_(std::move(server)), timeout_(timeout) {}

void ClientConnection::Send(HttpRequest request, Done done) {
  request_ = std::move(request);
  request_.set(beast_http::field::host, server_.address().to_string());
  request_.keep_alive(true);
  request_.prepare_payload();
  done_ = std::move(done);
  sent_at_ = std::chrono::steady_clock::now();
  if (connected_) {
    Write();
  } else {
    Connect();
  }
}

void ClientConnection::Connect() {
  stream_.expires_after(timeout_);
  stream_.async_connect(server_, [self = shared_from_this()](beast::error_code error) {
    if (error) return self->Finish(error);
    self->connected_ = true;
    ++self->connects_;
    self->stream_.socket().set_option(tcp::no_delay(true));
    self->Write();
  });
}

void ClientConnection::Write() {
  stream_.expires_after(timeout_);
  beast_http::async_write(stream_, request_, [self = shared_from_this()](beast::error_code error, std::size_t) {
    if (error) return self->Finish(error);
    self->Read();
  });
}

void ClientConnection::Read() {
  response_ = {};
  beast_http::async_read(stream_, buffer_, response_, [self = shared_from_this()](beast::error_code error, std::size_t) {
    if (error || !self->response_.keep_alive()) self->Close();
    self->Finish(error);
  });
}

void ClientConnection::Close() {
  connected_ = false;
  buffer_.clear();
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void ClientConnection::Finish(beast::error_code error) {
  stream_.expires_never();
  if (error) Close();
  Exchange exchange{error, error ? nullptr : &response_, std::chrono::steady_clock::now() - sent_at_};
  Done done = std::move(done_);
  done(exchange);
}

}  // namespace sportello::bench
