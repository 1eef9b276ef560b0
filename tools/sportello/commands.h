// The subcommands of `sportello`. Each takes the words after its name and returns the process
// exit code: 0 success, 1 the work failed (e.g. an invalid file), 2 the command line was wrong.
// Each prints its own `--help`.
#pragma once

#include <string>
#include <vector>

namespace sportello::tools {

using Words = std::vector<std::string>;

int RunServe(const Words& words);     // serve [options]
int RunCalendar(const Words& words);  // calendar check | slots | load
int RunImportApplications(const Words& words);  // import-applications --db DB FILE
int RunBackup(const Words& words);              // backup --db DB OUT
int RunUser(const Words& words);                // user add --db DB --username U --role R [--desk D]
int RunMigrate(const Words& words);             // migrate --from DB --to DB
int RunPurge(const Words& words);               // purge --db DB [--dry-run]
int RunConveneDue(const Words& words);          // convene-due --db DB [--dry-run]
int RunDraw(const Words& words);                // draw verify --seed S --requests FILE
int RunKey(const Words& words);                 // key add|list|revoke --db DB [--name N] [--desk D]

}  // namespace sportello::tools
