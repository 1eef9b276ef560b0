// Test support: a real IMAP server (Debian's dovecot-imapd) run as a child process on 127.0.0.1 and
// a free port, serving one user's Maildir in a temporary directory, with plain-text LOGIN (tests
// only). Run as root it serves the mailbox as `nobody` and runs its own processes as Debian's
// dovecot users; otherwise as the user running the tests. Not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace sportello::mail::testing {

class ImapServer {
 public:
  static constexpr const char* kUser = "helpdesk";
  static constexpr const char* kPassword = "test-mailbox-secret";

  // Starts dovecot with a configuration of its own in a new temporary directory (one the mail user
  // can reach) and waits (up to 30 s) until it accepts connections. Throws std::runtime_error when
  // it does not start.
  ImapServer();
  ~ImapServer();  // stops it, waits, and removes its directory
  ImapServer(const ImapServer&) = delete;
  ImapServer& operator=(const ImapServer&) = delete;

  int port() const { return port_; }
  // "imap://127.0.0.1:PORT/INBOX".
  std::string MailboxUrl() const;
  // Puts `raw` (an RFC 5322 message) in the inbox as a new, unseen message, as a delivery agent would.
  void Deliver(std::string_view raw);

 private:
  std::filesystem::path directory_;
  std::filesystem::path maildir_;
  uid_t mail_uid_ = 0;
  gid_t mail_gid_ = 0;
  pid_t pid_ = -1;
  int port_ = 0;
  int delivered_ = 0;
};

}  // namespace sportello::mail::testing
