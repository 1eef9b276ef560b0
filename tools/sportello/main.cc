// `sportello`: the command line of Sportello (SPEC.md, "Command line"). Wiring only: each
// subcommand lives in its own cmd_*.cc.
#include "tools/sportello/commands.h"

#include <fmt/core.h>

#include <sys/stat.h>

#include <string_view>

namespace {

using sportello::tools::Words;

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const Words&);
};

constexpr Command kCommands[] = {
    {"serve", "run the booking server (HTTP API)", sportello::tools::RunServe},
    {"calendar", "check, preview (slots) or load a desk calendar file", sportello::tools::RunCalendar},
    {"import-applications", "import applications from a CSV file", sportello::tools::RunImportApplications},
    {"backup", "copy the database safely while it is in use", sportello::tools::RunBackup},
    {"user", "add a staff account (password on stdin)", sportello::tools::RunUser},
    {"key", "add, list or revoke the national system's API keys", sportello::tools::RunKey},
    {"migrate", "copy a whole database into an empty one (SQLite, PostgreSQL)", sportello::tools::RunMigrate},
    {"purge", "apply the retention policy: erase and delete what is kept no longer", sportello::tools::RunPurge},
    {"convene-due", "convene the applications that never booked, as serve does every hour",
     sportello::tools::RunConveneDue},
    {"draw", "verify a fair-release draw: its order from the published seed and request ids",
     sportello::tools::RunDraw},
};

void PrintUsage() {
  fmt::print("usage: sportello <command> [options]\n\ncommands:\n");
  for (const Command& command : kCommands) fmt::print("  {:<22}{}\n", command.name, command.summary);
  fmt::print("\n`sportello <command> --help` explains each command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  // Every file Sportello creates (the database, its WAL, backups, copies) holds tax codes, contacts
  // and password hashes: readable and writable by the account that runs it, nobody else.
  umask(S_IRWXG | S_IRWXO);
  if (argc < 2) {
    PrintUsage();
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage();
    return 0;
  }
  if (name == "--version") {
    fmt::print("sportello {}\n", SPORTELLO_VERSION);
    return 0;
  }
  const Words words(argv + 2, argv + argc);
  for (const Command& command : kCommands) {
    if (command.name == name) return command.run(words);
  }
  fmt::print(stderr, "sportello: unknown command '{}'\n\n", name);
  PrintUsage();
  return 2;
}
