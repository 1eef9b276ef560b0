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
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/daily_purge.h"
#include "tools/sportello/mailbox_keeper.h"
#include "tools/sportello/seat_keeper.h"
#include "tools/sportello/mail_setup.h"
#include "tools/sportello/serve_setup.h"
#include "tools/sportello/wall_clock.h"

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

constexpr std::string_view kUsage = R"(usage:
  sportello serve [--bind 127.0.0.1] [--port 8080] [--db sportello.db] [--calendars DIR] [--web DIR] [--demo]
                  [--io-threads 1] [--workers 16] [--rate-limits SPEC | --no-rate-limits]
                  [--trusted-proxy CIDR]... [--metrics-bind ADDRESS:PORT]
                  [--smtp HOST:PORT --mail-from ADDR] [--public-url URL] [--smtp-user USER]
                  [--smtp-password-file FILE] [--smtp-tls no|try|require|implicit] [--smtp-ca-file FILE]
                  [--reminder-hours 48] [--retention SPEC] [--secret-file FILE]
                  [--challenge-difficulty BASE:CAP] [--now INSTANT [--clock-speed X]]
                  [--imap imap[s]://HOST[:PORT]/MAILBOX [--imap-user USER] [--imap-password-file FILE]
                   [--imap-tls no|try|require] [--imap-ca-file FILE]]
      Serves the HTTP API of SPEC.md. --db is a SQLite file, or a PostgreSQL URI
      postgresql://user@host:port/dbname that several serve processes may share (the password
      from PGPASSWORD or ~/.pgpass). At start, every desk file in DIR (default: ./calendars, else
      the calendars shipped with Sportello) whose desk the database lacks is created; a desk the
      database has keeps its stored calendar. DIR/types.json is the national catalogue of types,
      DIR/topics.json the topics of questions (without it no question can be asked),
      DIR/status_events.json the catalogue of the national system's status events. The
      applicant pages are served at / from --web DIR (default: ./web/public, else the pages
      shipped with Sportello), the OpenAPI document of the API at /api/v1/openapi.yaml from
      ./docs/openapi.yaml, else the one shipped with Sportello. --demo also loads demo
      applications and prints how to try them. SIGINT or SIGTERM stop the server gracefully
      (requests in flight are finished).
      --rate-limits overrides per-client limits, e.g. booking=1:20,lookup=1:20,login=0.5:30,
      login_user=0.2:10,staff_lookup=2:60,challenge=2:60,verification=0.0028:10,
      verification_total=0.0167:200,system=500:2000
      (tokens per second : burst; login_user counts sign-ins per address and username,
      verification wrong tax codes per address and application, verification_total per
      application, system the requests of each API key of the national system). --no-rate-limits turns them off (benchmarks only). Clients are limited by
      address (IPv6: per /64). Behind a reverse proxy, name it with --trusted-proxy (an address or
      a CIDR block, repeatable): only for connections from there is the last hop of Forwarded or
      X-Forwarded-For taken as the client.
      /metrics (Prometheus) answers only this machine on the serving port; --metrics-bind serves it
      on an address and port of its own instead (port 0: any free one, printed at start), for a
      Prometheus elsewhere, and then the serving port does not serve it at all.
      --smtp turns on e-mail to applicants (docs/notifications.md): confirmations, convocations,
      reschedules, cancellations and reminders (--reminder-hours before), with a calendar
      invitation, sent from --mail-from through the relay, with STARTTLS when offered (--smtp-tls),
      AUTH with --smtp-user and the first line of --smtp-password-file. Links point to
      --public-url (default http://BIND:PORT). Without --smtp nothing is sent and messages stay
      queued in the database until serve runs with --smtp.
      --imap reads the help desk's mailbox (a certified one, PEC, is a mailbox too) every minute:
      each new message opens a question, unverified, matched to an application by a number in
      its subject or text (docs/decisions.md, "Questions"); --imap-user and the first line of
      --imap-password-file sign in, with STARTTLS when offered (--imap-tls) or imaps://.
      Once at start and then every 24 hours the retention policy erases and deletes what is kept
      no longer (docs/privacy.md; `sportello purge` runs it by hand); --retention overrides its
      periods in days, e.g.
      contacts=180,unbooked=365,messages=30,idempotency=1,failures=1,audit=730,questions=365.
      The manage links of messages not yet sent are kept sealed with the secret in --secret-file
      (its first line, at least 32 characters: `openssl rand -hex 32`), kept apart from the
      database and its backups; a SQLite database has DB.secret next to it by default (made at
      first start). With PostgreSQL --secret-file is required, the same file on every node.
      The proof-of-work challenges of desks with the flag proof_of_work are signed with a key
      derived from that secret; --challenge-difficulty sets how many numbers a client may have to
      try: BASE when all is quiet, doubling with the load up to CAP (default 50000:5000000).
      --now and --clock-speed (test builds only) start the server's clock at INSTANT, running X
      times as fast as real time.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello serve: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

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

}  // namespace

int RunServe(const Words& words) {
  const Args args(words,
                  {"bind", "port", "db", "calendars", "web", "io-threads", "workers", "rate-limits", "smtp", "mail-from",
                   "public-url", "smtp-user", "smtp-password-file", "smtp-tls", "smtp-ca-file", "reminder-hours", "now",
                   "clock-speed", "trusted-proxy", "metrics-bind", "retention", "secret-file", "challenge-difficulty",
                   "imap", "imap-user", "imap-password-file", "imap-tls", "imap-ca-file"},
                  {"demo", "no-rate-limits"});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (!args.positional().empty()) return Usage("serve takes no file arguments");
  std::string wrong_option;
  auto config = ServerConfigFrom(args, wrong_option);
  if (!config) return Usage(wrong_option);
  auto limits = RateLimitsFrom(args, wrong_option);
  if (!limits) return Usage(wrong_option);
  std::optional<http::ServerConfig> metrics_config;
  if (auto bind = args.Value("metrics-bind")) {
    metrics_config = MetricsConfigFrom(*bind, wrong_option);
    if (!metrics_config) return Usage(wrong_option);
  }
  const std::optional<booking::Difficulty> difficulty = DifficultyFrom(args, wrong_option);
  if (!difficulty) return Usage(wrong_option);
  auto retention = booking::ParseRetention(args.Value("retention").value_or(""));
  if (!retention) return Usage("--retention: " + retention.error().detail);
  auto mail_setup = MailSetupFrom(args, *config, wrong_option);
  if (!mail_setup) return Usage(wrong_option);
  const std::optional<WallClock> clock = WallClockFrom(args, wrong_option);
  if (!clock) return Usage(wrong_option);
  const std::function<engine::Instant()> now = clock->AsFunction();

  const std::string calendars = CalendarsDirectory(args.Value("calendars"));
  std::optional<engine::Catalogue> catalogue = LoadCatalogue(calendars + "/types.json");
  if (!catalogue) return 1;
  const std::optional<engine::Topics> topics = LoadTopics(calendars + "/topics.json");
  if (!topics) return 1;
  const std::optional<engine::StatusEventCatalogue> status_events = LoadStatusEvents(calendars + "/status_events.json");
  if (!status_events) return 1;
  const std::string db = args.Value("db").value_or("sportello.db");
  storage::StoreOptions store_options;
  if (auto secret = SecretFrom(args, db, wrong_option)) {
    store_options.secret = std::move(*secret);
  } else {
    return Usage(wrong_option);
  }
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db, store_options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello serve: {}\n", error.what());
    return 1;
  }
  if (!SeedDesks(*store, *catalogue, calendars, now())) return 1;
  bool web_failed = false;
  const std::unique_ptr<http::StaticFiles> web = LoadWeb(args.Value("web"), web_failed);
  if (web_failed) return 1;
  const std::unique_ptr<http::ApiDocument> api_document = LoadApiDocument();
  if (args.Flag("demo") && !LoadDemo(*store, *catalogue, config->bind, config->port, now())) return 1;

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
  http::AccessLog access_log(stderr);
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
    fmt::print(stderr, "sportello serve: signal {} received, finishing requests in flight\n", signal);
    server.Stop();
    if (metrics_server) metrics_server->Stop();
  });
  try {
    if (metrics_server) metrics_server->Start();
    server.Start();
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello serve: {}\n", error.what());
    return 1;
  }
  if (clock->is_set()) fmt::print(stderr, "sportello serve: test clock, now {}\n", engine::FormatUtc(now()));
  fmt::print(stderr, "sportello serve: listening on http://{}:{} (database {}, calendars {})\n", config->bind,
             server.port(), storage::Printable(db), calendars);
  if (metrics_server) {
    fmt::print(stderr, "sportello serve: metrics on http://{}:{}/metrics\n", metrics_config->bind, metrics_server->port());
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
  fmt::print(stderr, "sportello serve: stopped\n");
  return 0;
}

}  // namespace sportello::tools
