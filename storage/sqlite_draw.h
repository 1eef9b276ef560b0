// Storage-internal: the SQL of fair release (SPEC.md, "Fair release": releases and draw requests),
// shared by the booking transaction (sqlite_bookings.cc) and the store's reads (sqlite_draw.cc).
// Call inside a transaction; a write only inside a write one. Not part of the interface.
#pragma once

#include "storage/sqlite_db.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

// The release of `desk`, `type` and `month`, its seed opened with `secret`.
std::optional<ReleaseRecord> SelectRelease(sqlite::Connection& connection, std::string_view desk,
                                           std::string_view type, date::year_month month, std::string_view secret);
void InsertReleaseRow(sqlite::Connection& connection, const ReleaseRecord& release, std::string_view secret);
void MarkReleaseDrawn(sqlite::Connection& connection, const ReleaseRecord& release, Instant drawn_at);
bool SelectDrawPending(sqlite::Connection& connection, std::string_view desk, std::string_view type,
                       date::year_month month);
bool SelectHasDrawRequest(sqlite::Connection& connection, std::string_view application_id, std::string_view desk,
                          std::string_view type, date::year_month month);
std::vector<DrawRequestRecord> SelectDrawRequests(sqlite::Connection& connection, std::string_view desk,
                                                  std::string_view type, date::year_month month);
// Stores `request` with `token` hashed, and sealed at rest with `secret`.
void InsertDrawRequestRow(sqlite::Connection& connection, const DrawRequestRecord& request, std::string_view token,
                          std::string_view secret);
// The token of request `id` opened with `secret`; empty when it kept none (stored before schema 12)
// or it was sealed with another secret.
std::string SelectDrawToken(sqlite::Connection& connection, std::string_view id, std::string_view secret);
void UpdateDrawOutcome(sqlite::Connection& connection, const DrawRequestRecord& after);

}  // namespace sportello::storage
