// The command line of `sportello` (SPEC.md, "Command line"), read by CLI11. Each command is a
// function `AddX(CLI::App& sportello, Action& chosen)` in its cmd_*.cc: it adds its subcommand (and
// theirs, e.g. `calendar check`), binds the options to storage it owns, and calls OnChosen() with
// the action that runs it. main.cc lists those functions, calls Parse(), then runs the chosen
// action. Exit codes: 0 done, 1 the work failed, 2 the command line was wrong.
//
//   void AddBackup(CLI::App& sportello, Action& chosen) {
//     CLI::App& backup = AddCommand(sportello, "backup", "copy the database safely while it is in use");
//     auto options = std::make_shared<BackupOptions>();
//     AddDatabase(backup, options->db);
//     OnChosen(backup, chosen, [options, &backup] { return RunBackup(*options, backup); });
//   }
//
// Not thread-safe: the main thread reads the command line once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace sportello::tools {

// What a chosen command does once its command line is read; returns the exit code.
using Action = std::function<int()>;

// The whole command line: `sportello` with --help and --version; AddX() add the commands.
std::unique_ptr<CLI::App> NewCommandLine();

// Adds the command `name` under `parent` (`sportello`, or a command with commands of its own, as
// `calendar`). `summary` is its line in the parent's help; `details` ends its own help. A command
// with commands of its own requires one of them.
CLI::App& AddCommand(CLI::App& parent, const std::string& name, const std::string& summary,
                     const std::string& details = "");

// When `command` is the one chosen, `chosen` becomes `action` (run by main once parsing is done).
void OnChosen(CLI::App& command, Action& chosen, Action action);

// `--db DB`, required: a SQLite file or a PostgreSQL URI.
CLI::Option* AddDatabase(CLI::App& command, std::string& db);

// Reads `argv`. nullopt when a command was chosen and its action should run; otherwise the exit code
// after printing the help or the version (0, on stdout) or what is wrong (2, on stderr, with the usage
// line of the command concerned): an unknown option or command is named, as is a missing option.
std::optional<int> Parse(CLI::App& sportello, int argc, char** argv);

// For a command line the parser accepted but the command cannot use (e.g. `--port 99999`): prints
// `sportello COMMAND: error`, the command's usage line and where its help is, on stderr; returns 2.
int UsageError(const CLI::App& command, std::string_view error);

}  // namespace sportello::tools
