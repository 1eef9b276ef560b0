#include "tools/sportello/mail_setup.h"

#include "logging/log.h"
#include "mail/mime.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <charconv>
#include <fstream>

namespace sportello::tools {

namespace {

// The first line of `path`, without its line end; nullopt when it cannot be read or is empty.
std::optional<std::string> FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  if (line.ends_with('\r')) line.pop_back();
  if (line.empty()) return std::nullopt;
  return line;
}

bool ReadSmtpOptions(const MailOptions& options, mail::SmtpOptions& smtp, std::string& error) {
  if (const auto& tls = options.smtp_tls) {
    auto parsed = mail::ParseSmtpTls(*tls);
    if (!parsed) {
      error = "--smtp-tls must be no, try, require or implicit";
      return false;
    }
    smtp.tls = *parsed;
  }
  smtp.username = options.smtp_user.value_or("");
  if (const auto& file = options.smtp_password_file) {
    auto password = FirstLine(*file);
    if (!password) {
      error = "--smtp-password-file: cannot read a password from " + *file;
      return false;
    }
    smtp.password = *password;
  }
  if (!smtp.password.empty() && smtp.username.empty()) {
    error = "--smtp-password-file needs --smtp-user";
    return false;
  }
  smtp.ca_file = options.smtp_ca_file.value_or("");
  return true;
}

// The help desk's mailbox, when --imap is given.
bool ReadImapOptions(const MailOptions& options, std::optional<mail::ImapOptions>& imap, std::string& error) {
  const auto& url = options.imap;
  if (!url) {
    if (options.imap_user || options.imap_password_file) error = "--imap-user and --imap-password-file need --imap";
    return error.empty();
  }
  imap = mail::ParseMailboxUrl(*url);
  if (!imap) {
    error = "--imap must be imap://HOST[:PORT]/MAILBOX or imaps://…, e.g. imaps://pec.prefettura.example/INBOX";
    return false;
  }
  if (const auto& tls = options.imap_tls) {
    auto parsed = mail::ParseSmtpTls(*tls);
    if (!parsed || *parsed == mail::SmtpTls::implicit || url->starts_with("imaps://")) {
      error = "--imap-tls must be no, try or require, with an imap:// mailbox (imaps:// is TLS from the start)";
      return false;
    }
    imap->tls = *parsed;
  }
  imap->username = options.imap_user.value_or("");
  if (const auto& file = options.imap_password_file) {
    auto password = FirstLine(*file);
    if (!password) {
      error = "--imap-password-file: cannot read a password from " + *file;
      return false;
    }
    imap->password = *password;
  }
  imap->ca_file = options.imap_ca_file.value_or("");
  return true;
}

}  // namespace

void AddMailOptions(CLI::App& serve, MailOptions& options) {
  const auto add = [&serve](const char* name, std::optional<std::string>& value, const char* value_name,
                            const char* what) { serve.add_option(name, value, what)->type_name(value_name); };
  add("--smtp", options.smtp, "HOST:PORT", "e-mail to applicants through this relay (default: off, kept queued)");
  add("--mail-from", options.mail_from, "ADDR", "the sender of the e-mails (required with --smtp)");
  add("--public-url", options.public_url, "URL", "base of the links in the e-mails (default: http://BIND:PORT)");
  add("--smtp-user", options.smtp_user, "USER", "SMTP AUTH user");
  add("--smtp-password-file", options.smtp_password_file, "FILE", "SMTP AUTH password: the file's first line");
  add("--smtp-tls", options.smtp_tls, "MODE", "no, try (default), require or implicit");
  add("--smtp-ca-file", options.smtp_ca_file, "FILE", "a CA to trust for the relay");
  add("--reminder-hours", options.reminder_hours, "N", "a reminder goes out N hours before (default 48)");
  add("--imap", options.imap, "URL", "the help desk's mailbox, imap[s]://HOST[:PORT]/MAILBOX (default: off)");
  add("--imap-user", options.imap_user, "USER", "the mailbox's user");
  add("--imap-password-file", options.imap_password_file, "FILE", "the mailbox's password: the file's first line");
  add("--imap-tls", options.imap_tls, "MODE", "no, try (default) or require, with imap://");
  add("--imap-ca-file", options.imap_ca_file, "FILE", "a CA to trust for the mailbox");
}

std::optional<MailSetup> MailSetupFrom(const MailOptions& options, const http::ServerConfig& server,
                                       std::string& error) {
  MailSetup setup;
  if (const auto& hours = options.reminder_hours) {
    int value = 0;
    auto [end, failed] = std::from_chars(hours->data(), hours->data() + hours->size(), value);
    if (failed != std::errc{} || end != hours->data() + hours->size() || value < 1 || value > 720) {
      error = "--reminder-hours must be a number of hours from 1 to 720";
      return std::nullopt;
    }
    setup.delivery.reminder_lead = std::chrono::hours{value};
  }
  setup.delivery.mail.public_url = options.public_url.value_or(fmt::format("http://{}:{}", server.bind, server.port));
  if (!setup.delivery.mail.public_url.starts_with("https://") && !setup.delivery.mail.public_url.starts_with("http://")) {
    error = "--public-url must start with https:// (or http://)";
    return std::nullopt;
  }
  if (!ReadImapOptions(options, setup.imap, error)) return std::nullopt;
  const auto& relay = options.smtp;
  if (!relay) return setup;
  setup.smtp = mail::ParseRelay(*relay);
  if (!setup.smtp) {
    error = "--smtp must be HOST:PORT, e.g. smtp.prefettura.example:587";
    return std::nullopt;
  }
  setup.delivery.mail.from_address = options.mail_from.value_or("");
  if (!mail::IsValidAddress(setup.delivery.mail.from_address)) {
    error = "--smtp needs --mail-from with a plain e-mail address, e.g. sportello@prefettura.example";
    return std::nullopt;
  }
  if (!ReadSmtpOptions(options, *setup.smtp, error)) return std::nullopt;
  return setup;
}

MailDelivery StartMail(const MailSetup& setup, storage::Store& store, const engine::Catalogue& catalogue,
                       std::function<engine::Instant()> now) {
  MailDelivery delivery;
  if (!setup.smtp) {
    logging::Info("serve", "mail_off",
                  "e-mail is off (no --smtp): booking messages are kept queued in the outbox and sent once serve "
                  "runs with --smtp");
    return delivery;
  }
  delivery.sender = std::make_unique<mail::SmtpSender>(*setup.smtp);
  delivery.worker = std::make_unique<mail::DeliveryWorker>(store, store, catalogue, *delivery.sender, std::move(now), setup.delivery);
  delivery.worker->Start();
  // The relay and the desk's own sender address; no applicant's.
  const std::string relay = fmt::format("{}:{}", setup.smtp->host, setup.smtp->port);
  const auto reminder_hours = std::chrono::duration_cast<std::chrono::hours>(setup.delivery.reminder_lead).count();
  logging::Info("serve", "mail_on",
                fmt::format("e-mail through {} from {} (links to {}, reminders {} h before)", relay,
                            setup.delivery.mail.from_address, setup.delivery.mail.public_url, reminder_hours),
                {{"relay", relay},
                 {"mail_from", setup.delivery.mail.from_address},
                 {"public_url", setup.delivery.mail.public_url},
                 {"reminder_hours", reminder_hours}});
  return delivery;
}

}  // namespace sportello::tools
