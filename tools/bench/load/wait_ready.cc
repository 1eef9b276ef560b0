#include "tools/bench/load/wait_ready.h"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <thread>

namespace sportello::bench {
namespace {

namespace beast_http = boost::beast::http;

// One blocking GET /healthz; true on a 200. Any failure (refused, reset) is false.
bool Healthy(const boost::asio::ip::tcp::endpoint& server) {
  boost::asio::io_context io_context;
  boost::asio::ip::tcp::socket socket(io_context);
  boost::system::error_code error;
  socket.connect(server, error);
  if (error) return false;
  beast_http::request<beast_http::empty_body> request{beast_http::verb::get, "/healthz", 11};
  request.set(beast_http::field::host, server.address().to_string());
  beast_http::write(socket, request, error);
  if (error) return false;
  boost::beast::flat_buffer buffer;
  beast_http::response<beast_http::string_body> response;
  beast_http::read(socket, buffer, response, error);
  return !error && response.result_int() == 200;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> WaitUntilHealthy(const boost::asio::ip::tcp::endpoint& server,
                                                                      std::chrono::seconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up) {
    if (Healthy(server)) return std::chrono::system_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return std::nullopt;
}

}  // namespace sportello::bench
