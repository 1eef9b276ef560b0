// The wall clock `sportello serve` reads for every rule that depends on the time: the booking
// window, cancel notice, staff session expiry, reminders, "today" in statistics and metrics.
//
// By default it is the system clock. Builds configured with SPORTELLO_TEST_CLOCK (the dev, asan and
// tsan presets; never the release preset) also accept `--now INSTANT [--clock-speed X]`: the clock
// then starts at INSTANT and advances X times as fast as real time (default 1). Tests use it so that
// no test depends on the day, weekday or season it runs in. A build without SPORTELLO_TEST_CLOCK
// refuses both options. Thread-safe: immutable once made.
#pragma once

#include "engine/time.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace sportello::tools {

// --now INSTANT and --clock-speed X, as given.
struct ClockOptions {
  std::optional<std::string> now;
  std::optional<std::string> speed;
};

// Adds --now and --clock-speed to `command` (every build knows them; WallClockFrom() refuses them in
// a build without the test clock).
void AddClockOptions(CLI::App& command, ClockOptions& options);

class WallClock {
 public:
  // The system clock, to the second.
  WallClock() = default;
  // Starts at `start` now and advances `speed` times as fast as the system's steady clock.
  WallClock(engine::Instant start, double speed);

  engine::Instant Now() const;
  // A copy of this clock as the function the services take.
  std::function<engine::Instant()> AsFunction() const;
  bool is_set() const { return start_.has_value(); }

 private:
  std::optional<engine::Instant> start_;
  std::chrono::steady_clock::time_point started_{};
  double speed_ = 1;
};

// The system clock, or the clock of --now and --clock-speed; nullopt with `error` when they are
// malformed or this build has no test clock.
std::optional<WallClock> WallClockFrom(const ClockOptions& options, std::string& error);

}  // namespace sportello::tools
