// Durable write throughput of the storage layer on this machine. Prints numbers only.
//
//   build/release/tools/bench/storage_bench [DIR] [N]
//
// DIR (default: $TMPDIR or /tmp) holds the temporary database files; use the disk the server
// will use. N (default 2000) bookings / rows per measurement. Every number is with WAL and
// synchronous=FULL, i.e. each commit is fsynced before it returns:
//   store_book_*         bookings per second through SqliteStore::Book (all the checks, the seat
//                        count, the audit entry, the outbox message) from 1, 4 and 64 threads;
//                        bookings arriving together share a group commit, so more threads mean
//                        more bookings per fsync;
//   sqlite_insert_txn    bare INSERTs of a booking-sized row, one per transaction;
//   sqlite_insert_batch  the same rows, 1000 per transaction.
#include "booking/applications.h"
#include "booking/desks.h"
#include "booking/booking.h"
#include "engine/calendar.h"
#include "storage/sqlite_db.h"
#include "storage/sqlite_store.h"

#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

using namespace sportello;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kCalendar = R"({
  "desk": "bench", "name": "Banco di prova", "province": "BN", "timezone": "Europe/Rome",
  "flags": { "self_booking": true },
  "types": { "lavoro-documenti": {
    "slot_minutes": 20, "horizon_days": 365, "min_notice_hours": 0, "cancel_notice_hours": 0,
    "weekly": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "18:00", "capacity": 500 } ]
  } }
})";

const engine::Instant kNow = *engine::ParseInstant("2026-11-02T07:00:00+01:00");

double PerSecond(std::size_t count, Clock::duration elapsed) {
  return static_cast<double>(count) / std::chrono::duration<double>(elapsed).count();
}

// A fresh store on `path` with the bench desk and `applications` applications.
std::unique_ptr<storage::SqliteStore> PrepareStore(const std::filesystem::path& path, std::size_t applications,
                                                   const engine::DeskCalendar& calendar) {
  auto store = storage::SqliteStore::Open(path);
  (void)booking::SeedDesk(*store, calendar, kNow).value();
  std::vector<engine::Application> list;
  for (std::size_t i = 0; i < applications; ++i) {
    list.push_back({fmt::format("B-{:07}", i), "bench", "RSSMRA85T10A562S", "", "", {"lavoro-documenti"}, "x"});
  }
  (void)booking::ImportApplications(*store, list, storage::Actor::Cli(), kNow).value();
  return store;
}

double BenchStore(const std::filesystem::path& dir, std::size_t count, int threads) {
  const auto path = dir / fmt::format("store-{}.db", threads);
  const engine::DeskCalendar calendar = *engine::ParseCalendar(kCalendar, nullptr).value;
  auto store = PrepareStore(path, count, calendar);
  const auto& type = calendar.types.at("lavoro-documenti");
  const std::vector<engine::Slot> slots =
      engine::GenerateSlots(calendar, type, date::year{2026} / 11 / 3, date::year{2026} / 12 / 18);
  std::atomic<std::size_t> next = 0, failed = 0;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (std::size_t i; (i = next++) < count;) {
        booking::BookRequest request;
        request.desk = "bench";
        request.type = "lavoro-documenti";
        request.start = slots[i % slots.size()].start;
        request.application_id = fmt::format("B-{:07}", i);
        request.tax_code = "RSSMRA85T10A562S";
        request.now = kNow;
        if (!booking::Book(*store, request)) ++failed;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const auto elapsed = Clock::now() - start;
  if (failed > 0) fmt::print(stderr, "storage_bench: {} bookings failed\n", failed.load());
  return PerSecond(count - failed, elapsed);
}

double BenchBareSqlite(const std::filesystem::path& dir, std::size_t count, std::size_t per_transaction) {
  const auto path = dir / fmt::format("bare-{}.db", per_transaction);
  auto connection = storage::sqlite::Connection::Open(path, true, std::chrono::milliseconds{10'000});
  connection->Exec("PRAGMA journal_mode = WAL");
  connection->Exec(
      "CREATE TABLE rows (code TEXT PRIMARY KEY, desk TEXT, type TEXT, start INTEGER, end INTEGER, status TEXT, "
      "channel TEXT, application_id TEXT, token_hash BLOB, created_at INTEGER)");
  const auto start = Clock::now();
  for (std::size_t done = 0; done < count;) {
    storage::sqlite::Transaction transaction(*connection, storage::sqlite::Transaction::Kind::write);
    for (std::size_t i = 0; i < per_transaction && done < count; ++i, ++done) {
      connection
          ->Prepare("INSERT INTO rows VALUES (?1, 'bench', 'lavoro-documenti', ?2, ?2 + 1200, 'booked', 'online', "
                    "?3, randomblob(32), ?2)")
          .Bind(1, fmt::format("BN-{:012}", done))
          .Bind(2, static_cast<std::int64_t>(1'800'000'000 + done))
          .Bind(3, fmt::format("B-{:07}", done))
          .Run();
    }
    transaction.Commit();
  }
  return PerSecond(count, Clock::now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path base = argc > 1 ? argv[1] : (tmp != nullptr ? tmp : "/tmp");
  const std::size_t count = argc > 2 ? std::stoul(argv[2]) : 2000;
  const auto dir = base / fmt::format("sportello-storage-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  try {
    fmt::print("store_book_1_thread_per_s {:.0f}\n", BenchStore(dir, count, 1));
    fmt::print("store_book_4_threads_per_s {:.0f}\n", BenchStore(dir, count, 4));
    fmt::print("store_book_64_threads_per_s {:.0f}\n", BenchStore(dir, count * 4, 64));
    fmt::print("sqlite_insert_txn_per_s {:.0f}\n", BenchBareSqlite(dir, count, 1));
    fmt::print("sqlite_insert_batch_1000_per_s {:.0f}\n", BenchBareSqlite(dir, count * 10, 1000));
  } catch (const std::exception& error) {
    fmt::print(stderr, "storage_bench: {}\n", error.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
