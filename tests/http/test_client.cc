#include "tests/http/test_client.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <array>
#include <functional>
#include <optional>
#include <stdexcept>

namespace sportello::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;

TestClient::TestClient(std::uint16_t port, std::string_view server_address, std::string_view local_address)
    : stream_(io_context_) {
  const tcp::endpoint server(asio::ip::make_address(server_address), port);
  if (!local_address.empty()) {
    stream_.socket().open(server.protocol());
    stream_.socket().bind(tcp::endpoint(asio::ip::make_address(local_address), 0));
  }
  const auto error = Run([&](auto done) { stream_.async_connect(server, done); }, kDefaultTimeout);
  if (error) throw std::runtime_error("test client: cannot connect: " + error.message());
}

template <class Operation>
boost::system::error_code TestClient::Run(Operation operation, std::chrono::milliseconds timeout) {
  boost::system::error_code result = asio::error::would_block;
  stream_.expires_after(timeout);
  operation([&result](boost::system::error_code error, auto&&...) { result = error; });
  io_context_.restart();
  io_context_.run();
  return result;
}

Response TestClient::Send(Request request) {
  const bool head = request.method() == beast_http::verb::head;
  Write(std::move(request));
  return Read(head);
}

Response TestClient::Get(std::string_view target, const Headers& headers) {
  return Send(MakeRequest(beast_http::verb::get, target, headers));
}

Response TestClient::Post(std::string_view target, std::string body, const Headers& headers) {
  Headers with_type = headers;
  with_type.emplace_back("Content-Type", "application/json");
  return Send(MakeRequest(beast_http::verb::post, target, with_type, std::move(body)));
}

Response TestClient::Put(std::string_view target, std::string body, const Headers& headers) {
  Headers with_type = headers;
  with_type.emplace_back("Content-Type", "application/json");
  return Send(MakeRequest(beast_http::verb::put, target, with_type, std::move(body)));
}

void TestClient::Write(Request request) {
  if (request.find(beast_http::field::host) == request.end()) request.set(beast_http::field::host, "127.0.0.1");
  request.prepare_payload();
  const auto error = Run([&](auto done) { beast_http::async_write(stream_, request, done); }, kDefaultTimeout);
  if (error) throw std::runtime_error("test client: cannot write the request: " + error.message());
  unanswered_.emplace_back(std::string(request.method_string()), std::string(request.target()));
}

namespace {

// The method and target of the request line `bytes` begin with ("GET /a HTTP/1.1\r\n"), if they do.
std::optional<std::pair<std::string, std::string>> RequestLine(std::string_view bytes) {
  const std::size_t end = bytes.find("\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view line = bytes.substr(0, end);
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last || !line.substr(last + 1).starts_with("HTTP/")) {
    return std::nullopt;
  }
  return std::pair{std::string(line.substr(0, first)), std::string(line.substr(first + 1, last - first - 1))};
}

}  // namespace

void TestClient::WriteRaw(std::string_view bytes) {
  const auto error = Run([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); }, kDefaultTimeout);
  if (error) throw std::runtime_error("test client: cannot write: " + error.message());
  if (auto line = RequestLine(bytes)) unanswered_.push_back(std::move(*line));
}

Response TestClient::Read(bool answer_to_head) {
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(answer_to_head);
  const auto error = Run([&](auto done) { beast_http::async_read(stream_, buffer_, parser, done); }, kDefaultTimeout);
  if (error) throw std::runtime_error("test client: no answer: " + error.message());
  Response response = parser.release();
  std::pair<std::string, std::string> request;
  if (!unanswered_.empty()) {
    request = std::move(unanswered_.front());
    unanswered_.pop_front();
  }
  RecordAnswer(request.first, request.second, response);
  return response;
}

bool TestClient::WaitForClose(std::chrono::milliseconds timeout) {
  // A plain timer, not the stream's own timeout, which would close the connection itself.
  asio::steady_timer timer(io_context_, timeout);
  bool timed_out = false;
  timer.async_wait([&](boost::system::error_code error) {
    if (error) return;
    timed_out = true;
    boost::system::error_code ignored;
    stream_.socket().cancel(ignored);
  });
  std::array<char, 4096> discard{};
  boost::system::error_code read_error;
  std::function<void(boost::system::error_code, std::size_t)> on_read = [&](boost::system::error_code error,
                                                                             std::size_t) {
    if (!error && !timed_out) return stream_.async_read_some(asio::buffer(discard), on_read);
    read_error = error;
    timer.cancel();
  };
  stream_.expires_never();
  stream_.async_read_some(asio::buffer(discard), on_read);
  io_context_.restart();
  io_context_.run();
  return !timed_out && read_error;
}

Request MakeRequest(beast_http::verb method, std::string_view target, const Headers& headers, std::string body) {
  Request request{method, target, 11};
  request.set(beast_http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

boost::json::value JsonBody(const Response& response) { return boost::json::parse(response.body()); }

}  // namespace sportello::http::testing
