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
#include "tools/sportello/args.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sportello::tools {

// The value options this file reads, for the Args of serve.
inline constexpr const char* kMailOptions[] = {"smtp", "mail-from", "public-url", "smtp-user", "smtp-password-file",
                                               "smtp-tls", "smtp-ca-file", "reminder-hours", "imap", "imap-user",
                                               "imap-password-file", "imap-tls", "imap-ca-file"};

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
std::optional<MailSetup> MailSetupFrom(const Args& args, const http::ServerConfig& server, std::string& error);

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
