// Storage-internal helpers shared by the SqliteStore source files: reading rows into records,
// the audit writer, time conversions, and SqliteStore::Read/Write. Not part of the interface.
#pragma once

#include "logging/log.h"
#include "storage/record_text.h"
#include "storage/sqlite_db.h"
#include "storage/sqlite_store.h"

#include <fmt/core.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sportello::storage {

// Column list to select a whole booking, in the order ReadBooking expects.
inline constexpr std::string_view kBookingColumns =
    "code, desk, type, start, end, status, channel, application_id, email, phone, lang, created_at, created_by, "
    "updated_at, confirmed_at, reconfirm_asked_at, reconfirm_reminded_at";
inline constexpr int kBookingColumnCount = 17;
BookingRecord ReadBooking(const sqlite::Statement& row);

// A nullable instant column.
std::optional<Instant> OptionalInstant(const sqlite::Statement& row, int column);
void BindOptional(sqlite::Statement& statement, int index, const std::optional<Instant>& value);
std::span<const unsigned char> Bytes(std::string_view text);

// The booking with canonical `code` (see NormalizeBookingCode); also its token hash when asked.
std::optional<BookingRecord> SelectBooking(sqlite::Connection& connection, std::string_view code,
                                           std::string* token_hash = nullptr);
std::optional<engine::Application> SelectApplication(sqlite::Connection& connection, std::string_view id);
bool DeskExists(sqlite::Connection& connection, std::string_view desk);

// Appends one audit entry; call inside the write transaction that makes the change.
void AppendAudit(sqlite::Connection& connection, Instant at, std::string_view actor, std::string_view desk,
                 std::string_view action, std::string_view subject, std::string_view before,
                 std::string_view after);

// One reader slot of the pool, held for one Read: waits for a slot, opens a connection when the pool
// has none idle, and gives the slot back whatever happens. A connection whose work completed goes
// back to the pool; after any exception it is dropped (it may be in a bad state) and only its slot
// returns, so no exception can leak a slot.
class SqliteStore::ReaderLease {
 public:
  explicit ReaderLease(SqliteStore& store) : store_(store) {
    std::unique_lock lock(store_.pool_mutex_);
    store_.reader_free_.wait(lock, [&] { return !store_.idle_readers_.empty() || store_.open_readers_ < kMaxReaders; });
    if (store_.idle_readers_.empty()) {
      ++store_.open_readers_;  // opened by connection(), outside the lock
    } else {
      connection_ = std::move(store_.idle_readers_.back());
      store_.idle_readers_.pop_back();
    }
  }
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  ~ReaderLease() {
    {
      std::lock_guard lock(store_.pool_mutex_);
      if (connection_ && keep_) {
        store_.idle_readers_.push_back(std::move(connection_));
      } else {
        --store_.open_readers_;
      }
    }
    store_.reader_free_.notify_one();
  }

  // The leased connection. Throws SqliteError when a new one cannot be opened.
  sqlite::Connection& connection() {
    if (!connection_) connection_ = sqlite::Connection::Open(store_.path_, false, store_.options_.busy_timeout);
    return *connection_;
  }
  // The work completed: the connection may serve the next reader.
  void Keep() { keep_ = true; }

 private:
  SqliteStore& store_;
  std::unique_ptr<sqlite::Connection> connection_;
  bool keep_ = false;
};

template <class Work>
auto SqliteStore::Read(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>())) {
  ReaderLease lease(*this);
  try {
    auto result = work(lease.connection());
    lease.Keep();
    return result;
  } catch (const sqlite::SqliteError& error) {
    logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
    return Error::internal;
  }
}

template <class Adapter, class Decide, class... Extra>
auto SqliteStore::RunDecision(const Decide& decide, Extra&... extra) -> decltype(decide(std::declval<Adapter&>())) {
  using Outcome = decltype(decide(std::declval<Adapter&>()));
  return Write([&](sqlite::Connection& connection) -> Outcome {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    Adapter adapter(connection, extra...);
    Outcome outcome = decide(adapter);
    if (outcome) transaction.Commit();
    return outcome;
  });
}

template <class Work>
auto SqliteStore::Write(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>())) {
  std::lock_guard lock(write_mutex_);
  try {
    return work(*writer_);
  } catch (const sqlite::SqliteError& error) {
    logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
    return Error::internal;
  }
}

}  // namespace sportello::storage
