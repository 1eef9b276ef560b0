// The history of an application (SPEC.md, "Integration"): each change of its state that the national
// system reports is a status event with a code, a text in the four languages and the instant it
// happened. The catalogue of known codes (`calendars/status_events.json`) gives the text of a code
// sent without one, and says whether the applicant is told of it by e-mail. Format:
//   {"events":[{"code":"nulla_osta_ready",
//               "text":{"it":"…","en":"…","fr":"…","es":"…"},
//               "email":true}, …]}
// Thread-safe once built: read-only.
#pragma once

#include "engine/field_errors.h"
#include "engine/language.h"
#include "engine/time.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

// The code the import gives the event it appends when an application's status text changes.
inline constexpr std::string_view kStatusChangedCode = "status";
inline constexpr std::size_t kMaxEventCodeLength = 40;
inline constexpr std::size_t kMaxEventTextLength = 500;

struct StatusEvent {
  std::string application_id;
  std::string code;
  LocalizedText text;
  Instant at;
};

struct StatusEventKind {
  std::string code;
  LocalizedText text;
  bool email = false;  // the applicant is sent a notice of it
};

class StatusEventCatalogue {
 public:
  StatusEventCatalogue() = default;
  explicit StatusEventCatalogue(std::vector<StatusEventKind> kinds) : kinds_(std::move(kinds)) {}

  // The kind with `code`, or nullptr.
  const StatusEventKind* Find(std::string_view code) const;
  const std::vector<StatusEventKind>& kinds() const { return kinds_; }

 private:
  std::vector<StatusEventKind> kinds_;
};

// True for 1 to 40 characters of a-z, 0-9 and '_', starting with a letter.
bool IsValidEventCode(std::string_view code);

// Parses and validates a catalogue of status events; every problem is reported with its field path
// and nothing is returned unless the whole document is valid.
Parsed<StatusEventCatalogue> ParseStatusEventCatalogue(std::string_view json_text);

}  // namespace sportello::engine
