// `sportello draw verify --seed S --requests FILE`: recomputes a draw's order (engine/draw.h) from
// the seed a release reveals once drawn and the ids of its requests, so that anyone can check it.
#include "engine/draw.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <sstream>

namespace sportello::tools {
namespace {

constexpr const char* kOverview =
    "  sportello draw verify --seed S --requests FILE\n"
    "`sportello draw verify --help` explains it.";

constexpr const char* kVerifyDetails =
    "Recomputes the order of a fair-release draw from its published seed S and the ids of its requests:\n"
    "FILE holds one id per line (blank lines ignored, spaces around an id too; - reads stdin). Prints\n"
    "`seed_hash HEX`, the SHA-256 of S to compare with the seed_hash published when the draw window opened,\n"
    "then `POSITION ID` for each request in draw order. docs/draw.md states the algorithm and gives a Python\n"
    "script that computes the same.";

struct VerifyOptions {
  std::string seed;
  std::string requests;
};

// The ids in `text`, one per line, without surrounding spaces, tabs and carriage returns; blank
// lines skipped.
std::vector<std::string> RequestIds(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r";
  std::vector<std::string> ids;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const std::size_t first = line.find_first_not_of(kBlank);
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(kBlank) - first + 1);
    ids.emplace_back(line);
  }
  return ids;
}

std::optional<std::string> ReadRequests(const std::string& path) {
  if (path != "-") return ReadFile(path);
  std::ostringstream text;
  text << std::cin.rdbuf();
  if (std::cin.bad()) {
    fmt::print(stderr, "sportello draw: the standard input cannot be read\n");
    return std::nullopt;
  }
  return text.str();
}

int Verify(const VerifyOptions& options) {
  const std::string& seed = options.seed;
  const std::optional<std::string> text = ReadRequests(options.requests);
  if (!text) return 1;
  const std::vector<std::string> ids = RequestIds(*text);
  std::string out = fmt::format("seed_hash {}\n", engine::SeedHash(seed));
  int position = 0;
  for (const std::string& id : engine::DrawOrder(seed, ids)) fmt::format_to(std::back_inserter(out), "{} {}\n", ++position, id);
  fmt::print("{}", out);
  return 0;
}

}  // namespace

void AddDraw(CLI::App& sportello, Action& chosen) {
  CLI::App& draw = AddCommand(
      sportello, "draw", "verify a fair-release draw: its order from the published seed and request ids", kOverview);
  CLI::App& verify =
      AddCommand(draw, "verify", "recompute a draw's order from its seed and the ids of its requests", kVerifyDetails);
  auto options = std::make_shared<VerifyOptions>();
  verify.add_option("--seed", options->seed, "the seed the release revealed once drawn")->required()->type_name("S");
  verify.add_option("--requests", options->requests, "a file of request ids, one per line, or - for stdin")
      ->required()
      ->type_name("FILE");
  OnChosen(verify, chosen, [options] { return Verify(*options); });
}

}  // namespace sportello::tools
