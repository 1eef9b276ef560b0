// Is booking speed tied to the mail relay? Booking latency through the real HTTP server (POST
// /api/v1/desks/{desk}/bookings over a keep-alive connection, each booking durably committed with
// its outbox row) with e-mail off, with the relay down, with a relay that accepts connections but
// never answers, and optionally with a real relay (e.g. tests/mail/smtp_sink.py --delay 2, a slow
// one). Prints numbers only; it is not a test.
//
//   build/release/tools/bench/notify_bench [N] [HOST:PORT]
//
// N (default 300) bookings per mode and round (three rounds, modes in turn); HOST:PORT adds the
// "relay" mode against that server.
#include "booking/applications.h"
#include "booking/desks.h"
#include "engine/calendar.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "mail/delivery_worker.h"
#include "mail/smtp_sender.h"
#include "storage/sqlite_store.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <numeric>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace sportello;
using Clock = std::chrono::steady_clock;
namespace beast_http = boost::beast::http;
using boost::asio::ip::tcp;

constexpr std::string_view kCalendar = R"({
  "desk": "bench", "name": "Banco di prova", "province": "BN", "timezone": "Europe/Rome",
  "address": "Via di prova 1",
  "flags": { "self_booking": true },
  "types": { "lavoro-documenti": {
    "slot_minutes": 20, "horizon_days": 365, "min_notice_hours": 0, "cancel_notice_hours": 0,
    "weekly": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "18:00", "capacity": 500 } ]
  } }
})";

constexpr std::string_view kTypes = R"({"types":[{"id":"lavoro-documenti",
  "name":{"it":"Lavoro","en":"Work","fr":"Travail","es":"Trabajo"},
  "documents":[{"it":"Passaporto","en":"Passport","fr":"Passeport","es":"Pasaporte"}]}]})";

const engine::Instant kNow = *engine::ParseInstant("2026-11-02T07:00:00+01:00");

// A socket that listens and never accepts: the kernel completes the handshake, nobody answers.
struct HungRelay {
  HungRelay() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port = ntohs(address.sin_port);
  }
  ~HungRelay() { close(fd); }
  int fd = -1;
  int port = 0;
};

int ClosedPort() {
  HungRelay probe;
  return probe.port;  // closed again when probe goes away
}

struct Latencies {
  std::vector<double> ms;
  double Percentile(double p) const {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  }
  double Mean() const { return std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size()); }
};

// Books `count` times through a real server on a fresh database; with `relay`, a delivery worker
// sends to it meanwhile.
Latencies Run(const std::filesystem::path& dir, std::string_view mode, std::size_t count,
              std::optional<mail::SmtpOptions> relay) {
  const auto path = dir / fmt::format("{}.db", mode);
  auto store = storage::SqliteStore::Open(path);
  const engine::DeskCalendar calendar = *engine::ParseCalendar(kCalendar, nullptr).value;
  (void)booking::SeedDesk(*store, calendar, kNow).value();
  std::vector<engine::Application> list;
  for (std::size_t i = 0; i < count; ++i) {
    list.push_back({fmt::format("B-{:07}", i), "bench", "RSSMRA85T10A562S", "persona@example.org", "",
                    {"lavoro-documenti"}, "x"});
  }
  (void)booking::ImportApplications(*store, list, storage::Actor::Cli(), kNow).value();
  const engine::Catalogue catalogue = *engine::ParseCatalogue(kTypes).value;
  const auto started = Clock::now();
  auto clock = [started] {
    return kNow + std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
  };

  std::unique_ptr<mail::SmtpSender> sender;
  std::unique_ptr<mail::DeliveryWorker> worker;
  http::Services services{*store, catalogue, [] { return kNow; }};
  if (relay) {
    relay->connect_timeout = std::chrono::seconds{15};
    relay->timeout = std::chrono::seconds{120};
    sender = std::make_unique<mail::SmtpSender>(*relay);
    mail::DeliveryOptions options;
    options.mail = {"sportello@prefettura.example", "https://prenota.example.it"};
    options.log = nullptr;
    worker = std::make_unique<mail::DeliveryWorker>(*store, *store, catalogue, *sender, clock, options);
    worker->Start();
    services.outbox_changed = [w = worker.get()] { w->Nudge(); };
  }
  http::Metrics metrics;
  http::ServerConfig config;
  config.port = 0;
  http::Server server(config, http::MakeHandler(services), metrics);
  server.Start();

  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server.port()));
  boost::beast::flat_buffer buffer;
  const std::vector<engine::Slot> slots = engine::GenerateSlots(calendar, calendar.types.at("lavoro-documenti"),
                                                                date::year{2026} / 11 / 3, date::year{2026} / 11 / 30);
  Latencies latencies;
  for (std::size_t i = 0; i < count; ++i) {
    http::Request request{beast_http::verb::post, "/api/v1/desks/bench/bookings", 11};
    request.set(beast_http::field::host, "127.0.0.1");
    request.set(beast_http::field::content_type, "application/json");
    request.body() = fmt::format(R"({{"type":"lavoro-documenti","start":"{}","application_id":"B-{:07}","tax_code":"RSSMRA85T10A562S"}})",
                                 engine::FormatInstant(slots[i % slots.size()].start, *calendar.zone), i);
    request.prepare_payload();
    const auto begin = Clock::now();
    beast_http::write(socket, request);
    beast_http::response<beast_http::string_body> response;
    beast_http::read(socket, buffer, response);
    latencies.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
    if (response.result_int() != 201) throw std::runtime_error("booking failed: " + response.body());
  }
  socket.close();
  server.Stop();
  server.Wait();
  if (worker) {
    const auto stats = worker->stats();
    fmt::print("  {}: worker meanwhile: {} sent, {} failed attempts to retry, {} given up\n", mode, stats.sent,
               stats.retried, stats.failed);
    worker->Stop();
  }
  return latencies;
}

void Print(std::string_view mode, const Latencies& latencies) {
  fmt::print("{:<8} bookings {:>4}  mean {:6.2f} ms  p50 {:6.2f} ms  p90 {:6.2f} ms  p99 {:6.2f} ms  max {:6.2f} ms\n",
             mode, latencies.ms.size(), latencies.Mean(), latencies.Percentile(0.5), latencies.Percentile(0.9),
             latencies.Percentile(0.99), latencies.Percentile(1.0));
}

mail::SmtpOptions Local(int port) {
  mail::SmtpOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.tls = mail::SmtpTls::none;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::stoul(argv[1]) : 300;
  const char* tmp = std::getenv("TMPDIR");
  const auto dir = std::filesystem::path(tmp != nullptr ? tmp : "/tmp") / fmt::format("sportello-notify-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  try {
    HungRelay hung;
    std::vector<std::pair<std::string, std::optional<mail::SmtpOptions>>> modes = {
        {"off", std::nullopt}, {"down", Local(ClosedPort())}, {"hung", Local(hung.port)}};
    if (argc > 2) {
      auto relay = mail::ParseRelay(argv[2]);
      if (!relay) throw std::runtime_error("HOST:PORT expected");
      relay->tls = mail::SmtpTls::none;
      modes.emplace_back("relay", *relay);
    }
    // The modes take turns, round after round, so that load from elsewhere on the machine falls
    // on all of them alike.
    constexpr int kRounds = 3;
    std::map<std::string, Latencies> results;
    for (int round = 0; round < kRounds; ++round) {
      for (const auto& [mode, relay] : modes) {
        const Latencies latencies = Run(dir, fmt::format("{}-{}", mode, round), count, relay);
        results[mode].ms.insert(results[mode].ms.end(), latencies.ms.begin(), latencies.ms.end());
      }
    }
    for (const auto& [mode, relay] : modes) Print(mode, results[mode]);
  } catch (const std::exception& error) {
    fmt::print(stderr, "notify_bench: {}\n", error.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
