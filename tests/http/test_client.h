// A small synchronous HTTP/1.1 client for tests, talking to a server through a real socket.
//
// One TestClient is one TCP connection (keep-alive: send several requests on it). Every network
// operation has a time limit (default 10 s) so a broken server fails a test instead of hanging it;
// a failure throws std::runtime_error naming what went wrong. It can also write raw bytes, read
// several answers to pipelined requests, and tell whether the server closed the connection.
// The client may bind its own end to another loopback address (127.0.0.2, ...) to look like
// another machine to per-address limits.
// Every answer read is also given to RecordAnswer() (recorded_answers.h) with the request it
// answers (for raw bytes, the request line they begin with, if any).
// Not thread-safe: one thread per client.
#pragma once

#include "http/message.h"
#include "tests/http/recorded_answers.h"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sportello::http::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

class TestClient {
 public:
  static constexpr std::chrono::seconds kDefaultTimeout{10};

  // Connects to `server_address`:`port`, from `local_address` when it is not empty.
  explicit TestClient(std::uint16_t port, std::string_view server_address = "127.0.0.1",
                      std::string_view local_address = "");

  // Sends `request` (Host and Content-Length are filled in) and reads its answer.
  Response Send(Request request);
  Response Get(std::string_view target, const Headers& headers = {});
  Response Post(std::string_view target, std::string body, const Headers& headers = {});
  Response Put(std::string_view target, std::string body, const Headers& headers = {});

  // The pieces of Send, for pipelining: write several requests, then read their answers in order.
  void Write(Request request);
  void WriteRaw(std::string_view bytes);
  Response Read(bool answer_to_head = false);

  // True when the server closes the connection (end of stream or reset) within `timeout`, reading
  // and discarding anything it still sends; false when it is still open after `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout);

  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  template <class Operation>
  boost::system::error_code Run(Operation operation, std::chrono::milliseconds timeout);

  boost::asio::io_context io_context_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  // Method and target of each request written and not answered yet, oldest first.
  std::deque<std::pair<std::string, std::string>> unanswered_;
};


// A request with `method`, `target` and headers, HTTP/1.1.
Request MakeRequest(boost::beast::http::verb method, std::string_view target, const Headers& headers = {},
                    std::string body = "");

// The JSON body of `response`; throws when it is not JSON.
boost::json::value JsonBody(const Response& response);

}  // namespace sportello::http::testing
