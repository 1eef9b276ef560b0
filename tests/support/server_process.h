// A real `sportello serve` process for tests that need the whole program: started with the given
// options plus `--port 0` and the test clock (`--now`, see TestNow()), its port read from its
// "listening on" line, its whole stderr kept.
//
// A test ends it either with Kill() (a planned SIGKILL, as in the crash test) or with Stop()
// (SIGTERM). Both report as a failure (an std::runtime_error carrying the server's output) a server
// that had already exited on its own; Stop() also one that does not exit 0; and both one whose
// output holds a sanitizer report. So a server that aborts under ASan, UBSan or TSan can never
// pass for a planned stop. Not thread-safe: one thread owns a ServerProcess.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sportello::testing {

// The instant tests run at: SPORTELLO_TEST_NOW from the environment (scripts/test-dates.sh sets
// it), else a fixed ordinary Monday morning in Rome (as the browser suites). RFC 3339.
std::string TestNow();

// True when `output` holds a report of AddressSanitizer, LeakSanitizer, UBSan or ThreadSanitizer.
bool HasSanitizerReport(const std::string& output);

class ServerProcess {
 public:
  // Starts `binary serve OPTIONS… --port 0 --now TestNow()` and waits for it to listen; throws with
  // its output when it exits or does not listen within 20 s.
  ServerProcess(const std::string& binary, const std::vector<std::string>& options);
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  // Kills a server that is still running (SIGKILL) without checking anything: a test that fails
  // half-way must not leave it behind.
  ~ServerProcess();

  std::uint16_t port() const { return port_; }
  // Everything the server printed so far.
  std::string Log() const;

  // A planned SIGKILL. Throws if the server had exited before it, or printed a sanitizer report.
  void Kill();
  // A graceful stop (SIGTERM). Throws unless it was still running, exits 0 and printed no sanitizer
  // report.
  void Stop();

 private:
  // The exit status when the process has already ended, else -1.
  int ExitedOnItsOwn();
  void Reap(int signal);
  void Fail(const std::string& what);

  pid_t pid_ = 0;
  int status_ = 0;
  std::uint16_t port_ = 0;
  int log_fd_ = -1;
  mutable std::mutex log_mutex_;
  std::string log_;
  std::thread reader_;
};

}  // namespace sportello::testing
