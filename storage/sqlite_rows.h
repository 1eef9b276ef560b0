// Storage-internal helpers shared by the SqliteStore source files: reading rows into records,
// the audit writer, time conversions, and SqliteStore::Read/Write. Not part of the interface.
#pragma once

#include "storage/sqlite_db.h"
#include "storage/sqlite_store.h"

#include <fmt/core.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::storage {

inline std::int64_t ToUnix(Instant instant) { return instant.time_since_epoch().count(); }
inline Instant FromUnix(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }

// "online" / "staff", the `channel` column.
std::string_view ChannelName(engine::View channel);

// Column list to select a whole booking, in the order ReadBooking expects.
inline constexpr std::string_view kBookingColumns =
    "code, desk, type, start, end, status, channel, application_id, email, phone, lang, created_at, created_by, "
    "updated_at";
BookingRecord ReadBooking(const sqlite::Statement& row);

// The booking with canonical `code` (see NormalizeBookingCode); also its token hash when asked.
std::optional<BookingRecord> SelectBooking(sqlite::Connection& connection, std::string_view code,
                                           std::string* token_hash = nullptr);
std::optional<engine::Application> SelectApplication(sqlite::Connection& connection, std::string_view id);
bool DeskExists(sqlite::Connection& connection, std::string_view desk);

// A booking as the JSON document of an audit entry (no contact data).
std::string AuditJson(const BookingRecord& booking);

// Appends one audit entry; call inside the write transaction that makes the change.
void AppendAudit(sqlite::Connection& connection, Instant at, std::string_view actor, std::string_view desk,
                 std::string_view action, std::string_view subject, std::string_view before,
                 std::string_view after);

template <class Work>
auto SqliteStore::Read(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>())) {
  std::unique_ptr<sqlite::Connection> connection;
  {
    std::unique_lock lock(pool_mutex_);
    reader_free_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < kMaxReaders; });
    if (idle_readers_.empty()) {
      ++open_readers_;  // opened below, outside the lock
    } else {
      connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  try {
    if (!connection) connection = sqlite::Connection::Open(path_, false, options_.busy_timeout);
    auto result = work(*connection);
    {
      std::lock_guard lock(pool_mutex_);
      idle_readers_.push_back(std::move(connection));
    }
    reader_free_.notify_one();
    return result;
  } catch (const sqlite::SqliteError& error) {
    std::fprintf(stderr, "sportello storage: %s\n", error.what());
    {
      std::lock_guard lock(pool_mutex_);
      --open_readers_;  // the connection is dropped: it may be in a bad state
    }
    reader_free_.notify_one();
    return Error::internal;
  }
}

template <class Work>
auto SqliteStore::Write(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>())) {
  std::lock_guard lock(write_mutex_);
  try {
    return work(*writer_);
  } catch (const sqlite::SqliteError& error) {
    std::fprintf(stderr, "sportello storage: %s\n", error.what());
    return Error::internal;
  }
}

}  // namespace sportello::storage
