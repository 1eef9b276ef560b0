// `sportello migrate --from DB --to DB`: copies a whole database into an empty one, SQLite or
// PostgreSQL in either direction (storage/copy_database.h), and prints the rows copied per table.
#include "storage/copy_database.h"
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/commands.h"

#include <fmt/core.h>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello migrate --from DB --to DB
      Copies every row of the database FROM into TO, which must be empty: desks and their
      calendars, applications, bookings (their manage tokens keep working), idempotency keys, the
      audit log, staff accounts and sessions, and the messages of the outbox, all unchanged.
      Each DB is a SQLite file or a PostgreSQL URI (postgresql://user@host:port/dbname), in
      either direction; a PostgreSQL password comes from PGPASSWORD or ~/.pgpass, never from the
      command line. TO is created or given the schema when needed and refused when it holds any
      row. The copy is one transaction: TO gets everything or nothing. FROM is read in one
      consistent snapshot; what a server writes to it after that is not copied, so stop the
      servers on FROM first. Prints the rows copied per table.
      Exit status 0 when copied, 1 when nothing could be copied, 2 for a wrong command line.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello migrate: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

}  // namespace

int RunMigrate(const Words& words) {
  const Args args(words, {"from", "to"}, {});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (!args.positional().empty()) return Usage("unexpected argument " + args.positional()[0]);
  const auto from = args.Value("from");
  const auto to = args.Value("to");
  if (!from) return Usage("--from is required");
  if (!to) return Usage("--to is required");
  if (*from == *to) return Usage("--from and --to must be different databases");
  for (const auto& [option, db] : {std::pair{"--from", *from}, std::pair{"--to", *to}}) {
    if (storage::UriHasPassword(db)) {
      return Usage(fmt::format("{}: put no password in the URI (anyone on this machine can read a command line); "
                               "set PGPASSWORD or use ~/.pgpass",
                               option));
    }
  }

  const auto report = storage::CopyDatabase(*from, *to);
  if (!report) {
    // The same field and detail as the store gives, with the option that carries the field.
    const engine::Problem& problem = report.error();
    const std::string option = problem.field.empty() ? "" : "--" + problem.field + ": ";
    fmt::print(stderr, "sportello migrate: nothing copied: {}{}\n", option,
               problem.detail.empty() ? std::string(engine::ErrorCode(problem.code)) : problem.detail);
    return 1;
  }
  for (const auto& [table, rows] : report->tables) fmt::print("{:<18}{:>10}\n", table, rows);
  fmt::print("copied {} rows from {} to {}\n", report->total(), storage::Printable(*from), storage::Printable(*to));
  return 0;
}

}  // namespace sportello::tools
