// Micro-benchmark of the calendar core: availability for one desk and type over the longest range
// an applicant may ask for (62 days), with and without seats already taken. Prints numbers only.
//
//   build/release/tools/bench/availability_bench [--calendars DIR]
#include "engine/availability.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

using namespace sportello::engine;

std::string g_calendars = SPORTELLO_CALENDARS_DIR;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const DeskCalendar& Roma() {
  static const DeskCalendar roma = [] {
    auto catalogue = ParseCatalogue(Slurp(g_calendars + "/types.json"));
    auto parsed = ParseCalendar(Slurp(g_calendars + "/roma.json"), &*catalogue.value);
    if (!parsed.ok()) throw std::runtime_error("roma.json is not valid");
    return *parsed.value;
  }();
  return roma;
}

const Instant kNow = *ParseInstant("2026-11-30T08:00:00+01:00");
const Date kFrom = *ParseDate("2026-12-01");
const Date kTo = *ParseDate("2027-01-31");  // 62 days

void AvailabilityEmpty(benchmark::State& state) {
  const SeatLedger none;
  std::size_t slots = 0;
  for (auto _ : state) {
    auto days = Availability(Roma(), "lavoro-documenti", kFrom, kTo, kNow, View::applicant, none);
    slots = 0;
    for (const auto& day : *days) slots += day.slots.size();
    benchmark::DoNotOptimize(days);
  }
  state.counters["slots"] = static_cast<double>(slots);
}

void AvailabilityHalfBooked(benchmark::State& state) {
  SeatLedger ledger;
  const DeskCalendar& roma = Roma();
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  std::size_t index = 0;
  for (const Slot& slot : GenerateSlots(roma, type, kFrom, kTo)) {
    if (index++ % 2 == 0) ledger.Add(slot.start, Channel::online, 1);
  }
  for (auto _ : state) {
    auto days = Availability(roma, "lavoro-documenti", kFrom, kTo, kNow, View::applicant, ledger);
    benchmark::DoNotOptimize(days);
  }
  state.counters["booked_slots"] = static_cast<double>(ledger.size());
}

BENCHMARK(AvailabilityEmpty)->Unit(benchmark::kMicrosecond);
BENCHMARK(AvailabilityHalfBooked)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--calendars") == 0) g_calendars = argv[i + 1];
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
