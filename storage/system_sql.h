// The national system's keys, the status events of applications and the feed of booking changes, in
// SQL written once for both backends (`?N` parameters; PostgreSQL runs them through PgPlaceholders).
// The feed's reads differ: see storage/system_store.h, FeedCursor. Internal to storage/.
#pragma once

#include <string_view>

namespace sportello::storage::system_sql {

// ?1 name, ?2 desk (NULL: every desk), ?3 key hash, ?4 created_at; a row (the name) when added.
inline constexpr std::string_view kInsertKey = R"(
INSERT INTO api_keys (name, desk, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT DO NOTHING RETURNING name)";
// ?1 name, ?2 revoked_at.
inline constexpr std::string_view kRevokeKey =
    "UPDATE api_keys SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL";
inline constexpr std::string_view kSelectKeys =
    "SELECT name, coalesce(desk, ''), created_at, revoked_at FROM api_keys ORDER BY name";
// ?1 name.
inline constexpr std::string_view kSelectKeyByName =
    "SELECT name, coalesce(desk, ''), created_at, revoked_at FROM api_keys WHERE name = ?1";
// ?1 key hash.
inline constexpr std::string_view kSelectKeyByHash =
    "SELECT name, coalesce(desk, ''), created_at, revoked_at FROM api_keys WHERE key_hash = ?1";

// ?1 application id: its status text; no row when there is no such application.
inline constexpr std::string_view kSelectStatus = "SELECT status FROM applications WHERE id = ?1";
// ?1 application id, ?2 code, ?3-?6 text in it, en, fr, es, ?7 at, ?8 recorded_at, ?9 recorded_by;
// a row when recorded, none when the application already has an event of that code at that instant.
inline constexpr std::string_view kInsertEvent = R"(
INSERT INTO application_events (application_id, code, text_it, text_en, text_fr, text_es, at, recorded_at,
                                recorded_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING RETURNING id)";
// ?1 application id: its events as application_id, code, text it/en/fr/es, at; oldest first.
inline constexpr std::string_view kSelectEvents = R"(
SELECT application_id, code, text_it, text_en, text_fr, text_es, at FROM application_events
WHERE application_id = ?1 ORDER BY at, id)";

// ?1 after id, ?2 desk ('' : every desk), ?3 limit: id, change, booking_code, desk, type, start, end,
// status, application_id, at, in the order of their ids. SQLite writes one transaction at a time,
// so ids are in commit order. PostgreSQL may commit a lower id after a higher one: its reader first
// waits for every writer of changes to commit (pg_system.cc, kFeedLock), and no writer takes an id
// while it reads.
inline constexpr std::string_view kSelectChanges = R"(
SELECT id, change, booking_code, desk, type, start, "end", status, application_id, at FROM booking_changes
WHERE id > ?1 AND (?2 = '' OR desk = ?2) ORDER BY id LIMIT ?3)";

}  // namespace sportello::storage::system_sql
