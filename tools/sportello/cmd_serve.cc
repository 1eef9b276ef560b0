// `sportello serve`: opens the database, creates desks that are missing from the shipped
// calendars, and runs the HTTP server until SIGINT or SIGTERM.
#include "booking/retention.h"
#include "engine/availability.h"
#include "http/access_log.h"
#include "http/display_feeds.h"
#include "http/metrics.h"
#include "http/metrics_handler.h"
#include "http/proof_of_work.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/server.h"
#include "http/services.h"
#include "logging/log.h"
#include "storage/open_store.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/daily_purge.h"
#include "tools/sportello/demo.h"
#include "tools/sportello/mailbox_keeper.h"
#include "tools/sportello/seat_keeper.h"
#include "tools/sportello/mail_setup.h"
#include "tools/sportello/serve_setup.h"
#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/core.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>

namespace sportello::tools {

namespace {

constexpr const char* kDetails =
    "Serves the HTTP API of SPEC.md, the applicant pages and the staff console. --db is a SQLite file, or a\n"
    "PostgreSQL URI postgresql://user@host:port/dbname that several serve processes may share (the password\n"
    "from PGPASSWORD or ~/.pgpass). At start, every desk file in DIR (default: ./calendars, else the calendars\n"
    "shipped with Sportello) whose desk the database lacks is created; a desk the database has keeps its\n"
    "stored calendar. DIR/types.json is the national catalogue of types, DIR/topics.json the topics of\n"
    "questions (without it no question can be asked), DIR/status_events.json the catalogue of the national\n"
    "system's status events. The applicant pages are served at / from --web DIR (default: ./web/public, else\n"
    "the pages shipped with Sportello), the OpenAPI document of the API at /api/v1/openapi.yaml from\n"
    "./docs/openapi.yaml, else the one shipped with Sportello. --demo also loads demo applications and\n"
    "prints how to try them. SIGINT or SIGTERM stop the server gracefully (requests in flight are finished).\n"
    "\n"
    "--rate-limits overrides per-client limits, e.g. booking=1:20,lookup=1:20,login=0.5:30,\n"
    "login_user=0.2:10,staff_lookup=2:60,challenge=2:60,verification=0.0028:10,verification_total=0.0167:200,\n"
    "system=500:2000 (tokens per second : burst; login_user counts sign-ins per address and username,\n"
    "verification wrong tax codes per address and application, verification_total per application, system\n"
    "the requests of each API key of the national system). --no-rate-limits turns\n"
    "them off (benchmarks only). Clients are limited by address (IPv6: per /64). Behind a reverse proxy, name\n"
    "it with --trusted-proxy (an address or a CIDR block, repeatable): only for connections from there is the\n"
    "last hop of Forwarded or X-Forwarded-For taken as the client.\n"
    "\n"
    "/metrics (Prometheus) answers only this machine on the serving port; --metrics-bind serves it on an\n"
    "address and port of its own instead (port 0: any free one, printed at start), for a Prometheus\n"
    "elsewhere, and then the serving port does not serve it at all.\n"
    "\n"
    "--smtp turns on e-mail to applicants (docs/notifications.md): confirmations, convocations, reschedules,\n"
    "cancellations and reminders (--reminder-hours before), with a calendar invitation, sent from\n"
    "--mail-from through the relay, with STARTTLS when offered (--smtp-tls), AUTH with --smtp-user and the\n"
    "first line of --smtp-password-file. Links point to --public-url (default http://BIND:PORT). Without\n"
    "--smtp nothing is sent and messages stay queued in the database until serve runs with --smtp.\n"
    "--imap reads the help desk's mailbox (a certified one, PEC, is a mailbox too) every minute: each new\n"
    "message opens a question, unverified, matched to an application by a number in its subject or text\n"
    "(docs/decisions.md, \"Questions\"); --imap-user and the first line of --imap-password-file sign in, with\n"
    "STARTTLS when offered (--imap-tls) or imaps://.\n"
    "\n"
    "Once at start and then every 24 hours the retention policy erases and deletes what is kept no longer\n"
    "(docs/privacy.md; `sportello purge` runs it by hand); --retention overrides its periods in days, e.g.\n"
    "contacts=180,unbooked=365,messages=30,idempotency=1,failures=1,audit=730,questions=365.\n"
    "The manage links of messages not yet sent are kept sealed with the secret in --secret-file (its first\n"
    "line, at least 32 characters: `openssl rand -hex 32`), kept apart from the database and its backups; a\n"
    "SQLite database has DB.secret next to it by default (made at first start). With PostgreSQL --secret-file\n"
    "is required, the same file on every node. The proof-of-work challenges of desks with the flag\n"
    "proof_of_work are signed with a key derived from that secret; --challenge-difficulty sets how many\n"
    "numbers a client may have to try: BASE when all is quiet, doubling with the load up to CAP (default\n"
    "50000:5000000).\n"
    "--log-format json writes each line on stderr as one JSON object: time, level, component, event,\n"
    "message and the line's own fields (docs/decisions.md, \"Command line and logs\").\n"
    "--now and --clock-speed (test builds only) start the server's clock at INSTANT, running X times as fast\n"
    "as real time.";

// "Seats free today" per desk and type, for /metrics: online seats left in today's slots.
std::vector<http::MetricSample> SeatsFreeToday(storage::Store& store, engine::Instant now) {
  std::vector<http::MetricSample> samples;
  auto desks = store.LoadDesks();
  if (!desks) return samples;
  for (const engine::DeskCalendar& desk : *desks) {
    const engine::Date today = engine::LocalDate(now, *desk.zone);
    for (const auto& [type, calendar] : desk.types) {
      auto seats = store.Seats(desk.desk, type, now - std::chrono::hours{24}, now + std::chrono::hours{24});
      if (!seats) continue;
      auto days = engine::Availability(desk, type, today, today, now, engine::View::staff, *seats);
      if (!days) continue;
      double free = 0;
      for (const auto& day : *days) {
        for (const auto& slot : day.slots) free += engine::FreeSeats(slot.slot, seats->Use(slot.slot.start), engine::View::applicant);
      }
      samples.push_back({{{"desk", desk.desk}, {"type", type}}, free});
    }
  }
  return samples;
}

int RunServe(const ServeOptions& options, const CLI::App& command) {
  const std::optional<logging::Format> log_format = logging::ParseFormat(options.log_format);
  if (!log_format) return UsageError(command, "--log-format must be text or json");
  logging::SetFormat(*log_format);
  std::string wrong_option;
  auto config = ServerConfigFrom(options, wrong_option);
  if (!config) return UsageError(command, wrong_option);
  auto limits = RateLimitsFrom(options, wrong_option);
  if (!limits) return UsageError(command, wrong_option);
  std::optional<http::ServerConfig> metrics_config;
  if (const auto& bind = options.metrics_bind) {
    metrics_config = MetricsConfigFrom(*bind, wrong_option);
    if (!metrics_config) return UsageError(command, wrong_option);
  }
  const std::optional<booking::Difficulty> difficulty = DifficultyFrom(options, wrong_option);
  if (!difficulty) return UsageError(command, wrong_option);
  auto retention = booking::ParseRetention(options.retention.value_or(""));
  if (!retention) return UsageError(command, "--retention: " + retention.error().detail);
  auto mail_setup = MailSetupFrom(options.mail, *config, wrong_option);
  if (!mail_setup) return UsageError(command, wrong_option);
  const std::optional<WallClock> clock = WallClockFrom(options.clock, wrong_option);
  if (!clock) return UsageError(command, wrong_option);
  const std::function<engine::Instant()> now = clock->AsFunction();

  const std::string calendars = CalendarsDirectory(options.calendars);
  std::optional<engine::Catalogue> catalogue = LoadCatalogue(calendars + "/types.json");
  if (!catalogue) return 1;
  const std::optional<engine::Topics> topics = LoadTopics(calendars + "/topics.json");
  if (!topics) return 1;
  const std::optional<engine::StatusEventCatalogue> status_events = LoadStatusEvents(calendars + "/status_events.json");
  if (!status_events) return 1;
  const std::string db = options.db.value_or("sportello.db");
  storage::StoreOptions store_options;
  store_options.gather_bookings = storage::kServeBookingsGather;
  if (auto secret = SecretFrom(options, db, wrong_option)) {
    store_options.secret = std::move(*secret);
  } else {
    return UsageError(command, wrong_option);
  }
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db, store_options);
  } catch (const std::exception& error) {
    logging::Error("serve", "database_unavailable", error.what(), {{"error", error.what()}});
    return 1;
  }
  if (!SeedDesks(*store, *catalogue, calendars, now())) return 1;
  bool web_failed = false;
  const std::unique_ptr<http::StaticFiles> web = LoadWeb(options.web, web_failed);
  if (web_failed) return 1;
  const std::unique_ptr<http::ApiDocument> api_document = LoadApiDocument();
  if (options.demo && !LoadDemo(*store, now())) return 1;

  http::Metrics metrics;
  const http::Metrics::Counter bookings_made =
      metrics.AddCounter("sportello_bookings_made_total", "Bookings made by applicants and staff.");
  metrics.AddGaugeCallback("sportello_seats_free_today", "Online seats still free in today's slots.",
                           [&store, &now] { return SeatsFreeToday(*store, now()); });
  std::unique_ptr<http::RateLimiter> limiter;
  if (!limits->empty()) limiter = std::make_unique<http::RateLimiter>(*limits);
  http::Services services{*store, *catalogue, now};
  services.limiter = limiter.get();
  services.metrics = metrics_config ? nullptr : &metrics;  // with --metrics-bind, only there
  services.bookings_made = &bookings_made;
  services.web = web.get();
  services.api_document = api_document.get();
  services.topics = &*topics;
  services.status_events = &*status_events;
  http::AvailabilityCache availability_cache;
  services.availability = &availability_cache;
  http::PasswordGate password_checks;
  services.password_checks = &password_checks;
  http::ProofOfWork proof_of_work(store_options.secret, *difficulty);
  services.proof_of_work = &proof_of_work;
  auto display_feeds = std::make_unique<http::DisplayFeeds>(*store, now, http::DisplayFeeds::Options{});
  services.display = display_feeds.get();
  MailDelivery mail_delivery = StartMail(*mail_setup, *store, *catalogue, now);
  auto daily_purge = std::make_unique<DailyPurge>(*store, *retention, now);
  if (mail_delivery.worker) services.outbox_changed = [worker = mail_delivery.worker.get()] { worker->Nudge(); };
  auto seat_keeper = std::make_unique<SeatKeeper>(*store, now, services.outbox_changed);
  std::unique_ptr<MailboxKeeper> mailbox_keeper;
  if (mail_setup->imap) mailbox_keeper = std::make_unique<MailboxKeeper>(*mail_setup->imap, *store, *topics, now);
  http::AccessLog access_log(stderr, *log_format);
  http::Server server(*config, http::MakeHandler(services), metrics, &access_log);
  http::Metrics metrics_listener_counts;  // the metrics listener's own requests are not the service's
  std::unique_ptr<http::Server> metrics_server;
  if (metrics_config) {
    metrics_server = std::make_unique<http::Server>(*metrics_config, http::MetricsHandler(metrics),
                                                    metrics_listener_counts);
  }
  // Signals are caught before anyone can be told the server listens: a stop asked for at once is
  // still a graceful one.
  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([&server, &metrics_server](const boost::system::error_code&, int signal) {
    logging::Info("serve", "stopping", fmt::format("signal {} received, finishing requests in flight", signal),
                  {{"signal", signal}});
    server.Stop();
    if (metrics_server) metrics_server->Stop();
  });
  try {
    if (metrics_server) metrics_server->Start();
    server.Start();
  } catch (const std::exception& error) {
    logging::Error("serve", "start_failed", error.what(), {{"error", error.what()}});
    return 1;
  }
  if (clock->is_set()) {
    const std::string test_now = engine::FormatUtc(now());
    logging::Info("serve", "test_clock", "test clock, now " + test_now, {{"now", test_now}});
  }
  const std::string address = fmt::format("http://{}:{}", config->bind, server.port());
  logging::Info("serve", "listening",
                fmt::format("listening on {} (database {}, calendars {})", address, storage::Printable(db), calendars),
                {{"address", address}, {"database", storage::Printable(db)}, {"calendars", calendars}});
  if (options.demo) PrintDemo(*store, {BrowserUrl(config->bind, server.port()), db, web != nullptr}, now());
  if (metrics_server) {
    const std::string metrics_address =
        fmt::format("http://{}:{}/metrics", metrics_config->bind, metrics_server->port());
    logging::Info("serve", "metrics_listening", "metrics on " + metrics_address, {{"address", metrics_address}});
  }

  signals_context.run();
  server.Wait();
  if (metrics_server) metrics_server->Wait();
  seat_keeper.reset();
  mailbox_keeper.reset();
  mail_delivery.worker.reset();  // stops it: a send in progress is aborted and stays queued
  daily_purge.reset();
  display_feeds.reset();  // the server has stopped: no connection is subscribed any more
  store.reset();  // closes the database cleanly (checkpoint)
  logging::Info("serve", "stopped", "stopped");
  return 0;
}

}  // namespace

void AddServe(CLI::App& sportello, Action& chosen) {
  CLI::App& serve = AddCommand(sportello, "serve", "run the booking server (HTTP API, applicant pages, staff console)",
                               kDetails);
  auto options = std::make_shared<ServeOptions>();
  const auto add = [&serve](const char* name, std::optional<std::string>& value, const char* value_name,
                            const char* what) { serve.add_option(name, value, what)->type_name(value_name); };
  add("--bind", options->bind, "ADDRESS", "where to listen (default 127.0.0.1)");
  add("--port", options->port, "PORT", "where to listen (default 8080; 0: any free port)");
  add("--db", options->db, "DB", "a SQLite file or a PostgreSQL URI (default sportello.db)");
  add("--calendars", options->calendars, "DIR", "desk files (default ./calendars, else the shipped ones)");
  add("--web", options->web, "DIR", "the applicant pages (default ./web/public, else the shipped ones)");
  serve.add_flag("--demo", options->demo, "also load demo applications and print how to try them");
  add("--io-threads", options->io_threads, "N", "network threads (default 1)");
  add("--workers", options->workers, "N",
      "worker threads, which run what may block (default 4 on SQLite, 16 on PostgreSQL)");
  add("--rate-limits", options->rate_limits, "SPEC", "per-client limits, e.g. booking=1:20,lookup=1:20 (below)");
  serve.add_flag("--no-rate-limits", options->no_rate_limits, "no per-client limits (benchmarks only)");
  serve.add_option("--trusted-proxy", options->trusted_proxies, "a reverse proxy in front: ADDRESS or CIDR, repeatable")
      ->type_name("CIDR")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  add("--metrics-bind", options->metrics_bind, "ADDRESS:PORT", "serve /metrics there, and only there");
  add("--retention", options->retention, "SPEC", "the retention periods in days, e.g. contacts=180 (below)");
  add("--secret-file", options->secret_file, "FILE", "the secret sealing manage links (default DB.secret)");
  add("--challenge-difficulty", options->challenge_difficulty, "BASE:CAP", "proof-of-work difficulty");
  serve.add_option("--log-format", options->log_format, "the lines on stderr: text (default), or json, one object each")
      ->type_name("FORMAT");
  AddMailOptions(serve, options->mail);
  AddClockOptions(serve, options->clock);
  OnChosen(serve, chosen, [options, &serve] { return RunServe(*options, serve); });
}

}  // namespace sportello::tools
