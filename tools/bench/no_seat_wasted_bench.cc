// No seat wasted: one month of one desk, simulated. Prints numbers; it is not a test.
//
//   build/release/tools/bench/no_seat_wasted_bench [--seed 1] [--applications 600] [--capacity 2]
//       [--never-book 0.15] [--no-show 0.20] [--late-cancel 0.10] [--forget 0.05]
//       [--convened-show 0.60] [--earliest 0.50] [--answer-fast 0.70] [--earlier-days 7]
//       [--offer-minutes 30] [--reconfirm 7-2] [--reconfirm-staff] [--convene-after 14]
//       [--night 23-7 | --night none] [--warmup-days 30] [--days 30] [--tail-days 21]
//       [--match-every 10] [--dir DIR]
//
// One desk offers one type (lavoro-documenti): 20-minute slots 09:00–13:00, Monday to Friday,
// `--capacity` seats each (24 seats a day by default), horizon 30 days, 24 h minimum notice and
// cancel notice. Cases become bookable at `--applications` per 30 days, at random instants. The
// same people (same seed) meet four configurations of the desk, each on a fresh SQLite store
// (storage::OpenStore: WAL, synchronous=FULL) in DIR (default /dev/shm when it exists, a memory
// file system where an fsync costs nothing, else $TMPDIR or /tmp; the figures do not depend on
// it, only the wall time): no mechanism; the waitlist only; reconfirmation only; all three
// (waitlist, reconfirmation, automatic convocation). Every booking, cancellation, offer, accept,
// confirmation, release, convocation and attendance mark goes through the booking/ use cases with
// a simulated `now`; MatchWaitlists runs every `--match-every` simulated minutes, reconfirmation
// and convocation every hour. The desk opens, with an empty calendar, `--warmup-days` before the
// measured month (so the month is that of a desk already running) and the simulation goes on
// `--tail-days` after it (so the month's cases reach their appointments). Progress and the time
// spent in each use case go to stderr.
//
// The people (population.h): a case becomes bookable (imported) at a random instant; its applicant
// books 1–48 h later (the earliest free seat, or a random seat on one of the next 5 days with a
// free seat), except who never books. Who will not come (no-show) books like the others but from
// then on answers no message: no reconfirmation, no offer, no cancellation. Late cancellers cancel
// 25 h to 5 days before and book again; who forgets lets their first reconfirmation pass and books
// again once released; the others confirm within two days of being asked. Who could get nothing
// within `--earlier-days` joins the waitlist (no `before`), answers an offer within 30 minutes
// (`--answer-fast`) or else within 12 hours, joins again after missing one, and is content after
// accepting one. Staff mark every booking of the morning at 13:05: attended or no_show.
//
// Where the defaults come from (BENCHMARKS.md, "No seat wasted", says the same):
// - Background: at Rome's SUI, before online self-convocation, "il 40% dei convocati non si
//   presentava perché non aveva tutta la documentazione" (Fernando Santoriello, head of the SUI of
//   Rome, to Stranieriinitalia.it, 29 August 2013, reprinted by Expreso Latino: "Prenotazioni
//   online permesso di soggiorno a Roma"). The same article: who does not book is convened anyway,
//   "ma solo dopo tre mesi" (our pilot calendars: auto_convene_after_days 90).
// - --no-show 0.20: an assumption. No published no-show rate for Italian immigration desks with
//   self-booking is known to us. The nearest published figure we can cite is for healthcare:
//   across 105 studies the average no-show rate is "of the order of 23%" (Dantas, Fleck, Cyrino
//   Oliveira, Hamacher, "No-shows in appointment scheduling – a systematic literature review",
//   Health Policy 122(4):412–421, 2018, doi:10.1016/j.healthpol.2018.02.002), which also names a
//   long lead time as a main determinant. 20% sits below both figures above on purpose: people who
//   book their own date when their documents are ready should miss it less often than people
//   convened by letter.
// - --never-book 0.15, --late-cancel 0.10, --forget 0.05, --convened-show 0.60, --answer-fast
//   0.70, --earliest 0.50: assumptions, no source; they are flags so that they can be varied.
//   --convened-show 0.60 is the Rome 2013 figure turned around (60% of the convened came).
// - --night 23-7: nobody acts between 23:00 and 07:00 (an offer or a reconfirmation request that
//   arrives then is read at 07:00 at the earliest). An assumption; `--night none` turns it off.
#include "storage/open_store.h"
#include "tools/bench/nsw/desk_simulation.h"
#include "tools/bench/nsw/outcome.h"
#include "tools/bench/nsw/population.h"
#include "tools/bench/nsw/scenario.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace sportello;
using namespace sportello::bench::nsw;

struct Flags {
  Scenario scenario;
  int offer_minutes = 30;
  int reconfirm_from = 7;
  int reconfirm_until = 2;
  bool reconfirm_staff = false;
  int convene_after = 14;
  std::filesystem::path dir;
};

// "A-B" as two numbers.
std::pair<int, int> Range(const std::string& text) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) throw std::invalid_argument("expected A-B, got " + text);
  return {std::stoi(text.substr(0, dash)), std::stoi(text.substr(dash + 1))};
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  const char* tmp = std::getenv("TMPDIR");
  flags.dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : tmp != nullptr ? tmp : "/tmp";
  Scenario& s = flags.scenario;
  Behaviour& b = s.behaviour;
  const std::map<std::string, std::function<void(const std::string&)>> setters = {
      {"--seed", [&](const std::string& v) { s.seed = std::stoull(v); }},
      {"--applications", [&](const std::string& v) { s.applications_per_month = std::stoi(v); }},
      {"--capacity", [&](const std::string& v) { s.desk.capacity = std::stoi(v); }},
      {"--never-book", [&](const std::string& v) { b.never_books = std::stod(v); }},
      {"--no-show", [&](const std::string& v) { b.no_show = std::stod(v); }},
      {"--late-cancel", [&](const std::string& v) { b.late_cancel = std::stod(v); }},
      {"--forget", [&](const std::string& v) { b.forgets = std::stod(v); }},
      {"--convened-show", [&](const std::string& v) { b.convened_show = std::stod(v); }},
      {"--earliest", [&](const std::string& v) { b.earliest = std::stod(v); }},
      {"--answer-fast", [&](const std::string& v) { b.answer_fast = std::stod(v); }},
      {"--earlier-days", [&](const std::string& v) { b.earlier_after_days = std::stoi(v); }},
      {"--offer-minutes", [&](const std::string& v) { flags.offer_minutes = std::stoi(v); }},
      {"--reconfirm", [&](const std::string& v) { std::tie(flags.reconfirm_from, flags.reconfirm_until) = Range(v); }},
      {"--convene-after", [&](const std::string& v) { flags.convene_after = std::stoi(v); }},
      {"--night", [&](const std::string& v) {
         if (v == "none") b.night_from_hour = b.night_to_hour = 0;
         else std::tie(b.night_from_hour, b.night_to_hour) = Range(v);
       }},
      {"--warmup-days", [&](const std::string& v) { s.warmup_days = std::stoi(v); }},
      {"--days", [&](const std::string& v) { s.month_days = std::stoi(v); }},
      {"--tail-days", [&](const std::string& v) { s.tail_days = std::stoi(v); }},
      {"--match-every", [&](const std::string& v) { s.match_every_minutes = std::stoi(v); }},
      {"--dir", [&](const std::string& v) { flags.dir = v; }},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--reconfirm-staff") {
      flags.reconfirm_staff = true;
      continue;
    }
    const auto setter = setters.find(name);
    if (setter == setters.end() || i + 1 >= argc) throw std::invalid_argument("unknown flag or missing value: " + name);
    setter->second(argv[++i]);
  }
  if (b.never_books + b.no_show + b.late_cancel + b.forgets > 1.0) {
    throw std::invalid_argument("the shares of --never-book, --no-show, --late-cancel and --forget exceed 1");
  }
  return flags;
}

std::vector<Mechanisms> Configurations(const Flags& flags) {
  Mechanisms off{.name = "all off"};
  Mechanisms waitlist{.name = "waitlist", .waitlist_offer_minutes = flags.offer_minutes};
  Mechanisms reconfirm{.name = "reconfirmation",
                       .reconfirm_from_days = flags.reconfirm_from,
                       .reconfirm_until_days = flags.reconfirm_until,
                       .reconfirm_staff = flags.reconfirm_staff};
  Mechanisms all = reconfirm;
  all.name = "all three";
  all.waitlist_offer_minutes = flags.offer_minutes;
  all.auto_convene_after_days = flags.convene_after;
  return {off, waitlist, reconfirm, all};
}

Period PeriodOf(const Scenario& scenario) {
  const date::time_zone* zone = engine::FindTimeZone("Europe/Rome");
  const date::sys_days first{*engine::ParseDate(scenario.first_day)};
  const auto at = [&](int days) { return engine::StartOfLocalDay(engine::Date{first + date::days{days}}, *zone); };
  return Period{at(-scenario.warmup_days), at(0), at(scenario.month_days), at(scenario.month_days + scenario.tail_days)};
}

Outcome RunConfiguration(const Flags& flags, const Mechanisms& mechanisms, std::span<const Applicant> people,
                         const Period& period, const std::filesystem::path& dir) {
  const auto started = std::chrono::steady_clock::now();
  const auto path = dir / fmt::format("{}.db", mechanisms.name);
  auto store = storage::OpenStore(path.string());
  DeskSimulation simulation(*store, flags.scenario, mechanisms, people, period);
  simulation.Run();
  Outcome outcome = ReadOutcome(*store, simulation.desk(), period, people, simulation.tally());
  outcome.name = mechanisms.name;
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string spent;
  for (const auto& [what, time] : simulation.tally().time_in) {
    spent += fmt::format("{}{} {:.1f} s ({} calls)", spent.empty() ? "" : ", ", what, time.first, time.second);
  }
  fmt::print(stderr, "no_seat_wasted_bench: {} simulated in {:.1f} s; in the use cases: {}\n", mechanisms.name,
             outcome.wall_seconds, spent);
  if (simulation.tally().unexpected > 0) {
    fmt::print(stderr, "no_seat_wasted_bench: {}: {} unexpected answers from the use cases\n", mechanisms.name,
               simulation.tally().unexpected);
  }
  if (outcome.offers != outcome.tally.offers_seen) {
    fmt::print(stderr, "no_seat_wasted_bench: {}: {} offers in the audit log, {} seen by the applicants\n",
               mechanisms.name, outcome.offers, outcome.tally.offers_seen);
  }
  return outcome;
}

void PrintScenario(const Flags& flags, std::size_t people, const Period& period) {
  const Scenario& s = flags.scenario;
  const Behaviour& b = s.behaviour;
  fmt::print("# No seat wasted: one desk, {} seats per 20-minute slot 09:00-13:00 Mon-Fri, horizon {} days, "
             "notice {} h, cancel notice {} h\n",
             s.desk.capacity, s.desk.horizon_days, s.desk.min_notice_hours, s.desk.cancel_notice_hours);
  fmt::print("# {} cases bookable per 30 days ({} in all over {} warm-up + {} measured + {} tail days from {}); "
             "seed {}\n",
             s.applications_per_month, people, s.warmup_days, s.month_days, s.tail_days,
             engine::FormatUtc(period.begin), s.seed);
  fmt::print("# conduct: never book {:.0f}%, no-show {:.0f}%, late cancel {:.0f}%, forget to reconfirm {:.0f}%; "
             "convened who never book come {:.0f}%\n",
             100 * b.never_books, 100 * b.no_show, 100 * b.late_cancel, 100 * b.forgets, 100 * b.convened_show);
  fmt::print("# earliest seat {:.0f}% (else a random seat on one of the next {} days with a free seat); waitlist "
             "when the booking is > {} days away; offers answered within 30 min {:.0f}%; night {}\n",
             100 * b.earliest, b.choice_days, b.earlier_after_days, 100 * b.answer_fast,
             b.night_from_hour == b.night_to_hour ? std::string("none")
                                                  : fmt::format("{:02}:00-{:02}:00", b.night_from_hour, b.night_to_hour));
  fmt::print("# mechanisms: offer {} min; reconfirm from {} to {} days before{}; auto-convene after {} days; "
             "MatchWaitlists every {} min, reconfirmation and convocation every 60 min\n\n",
             flags.offer_minutes, flags.reconfirm_from, flags.reconfirm_until,
             flags.reconfirm_staff ? " (convocations too)" : "", flags.convene_after, s.match_every_minutes);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  try {
    const Flags flags = ParseFlags(argc, argv);
    const auto started = std::chrono::steady_clock::now();
    const Period period = PeriodOf(flags.scenario);
    const std::vector<Applicant> people = DrawPopulation(flags.scenario, period.begin, period.end);
    dir = flags.dir / fmt::format("sportello-nsw-bench-{}", getpid());
    std::filesystem::create_directories(dir);
    PrintScenario(flags, people.size(), period);
    std::vector<Outcome> outcomes;
    for (const Mechanisms& mechanisms : Configurations(flags)) {
      outcomes.push_back(RunConfiguration(flags, mechanisms, people, period, dir));
    }
    fmt::print("{}\n", OutcomeTable(outcomes));
    fmt::print("total wall time: {:.1f} s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  } catch (const std::exception& error) {
    fmt::print(stderr, "no_seat_wasted_bench: {}\n", error.what());
    if (!dir.empty()) std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
