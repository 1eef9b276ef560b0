// E-mail over SMTP through libcurl: one connection per message to a relay (the desk's or the
// ministry's mail server), optionally STARTTLS or implicit TLS, optionally AUTH with a user and
// password. Timeouts bound every send; a shutdown request aborts a send in progress.
// Failures are classified for the delivery worker: a 5xx refusal of the recipient or of the
// message is permanent, everything else (connection refused, timeouts, 4xx, TLS or
// authentication problems, which an operator can fix) is transient.
// Thread-safe: Send may be called from several threads at once (one curl handle per call).
#pragma once

#include "mail/mail_sender.h"

#include <chrono>
#include <optional>
#include <string>

namespace sportello::mail {

enum class SmtpTls {
  none,              // plain SMTP, never STARTTLS
  starttls_if_offered,  // STARTTLS when the relay offers it (default)
  starttls_required,    // refuse to send unless STARTTLS succeeds
  implicit,             // TLS from the first byte (smtps, usually port 465)
};

struct SmtpOptions {
  std::string host;  // name or address of the relay
  int port = 25;
  SmtpTls tls = SmtpTls::starttls_if_offered;
  std::string username;  // empty: no AUTH
  std::string password;
  std::string ca_file;   // extra trusted CA bundle for the relay's certificate; empty: the system's
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds timeout{120};  // a whole send; must stay below the outbox lease
};

// "HOST:PORT" (or "[IPv6]:PORT") into options with that relay; nullopt when malformed.
std::optional<SmtpOptions> ParseRelay(std::string_view host_port);

// "no", "try" (default), "require", "implicit"; nullopt otherwise.
std::optional<SmtpTls> ParseSmtpTls(std::string_view name);

class SmtpSender final : public MailSender {
 public:
  // Initialises libcurl once per process (thread-safe).
  explicit SmtpSender(SmtpOptions options);
  SendResult Send(const OutgoingMail& mail, std::stop_token stop) override;

  const SmtpOptions& options() const { return options_; }

 private:
  SmtpOptions options_;
};

}  // namespace sportello::mail
