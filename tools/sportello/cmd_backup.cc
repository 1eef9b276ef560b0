// `sportello backup --db DB OUT`: a consistent copy of the database through SQLite's online
// backup API, safe while `sportello serve` keeps writing to DB.
#include "storage/open_store.h"
#include "tools/sportello/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>

namespace sportello::tools {
namespace {

constexpr const char* kDetails =
    "Writes a consistent copy of DB to OUT, a single self-contained SQLite file, while other processes\n"
    "(e.g. the server) keep using DB. OUT is replaced only once the copy is complete.";

struct BackupOptions {
  std::string db;
  std::string out;
};

int RunBackup(const BackupOptions& options) {
  const std::string& db = options.db;
  const std::filesystem::path out = options.out;
  if (storage::IsPostgresUri(db)) {
    fmt::print(stderr, "sportello backup: a PostgreSQL database is backed up with pg_dump (docs/operations.md)\n");
    return 1;
  }
  if (!std::filesystem::exists(db)) {
    fmt::print(stderr, "sportello backup: {} does not exist\n", storage::Printable(db));
    return 1;
  }
  std::error_code same_error;
  if (std::filesystem::equivalent(db, out, same_error)) {
    fmt::print(stderr, "sportello backup: OUT must not be the database itself\n");
    return 2;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello backup: cannot open {}: {}\n", storage::Printable(db), error.what());
    return 1;
  }
  if (auto done = store->Backup(out); !done) {
    const std::string& why = done.error().detail;
    fmt::print(stderr, "sportello backup: could not write {}{}{}\n", out.string(), why.empty() ? "" : ": ", why);
    return 1;
  }
  fmt::print("backup of {} written to {}\n", storage::Printable(db), out.string());
  return 0;
}

}  // namespace

void AddBackup(CLI::App& sportello, Action& chosen) {
  CLI::App& backup = AddCommand(sportello, "backup", "copy the database safely while it is in use", kDetails);
  auto options = std::make_shared<BackupOptions>();
  AddDatabase(backup, options->db);
  backup.add_option("OUT", options->out, "the copy to write")->required()->type_name("");
  OnChosen(backup, chosen, [options] { return RunBackup(*options); });
}

}  // namespace sportello::tools
