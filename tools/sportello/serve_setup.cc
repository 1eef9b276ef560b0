#include "tools/sportello/serve_setup.h"

#include "booking/desks.h"
#include "http/services.h"
#include "logging/log.h"
#include "storage/open_store.h"
#include "storage/secrets.h"
#include "tools/sportello/calendar_files.h"

#include <fmt/core.h>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace sportello::tools {

namespace {

std::optional<long> ParseNumber(const std::string& text, long min, long max) {
  long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

int DefaultWorkers(std::string_view db) { return storage::IsPostgresUri(db) ? 16 : 4; }

std::optional<http::ServerConfig> ServerConfigFrom(const ServeOptions& options, std::string& error) {
  http::ServerConfig config;
  config.bind = options.bind.value_or("127.0.0.1");
  if (const auto& port = options.port) {
    auto number = ParseNumber(*port, 0, 65535);
    if (!number) {
      error = "--port must be a number from 0 to 65535";
      return std::nullopt;
    }
    config.port = static_cast<std::uint16_t>(*number);
  }
  if (const auto& threads = options.io_threads) {
    auto number = ParseNumber(*threads, 1, 64);
    if (!number) {
      error = "--io-threads must be a number from 1 to 64";
      return std::nullopt;
    }
    config.io_threads = static_cast<int>(*number);
  }
  if (const auto& workers = options.workers) {
    auto number = ParseNumber(*workers, 1, 256);
    if (!number) {
      error = "--workers must be a number from 1 to 256";
      return std::nullopt;
    }
    config.worker_threads = static_cast<int>(*number);
  } else {
    config.worker_threads = DefaultWorkers(options.db.value_or(""));
  }
  config.strict_transport_security = options.mail.public_url.value_or("").starts_with("https://");
  for (const std::string& proxy : options.trusted_proxies) {
    std::optional<http::Network> network = http::ParseNetwork(proxy);
    if (!network) {
      error = "--trusted-proxy " + proxy + ": must be an address or a CIDR block, e.g. 10.0.0.5 or 10.0.0.0/24";
      return std::nullopt;
    }
    config.trusted_proxies.push_back(*network);
  }
  return config;
}

std::optional<http::ServerConfig> MetricsConfigFrom(std::string_view bind, std::string& error) {
  const std::size_t colon = bind.rfind(':');
  std::string_view address = colon == std::string_view::npos ? std::string_view{} : bind.substr(0, colon);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  const auto port = colon == std::string_view::npos ? std::nullopt : ParseNumber(std::string(bind.substr(colon + 1)), 0, 65535);
  if (address.empty() || !port || !http::ParseNetwork(address)) {
    error = "--metrics-bind must be ADDRESS:PORT, e.g. 127.0.0.1:9464 or [::1]:9464";
    return std::nullopt;
  }
  http::ServerConfig config;
  config.bind = std::string(address);
  config.port = static_cast<std::uint16_t>(*port);
  config.io_threads = 1;
  config.worker_threads = 1;
  config.max_connections = 64;
  return config;
}

std::optional<booking::Difficulty> DifficultyFrom(const ServeOptions& options, std::string& error) {
  booking::Difficulty difficulty;
  const std::optional<std::string>& given = options.challenge_difficulty;
  if (!given) return difficulty;
  const std::size_t colon = given->find(':');
  constexpr long kLargest = 1'000'000'000;
  const auto base = ParseNumber(given->substr(0, colon), 1, kLargest);
  const auto cap = colon == std::string::npos ? std::optional<long>(difficulty.cap)
                                              : ParseNumber(given->substr(colon + 1), 1, kLargest);
  if (!base || !cap || *cap < *base) {
    error = "--challenge-difficulty looks like 50000:5000000 (BASE:CAP, 1 <= BASE <= CAP <= 1000000000)";
    return std::nullopt;
  }
  difficulty.base = *base;
  difficulty.cap = *cap;
  return difficulty;
}

std::optional<std::map<std::string, http::RateLimit>> RateLimitsFrom(const ServeOptions& options, std::string& error) {
  if (options.no_rate_limits) return std::map<std::string, http::RateLimit>{};
  std::map<std::string, http::RateLimit> limits = http::DefaultRateLimits();
  const std::string spec_text = options.rate_limits.value_or("");  // `spec` views it: keep it alive
  std::string_view spec = spec_text;
  while (!spec.empty()) {
    const std::string_view entry = spec.substr(0, spec.find(','));
    spec.remove_prefix(std::min(spec.size(), entry.size() + 1));
    const std::size_t equals = entry.find('=');
    const std::size_t colon = entry.find(':');
    const std::string name(entry.substr(0, equals));
    if (equals == std::string_view::npos || colon == std::string_view::npos || colon < equals || !limits.contains(name)) {
      error = "--rate-limits entries look like booking=1:20 (bucket=per_second:burst); buckets:";
      for (const auto& [bucket, limit] : http::DefaultRateLimits()) error += " " + bucket;
      return std::nullopt;
    }
    const std::string rate(entry.substr(equals + 1, colon - equals - 1));
    const std::string burst(entry.substr(colon + 1));
    char* end = nullptr;
    const double per_second = std::strtod(rate.c_str(), &end);
    const bool rate_ok = end == rate.c_str() + rate.size() && per_second > 0;
    const double burst_value = std::strtod(burst.c_str(), &end);
    if (!rate_ok || end != burst.c_str() + burst.size() || burst_value < 1) {
      error = "--rate-limits: " + name + " needs a rate above 0 and a burst of at least 1";
      return std::nullopt;
    }
    limits[name] = http::RateLimit{per_second, burst_value};
  }
  return limits;
}

std::optional<std::string> SecretFrom(const ServeOptions& options, const std::string& db, std::string& error) {
  std::optional<std::string> path = options.secret_file;
  if (!path) {
    if (storage::IsPostgresUri(db)) {
      error = "--secret-file is required with a PostgreSQL database: give every node the same file "
              "(docs/operations.md)";
      return std::nullopt;
    }
    path = db + ".secret";
    if (!std::filesystem::exists(*path)) {
      std::ofstream made(*path);
      made << storage::NewSecret() << '\n';
      if (!made.flush()) {
        error = "cannot write the secret file " + *path;
        return std::nullopt;
      }
    }
  }
  std::ifstream file(*path);
  std::string secret;
  std::getline(file, secret);
  while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back())) != 0) secret.pop_back();
  if (!file && !file.eof()) secret.clear();
  if (secret.size() < 32) {
    error = "--secret-file " + *path + ": cannot be read, or holds fewer than 32 characters on its first line";
    return std::nullopt;
  }
  return secret;
}

std::string CalendarsDirectory(const std::optional<std::string>& given) {
  if (given) return *given;
  if (std::filesystem::exists("calendars/types.json")) return "calendars";
  return SPORTELLO_CALENDARS_DIR;
}

std::unique_ptr<http::StaticFiles> LoadWeb(const std::optional<std::string>& given, bool& failed) {
  failed = false;
  const std::string directory = given ? *given : std::filesystem::exists("web/public/index.html") ? "web/public"
                                                                                                  : SPORTELLO_WEB_DIR;
  if (!std::filesystem::exists(std::filesystem::path(directory) / "index.html")) {
    failed = given.has_value();
    logging::Write({failed ? logging::Level::error : logging::Level::warning, "serve", "web_pages_missing",
                    fmt::format("{}: {}/index.html not found; serving the API only", failed ? "error" : "note",
                                directory),
                    {{"directory", directory}}});
    return nullptr;
  }
  try {
    auto web = std::make_unique<http::StaticFiles>(http::StaticFiles::Load(directory));
    if (!web->Contains("vendor/bootstrap-italia/css/bootstrap-italia.min.css")) {
      logging::Warning("serve", "web_vendor_missing",
                       fmt::format("note: {}/vendor is missing; run scripts/install-deps.sh to install the pages' "
                                   "design system", directory),
                       {{"directory", directory}});
    }
    logging::Info("serve", "web_pages", fmt::format("web pages from {} ({} files)", directory, web->size()),
                  {{"directory", directory}, {"files", web->size()}});
    return web;
  } catch (const std::exception& error) {
    failed = true;
    logging::Error("serve", "web_pages_failed", std::string("cannot load the web pages: ") + error.what(),
                   {{"error", error.what()}});
    return nullptr;
  }
}

std::unique_ptr<http::ApiDocument> LoadApiDocument() {
  const std::string file = std::filesystem::exists("docs/openapi.yaml") ? "docs/openapi.yaml"
                                                                         : SPORTELLO_DOCS_DIR "/openapi.yaml";
  std::optional<http::ApiDocument> document = http::ApiDocument::Load(file);
  if (!document) {
    fmt::print(stderr, "sportello serve: note: {} cannot be read; /api/v1/openapi.yaml answers 404\n", file);
    return nullptr;
  }
  return std::make_unique<http::ApiDocument>(std::move(*document));
}

bool SeedDesks(storage::Store& store, const engine::Catalogue& catalogue, const std::string& directory,
               engine::Instant now) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    const bool national_catalogue = name == "types.json" || name == "topics.json" || name == "status_events.json";
    if (entry.path().extension() == ".json" && !national_catalogue) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<engine::DeskCalendar> calendars;
  for (const auto& file : files) {
    auto calendar = LoadCalendar(file.string(), catalogue);
    if (!calendar) return false;  // refuse to start on a broken file rather than serve half the desks
    calendars.push_back(std::move(*calendar));
  }
  for (const engine::DeskCalendar& calendar : calendars) {
    auto created = booking::SeedDesk(store, calendar, now);
    if (!created) {
      logging::Error("serve", "desk_not_created",
                     fmt::format("cannot create desk {} ({})", calendar.desk, created.error().ToString()),
                     {{"desk", calendar.desk}, {"error", created.error().ToString()}});
      return false;
    }
    if (*created) {
      logging::Info("serve", "desk_created", fmt::format("desk {} created from its calendar file", calendar.desk),
                    {{"desk", calendar.desk}});
    }
  }
  return true;
}

}  // namespace sportello::tools
