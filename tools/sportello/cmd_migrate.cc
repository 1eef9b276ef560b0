// `sportello migrate --from DB --to DB`: copies a whole database into an empty one, SQLite or
// PostgreSQL in either direction (storage/copy_database.h), and prints the rows copied per table.
#include "storage/copy_database.h"
#include "storage/open_store.h"
#include "tools/sportello/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace sportello::tools {
namespace {

constexpr const char* kDetails =
    "Copies every row of the database FROM into TO, which must be empty: desks and their calendars,\n"
    "applications, bookings (their manage tokens keep working), idempotency keys, the audit log, staff\n"
    "accounts and sessions, and the messages of the outbox, all unchanged. Each DB is a SQLite file or a\n"
    "PostgreSQL URI (postgresql://user@host:port/dbname), in either direction; a PostgreSQL password comes\n"
    "from PGPASSWORD or ~/.pgpass, never from the command line. TO is created or given the schema when needed\n"
    "and refused when it holds any row. The copy is one transaction: TO gets everything or nothing. FROM is\n"
    "read in one consistent snapshot; what a server writes to it after that is not copied, so stop the\n"
    "servers on FROM first. Prints the rows copied per table.\n"
    "Exit status 0 when copied, 1 when nothing could be copied, 2 for a wrong command line.";

struct MigrateOptions {
  std::string from;
  std::string to;
};

int RunMigrate(const MigrateOptions& options, const CLI::App& command) {
  const std::string& from = options.from;
  const std::string& to = options.to;
  if (from == to) return UsageError(command, "--from and --to must be different databases");
  for (const auto& [option, db] : {std::pair{"--from", from}, std::pair{"--to", to}}) {
    if (storage::UriHasPassword(db)) {
      return UsageError(command, fmt::format("{}: put no password in the URI (anyone on this machine can read a "
                                             "command line); set PGPASSWORD or use ~/.pgpass",
                                             option));
    }
  }

  const auto report = storage::CopyDatabase(from, to);
  if (!report) {
    // The same field and detail as the store gives, with the option that carries the field.
    const engine::Problem& problem = report.error();
    const std::string option = problem.field.empty() ? "" : "--" + problem.field + ": ";
    fmt::print(stderr, "sportello migrate: nothing copied: {}{}\n", option,
               problem.detail.empty() ? std::string(engine::ErrorCode(problem.code)) : problem.detail);
    return 1;
  }
  for (const auto& [table, rows] : report->tables) fmt::print("{:<18}{:>10}\n", table, rows);
  fmt::print("copied {} rows from {} to {}\n", report->total(), storage::Printable(from), storage::Printable(to));
  return 0;
}

}  // namespace

void AddMigrate(CLI::App& sportello, Action& chosen) {
  CLI::App& migrate =
      AddCommand(sportello, "migrate", "copy a whole database into an empty one (SQLite, PostgreSQL)", kDetails);
  auto options = std::make_shared<MigrateOptions>();
  migrate.add_option("--from", options->from, "the database to copy: a SQLite file or a PostgreSQL URI")
      ->required()
      ->type_name("DB");
  migrate.add_option("--to", options->to, "the empty database to copy into")->required()->type_name("DB");
  OnChosen(migrate, chosen, [options, &migrate] { return RunMigrate(*options, migrate); });
}

}  // namespace sportello::tools
