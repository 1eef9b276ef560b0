// The start-up steps of `sportello serve`, each printing what went wrong for a person:
// reading the server options, finding the calendars, creating missing desks, loading the demo.
// Not thread-safe (prints); used once at start.
#pragma once

#include "booking/proof_of_work.h"
#include "engine/catalogue.h"
#include "http/api_document.h"
#include "http/rate_limiter.h"
#include "http/server.h"
#include "http/static_files.h"
#include "storage/store.h"
#include "tools/sportello/args.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace sportello::tools {

// --bind, --port, --io-threads, --workers; nullopt with `error` saying which option is wrong.
std::optional<http::ServerConfig> ServerConfigFrom(const Args& args, std::string& error);
// The listener of --metrics-bind ADDRESS:PORT ([IPv6]:PORT): one I/O thread, one worker.
std::optional<http::ServerConfig> MetricsConfigFrom(std::string_view bind, std::string& error);
// The default limits, overridden by --rate-limits; empty with --no-rate-limits; nullopt with
// `error` when --rate-limits cannot be read.
std::optional<std::map<std::string, http::RateLimit>> RateLimitsFrom(const Args& args, std::string& error);
// How hard proof-of-work challenges are: --challenge-difficulty BASE:CAP (maxnumber when all is
// quiet, and at most), else booking::Difficulty's defaults; nullopt with `error` when it cannot be
// read.
std::optional<booking::Difficulty> DifficultyFrom(const Args& args, std::string& error);
// `given`, else ./calendars when it exists, else the calendars shipped with Sportello.
std::string CalendarsDirectory(const std::optional<std::string>& given);

// The secret that seals manage tokens at rest (storage::StoreOptions::secret): the contents of
// --secret-file; without it, of DB.secret next to a SQLite database, made (owner-only) when missing.
// nullopt with `error` for a PostgreSQL database without --secret-file (every node needs the same
// one), and for a file that cannot be read or holds fewer than 32 characters.
std::optional<std::string> SecretFrom(const Args& args, const std::string& db, std::string& error);
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
// Upserts the demo applications and prints how to try a booking. False on a database error.
bool LoadDemo(storage::Store& store, const engine::Catalogue& catalogue, const std::string& bind, std::uint16_t port,
              engine::Instant now);

}  // namespace sportello::tools
