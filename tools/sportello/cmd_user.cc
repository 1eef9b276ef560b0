// `sportello user add --db DB --username U --role R [--desk D]`: creates a staff account; the
// password is read from stdin (asked twice without echo on a terminal, else the first line).
#include "booking/accounts.h"
#include "storage/open_store.h"
#include "tools/sportello/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <iostream>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace sportello::tools {
namespace {

constexpr const char* kOverview =
    "  sportello user add --db DB --username U --role operator|manager|admin|kiosk|helpdesk [--desk D]\n"
    "`sportello user add --help` explains it.";

constexpr const char* kAddDetails =
    "Operators, managers and kiosks belong to one desk (--desk, required); admins and the help desk's front\n"
    "office (helpdesk) to none. The password (at least 12 characters) is read from stdin: asked twice\n"
    "without echo on a terminal, else the first line. Only an Argon2id hash of it is stored.";

struct AddOptions {
  std::string db;
  std::string username;
  std::string role;
  std::string desk;
};

// One line from stdin without its line break; on a terminal, with echo off after `prompt`.
std::optional<std::string> ReadSecretLine(std::string_view prompt) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    fmt::print(stderr, "{}", prompt);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    fmt::print(stderr, "\n");
  }
  if (!read) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Add(const AddOptions& options, const CLI::App& command) {
  const std::string& db = options.db;
  const auto role = storage::ParseRole(options.role);
  if (!role) return UsageError(command, "--role must be operator, manager, admin, kiosk or helpdesk");
  const std::string& desk = options.desk;

  const auto password = ReadSecretLine("password: ");
  if (!password) return UsageError(command, "no password on stdin");
  if (isatty(STDIN_FILENO) != 0 && ReadSecretLine("again: ") != password) {
    fmt::print(stderr, "sportello user: the passwords differ\n");
    return 1;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello user: cannot open {}: {}\n", storage::Printable(db), error.what());
    return 1;
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto added = booking::AddUser(*store, {options.username, *role, desk}, *password, storage::Actor::Cli(), now);
  if (!added) {
    // The same field and detail the API answers, with the option that carries the field.
    const engine::Problem& problem = added.error();
    const std::string option = problem.field.empty() ? "" : (problem.field == "password" ? "password" : "--" + problem.field);
    fmt::print(stderr, "sportello user: not added: {}{}\n", option.empty() ? "" : option + ": ",
               problem.detail.empty() ? std::string(engine::ErrorCode(problem.code)) : problem.detail);
    return 1;
  }
  fmt::print("user {} added ({}{})\n", added->username, storage::RoleName(added->role),
             desk.empty() ? "" : ", desk " + desk);
  return 0;
}

}  // namespace

void AddUser(CLI::App& sportello, Action& chosen) {
  CLI::App& user = AddCommand(sportello, "user", "add a staff account (password on stdin)", kOverview);
  CLI::App& add = AddCommand(user, "add", "create a staff account; the password is read from stdin", kAddDetails);
  auto options = std::make_shared<AddOptions>();
  AddDatabase(add, options->db);
  add.add_option("--username", options->username, "the name to sign in with")->required()->type_name("U");
  add.add_option("--role", options->role, "operator, manager, admin, kiosk or helpdesk")->required()->type_name("R");
  add.add_option("--desk", options->desk, "the desk of an operator, manager or kiosk")->type_name("D");
  OnChosen(add, chosen, [options, &add] { return Add(*options, add); });
}

}  // namespace sportello::tools
