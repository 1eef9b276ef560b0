#include "tools/bench/nsw/population.h"

#include <fmt/core.h>

#include <algorithm>
#include <random>

namespace sportello::bench::nsw {

std::string_view ConductName(Conduct conduct) {
  switch (conduct) {
    case Conduct::never_books: return "never books";
    case Conduct::no_show: return "no-show";
    case Conduct::late_cancel: return "late cancel";
    case Conduct::forgets: return "forgets to reconfirm";
    case Conduct::keeps: return "keeps";
  }
  return "keeps";
}

namespace {

Conduct DrawConduct(const Behaviour& behaviour, double u) {
  const double shares[] = {behaviour.never_books, behaviour.no_show, behaviour.late_cancel, behaviour.forgets};
  const Conduct conducts[] = {Conduct::never_books, Conduct::no_show, Conduct::late_cancel, Conduct::forgets};
  for (int i = 0; i < 4; ++i) {
    if (u < shares[i]) return conducts[i];
    u -= shares[i];
  }
  return Conduct::keeps;
}

}  // namespace

std::vector<Applicant> DrawPopulation(const Scenario& scenario, engine::Instant first, engine::Instant last) {
  std::mt19937_64 random(scenario.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double span_seconds = static_cast<double>((last - first).count());
  const auto count = static_cast<std::size_t>(scenario.applications_per_month * span_seconds / (30.0 * 86400.0) + 0.5);
  std::vector<Applicant> people;
  people.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Applicant person;
    person.bookable_at = first + std::chrono::seconds{static_cast<std::int64_t>(unit(random) * span_seconds)};
    person.conduct = DrawConduct(scenario.behaviour, unit(random));
    person.comes_when_convened = unit(random) < scenario.behaviour.convened_show;
    person.seed = random();
    people.push_back(std::move(person));
  }
  std::sort(people.begin(), people.end(),
            [](const Applicant& a, const Applicant& b) { return a.bookable_at < b.bookable_at; });
  for (std::size_t i = 0; i < people.size(); ++i) people[i].id = fmt::format("SIM-{:06}", i);
  return people;
}

}  // namespace sportello::bench::nsw
