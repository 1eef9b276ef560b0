// `sportello draw verify --seed S --requests FILE`: recomputes a draw's order (engine/draw.h) from
// the seed a release reveals once drawn and the ids of its requests, so that anyone can check it.
#include "engine/draw.h"
#include "tools/sportello/args.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"

#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <sstream>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello draw verify --seed S --requests FILE
      Recomputes the order of a fair-release draw from its published seed S and the ids of its
      requests: FILE holds one id per line (blank lines ignored, spaces around an id too; - reads
      stdin). Prints `seed_hash HEX`, the SHA-256 of S to compare with the seed_hash published when
      the draw window opened, then `POSITION ID` for each request in draw order. docs/draw.md states
      the algorithm and gives a Python script that computes the same.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello draw: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

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

int Verify(const Args& args) {
  if (args.positional().size() != 1) return Usage("draw verify takes no file arguments; use --requests FILE");
  const auto seed = args.Value("seed");
  const auto requests = args.Value("requests");
  if (!seed) return Usage("--seed is required: the seed the release revealed once drawn");
  if (!requests) return Usage("--requests is required: a file of request ids, one per line, or - for stdin");
  const std::optional<std::string> text = ReadRequests(*requests);
  if (!text) return 1;
  const std::vector<std::string> ids = RequestIds(*text);
  std::string out = fmt::format("seed_hash {}\n", engine::SeedHash(*seed));
  int position = 0;
  for (const std::string& id : engine::DrawOrder(*seed, ids)) fmt::format_to(std::back_inserter(out), "{} {}\n", ++position, id);
  fmt::print("{}", out);
  return 0;
}

}  // namespace

int RunDraw(const Words& words) {
  const Args args(words, {"seed", "requests"}, {});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (args.positional().empty()) return Usage("which draw command? verify");
  const std::string& command = args.positional()[0];
  if (command == "verify") return Verify(args);
  return Usage("unknown draw command '" + command + "'");
}

}  // namespace sportello::tools
