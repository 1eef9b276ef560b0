// After a surge, what the database says about it, read through the store (storage::OpenStore: a
// SQLite file beside the running server, or its PostgreSQL database), independently of the API:
// - active bookings (`status = 'booked'`) per slot of the desk and type never exceed the slot's
//   capacity from the calendar file, and every one of them is on a slot of that calendar;
// - every acknowledged booking is stored, `booked`, with its application and start;
// - how many active bookings are stored that nobody was acknowledged (a lost answer).
// Not thread-safe: runs on the calling thread.
#pragma once

#include "tools/bench/load/bench_desk.h"
#include "tools/bench/load/surge.h"

#include <cstdint>
#include <filesystem>

namespace sportello::bench {

struct DbVerification {
  bool opened = false;
  std::string problem;                  // why the database could not be read
  std::uint64_t booked_rows = 0;        // active bookings of the desk and type in the checked dates
  std::uint64_t overbooked_slots = 0;   // slots with more active bookings than capacity
  std::uint64_t off_calendar = 0;       // active bookings on no slot of the calendar
  std::uint64_t acknowledged_stored = 0;
  std::uint64_t acknowledged_missing = 0;  // not stored, or not booked, or another slot/application
  std::uint64_t stored_unacknowledged = 0;
};

// The capacity check covers local dates `surge.from` .. `surge.to` plus one day each side (a
// slot can leave the window while the surge runs); acknowledged bookings are looked up by code.
DbVerification VerifyThroughDatabase(const std::string& db, const BenchDesk& desk, const SurgeOptions& surge,
                                     const std::vector<Acknowledged>& acknowledged);

}  // namespace sportello::bench
