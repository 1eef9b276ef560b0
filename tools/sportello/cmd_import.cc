// `sportello import-applications --db DB FILE`: reads an applications CSV (SPEC.md, "Application
// import"), reports each bad row on stderr as `line N: reason`, upserts the good rows in large
// transactions with a progress indicator, and prints a summary line.
#include "booking/applications.h"
#include "booking/application_import.h"
#include "storage/schema.h"
#include "storage/open_store.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <span>

#include <unistd.h>

namespace sportello::tools {
namespace {

constexpr const char* kDetails =
    "FILE is a UTF-8 CSV file (RFC 4180) with the header\n"
    "  application_id,desk,tax_code,email,phone,types,status\n"
    "where types is a |-separated list of appointment type ids the desk offers. A row whose id is already in\n"
    "the database updates it. Each bad row is reported as `line N: reason` on stderr and skipped; the good\n"
    "rows are imported. Ends with `imported N, updated M, rejected K`. Exit status 0 when every row was\n"
    "imported, 1 when some were rejected or nothing could be. --now (test builds only) records the import as\n"
    "made at INSTANT.";

struct ImportOptions {
  std::string db;
  std::string file;
  ClockOptions clock;
};

constexpr std::size_t kBatchRows = 10'000;      // rows per transaction
constexpr std::size_t kProgressFromRows = 20'000;  // smaller files import without progress lines

int RunImportApplications(const ImportOptions& options, const CLI::App& command) {
  const std::string& db = options.db;
  std::string wrong_clock;
  const std::optional<WallClock> clock = WallClockFrom(options.clock, wrong_clock);
  if (!clock) return UsageError(command, wrong_clock);
  const std::string& path = options.file;

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello import-applications: cannot open {}: {}\n", storage::Printable(db), error.what());
    return 1;
  }
  const std::optional<std::string> text = ReadFile(path);
  if (!text) return 1;
  const auto desks = store->LoadDesks();
  if (!desks) {
    fmt::print(stderr, "sportello import-applications: cannot read the desks of {}\n", storage::Printable(db));
    return 1;
  }
  if (desks->empty()) {
    fmt::print(stderr, "sportello import-applications: {} has no desks yet; load the calendars first\n", storage::Printable(db));
  }

  const booking::ImportFile file = booking::ParseApplicationsCsv(*text, booking::DeskTypesOf(*desks));
  for (const booking::ImportProblem& problem : file.problems) fmt::print(stderr, "{}\n", problem.ToString());
  if (!file.header_ok) return 1;

  std::vector<engine::Application> rows;
  rows.reserve(file.rows.size());
  for (const booking::ImportRow& row : file.rows) rows.push_back(row.application);

  const bool progress = rows.size() >= kProgressFromRows;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const engine::Instant now = clock->Now();
  storage::UpsertCounts total;
  for (std::size_t begin = 0; begin < rows.size(); begin += kBatchRows) {
    const std::size_t count = std::min(kBatchRows, rows.size() - begin);
    auto counts = booking::ImportApplications(*store, std::span(rows).subspan(begin, count), storage::Actor::Cli(), now);
    if (!counts) {
      fmt::print(stderr, "\nsportello import-applications: the database refused rows {}–{} ({}); imported {} before\n",
                 file.rows[begin].line, file.rows[begin + count - 1].line, counts.error().ToString(),
                 total.inserted + total.updated);
      return 1;
    }
    total.inserted += counts->inserted;
    total.updated += counts->updated;
    if (progress) {
      fmt::print(stderr, "{}{}/{} rows ({}%){}", terminal ? "\r" : "", begin + count, rows.size(),
                 (begin + count) * 100 / rows.size(), terminal ? "" : "\n");
      std::fflush(stderr);
    }
  }
  if (progress && terminal) fmt::print(stderr, "\n");
  fmt::print("imported {}, updated {}, rejected {}\n", total.inserted, total.updated, file.problems.size());
  return file.problems.empty() ? 0 : 1;
}

}  // namespace

void AddImportApplications(CLI::App& sportello, Action& chosen) {
  CLI::App& import = AddCommand(sportello, "import-applications", "import applications from a CSV file", kDetails);
  auto options = std::make_shared<ImportOptions>();
  AddDatabase(import, options->db);
  import.add_option("FILE", options->file, "the applications, a CSV file")->required()->type_name("");
  AddClockOptions(import, options->clock);
  OnChosen(import, chosen, [options, &import] { return RunImportApplications(*options, import); });
}

}  // namespace sportello::tools
