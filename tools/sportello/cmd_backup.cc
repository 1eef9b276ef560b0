// `sportello backup --db DB OUT`: a consistent copy of the database through SQLite's online
// backup API, safe while `sportello serve` keeps writing to DB.
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/commands.h"

#include <fmt/core.h>

#include <filesystem>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello backup --db DB OUT
      Writes a consistent copy of DB to OUT, a single self-contained SQLite file, while other
      processes (e.g. the server) keep using DB. OUT is replaced only once the copy is complete.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello backup: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

}  // namespace

int RunBackup(const Words& words) {
  const Args args(words, {"db"}, {});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  const auto db = args.Value("db");
  if (!db) return Usage("--db is required");
  if (args.positional().size() != 1) return Usage("give exactly one OUT file");
  const std::filesystem::path out = args.positional()[0];
  if (storage::IsPostgresUri(*db)) {
    fmt::print(stderr, "sportello backup: a PostgreSQL database is backed up with pg_dump (docs/operations.md)\n");
    return 1;
  }
  if (!std::filesystem::exists(*db)) {
    fmt::print(stderr, "sportello backup: {} does not exist\n", storage::Printable(*db));
    return 1;
  }
  std::error_code same_error;
  if (std::filesystem::equivalent(*db, out, same_error)) {
    fmt::print(stderr, "sportello backup: OUT must not be the database itself\n");
    return 2;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(*db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello backup: cannot open {}: {}\n", storage::Printable(*db), error.what());
    return 1;
  }
  if (auto done = store->Backup(out); !done) {
    const std::string& why = done.error().detail;
    fmt::print(stderr, "sportello backup: could not write {}{}{}\n", out.string(), why.empty() ? "" : ": ", why);
    return 1;
  }
  fmt::print("backup of {} written to {}\n", storage::Printable(*db), out.string());
  return 0;
}

}  // namespace sportello::tools
