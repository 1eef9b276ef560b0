// The e-mail part of `sportello serve`: reading the mail options and starting the delivery
// worker. Without --smtp nothing is sent: booking messages stay queued in the outbox until serve
// runs with a relay. Not thread-safe (prints); used once at start.
#pragma once

#include "engine/catalogue.h"
#include "http/server.h"
#include "mail/delivery_worker.h"
#include "mail/imap_client.h"
#include "mail/smtp_sender.h"
#include "storage/store.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace sportello::tools {

// The e-mail options of serve, as given.
struct MailOptions {
  std::optional<std::string> smtp;
  std::optional<std::string> mail_from;
  std::optional<std::string> public_url;
  std::optional<std::string> smtp_user;
  std::optional<std::string> smtp_password_file;
  std::optional<std::string> smtp_tls;
  std::optional<std::string> smtp_ca_file;
  std::optional<std::string> reminder_hours;
  std::optional<std::string> imap;
  std::optional<std::string> imap_user;
  std::optional<std::string> imap_password_file;
  std::optional<std::string> imap_tls;
  std::optional<std::string> imap_ca_file;
};

// Adds the options MailSetupFrom() reads to `serve`.
void AddMailOptions(CLI::App& serve, MailOptions& options);

struct MailSetup {
  std::optional<mail::SmtpOptions> smtp;  // nullopt: no --smtp, nothing is sent
  mail::DeliveryOptions delivery;
  std::optional<mail::ImapOptions> imap;  // nullopt: no --imap, no question is read from a mailbox
};

// --smtp HOST:PORT, --mail-from ADDR (required with --smtp), --public-url URL (default
// http://BIND:PORT), --smtp-user USER, --smtp-password-file FILE (first line), --smtp-tls
// no|try|require|implicit (default try), --smtp-ca-file FILE, --reminder-hours N (default 48);
// the help desk's mailbox: --imap imap[s]://HOST[:PORT]/MAILBOX, --imap-user USER,
// --imap-password-file FILE (first line), --imap-tls no|try|require (imap://; default try),
// --imap-ca-file FILE.
// nullopt with `error` naming the wrong option.
std::optional<MailSetup> MailSetupFrom(const MailOptions& options, const http::ServerConfig& server,
                                       std::string& error);

// The running e-mail delivery: the SMTP sender and the worker using it. Empty when off.
struct MailDelivery {
  std::unique_ptr<mail::SmtpSender> sender;
  std::unique_ptr<mail::DeliveryWorker> worker;
};

// Starts the worker, reading the time from `now`, when --smtp was given; otherwise prints that
// messages stay queued.
MailDelivery StartMail(const MailSetup& setup, storage::Store& store, const engine::Catalogue& catalogue,
                       std::function<engine::Instant()> now);

}  // namespace sportello::tools
