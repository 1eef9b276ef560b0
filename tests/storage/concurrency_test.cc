// Many threads and several processes racing for the last seats of a slot, and processes killed
// with SIGKILL while they book: no seat is ever given twice, nothing acknowledged is lost.
//
// Processes are made with fork(). The parent closes its store before forking (SQLite handles
// must not cross a fork) and each child opens its own, as a second `sportello` process would.
#include "fixture.h"

#include <latch>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sportello::storage::testing {
namespace {

using engine::Error;

constexpr int kCapacity = 2;
constexpr int kStaffCapacity = 1;

// Active bookings in the fullest slot, all channels / online only.
std::int64_t MaxPerSlot(const std::string& db, std::string_view channel_filter = "") {
  return QueryInt(db, fmt::format("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM bookings "
                                  "WHERE status = 'booked' {} GROUP BY desk, type, start) AS slots",
                                  channel_filter));
}

// Writes all of `text` to `fd` (one small write: atomic on a pipe).
void WriteLine(int fd, const std::string& text) {
  const std::string line = text + "\n";
  [[maybe_unused]] const ssize_t written = write(fd, line.data(), line.size());
}

std::vector<std::string> ReadLines(int fd) {
  std::string all;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) all.append(buffer, static_cast<std::size_t>(n));
  std::vector<std::string> lines;
  for (std::size_t begin = 0, end; (end = all.find('\n', begin)) != std::string::npos; begin = end + 1) {
    lines.push_back(all.substr(begin, end - begin));
  }
  return lines;  // a partial last line (none expected: writes are atomic) is dropped
}

TEST_CASE("threads racing for the seats of a slot get exactly its capacity") {
  constexpr int kThreads = 8;
  constexpr int kSlots = 12;
  StoreFixture f(kThreads * kSlots * 2, TestCalendar(kCapacity, kStaffCapacity));
  const std::vector<Instant> slots = SlotStarts();
  // Half the threads share one store (one writer connection and its mutex); the others each open
  // their own on the same file, so they contend on SQLite's own lock.
  std::vector<std::unique_ptr<Store>> own;
  for (int t = 0; t < kThreads / 2; ++t) own.push_back(OpenStore(f.db));

  std::map<Instant, int> online_wins, staff_wins;
  std::vector<Error> errors;
  std::mutex results_mutex;
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *f.store : *own[static_cast<std::size_t>(t / 2)];
      start.arrive_and_wait();
      for (int s = 0; s < kSlots; ++s) {
        const Instant slot = slots[static_cast<std::size_t>(s)];
        const bool staff = (t + s) % 3 == 0;
        const std::string app = AppId(t * kSlots + s);
        auto booked = booking::Book(store, staff ? StaffRequest(app, slot) : ApplicantRequest(app, slot));
        std::lock_guard lock(results_mutex);
        if (booked) {
          ++(staff ? staff_wins : online_wins)[slot];
        } else {
          errors.push_back(booked.error().code);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int s = 0; s < kSlots; ++s) {
    const Instant slot = slots[static_cast<std::size_t>(s)];
    INFO("slot " << s);
    CHECK(online_wins[slot] + staff_wins[slot] == kCapacity + kStaffCapacity);  // 8 contenders > 3 seats
    CHECK(online_wins[slot] <= kCapacity);
    auto use = f.store->Seats("roma", kType, slot, slot + std::chrono::seconds{1});
    REQUIRE(use.has_value());
    CHECK(use->Use(slot).online == online_wins[slot]);
    CHECK(use->Use(slot).staff == staff_wins[slot]);
  }
  for (Error error : errors) CHECK(error == Error::slot_full);
  CHECK(MaxPerSlot(f.db) == kCapacity + kStaffCapacity);
  CHECK(MaxPerSlot(f.db, "AND channel = 'online'") <= kCapacity);
}

TEST_CASE("two threads of one application race: one booking, the other already_booked") {
  StoreFixture f(4);
  const std::vector<Instant> slots = SlotStarts();
  for (int round = 0; round < 20; ++round) {
    const std::string app = AppId(round % 4);
    std::latch start(2);
    std::array<Result<BookOutcome>, 2> results{Error::internal, Error::internal};
    std::thread a([&] {
      start.arrive_and_wait();
      results[0] = booking::Book(*f.store, ApplicantRequest(app, slots[static_cast<std::size_t>(2 * round)]));
    });
    std::thread b([&] {
      start.arrive_and_wait();
      results[1] = booking::Book(*f.store, ApplicantRequest(app, slots[static_cast<std::size_t>(2 * round + 1)]));
    });
    a.join();
    b.join();
    REQUIRE(results[0].has_value() != results[1].has_value());
    const auto& winner = results[0] ? results[0] : results[1];
    const auto& loser = results[0] ? results[1] : results[0];
    CHECK(loser.error() == Error::already_booked);
    REQUIRE(booking::Cancel(*f.store, winner->booking.code, Actor::Staff("reset"), kNow).has_value());
  }
}

TEST_CASE("processes racing for the seats of a slot get exactly its capacity") {
  constexpr int kProcesses = 4;
  constexpr int kSlots = 8;
  StoreFixture f(kProcesses * kSlots, TestCalendar(kCapacity, kStaffCapacity));
  const std::vector<Instant> slots = SlotStarts();
  f.store.reset();  // no SQLite handle may cross fork()

  int go[2];
  REQUIRE(pipe(go) == 0);
  std::vector<std::pair<pid_t, int>> children;  // pid, read end of its report pipe
  for (int p = 0; p < kProcesses; ++p) {
    int report[2];
    REQUIRE(pipe(report) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(report[0]);
      close(go[1]);
      auto store = OpenStore(f.db);
      char byte;
      [[maybe_unused]] const ssize_t ignored = read(go[0], &byte, 1);  // EOF = start
      for (int s = 0; s < kSlots; ++s) {
        auto booked = booking::Book(*store, ApplicantRequest(AppId(p * kSlots + s), slots[static_cast<std::size_t>(s)]));
        WriteLine(report[1], booked ? fmt::format("{} {}", s, booked->booking.code)
                                    : fmt::format("{} {}", s, engine::ErrorCode(booked.error().code)));
      }
      _exit(0);
    }
    close(report[1]);
    children.emplace_back(pid, report[0]);
  }
  close(go[0]);
  close(go[1]);  // all start at once

  std::map<int, int> wins;
  for (auto [pid, fd] : children) {
    for (const std::string& line : ReadLines(fd)) {
      const int slot = std::stoi(line);
      const std::string outcome = line.substr(line.find(' ') + 1);
      if (outcome.starts_with("RM-")) {
        ++wins[slot];
      } else {
        CHECK(outcome == "slot_full");
      }
    }
    close(fd);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  for (int s = 0; s < kSlots; ++s) CHECK(wins[s] == kCapacity);
  CHECK(MaxPerSlot(f.db) == kCapacity);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == kCapacity * kSlots);
}

// A child that books (and now and then cancels) as fast as it can, reporting on `fd` each
// change after it committed: "B <code>" booked, "C <code>" cancelled. Never returns.
[[noreturn]] void BookUntilKilled(const std::string& db, int fd, int first_app, bool staff,
                                  const std::vector<Instant>& slots) {
  auto store = OpenStore(db);
  WriteLine(fd, "R");
  std::mt19937 random(static_cast<unsigned>(first_app));
  std::vector<std::string> mine;
  for (int app = first_app;;) {
    const Instant slot = slots[random() % slots.size()];
    auto booked = booking::Book(*store, staff ? StaffRequest(AppId(app), slot) : ApplicantRequest(AppId(app), slot));
    if (booked) {
      WriteLine(fd, "B " + booked->booking.code);
      mine.push_back(booked->booking.code);
      ++app;
    }
    if (!mine.empty() && random() % 3 == 0) {
      const std::string code = mine[random() % mine.size()];
      if (booking::Cancel(*store, code, Actor::Staff("test"), kNow)) WriteLine(fd, "C " + code);
    }
  }
}

TEST_CASE("processes killed with SIGKILL while booking lose nothing they acknowledged", "[sqlite]") {
  constexpr int kRounds = 20;
  constexpr int kAppsPerChild = 1000;
  constexpr std::size_t kSlotsUsed = 10;  // few slots: most attempts meet a full slot
  StoreFixture f(2 * kRounds * kAppsPerChild, TestCalendar(kCapacity, kStaffCapacity));
  std::vector<Instant> slots = SlotStarts();
  slots.resize(kSlotsUsed);
  f.store.reset();

  // Catch's seed: fixed unless the run asks otherwise (`--rng-seed time`), replayed with `--rng-seed N`.
  const unsigned seed = Catch::rngSeed();
  INFO("seed " << seed << " (replay with --rng-seed " << seed << ")");
  std::mt19937 random(seed);
  std::set<std::string> booked, cancelled;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::pair<pid_t, int>> children;
    for (int c = 0; c < 2; ++c) {
      int report[2];
      REQUIRE(pipe(report) == 0);
      const pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        close(report[0]);
        BookUntilKilled(f.db, report[1], (2 * round + c) * kAppsPerChild, c == 1, slots);
      }
      close(report[1]);
      children.emplace_back(pid, report[0]);
    }
    // Wait until both are running, then kill each at a random moment.
    for (auto [pid, fd] : children) {
      char ready[2];
      REQUIRE(read(fd, ready, 2) == 2);
    }
    for (auto [pid, fd] : children) {
      std::this_thread::sleep_for(std::chrono::milliseconds{std::uniform_int_distribution(1, 120)(random)});
      kill(pid, SIGKILL);
    }
    for (auto [pid, fd] : children) {
      for (const std::string& line : ReadLines(fd)) (line[0] == 'B' ? booked : cancelled).insert(line.substr(2));
      close(fd);
      int status = 0;
      REQUIRE(waitpid(pid, &status, 0) == pid);
      CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    }

    auto store = OpenStore(f.db);  // recovers the WAL left by the killed writers
    for (const std::string& code : booked) {
      auto found = store->FindBooking(code);
      REQUIRE(found.has_value());
      if (cancelled.contains(code)) CHECK(found->status == BookingStatus::cancelled);
    }
  }
  INFO(booked.size() << " bookings acknowledged, " << cancelled.size() << " cancelled");
  CHECK(booked.size() > 0);
  CHECK(MaxPerSlot(f.db) <= kCapacity + kStaffCapacity);
  CHECK(MaxPerSlot(f.db, "AND channel = 'online'") <= kCapacity);
  CHECK(IntegrityCheck(f.db) == "ok");
  CHECK(QueryInt(f.db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

}  // namespace
}  // namespace sportello::storage::testing
