// The people of the simulation: each case that becomes bookable, when, and how its applicant
// behaves. Drawn once from the seed, so every configuration of one run meets the same people;
// each person also has a seed of their own for the draws made later (how long they take to
// answer, which seat they pick), so a change in one person's story does not shift the others'.
// Pure; thread-safe (plain values).
#pragma once

#include "engine/time.h"
#include "tools/bench/nsw/scenario.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::bench::nsw {

// never_books: does not book, whatever they are told, and comes when convened only sometimes;
// no_show: books but will not come, and from then on answers no message (no reconfirmation, no
// offer); late_cancel: cancels their first booking in its last days (before the cancel notice) and
// books again; forgets: comes, but lets their first reconfirmation pass and books again once
// released; keeps: comes, confirms, answers offers.
enum class Conduct { never_books, no_show, late_cancel, forgets, keeps };

std::string_view ConductName(Conduct conduct);

struct Applicant {
  std::string id;  // application id
  engine::Instant bookable_at;
  Conduct conduct = Conduct::keeps;
  bool comes_when_convened = false;  // never_books only
  std::uint64_t seed = 0;
};

// The applicants whose cases become bookable from `first` (inclusive) to `last` (exclusive), at
// `scenario.applications_per_month` per 30 days, at uniformly random instants, by bookable_at.
std::vector<Applicant> DrawPopulation(const Scenario& scenario, engine::Instant first, engine::Instant last);

}  // namespace sportello::bench::nsw
