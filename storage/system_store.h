// What the national system's API (SPEC.md, "Integration") keeps: its API keys, the status events
// of applications, and the feed of booking changes. Events are appended inside the applications'
// own transaction (ApplicationTransaction::AppendEvent); every booking change is written into the
// feed by the database itself, in the transaction of the change (schema.cc, pg_schema.cc). The
// rules (who may hold a key, which event is new) are booking/system_api.h's.
// Thread-safe: call from any number of threads.
#pragma once

#include "engine/booking_status.h"
#include "engine/error.h"
#include "engine/status_event.h"
#include "storage/secrets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

struct Actor;  // store.h

// A key of the national system: only the hash of the key itself is kept (secrets.h, ApiKeyHash).
struct ApiKey {
  std::string name;  // who holds it, e.g. "spi"
  std::string desk;  // the one desk it may touch; empty for every desk
  engine::Instant created_at;
  std::optional<engine::Instant> revoked_at;
};

// A place in the feed of booking changes: the id of the last change read. A change committed after a
// read always has a higher id than every change that read returned (system_sql.h).
struct FeedCursor {
  std::int64_t id = 0;
  friend bool operator==(const FeedCursor&, const FeedCursor&) = default;
};

// One change of one booking, and the booking as the change left it.
struct FeedChange {
  FeedCursor cursor;
  std::string change;  // created, moved, or the status it entered: cancelled, attended, no_show, released, booked
  std::string code;
  std::string desk;
  std::string type;
  engine::Instant start;
  engine::Instant end;
  engine::BookingStatus status = engine::BookingStatus::booked;
  std::string application_id;
  engine::Instant at;  // when the change was made
};

class SystemStore {
 public:
  virtual ~SystemStore() = default;

  // Keeps `key` under `key_hash` and audits it ("key.add"). Error: conflict when a key has its name.
  virtual engine::Result<void> AddApiKey(const ApiKey& key, const Hash& key_hash,
                                                                 const Actor& actor) = 0;
  // Revokes the key named `name` at `now` and audits it ("key.revoke"); revoking a revoked key
  // changes nothing. Returns the key as it now stands. Error: not_found.
  virtual engine::Result<ApiKey> RevokeApiKey(std::string_view name, const Actor& actor,
                                                                      engine::Instant now) = 0;
  // Every key, revoked ones included, by name.
  virtual engine::Result<std::vector<ApiKey>> ApiKeys() = 0;
  // The key whose hash is `key_hash`, revoked or not. Error: not_found.
  virtual engine::Result<ApiKey> FindApiKey(const Hash& key_hash) = 0;

  // The status events of application `id`, oldest first (by instant, then as recorded).
  virtual engine::Result<std::vector<engine::StatusEvent>> EventsOf(std::string_view id) = 0;

  // Up to `limit` changes after `after`, in feed order; only those of `desk` unless it is empty.
  virtual engine::Result<std::vector<FeedChange>> BookingChangesAfter(
      FeedCursor after, std::string_view desk, int limit) = 0;
};

}  // namespace sportello::storage
