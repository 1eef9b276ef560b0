// The national system's API (SPEC.md, "Integration"): its keys, the batches of applications it
// pushes, the status events it appends to an application, and the feed of booking changes it mirrors.
// Every rule of these calls is here; http/system_routes.cc only reads and renders JSON. A key bound
// to a desk touches only that desk's applications, bookings and changes.
// Thread-safe: call from any number of threads.
#pragma once

#include "booking/application_import.h"
#include "engine/status_event.h"
#include "storage/store.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

inline constexpr std::size_t kMaxSystemBatch = 1000;
inline constexpr int kDefaultFeedLimit = 100;
inline constexpr int kMaxFeedLimit = 1000;
// How far in the future an event may be dated: the two systems' clocks may differ a little.
inline constexpr std::chrono::minutes kMaxEventClockSkew{5};

// A key as issued: `secret` is the key itself, shown once and never kept.
struct IssuedKey {
  storage::ApiKey key;
  std::string secret;
};

// Issues a key named `name` (3–40 characters of a-z 0-9 . _ -) for `desk` (a known desk, or empty
// for every desk), audited ("key.add"). Errors: invalid_request naming "name" (malformed, or taken:
// a conflict) or "desk".
engine::Result<IssuedKey> IssueApiKey(storage::Store& store, std::string_view name, std::string_view desk,
                                      const storage::Actor& actor, engine::Instant now);

// The key whose secret is `secret`. Error: unauthorized for an unknown or revoked key (the same
// answer for both).
engine::Result<storage::ApiKey> AuthenticateApiKey(storage::Store& store, std::string_view secret);

// The audit's name for what a key does: "key:<name>".
storage::Actor KeyActor(const storage::ApiKey& key);

// One record of a batch as read from the request: the application and its type ids, or the
// problems that kept it from being read (then nothing else is checked).
struct SystemRecord {
  engine::Application application;
  std::vector<std::string> types;
  std::vector<engine::FieldError> unreadable;
};

struct RecordProblem {
  std::size_t index = 0;  // in the batch
  std::string field;
  std::string detail;
};

struct BatchOutcome {
  storage::UpsertCounts counts;
  std::vector<RecordProblem> errors;  // by index
};

// Upserts the good records of a batch (at most kMaxSystemBatch) with the import's rules and
// idempotency (booking/applications.h): each bad record is reported by index, the good ones are
// kept. A record is bad when the CSV import would refuse it as a row (CheckApplication), when its
// id appears earlier in the batch, or when the key is bound to another desk. Error:
// payload_too_large for too many records; internal when the database refuses the good ones.
engine::Result<BatchOutcome> UpsertApplications(storage::Store& store, std::vector<SystemRecord> records,
                                                const DeskTypes& desks, const storage::ApiKey& key,
                                                engine::Instant now);

// An event as the national system sends it: its text and instant may be left out.
struct EventRequest {
  std::string code;
  std::optional<engine::LocalizedText> text;
  std::optional<engine::Instant> at;
};

struct AppendedEvent {
  engine::StatusEvent event;
  bool created = false;  // false: the application already had this code at this instant (a retry)
};

// Appends a status event to application `id`. The code must be well formed; the text, when given,
// 1–500 characters of UTF-8 in each language, otherwise the catalogue's for the code; the instant,
// when given, no later than `now` plus kMaxEventClockSkew (default: `now`). Sending the same code and
// instant again records nothing and returns the event as first recorded. When the catalogue marks the
// code for e-mail, the new event's message (kind status_event) is queued in the same transaction: to
// the application's address, else the one given with its latest booking, in that booking's language
// (Italian when none); without an address it is recorded as no_address. Errors: invalid_request
// naming "code", "text" (or "text.<lang>") or "at"; not_found for an unknown application or one
// of another desk than the key's.
engine::Result<AppendedEvent> AppendStatusEvent(storage::Store& store, std::string_view id, EventRequest request,
                                                const engine::StatusEventCatalogue& catalogue,
                                                const storage::ApiKey& key, engine::Instant now);

// The bookings of application `id`, newest start first. Error: not_found for an unknown
// application or one of another desk than the key's.
engine::Result<std::vector<storage::BookingRecord>> BookingsForSystem(storage::Store& store, std::string_view id,
                                                                      const storage::ApiKey& key);

struct ChangePage {
  std::vector<storage::FeedChange> changes;
  std::string next;  // the cursor to ask after next time: the last change's, or `after` when none
};

// Up to `limit` (1..kMaxFeedLimit) booking changes after `after` (a cursor from an earlier page;
// empty: from the beginning), of the key's desk only when it has one. Every change comes exactly
// once, in order, across pages. Errors: invalid_request naming "after" or "limit".
engine::Result<ChangePage> BookingChangesAfter(storage::Store& store, std::string_view after, int limit,
                                               const storage::ApiKey& key);

// A cursor as clients see it, and back; nullopt for text that is not one.
std::string FormatCursor(storage::FeedCursor cursor);
std::optional<storage::FeedCursor> ParseCursor(std::string_view text);

}  // namespace sportello::booking
