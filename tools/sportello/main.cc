// `sportello`: the command line of Sportello (SPEC.md, "Command line"). Wiring only: each command
// lives in its own cmd_*.cc and adds itself to the command line (command_line.h).
#include "tools/sportello/commands.h"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

namespace {

using AddCommandFunction = void (*)(CLI::App&, sportello::tools::Action&);

// In the order `sportello --help` lists them.
constexpr AddCommandFunction kCommands[] = {
    sportello::tools::AddServe, sportello::tools::AddCalendar,   sportello::tools::AddImportApplications,
    sportello::tools::AddBackup, sportello::tools::AddUser,      sportello::tools::AddKey,
    sportello::tools::AddMigrate, sportello::tools::AddPurge,    sportello::tools::AddConveneDue,
    sportello::tools::AddDraw,
};

}  // namespace

int main(int argc, char** argv) {
  // Every file Sportello creates (the database, its WAL, backups, copies) holds tax codes, contacts
  // and password hashes: readable and writable by the account that runs it, nobody else.
  umask(S_IRWXG | S_IRWXO);
  const std::unique_ptr<CLI::App> sportello = sportello::tools::NewCommandLine();
  sportello::tools::Action chosen;
  for (const AddCommandFunction add : kCommands) add(*sportello, chosen);
  if (const std::optional<int> done = sportello::tools::Parse(*sportello, argc, argv)) return *done;
  return chosen();
}
