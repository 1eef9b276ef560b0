// The help desk's mailbox over IMAP through libcurl (SPEC.md, "Questions": questions by e-mail): the
// messages not yet seen, one message whole, and giving one back as unseen. Fetching a message marks
// it seen on the server, so a message is handed over once; a caller that could not keep it marks it
// unseen again, and the next pass fetches it anew. One connection per call, bounded by timeouts.
// Thread-safe: each call uses a handle of its own.
#pragma once

#include "engine/error.h"
#include "mail/smtp_sender.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sportello::mail {

struct ImapOptions {
  std::string mailbox_url;  // e.g. "imap://mail.example.it:143/INBOX" or "imaps://…/INBOX"
  SmtpTls tls = SmtpTls::starttls_if_offered;  // for imap://: STARTTLS as for SMTP (implicit: imaps://)
  std::string username;
  std::string password;
  std::string ca_file;  // extra trusted CA bundle; empty: the system's
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds timeout{60};
};

// "imap://" or "imaps://", a host and a mailbox path; nullopt otherwise.
std::optional<ImapOptions> ParseMailboxUrl(std::string_view url);

class ImapClient {
 public:
  // Initialises libcurl once per process (thread-safe).
  explicit ImapClient(ImapOptions options);

  // The UIDs of the messages not seen yet, lowest first. Error: unavailable, with what failed.
  engine::Result<std::vector<std::uint64_t>> UnseenUids() const;
  // The message with `uid`, as the server keeps it; the server marks it seen. Error: unavailable.
  engine::Result<std::string> Fetch(std::uint64_t uid) const;
  // Marks the message with `uid` unseen again. Error: unavailable.
  engine::Result<void> MarkUnseen(std::uint64_t uid) const;

  const ImapOptions& options() const { return options_; }

 private:
  // Runs one request on `url` (with `command` as a custom request when not empty); returns what
  // the server sent.
  engine::Result<std::string> Perform(const std::string& url, const std::string& command) const;

  ImapOptions options_;
};

}  // namespace sportello::mail
