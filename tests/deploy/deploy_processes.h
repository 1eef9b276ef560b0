// The processes the deployment tests run besides the nodes: Debian's nginx with the shipped
// configuration (deploy/nginx/sportello.conf, with only the ports and the log path changed), and a
// stand-in node that dies holding a request. Each stops what it started when it goes, whatever
// the test did. Not thread-safe: one test thread owns each.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sportello::testing {

// True once `condition` holds, polled for up to 10 s.
bool Eventually(const std::function<bool()>& condition);

// The whole text of a file; empty when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

// `text` with its one occurrence of `from` replaced by `to`; throws when `from` is not there
// exactly once (the shipped file changed: the test must follow, not silently test something else).
std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to);

// nginx with the shipped configuration, in the foreground, in its own process group; stopped and
// reaped, workers included, when this object goes, whatever the test did (and told to stop when
// the test process dies).
class Nginx {
 public:
  // Writes the configuration for `port` in front of `nodes` into `dir`, checks it with `nginx -t`
  // and starts nginx; throws with nginx's output when it does not accept connections within 10 s.
  Nginx(const std::filesystem::path& dir, std::uint16_t port, const std::vector<std::uint16_t>& nodes);
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;
  ~Nginx() { Stop(); }

  std::uint16_t port() const { return port_; }
  // nginx's error log and its access log (format `sportello`: which node answered).
  std::string Logs() const;

 private:
  std::vector<std::string> Arguments(std::vector<std::string> extra) const;
  std::string Command(std::vector<std::string> extra) const;
  void Start();

  // SIGTERM to the group (nginx's fast shutdown), SIGKILL to the group when it lingers.
  void Stop();

  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = 0;
};

// A stand-in for a node that dies holding a request: it accepts a connection, reads one whole
// request, notes its request line, and closes the connection without answering.
class DyingNode {
 public:
  DyingNode();
  DyingNode(const DyingNode&) = delete;
  DyingNode& operator=(const DyingNode&) = delete;
  ~DyingNode();

  std::uint16_t port() const { return port_; }
  // The request lines received so far, e.g. "POST /api/v1/applications/lookup HTTP/1.1".
  std::vector<std::string> Requests() const;

 private:
  void Serve();

  // The request's header and its Content-Length bytes of body (or what came within 5 s).
  static std::string ReadRequest(int connection);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace sportello::testing
