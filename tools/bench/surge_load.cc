// surge_load: the load generator of the surge benchmark (issue 8). Asynchronous Boost.Beast
// client on one thread, many keep-alive connections, every answer checked. Modes (flags in
// load/options.h):
//   surge         distinct applicants fetch availability and book the earliest free slot,
//                 retrying on 409 slot_full; then verifies through the API and, with --db,
//                 through the database file that no slot is overbooked and every 201 is stored;
//   availability  closed-loop GET availability for one desk and type over --days days;
//   get           closed-loop GET of a fixed target (the bare server of bare_server_bench);
//   wait-ready    polls /healthz and prints the wall-clock instant of the first 200.
// Prints `key value` lines on stdout (load/report.h). Exit status: 0 when every check passed,
// 1 when a check failed (the figures are printed all the same), 2 on bad usage.
#include "tools/bench/load/applicants.h"
#include "tools/bench/load/bench_desk.h"
#include "tools/bench/load/hammer.h"
#include "tools/bench/load/options.h"
#include "tools/bench/load/report.h"
#include "tools/bench/load/surge.h"
#include "tools/bench/load/verify_api.h"
#include "tools/bench/load/verify_db.h"
#include "tools/bench/load/wait_ready.h"

#include <boost/asio/ip/address.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>

#include <sys/resource.h>

namespace {

using namespace sportello;
using namespace sportello::bench;
using boost::asio::ip::tcp;

int Usage(const std::string& problem) {
  fmt::print(stderr, "surge_load: {}\n(see tools/bench/load/options.h for the modes and flags)\n", problem);
  return 2;
}

// CPU seconds this process has used so far (user + system), to tell whether the client was the limit.
double ClientCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& time) { return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The surge's availability range: --from (default: the desk's today) and --days days.
void SetRange(const LoadOptions& options, const BenchDesk& desk, SurgeOptions& surge) {
  const engine::Date from = options.from.empty() ? DeskToday(desk) : *engine::ParseDate(options.from);
  surge.from = engine::FormatDate(from);
  surge.to = engine::FormatDate(engine::Date{date::sys_days{from} + date::days{options.days - 1}});
}

bool PrintApiVerification(const ApiVerification& api) {
  PrintFigure("api_slots_listed", api.slots_listed);
  PrintFigure("api_negative_free", api.negative_free);
  PrintFigure("api_overbooked_slots", api.overbooked_slots);
  PrintFigure("api_unacknowledged_seats", api.unacknowledged_seats);
  PrintFigure("api_missing_seats", api.missing_seats);
  PrintFigure("api_not_listed", api.not_listed);
  PrintFigure("api_fetched", api.fetched);
  PrintFigure("api_not_fetched", api.not_fetched);
  PrintLatency("fetch", api.fetch.Summarize());
  const std::uint64_t errors = PrintErrors("api", api.errors);
  return errors == 0 && api.negative_free == 0 && api.overbooked_slots == 0 && api.not_fetched == 0 &&
         api.missing_seats == 0;
}

bool PrintDbVerification(const DbVerification& db) {
  if (!db.opened) {
    fmt::print(stderr, "db: {}\n", db.problem);
    PrintFigure("db_opened", std::uint64_t{0});
    return false;
  }
  PrintFigure("db_booked_rows", db.booked_rows);
  PrintFigure("db_overbooked_slots", db.overbooked_slots);
  PrintFigure("db_off_calendar", db.off_calendar);
  PrintFigure("db_acknowledged_stored", db.acknowledged_stored);
  PrintFigure("db_acknowledged_missing", db.acknowledged_missing);
  PrintFigure("db_stored_unacknowledged", db.stored_unacknowledged);
  return db.overbooked_slots == 0 && db.off_calendar == 0 && db.acknowledged_missing == 0;
}

int RunSurgeMode(const LoadOptions& options, const tcp::endpoint& server) {
  std::string problem;
  const auto desk = LoadBenchDesk(options.calendar, options.type, problem);
  if (!desk) return Usage(problem);
  const auto applicants = ReadApplicants(options.applications, problem);
  if (!applicants) return Usage(problem);
  SurgeOptions surge{desk->calendar.desk, desk->type, "", "", options.connections, options.max_attempts,
                     options.encoding == "gzip"};
  SetRange(options, *desk, surge);

  const double cpu_before = ClientCpuSeconds();
  std::vector<tcp::endpoint> servers;
  for (const int port : options.ports) servers.emplace_back(server.address(), static_cast<std::uint16_t>(port));
  const SurgeResult result = RunSurge(servers, *applicants, surge);
  const double client_cpu = ClientCpuSeconds() - cpu_before;
  if (!options.after_surge.empty() && std::system(options.after_surge.c_str()) != 0) {
    fmt::print(stderr, "surge_load: --after-surge failed: {}\n", options.after_surge);
  }
  const auto acknowledged = static_cast<std::uint64_t>(result.acknowledged.size());
  PrintFigure("surge_applicants", static_cast<std::uint64_t>(applicants->size()));
  PrintFigure("surge_connections", static_cast<std::uint64_t>(options.connections));
  PrintFigure("surge_nodes", static_cast<std::uint64_t>(servers.size()));
  PrintFigure("surge_acknowledged", acknowledged);
  PrintFigure("surge_seconds", result.seconds);
  PrintFigure("surge_bookings_per_s", static_cast<double>(acknowledged) / result.seconds);
  PrintFigure("surge_requests", result.requests);
  PrintFigure("surge_requests_per_s", static_cast<double>(result.requests) / result.seconds);
  PrintFigure("surge_client_cpu_share", client_cpu / result.seconds);
  PrintFigure("surge_slot_full", result.slot_full);
  PrintFigure("surge_negative_free", result.negative_free);
  PrintLatency("availability", result.availability.Summarize());
  PrintLatency("book", result.book.Summarize());
  const bool surge_ok = PrintErrors("surge", result.errors) == 0 && result.negative_free == 0;

  bool verified = PrintApiVerification(VerifyThroughApi(server, *desk, surge, result.acknowledged));
  if (!options.db.empty()) {
    verified = PrintDbVerification(VerifyThroughDatabase(options.db, *desk, surge, result.acknowledged)) && verified;
  }
  PrintFigure("verified", std::uint64_t{verified ? 1u : 0u});
  return surge_ok && verified ? 0 : 1;
}

int RunHammerMode(const LoadOptions& options, const tcp::endpoint& server) {
  HammerOptions hammer;
  hammer.connections = options.connections;
  hammer.seconds = std::chrono::seconds{options.seconds};
  hammer.warm_up = std::chrono::seconds{options.warm_up};
  hammer.target = options.target;
  hammer.check_every = options.check_every;
  if (options.mode == "availability") {
    std::string problem;
    const auto desk = LoadBenchDesk(options.calendar, options.type, problem);
    if (!desk) return Usage(problem);
    SurgeOptions range;
    range.desk = desk->calendar.desk;
    range.type = desk->type;
    SetRange(options, *desk, range);
    hammer.check = HammerOptions::Check::availability;
    hammer.desk = range.desk;
    hammer.type = range.type;
    hammer.target = "/api/v1/desks/" + range.desk + "/availability?type=" + range.type + "&from=" + range.from +
                    "&to=" + range.to;
  }
  const double cpu_before = ClientCpuSeconds();
  const HammerResult result = RunHammer(server, hammer);
  const double client_cpu = ClientCpuSeconds() - cpu_before;
  const double wall = static_cast<double>(options.warm_up + options.seconds);
  PrintFigure("connections", static_cast<std::uint64_t>(options.connections));
  PrintFigure("answers", result.answers);
  PrintFigure("requests_per_s", static_cast<double>(result.answers) / result.seconds);
  PrintFigure("body_bytes_mean", result.answers == 0 ? 0.0 : static_cast<double>(result.body_bytes) /
                                                                 static_cast<double>(result.answers));
  PrintLatency("latency", result.latency.Summarize());
  PrintFigure("client_cpu_share", client_cpu / wall);
  return PrintErrors("hammer", result.errors) == 0 ? 0 : 1;
}

int RunWaitReady(const LoadOptions& options, const tcp::endpoint& server) {
  const auto ready = WaitUntilHealthy(server, std::chrono::seconds{options.timeout});
  if (!ready) {
    fmt::print(stderr, "surge_load: no 200 from /healthz within {} s\n", options.timeout);
    return 1;
  }
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(ready->time_since_epoch()).count();
  fmt::print("ready_unix_ns {}\n", ns);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string problem;
  const auto options = ParseLoadOptions(argc, argv, problem);
  if (!options) return Usage(problem);
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(options->host, error);
  if (error) return Usage("--host: not an IP address");
  const tcp::endpoint server(address, static_cast<std::uint16_t>(options->port));
  try {
    if (options->mode == "surge") return RunSurgeMode(*options, server);
    if (options->mode == "wait-ready") return RunWaitReady(*options, server);
    return RunHammerMode(*options, server);
  } catch (const std::exception& failure) {
    fmt::print(stderr, "surge_load: {}\n", failure.what());
    return 1;
  }
}
