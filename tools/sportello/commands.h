// The commands of `sportello`, each in its cmd_*.cc. Each adds itself (and its own commands, as
// `calendar check`) to the command line `sportello` and, when chosen, makes `chosen` the action that
// runs it (command_line.h). main.cc lists them; a new command is one more function here and there.
#pragma once

#include "tools/sportello/command_line.h"

namespace sportello::tools {

void AddServe(CLI::App& sportello, Action& chosen);                // serve [options]
void AddCalendar(CLI::App& sportello, Action& chosen);             // calendar check | slots | load
void AddImportApplications(CLI::App& sportello, Action& chosen);   // import-applications --db DB FILE
void AddBackup(CLI::App& sportello, Action& chosen);               // backup --db DB OUT
void AddUser(CLI::App& sportello, Action& chosen);                 // user add --db DB --username U --role R [--desk D]
void AddKey(CLI::App& sportello, Action& chosen);                  // key add|list|revoke --db DB [--name N] [--desk D]
void AddMigrate(CLI::App& sportello, Action& chosen);              // migrate --from DB --to DB
void AddPurge(CLI::App& sportello, Action& chosen);                // purge --db DB [--dry-run]
void AddConveneDue(CLI::App& sportello, Action& chosen);           // convene-due --db DB [--dry-run]
void AddDraw(CLI::App& sportello, Action& chosen);                 // draw verify --seed S --requests FILE

}  // namespace sportello::tools
