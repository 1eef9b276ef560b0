#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>

#include <charconv>

namespace sportello::tools {

WallClock::WallClock(engine::Instant start, double speed)
    : start_(start), started_(std::chrono::steady_clock::now()), speed_(speed) {}

engine::Instant WallClock::Now() const {
  if (!start_) return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started_;
  return *start_ + std::chrono::floor<std::chrono::seconds>(elapsed * speed_);
}

std::function<engine::Instant()> WallClock::AsFunction() const {
  return [clock = *this] { return clock.Now(); };
}

void AddClockOptions(CLI::App& command, ClockOptions& options) {
  command.add_option("--now", options.now, "test builds only: the clock starts at INSTANT (RFC 3339)")
      ->type_name("INSTANT");
  command.add_option("--clock-speed", options.speed, "test builds only: the clock runs X times as fast (with --now)")
      ->type_name("X");
}

std::optional<WallClock> WallClockFrom(const ClockOptions& options, std::string& error) {
  const std::optional<std::string>& now = options.now;
  const std::optional<std::string>& speed_text = options.speed;
  if (!now && !speed_text) return WallClock();
#ifndef SPORTELLO_TEST_CLOCK
  error = "--now and --clock-speed are for tests: this build reads the system clock only";
  return std::nullopt;
#else
  if (!now) {
    error = "--clock-speed needs --now";
    return std::nullopt;
  }
  const std::optional<engine::Instant> start = engine::ParseInstant(*now);
  if (!start) {
    error = "--now must be an RFC 3339 instant, e.g. 2026-12-01T09:00:00+01:00";
    return std::nullopt;
  }
  double speed = 1;
  if (speed_text) {
    auto [end, failure] = std::from_chars(speed_text->data(), speed_text->data() + speed_text->size(), speed);
    if (failure != std::errc{} || end != speed_text->data() + speed_text->size() || !(speed > 0) || speed > 100000) {
      error = "--clock-speed must be a number above 0 and at most 100000";
      return std::nullopt;
    }
  }
  return WallClock(*start, speed);
#endif
}

}  // namespace sportello::tools
