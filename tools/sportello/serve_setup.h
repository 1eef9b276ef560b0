// The start-up steps of `sportello serve`, each logging what went wrong for a person:
// reading the server options, finding the calendars, creating missing desks.
// Not thread-safe (prints); used once at start.
#pragma once

#include "booking/proof_of_work.h"
#include "engine/catalogue.h"
#include "http/api_document.h"
#include "http/rate_limiter.h"
#include "http/server.h"
#include "http/static_files.h"
#include "storage/store.h"
#include "tools/sportello/mail_setup.h"
#include "tools/sportello/wall_clock.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::tools {

// The options of `sportello serve`, as given (cmd_serve.cc names them); read by the functions below.
struct ServeOptions {
  std::optional<std::string> bind;
  std::optional<std::string> port;
  std::optional<std::string> db;
  std::optional<std::string> calendars;
  std::optional<std::string> web;
  bool demo = false;
  std::optional<std::string> io_threads;
  std::optional<std::string> workers;
  std::optional<std::string> rate_limits;
  bool no_rate_limits = false;
  std::vector<std::string> trusted_proxies;
  std::optional<std::string> metrics_bind;
  std::optional<std::string> retention;
  std::optional<std::string> secret_file;
  std::optional<std::string> challenge_difficulty;
  std::string log_format = "text";
  MailOptions mail;
  ClockOptions clock;
};

// The worker threads when --workers is not given: 4 on SQLite, whose reads are short work on this
// machine's CPU (more threads only take turns on the same cores, and the booking answers wait
// longer), 16 on PostgreSQL, whose reads wait on the network and which opens up to 16 connections.
int DefaultWorkers(std::string_view db);

// --bind, --port, --io-threads, --workers, --trusted-proxy (and --public-url for HSTS); nullopt with
// `error` saying which option is wrong.
std::optional<http::ServerConfig> ServerConfigFrom(const ServeOptions& options, std::string& error);
// The listener of --metrics-bind ADDRESS:PORT ([IPv6]:PORT): one I/O thread, one worker.
std::optional<http::ServerConfig> MetricsConfigFrom(std::string_view bind, std::string& error);
// The default limits, overridden by --rate-limits; empty with --no-rate-limits; nullopt with
// `error` when --rate-limits cannot be read.
std::optional<std::map<std::string, http::RateLimit>> RateLimitsFrom(const ServeOptions& options, std::string& error);
// How hard proof-of-work challenges are: --challenge-difficulty BASE:CAP (maxnumber when all is
// quiet, and at most), else booking::Difficulty's defaults; nullopt with `error` when it cannot be
// read.
std::optional<booking::Difficulty> DifficultyFrom(const ServeOptions& options, std::string& error);
// `given`, else ./calendars when it exists, else the calendars shipped with Sportello.
std::string CalendarsDirectory(const std::optional<std::string>& given);

// The secret that seals manage tokens at rest (storage::StoreOptions::secret): the contents of
// --secret-file; without it, of DB.secret next to a SQLite database, made (owner-only) when missing.
// nullopt with `error` for a PostgreSQL database without --secret-file (every node needs the same
// one), and for a file that cannot be read or holds fewer than 32 characters.
std::optional<std::string> SecretFrom(const ServeOptions& options, const std::string& db, std::string& error);
// The applicant web pages: --web DIR, else ./web/public when it exists, else the pages shipped with
// Sportello. Null (after printing) when they cannot be served: an error when --web was given, a note
// (API only) otherwise.
std::unique_ptr<http::StaticFiles> LoadWeb(const std::optional<std::string>& given, bool& failed);
// The OpenAPI document served at /api/v1/openapi.yaml: ./docs/openapi.yaml when it exists, else the
// one shipped with Sportello. Null (after printing a note) when it cannot be read: the server then
// answers 404 there and serves everything else.
std::unique_ptr<http::ApiDocument> LoadApiDocument();
// Creates every desk of `directory` (each *.json but the national catalogues types.json, topics.json
// and status_events.json) the database lacks. False (after printing) on any invalid file.
bool SeedDesks(storage::Store& store, const engine::Catalogue& catalogue, const std::string& directory,
               engine::Instant now);

}  // namespace sportello::tools
