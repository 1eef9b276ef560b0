// Reading calendar and catalogue files from disk for the `sportello` commands, printing every
// problem as `FILE: path: message` on stderr (a JSON log line when serve logs JSON, logging/log.h).
// Not thread-safe (prints).
#pragma once

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/status_event.h"
#include "engine/topics.h"

#include <optional>
#include <string>

namespace sportello::tools {

// The whole file, or nullopt after printing why it could not be read.
std::optional<std::string> ReadFile(const std::string& path);

// The catalogue at `path`, or nullopt after printing its problems.
std::optional<engine::Catalogue> LoadCatalogue(const std::string& path);
// The national topics of questions at `path`: none (an empty list) when there is no such file, so
// no question can be asked; nullopt, with the problems printed, when the file is unreadable or
// invalid.
std::optional<engine::Topics> LoadTopics(const std::string& path);
// The catalogue of status events at `path`: empty when there is no such file (every event then
// brings its text); nullopt, with the problems printed, when the file is unreadable or invalid.
std::optional<engine::StatusEventCatalogue> LoadStatusEvents(const std::string& path);

// The catalogue file beside a calendar file: `<dir of calendar_path>/types.json`.
std::string CatalogueBeside(const std::string& calendar_path);

// The calendar at `path` checked against `catalogue`, or nullopt after printing its problems.
std::optional<engine::DeskCalendar> LoadCalendar(const std::string& path, const engine::Catalogue& catalogue);

}  // namespace sportello::tools
