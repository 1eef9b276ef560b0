// Storage-internal: the SQL of the waitlist (SPEC.md, "No seat wasted") and of the type listings
// the automatic convocation reads, shared by the booking transaction (sqlite_bookings.cc) and the
// store's reads (sqlite_waitlist.cc). Call inside a transaction; a write only inside a write one.
// Not part of the interface.
#pragma once

#include "storage/sqlite_db.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

// The active (waiting, offered) entries of `desk` and `type`, in line order.
std::vector<WaitlistEntry> SelectWaitlistLine(sqlite::Connection& connection, std::string_view desk,
                                              std::string_view type);
// The entry `id` (any state); also its token hash when asked.
std::optional<WaitlistEntry> SelectWaitlistEntry(sqlite::Connection& connection, std::string_view id,
                                                 std::string* token_hash = nullptr);
// Stores `entry` with the next place in line, its token hashed and sealed with `secret`; returns
// it with that place.
WaitlistEntry InsertWaitlistRow(sqlite::Connection& connection, const WaitlistEntry& entry, std::string_view token,
                                std::string_view secret);
// Entry `after.id` now has `after`'s state, offer and updated_at.
void UpdateWaitlistRow(sqlite::Connection& connection, const WaitlistEntry& after);
// The token of entry `id`, opened with `secret`; empty when there is none it opens.
std::string SelectWaitlistToken(sqlite::Connection& connection, std::string_view id, std::string_view secret);

// The listing of `type` by application `id`, if it lists it.
std::optional<TypeListing> SelectListing(sqlite::Connection& connection, std::string_view id, std::string_view type);
// Application `id` was convened by the system for `type` at `now`.
void MarkListingConvened(sqlite::Connection& connection, std::string_view id, std::string_view type, Instant now);
// Application `id` lists exactly `types` from now on: a new type is listed since `now`, a type no
// longer listed loses its listing, a type still listed keeps it.
void KeepListings(sqlite::Connection& connection, std::string_view id, const std::vector<std::string>& types,
                  Instant now);

}  // namespace sportello::storage
