#include "tools/sportello/command_line.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace sportello::tools {

namespace {

// The command chosen on the command line, as far as it was read: `sportello` itself, or the last
// (sub)command named.
const CLI::App& Chosen(const CLI::App& sportello) {
  const CLI::App* command = &sportello;
  for (auto chosen = command->get_subcommands(); !chosen.empty(); chosen = command->get_subcommands()) {
    command = chosen.front();
  }
  return *command;
}

// "sportello calendar check" for `calendar check`.
std::string PathOf(const CLI::App& command) {
  std::string path = command.get_name();
  for (const CLI::App* parent = command.get_parent(); parent != nullptr; parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

bool IsOption(const std::string& word) { return word.size() > 1 && word.front() == '-'; }

// What is wrong, for a person: the unknown command or option by name, else CLI11's own words
// (e.g. "--db is required").
std::string Explain(const CLI::App& command, const CLI::ParseError& error) {
  std::vector<std::string> unused;  // the words no command took, in order
  for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
    std::vector<std::string> left = app->remaining();
    unused.insert(unused.begin(), left.begin(), left.end());
  }
  const auto word = std::find_if(unused.begin(), unused.end(), [](const std::string& w) { return !IsOption(w); });
  const auto option = std::find_if(unused.begin(), unused.end(), IsOption);
  const bool wants_command = command.get_require_subcommand_min() > 0 && command.get_subcommands().empty();
  const std::string kind = command.get_parent() == nullptr ? "command" : command.get_name() + " command";
  if (wants_command && word != unused.end()) return fmt::format("unknown {} '{}'", kind, *word);
  if (option != unused.end()) return "unknown option " + option->substr(0, option->find('='));
  if (wants_command) {
    std::string names;
    const auto commands = command.get_subcommands([](const CLI::App*) { return true; });
    for (std::size_t i = 0; i < commands.size(); ++i) {
      names += (i == 0 ? "" : i + 1 == commands.size() ? " or " : ", ") + commands[i]->get_name();
    }
    return fmt::format("which {}? {}", kind, names);
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && word != unused.end()) {
    return "unexpected argument " + *word;
  }
  return error.what();
}

}  // namespace

std::unique_ptr<CLI::App> NewCommandLine() {
  auto sportello =
      std::make_unique<CLI::App>("Sportello: appointment self-booking for Italy's immigration desks.", "sportello");
  // A value option given twice takes the last value, as a person correcting a command line expects.
  sportello->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  sportello->set_help_flag("-h,--help", "print this help and exit");
  sportello->set_version_flag("--version", std::string("sportello ") + SPORTELLO_VERSION, "print the version and exit");
  sportello->require_subcommand(1);
  sportello->footer("`sportello COMMAND --help` explains each command.");
  const auto format = sportello->get_formatter();
  format->column_width(36);
  format->label("Usage", "usage");
  format->label("SUBCOMMAND", "COMMAND");
  return sportello;
}

CLI::App& AddCommand(CLI::App& parent, const std::string& name, const std::string& summary,
                     const std::string& details) {
  CLI::App* command = parent.add_subcommand(name, summary);
  command->group("Commands");
  if (!details.empty()) command->footer(details);
  parent.require_subcommand(1);
  return *command;
}

void OnChosen(CLI::App& command, Action& chosen, Action action) {
  command.callback([&chosen, action = std::move(action)] { chosen = action; });
}

CLI::Option* AddDatabase(CLI::App& command, std::string& db) {
  return command.add_option("--db", db, "the database: a SQLite file, or a PostgreSQL URI postgresql://user@host/db")
      ->required()
      ->type_name("DB");
}

std::optional<int> Parse(CLI::App& sportello, int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "help") {
    fmt::print("{}", sportello.help());
    return 0;
  }
  try {
    sportello.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", sportello.help());
    return 0;
  } catch (const CLI::CallForVersion& version) {
    fmt::print("{}\n", version.what());
    return 0;
  } catch (const CLI::ParseError& error) {
    const CLI::App& command = Chosen(sportello);
    return UsageError(command, Explain(command, error));
  }
}

int UsageError(const CLI::App& command, std::string_view error) {
  const std::string path = PathOf(command);
  const auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(command.get_formatter());
  const std::string usage = formatter ? formatter->make_usage(&command, path) : "";
  const bool has_commands = !command.get_subcommands([](const CLI::App*) { return true; }).empty();
  fmt::print(stderr, "{}: {}\n{}`{} --help` {}.\n", path, error, usage, path,
             has_commands ? "lists the commands" : "explains every option");
  return 2;
}

}  // namespace sportello::tools
