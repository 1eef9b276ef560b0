// Fuzzes the server's HTTP framing through a real socket: request lines, headers, Content-Length and
// chunked bodies (sizes, extensions, trailers), pipelining and early ends. Each input is written as
// is to a fresh connection of an http::Server on 127.0.0.1, the client then ends its side, and
// every byte the server sends back is read until it closes. Any outcome is fine except a crash, a
// sanitizer report, or answer bytes that do not begin as an HTTP/1.x status line.
#include "http/metrics.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

using namespace sportello;
namespace beast_http = boost::beast::http;

// Answers "<target>|<body size>" to every request it is given.
http::Response Echo(const http::Request& request, const http::RequestContext&, http::RouteInfo& route) {
  route.route = "ECHO";
  http::Response response{beast_http::status::ok, request.version()};
  response.set(beast_http::field::content_type, "text/plain");
  response.keep_alive(request.keep_alive());
  response.body() = std::string(request.target()) + "|" + std::to_string(request.body().size());
  return response;
}

// The server every input talks to, started once.
std::uint16_t ServerPort() {
  static http::Metrics metrics;
  static std::unique_ptr<http::Server> server = [] {
    http::ServerConfig config;
    config.port = 0;
    config.worker_threads = 2;
    config.max_pipelined = 4;
    config.read_timeout = std::chrono::seconds{2};
    config.idle_timeout = std::chrono::seconds{2};
    config.write_timeout = std::chrono::seconds{2};
    auto started = std::make_unique<http::Server>(config, http::Handler(Echo), metrics);
    started->Start();
    return started;
  }();
  return server->port();
}

// Every byte the server sends on `fd` until it closes (or stays silent for 3 s).
std::string ReadAll(int fd) {
  timeval timeout{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answers;
  char chunk[16 * 1024];
  for (;;) {
    const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) break;
    answers.append(chunk, static_cast<std::size_t>(got));
  }
  return answers;
}

// A new connection to the server. Closed with a reset (SO_LINGER 0), so that thousands of runs a
// second leave no TIME_WAIT behind to use up the ephemeral ports; a failed connect is tried again
// a few times before the run stops.
int Connect() {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(ServerPort());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int attempt = 1;; ++attempt) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) std::abort();
    const linger reset{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return fd;
    std::perror("http_socket_fuzz: connect");
    close(fd);
    if (attempt == 20) std::abort();
    usleep(50 * 1000);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = Connect();
  // The server may refuse and close before everything is written: later writes then fail, quietly.
  std::size_t sent = 0;
  while (sent < size) {
    const ssize_t wrote = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (wrote <= 0) break;
    sent += static_cast<std::size_t>(wrote);
  }
  shutdown(fd, SHUT_WR);
  const std::string answers = ReadAll(fd);
  close(fd);
  if (!answers.empty() && !std::string_view(answers).starts_with("HTTP/1.")) {
    std::fprintf(stderr, "http_socket_fuzz: the server sent bytes that are not an HTTP answer: %.40s\n",
                 answers.c_str());
    std::abort();
  }
  return 0;
}
