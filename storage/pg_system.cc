// PgStore: the national system's keys, the status events of applications and the feed of booking
// changes (storage/system_store.h). The feed's order across nodes is system_sql.h's.
#include "storage/pg_rows.h"
#include "storage/pg_store.h"
#include "storage/record_text.h"
#include "storage/retention_sql.h"
#include "storage/system_sql.h"

namespace sportello::storage {
namespace {

const std::string kInsertKey = PgPlaceholders(system_sql::kInsertKey);
const std::string kRevokeKey = PgPlaceholders(system_sql::kRevokeKey);
const std::string kSelectKeyByName = PgPlaceholders(system_sql::kSelectKeyByName);
const std::string kSelectKeyByHash = PgPlaceholders(system_sql::kSelectKeyByHash);
const std::string kSelectEvents = PgPlaceholders(system_sql::kSelectEvents);
const std::string kSelectChanges = PgPlaceholders(system_sql::kSelectChanges);
// The feed's advisory lock: held shared by every transaction that writes a booking change (the
// trigger of pg_schema.cc names the same number), exclusively by a reader for its one read.
constexpr std::int64_t kFeedLock = 6003385518304675141;  // "SPORTFEE"

ApiKey ReadKey(const pg::Rows& rows, int row) {
  return ApiKey{rows.Text(row, 0), rows.Text(row, 1), FromUnix(rows.Int(row, 2)), OptionalPgInstant(rows, row, 3)};
}

std::string_view HashBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace

Result<void> PgStore::AddApiKey(const ApiKey& key, const Hash& key_hash, const Actor& actor) {
  return RunTransaction([&](pg::Connection& connection) -> Result<void> {
    const std::optional<std::string> desk = key.desk.empty() ? std::nullopt : std::optional(key.desk);
    pg::Rows added = connection.Run(
        kInsertKey, pg::Params().Add(key.name).Add(desk).AddBytes(HashBytes(key_hash)).Add(ToUnix(key.created_at)));
    if (added.empty()) return engine::Problem(Error::invalid_request, "name", "is taken", true);
    AppendPgAudit(connection, key.created_at, actor.who, key.desk, "key.add", key.name, "", ApiKeyJson(key));
    return {};
  });
}

Result<ApiKey> PgStore::RevokeApiKey(std::string_view name, const Actor& actor, Instant now) {
  return RunTransaction([&](pg::Connection& connection) -> Result<ApiKey> {
    pg::Rows rows = connection.Run(kSelectKeyByName + " FOR UPDATE", pg::Params().Add(name));
    if (rows.empty()) return Error::not_found;
    ApiKey key = ReadKey(rows, 0);
    if (key.revoked_at) return key;
    connection.Run(kRevokeKey, pg::Params().Add(name).Add(ToUnix(now)));
    AppendPgAudit(connection, now, actor.who, key.desk, "key.revoke", key.name, ApiKeyJson(key), "");
    key.revoked_at = now;
    return key;
  });
}

Result<std::vector<ApiKey>> PgStore::ApiKeys() {
  return Run([&](pg::Connection& connection) -> Result<std::vector<ApiKey>> {
    pg::Rows rows = connection.Run(system_sql::kSelectKeys);
    std::vector<ApiKey> keys;
    for (int row = 0; row < rows.size(); ++row) keys.push_back(ReadKey(rows, row));
    return keys;
  });
}

Result<ApiKey> PgStore::FindApiKey(const Hash& key_hash) {
  return Run([&](pg::Connection& connection) -> Result<ApiKey> {
    pg::Rows rows = connection.Run(kSelectKeyByHash, pg::Params().AddBytes(HashBytes(key_hash)));
    if (rows.empty()) return Error::not_found;
    return ReadKey(rows, 0);
  });
}

Result<std::vector<engine::StatusEvent>> PgStore::EventsOf(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<engine::StatusEvent>> {
    pg::Rows rows = connection.Run(kSelectEvents, pg::Params().Add(id));
    std::vector<engine::StatusEvent> events;
    for (int row = 0; row < rows.size(); ++row) {
      engine::StatusEvent event{rows.Text(row, 0), rows.Text(row, 1), {}, FromUnix(rows.Int(row, 6))};
      for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
        event.text.In(engine::kLanguages[i]) = rows.Text(row, static_cast<int>(2 + i));
      }
      events.push_back(std::move(event));
    }
    return events;
  });
}

Result<std::vector<FeedChange>> PgStore::BookingChangesAfter(FeedCursor after, std::string_view desk, int limit) {
  if (limit < 1) return Error::invalid_request;
  return RunTransaction([&](pg::Connection& connection) -> Result<std::vector<FeedChange>> {
    connection.Run("SELECT pg_advisory_xact_lock($1)", pg::Params().Add(kFeedLock));
    pg::Rows rows = connection.Run(kSelectChanges, pg::Params().Add(after.id).Add(desk).Add(limit));
    std::vector<FeedChange> changes;
    for (int row = 0; row < rows.size(); ++row) {
      changes.push_back(FeedChange{
          FeedCursor{rows.Int(row, 0)}, rows.Text(row, 1), rows.Text(row, 2), rows.Text(row, 3),
          rows.Text(row, 4), FromUnix(rows.Int(row, 5)), FromUnix(rows.Int(row, 6)),
          engine::ParseStatus(rows.Text(row, 7)).value_or(engine::BookingStatus::booked),  // CHECK of bookings holds
          rows.Text(row, 8), FromUnix(rows.Int(row, 9))});
    }
    return changes;
  });
}

}  // namespace sportello::storage
