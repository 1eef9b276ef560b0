#include "tools/sportello/calendar_files.h"

#include "logging/log.h"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sportello::tools {

namespace {

// `FILE: problem` on stderr; a log line of its own when `sportello serve` logs JSON.
void Report(std::string_view event, const std::string& path, const std::string& problem) {
  if (logging::CurrentFormat() == logging::Format::json) {
    logging::Error("files", event, path + ": " + problem, {{"file", path}, {"problem", problem}});
  } else {
    fmt::print(stderr, "{}: {}\n", path, problem);
  }
}

void PrintErrors(const std::string& path, const std::vector<engine::FieldError>& errors) {
  for (const engine::FieldError& error : errors) Report("invalid_file", path, error.ToString());
}

}  // namespace

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Report("unreadable_file", path, "cannot be read");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<engine::Catalogue> LoadCatalogue(const std::string& path) {
  std::optional<std::string> text = ReadFile(path);
  if (!text) return std::nullopt;
  engine::Parsed<engine::Catalogue> parsed = engine::ParseCatalogue(*text);
  PrintErrors(path, parsed.errors);
  return std::move(parsed.value);
}

std::optional<engine::Topics> LoadTopics(const std::string& path) {
  if (!std::filesystem::exists(path)) return engine::Topics{};
  std::optional<std::string> text = ReadFile(path);
  if (!text) return std::nullopt;
  engine::Parsed<engine::Topics> parsed = engine::ParseTopics(*text);
  PrintErrors(path, parsed.errors);
  return std::move(parsed.value);
}

std::optional<engine::StatusEventCatalogue> LoadStatusEvents(const std::string& path) {
  if (!std::filesystem::exists(path)) return engine::StatusEventCatalogue{};
  std::optional<std::string> text = ReadFile(path);
  if (!text) return std::nullopt;
  engine::Parsed<engine::StatusEventCatalogue> parsed = engine::ParseStatusEventCatalogue(*text);
  PrintErrors(path, parsed.errors);
  return std::move(parsed.value);
}

std::string CatalogueBeside(const std::string& calendar_path) {
  return (std::filesystem::path(calendar_path).parent_path() / "types.json").string();
}

std::optional<engine::DeskCalendar> LoadCalendar(const std::string& path, const engine::Catalogue& catalogue) {
  std::optional<std::string> text = ReadFile(path);
  if (!text) return std::nullopt;
  engine::Parsed<engine::DeskCalendar> parsed = engine::ParseCalendar(*text, &catalogue);
  PrintErrors(path, parsed.errors);
  return std::move(parsed.value);
}

}  // namespace sportello::tools
