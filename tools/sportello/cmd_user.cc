// `sportello user add --db DB --username U --role R [--desk D]`: creates a staff account; the
// password is read from stdin (asked twice without echo on a terminal, else the first line).
#include "booking/accounts.h"
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/commands.h"

#include <fmt/core.h>

#include <chrono>
#include <iostream>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello user add --db DB --username U --role operator|manager|admin|kiosk|helpdesk [--desk D]
      Creates a staff account. Operators, managers and kiosks belong to one desk (--desk,
      required); admins and the help desk's front office (helpdesk) to none. The password (at least 12 characters) is read from stdin: asked twice
      without echo on a terminal, else the first line. Only an Argon2id hash of it is stored.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello user: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

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

int Add(const Args& args) {
  const auto db = args.Value("db");
  const auto username = args.Value("username");
  const auto role = storage::ParseRole(args.Value("role").value_or(""));
  if (!db || !username) return Usage("--db and --username are required");
  if (!role) return Usage("--role must be operator, manager, admin, kiosk or helpdesk");
  const std::string desk = args.Value("desk").value_or("");

  const auto password = ReadSecretLine("password: ");
  if (!password) return Usage("no password on stdin");
  if (isatty(STDIN_FILENO) != 0 && ReadSecretLine("again: ") != password) {
    fmt::print(stderr, "sportello user: the passwords differ\n");
    return 1;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(*db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello user: cannot open {}: {}\n", storage::Printable(*db), error.what());
    return 1;
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto added = booking::AddUser(*store, {*username, *role, desk}, *password, storage::Actor::Cli(), now);
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

int RunUser(const Words& words) {
  const Args args(words, {"db", "username", "role", "desk"}, {});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (args.positional().size() != 1 || args.positional()[0] != "add") return Usage("the subcommand is `user add`");
  return Add(args);
}

}  // namespace sportello::tools
