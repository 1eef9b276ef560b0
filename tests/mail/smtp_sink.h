// Test support: a real SMTP server (tests/mail/smtp_sink.py on Debian's python3-aiosmtpd) run as
// a child process, and the reader of what it received (tests/mail/inspect_mail.py with Python's
// e-mail parser and python3-icalendar). Every wait has a generous limit so a broken server fails
// the test instead of hanging it. Not thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace sportello::mail::testing {

struct SinkOptions {
  int port = 0;             // 0: any free port
  std::string reject_rcpt = {};  // recipients containing this get 550
  double delay_seconds = 0; // wait before answering the end of DATA
  std::string auth = {};    // "USER:PASSWORD": AUTH required
};

class SmtpSink {
 public:
  // Starts the server writing into `directory` and waits (up to 30 s) until it listens.
  // Throws std::runtime_error when it does not start.
  explicit SmtpSink(std::filesystem::path directory, SinkOptions options = {});
  ~SmtpSink();  // SIGTERM and wait
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  // The messages received so far, in arrival order.
  std::vector<std::filesystem::path> Messages() const;
  // Waits until at least `count` messages arrived (or `limit` passed) and returns them all.
  std::vector<std::filesystem::path> WaitForMessages(std::size_t count,
                                                     std::chrono::seconds limit = std::chrono::seconds{60}) const;

 private:
  std::filesystem::path directory_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();

// inspect_mail.py's JSON for the message in `file`. Throws when the script fails.
boost::json::value InspectMail(const std::filesystem::path& file);

}  // namespace sportello::mail::testing
