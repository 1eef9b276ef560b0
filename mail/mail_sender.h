// A channel that hands one finished message to the outside world. SMTP (smtp_sender.h) is the
// one Sportello has; another channel (SMS, a national notification service) would implement the
// same interface for its own kind of message. Implementations say whether a failure is worth
// retrying. Thread-safety: an implementation states its own; the delivery worker calls Send from
// its one thread.
#pragma once

#include <stop_token>
#include <string>

namespace sportello::mail {

// One e-mail ready to go: the SMTP envelope and the whole RFC 5322 message (CRLF line ends).
struct OutgoingMail {
  std::string envelope_from;  // bare address, e.g. "sportello@prefettura.example"
  std::string envelope_to;    // bare address of the one recipient
  std::string data;           // headers, blank line, MIME body
};

struct SendResult {
  enum class Status {
    sent,       // accepted by the relay for delivery
    transient,  // not sent; may work later (relay down, busy, 4xx, timeout, authentication)
    permanent,  // refused for good (the relay rejected the recipient or the message with 5xx)
    cancelled,  // stopped because shutdown was requested; not sent
  };
  Status status = Status::sent;
  std::string error;  // for staff and logs; empty when sent
  // transient only: the relay itself is unreachable or unusable (connection, TLS, timeout,
  // authentication), not this one message; other messages would fail the same way now.
  bool relay_unavailable = false;

  bool ok() const { return status == Status::sent; }
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Sends `mail`, blocking until the relay answered or a time limit passed; returns early with
  // `cancelled` when `stop` is requested. Never throws for network or relay failures.
  virtual SendResult Send(const OutgoingMail& mail, std::stop_token stop) = 0;
};

}  // namespace sportello::mail
