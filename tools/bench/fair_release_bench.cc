// Fair release: first come, first served against the draw (engine/draw.h), simulated. Prints
// numbers; it is not a test.
//
//   build/release/tools/bench/fair_release_bench [--humans 2000] [--scripted 200] [--seats 500]
//       [--rounds 200] [--seed 1]
//
// A month's seats are released at once: `--seats` places spread evenly over the 20-minute slots of
// the 23 working days of March 2027 (09:00–12:40 and 14:00–15:40, 18 slots a day). `--humans` people
// ask by hand, at instants spread uniformly over the 30 minutes after the opening; `--scripted` more
// people have a scripted client ask for them, which fires at the opening and retries until it gets
// through: its request lands within 200 ms of the opening, so in practice before every person's. Each
// person, human or scripted, ranks 3 distinct random working days of the month and then "any".
//
// First come, first served: the requests take seats in the order they arrive (engine::AssignInOrder).
// The draw: every request made inside the window is drawn (engine::AssignDraw) with a fresh random
// seed; one request per person, so a script's retries gain nothing. Each of `--rounds` rounds draws new
// people, arrivals and seed from `--seed`. Printed for both: the scripted clients' share of the
// requests, their share of the seats, and the chance of a seat for a scripted client and for a person
// asking by hand (in the first 5 minutes, and later), as a mean and the interval holding the middle 95%
// of the rounds.
#include "engine/draw.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using namespace sportello::engine;

struct Flags {
  int humans = 2000;
  int scripted = 200;
  int seats = 500;
  int rounds = 200;
  std::uint64_t seed = 1;
};

constexpr const char* kFirstDay = "2027-03-01";  // a Monday
constexpr int kMonthDays = 31;
constexpr double kWindowSeconds = 30 * 60;
constexpr double kScriptedWithinSeconds = 0.2;
constexpr int kDaysRanked = 3;
constexpr double kEarlySeconds = 5 * 60;

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  const std::map<std::string, int*> counts = {
      {"--humans", &flags.humans}, {"--scripted", &flags.scripted}, {"--seats", &flags.seats}, {"--rounds", &flags.rounds}};
  for (int i = 1; i < argc; i += 2) {
    const std::string name = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + name);
    if (name == "--seed") {
      flags.seed = std::stoull(argv[i + 1]);
    } else if (const auto count = counts.find(name); count != counts.end()) {
      *count->second = std::stoi(argv[i + 1]);
      if (*count->second < 0) throw std::invalid_argument(name + " must not be negative");
    } else {
      throw std::invalid_argument("unknown flag " + name);
    }
  }
  if (flags.rounds < 1) throw std::invalid_argument("--rounds must be at least 1");
  return flags;
}

// The month's slots, Monday to Friday, with `seats` places spread evenly over them.
std::vector<DrawSeat> MonthSeats(int seats) {
  const date::time_zone& rome = *FindTimeZone("Europe/Rome");
  const date::sys_days first{*ParseDate(kFirstDay)};
  std::vector<DrawSeat> slots;
  for (int d = 0; d < kMonthDays; ++d) {
    const date::sys_days day = first + date::days{d};
    if (date::weekday{day} == date::Saturday || date::weekday{day} == date::Sunday) continue;
    for (const auto& [from, to] : {std::pair{9 * 60, 13 * 60}, std::pair{14 * 60, 16 * 60}}) {
      for (int minute = from; minute + 20 <= to; minute += 20) {
        const date::local_seconds local{date::local_days{Date{day}}.time_since_epoch() + std::chrono::minutes{minute}};
        slots.push_back(MakeDrawSeat(*ToInstant(local, rome), rome, 0));
      }
    }
  }
  const auto n = static_cast<std::int64_t>(slots.size());
  for (std::int64_t i = 0; i < n; ++i) slots[i].free = static_cast<int>((i + 1) * seats / n - i * seats / n);
  return slots;
}

struct Person {
  DrawRequest request;
  bool scripted = false;
  double arrival = 0;  // seconds after the opening
};

std::vector<Person> People(const Flags& flags, const std::vector<Date>& days, std::mt19937_64& random) {
  std::uniform_real_distribution<double> by_hand(0, kWindowSeconds);
  std::uniform_real_distribution<double> by_script(0, kScriptedWithinSeconds);
  std::vector<Person> people;
  for (int i = 0; i < flags.humans + flags.scripted; ++i) {
    const bool scripted = i >= flags.humans;
    Person person{.request = {.id = fmt::format("{}-{}", scripted ? "script" : "hand", i), .preferences = {}},
                  .scripted = scripted,
                  .arrival = scripted ? by_script(random) : by_hand(random)};
    std::vector<Date> ranked;
    std::sample(days.begin(), days.end(), std::back_inserter(ranked), kDaysRanked, random);
    std::shuffle(ranked.begin(), ranked.end(), random);  // std::sample keeps the days in month order
    for (const Date& day : ranked) person.request.preferences.push_back({.kind = DrawPreference::Kind::day, .day = day});
    person.request.preferences.push_back({.kind = DrawPreference::Kind::any, .day = Date{}});
    people.push_back(std::move(person));
  }
  return people;
}

std::string RandomSeed(std::mt19937_64& random) { return fmt::format("{:016x}{:016x}", random(), random()); }

// One regime's figures in one round.
struct Round {
  double scripted_share_of_seats = 0;
  double scripted_chance = 0;
  double human_chance = 0;
  double early_human_chance = 0;  // people by hand who asked in the first kEarlySeconds
  double late_human_chance = 0;   // … and after
};

double Share(int part, int whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }

Round Tally(const std::vector<DrawResult>& results, const std::unordered_map<std::string, const Person*>& by_id) {
  std::array<int, 3> asked{};  // scripted, early by hand, late by hand
  std::array<int, 3> won{};
  for (const DrawResult& result : results) {
    const Person& person = *by_id.at(result.request_id);
    const std::size_t group = person.scripted ? 0 : person.arrival < kEarlySeconds ? 1 : 2;
    ++asked[group];
    if (result.start) ++won[group];
  }
  return Round{.scripted_share_of_seats = Share(won[0], won[0] + won[1] + won[2]),
               .scripted_chance = Share(won[0], asked[0]),
               .human_chance = Share(won[1] + won[2], asked[1] + asked[2]),
               .early_human_chance = Share(won[1], asked[1]),
               .late_human_chance = Share(won[2], asked[2])};
}

// "mean% [p2.5, p97.5]" over the rounds.
std::string Summary(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  const auto at = [&](double share) {
    const auto rank = static_cast<std::size_t>(share * static_cast<double>(values.size() - 1) + 0.5);
    return 100 * values[rank];
  };
  return fmt::format("{:.1f}% [{:.1f}, {:.1f}]", 100 * mean, at(0.025), at(0.975));
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  try {
    flags = ParseFlags(argc, argv);
  } catch (const std::exception& error) {
    fmt::print(stderr, "fair_release_bench: {}\nusage: fair_release_bench [--humans 2000] [--scripted 200] "
                       "[--seats 500] [--rounds 200] [--seed 1]\n", error.what());
    return 2;
  }
  const std::vector<DrawSeat> seats = MonthSeats(flags.seats);
  std::vector<Date> days;
  for (const DrawSeat& seat : seats) {
    if (days.empty() || days.back() != seat.day) days.push_back(seat.day);
  }
  std::mt19937_64 random(flags.seed);
  std::map<std::string, std::vector<double>> first_come, draw;  // figure → one value per round
  for (int round = 0; round < flags.rounds; ++round) {
    std::vector<Person> people = People(flags, days, random);
    std::unordered_map<std::string, const Person*> by_id;
    std::vector<DrawRequest> requests;
    for (const Person& person : people) {
      by_id.emplace(person.request.id, &person);
      requests.push_back(person.request);
    }
    const Round drawn = Tally(AssignDraw(RandomSeed(random), requests, seats), by_id);

    std::vector<const Person*> arrivals;
    for (const Person& person : people) arrivals.push_back(&person);
    std::stable_sort(arrivals.begin(), arrivals.end(), [](const Person* a, const Person* b) { return a->arrival < b->arrival; });
    requests.clear();
    for (const Person* person : arrivals) requests.push_back(person->request);
    const Round first = Tally(AssignInOrder(requests, seats), by_id);

    for (const auto& [regime, figures] : {std::pair{&first_come, first}, std::pair{&draw, drawn}}) {
      (*regime)["seats"].push_back(figures.scripted_share_of_seats);
      (*regime)["scripted"].push_back(figures.scripted_chance);
      (*regime)["human"].push_back(figures.human_chance);
      (*regime)["early"].push_back(figures.early_human_chance);
      (*regime)["late"].push_back(figures.late_human_chance);
    }
  }

  const int people = flags.humans + flags.scripted;
  int places = 0;
  for (const DrawSeat& seat : seats) places += seat.free;
  fmt::print("# Fair release: {} seats over {} slots ({} working days of March 2027); {} people ask by hand over a "
             "30-minute window, {} through scripted clients within {} ms of the opening; each ranks {} days, then "
             "any; {} rounds, seed {}\n\n",
             places, seats.size(), days.size(), flags.humans, flags.scripted,
             static_cast<int>(kScriptedWithinSeconds * 1000), kDaysRanked, flags.rounds, flags.seed);
  const std::string requests = fmt::format("{:.1f}%", people == 0 ? 0.0 : 100.0 * flags.scripted / people);
  fmt::print("| mean [95% of rounds] | first come, first served | draw |\n|---|---:|---:|\n");
  fmt::print("| scripted clients' share of the requests | {} | {} |\n", requests, requests);
  fmt::print("| scripted clients' share of the seats | {} | {} |\n", Summary(first_come["seats"]), Summary(draw["seats"]));
  fmt::print("| chance of a seat, scripted client | {} | {} |\n", Summary(first_come["scripted"]),
             Summary(draw["scripted"]));
  fmt::print("| chance of a seat, by hand | {} | {} |\n", Summary(first_come["human"]), Summary(draw["human"]));
  fmt::print("| … asking in the first {} minutes | {} | {} |\n", static_cast<int>(kEarlySeconds / 60),
             Summary(first_come["early"]), Summary(draw["early"]));
  fmt::print("| … asking later | {} | {} |\n", Summary(first_come["late"]), Summary(draw["late"]));
  return EXIT_SUCCESS;
}
