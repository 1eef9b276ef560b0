// SqliteStore: the national system's keys, the status events of applications and the feed of
// booking changes (storage/system_store.h).
#include "storage/record_text.h"
#include "storage/sqlite_rows.h"
#include "storage/sqlite_store.h"
#include "storage/system_sql.h"

#include <algorithm>

namespace sportello::storage {
namespace {

ApiKey ReadKey(const sqlite::Statement& row) {
  return ApiKey{row.Text(0), row.Text(1), FromUnix(row.Int(2)), OptionalInstant(row, 3)};
}

std::optional<ApiKey> SelectKey(sqlite::Connection& connection, std::string_view name) {
  sqlite::Statement select = connection.Prepare(system_sql::kSelectKeyByName);
  select.Bind(1, name);
  if (!select.Step()) return std::nullopt;
  return ReadKey(select);
}

}  // namespace

Result<void> SqliteStore::AddApiKey(const ApiKey& key, const Hash& key_hash, const Actor& actor) {
  return Write([&](sqlite::Connection& connection) -> Result<void> {
    {
      sqlite::Statement insert = connection.Prepare(system_sql::kInsertKey);
      insert.Bind(1, key.name);
      if (key.desk.empty()) {
        insert.BindNull(2);
      } else {
        insert.Bind(2, key.desk);
      }
      insert.Bind(3, std::span<const unsigned char>(key_hash)).Bind(4, ToUnix(key.created_at));
      if (!insert.Step()) return engine::Problem(Error::invalid_request, "name", "is taken", true);
    }
    AppendAudit(connection, key.created_at, actor.who, key.desk, "key.add", key.name, "", ApiKeyJson(key));
    return {};
  });
}

Result<ApiKey> SqliteStore::RevokeApiKey(std::string_view name, const Actor& actor, Instant now) {
  return Write([&](sqlite::Connection& connection) -> Result<ApiKey> {
    std::optional<ApiKey> key = SelectKey(connection, name);
    if (!key) return Error::not_found;
    if (key->revoked_at) return std::move(*key);
    connection.Prepare(system_sql::kRevokeKey).Bind(1, name).Bind(2, ToUnix(now)).Run();
    AppendAudit(connection, now, actor.who, key->desk, "key.revoke", key->name, ApiKeyJson(*key), "");
    key->revoked_at = now;
    return std::move(*key);
  });
}

Result<std::vector<ApiKey>> SqliteStore::ApiKeys() {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<ApiKey>> {
    std::vector<ApiKey> keys;
    sqlite::Statement select = connection.Prepare(system_sql::kSelectKeys);
    while (select.Step()) keys.push_back(ReadKey(select));
    return keys;
  });
}

Result<ApiKey> SqliteStore::FindApiKey(const Hash& key_hash) {
  return Read([&](sqlite::Connection& connection) -> Result<ApiKey> {
    sqlite::Statement select = connection.Prepare(system_sql::kSelectKeyByHash);
    select.Bind(1, std::span<const unsigned char>(key_hash));
    if (!select.Step()) return Error::not_found;
    return ReadKey(select);
  });
}

Result<std::vector<engine::StatusEvent>> SqliteStore::EventsOf(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<engine::StatusEvent>> {
    std::vector<engine::StatusEvent> events;
    sqlite::Statement select = connection.Prepare(system_sql::kSelectEvents);
    select.Bind(1, id);
    while (select.Step()) {
      engine::StatusEvent event{select.Text(0), select.Text(1), {}, FromUnix(select.Int(6))};
      for (std::size_t i = 0; i < engine::kLanguages.size(); ++i) {
        event.text.In(engine::kLanguages[i]) = select.Text(static_cast<int>(2 + i));
      }
      events.push_back(std::move(event));
    }
    return events;
  });
}

Result<std::vector<FeedChange>> SqliteStore::BookingChangesAfter(FeedCursor after, std::string_view desk,
                                                                    int limit) {
  if (limit < 1) return Error::invalid_request;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<FeedChange>> {
    std::vector<FeedChange> changes;
    sqlite::Statement select = connection.Prepare(system_sql::kSelectChanges);
    select.Bind(1, after.id).Bind(2, desk).Bind(3, limit);
    while (select.Step()) {
      changes.push_back(FeedChange{
          FeedCursor{select.Int(0)}, select.Text(1), select.Text(2), select.Text(3), select.Text(4),
          FromUnix(select.Int(5)), FromUnix(select.Int(6)),
          engine::ParseStatus(select.Text(7)).value_or(engine::BookingStatus::booked),  // CHECK of bookings holds
          select.Text(8), FromUnix(select.Int(9))});
    }
    return changes;
  });
}

}  // namespace sportello::storage
