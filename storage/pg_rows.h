// Storage-internal helpers shared by the PgStore source files: reading rows into records, the audit
// writer, advisory locks, and PgStore's pool, Run and RunTransaction. Not part of the interface.
#pragma once

#include "logging/log.h"
#include "storage/application_transaction.h"
#include "storage/change_counter.h"
#include "storage/pg_db.h"
#include "storage/pg_store.h"
#include "storage/record_text.h"
#include "storage/seat_cache.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

// Column list to select a whole booking, in the order ReadPgBooking expects.
inline constexpr std::string_view kPgBookingColumns =
    R"(code, desk, type, start, "end", status, channel, application_id, email, phone, lang, created_at, )"
    "created_by, updated_at, confirmed_at, reconfirm_asked_at, reconfirm_reminded_at";
BookingRecord ReadPgBooking(const pg::Rows& rows, int row);
std::vector<BookingRecord> ReadPgBookings(const pg::Rows& rows);
// "SELECT <kPgBookingColumns> FROM bookings " followed by `rest` (a WHERE clause and an order).
std::string SelectPgBookingsSql(std::string_view rest);

std::optional<Instant> OptionalPgInstant(const pg::Rows& rows, int row, int column);
inline std::optional<std::int64_t> OptionalUnix(const std::optional<Instant>& instant) {
  return instant ? std::optional(ToUnix(*instant)) : std::nullopt;
}

// The booking with canonical `code` (see NormalizeBookingCode); also its token hash when asked.
// `for_update` locks its row until the transaction ends.
std::optional<BookingRecord> SelectPgBooking(pg::Connection& connection, std::string_view code,
                                             std::string* token_hash = nullptr, bool for_update = false);
std::optional<engine::Application> SelectPgApplication(pg::Connection& connection, std::string_view id);
bool PgDeskExists(pg::Connection& connection, std::string_view desk);

// The waitlist (pg_waitlist.cc). Column list to select a whole entry, in the order
// ReadPgWaitlistEntry expects.
inline constexpr std::string_view kPgWaitlistColumns =
    "id, sequence, desk, type, application_id, before, email, lang, state, offer_start, offer_end, "
    "offer_expires_at, created_at, updated_at";
WaitlistEntry ReadPgWaitlistEntry(const pg::Rows& rows, int row);
// The active entries of the line of `desk` and `type`, in order, after taking the line's lock.
std::vector<WaitlistEntry> LockPgWaitlistLine(pg::Connection& connection, std::string_view desk,
                                              std::string_view type);
// The entry `id` after taking its line's lock, its row locked too; nullopt when unknown.
std::optional<WaitlistEntry> LockPgWaitlistEntry(pg::Connection& connection, std::string_view id);
// Stores `entry` opened with `token` (its hash, and a copy sealed with `secret`); returns its
// sequence. Records in `seats` the seat it holds, if it is inserted offered.
std::int64_t InsertPgWaitlistEntry(pg::Connection& connection, const WaitlistEntry& entry, std::string_view token,
                                   std::string_view secret, SeatChanges& seats);
// Writes `after`'s state, offer and updated_at, recording in `seats` the hold it takes or frees.
void UpdatePgWaitlistEntry(pg::Connection& connection, const WaitlistEntry& before, const WaitlistEntry& after,
                           SeatChanges& seats);
// The token of entry `id` opened with `secret`; empty when unknown or sealed with another secret.
std::string PgWaitlistToken(pg::Connection& connection, std::string_view id, std::string_view secret);
// The listing of `type` by application `id`, after taking the lock of that application and type.
std::optional<TypeListing> LockPgListing(pg::Connection& connection, std::string_view id, std::string_view type);
void MarkPgConvened(pg::Connection& connection, std::string_view id, std::string_view type, Instant now);
// Keeps the listings of `application` in step with its types (application_transaction.h).
void StorePgListings(pg::Connection& connection, const engine::Application& application, Instant now);

// Fair release (pg_draw.cc). A release belongs to the transaction holding its advisory lock
// "release|desk|type|month", taken before any other lock of a draw (pg_store.h, lock order).
std::optional<ReleaseRecord> LockPgRelease(pg::Connection& connection, std::string_view desk, std::string_view type,
                                           date::year_month month, std::string_view secret);
void InsertPgRelease(pg::Connection& connection, const ReleaseRecord& release, std::string_view secret);
void MarkPgReleaseDrawn(pg::Connection& connection, const ReleaseRecord& release, Instant drawn_at);
bool SelectPgDrawPending(pg::Connection& connection, std::string_view desk, std::string_view type,
                         date::year_month month);
bool SelectPgHasDrawRequest(pg::Connection& connection, std::string_view application_id, std::string_view desk,
                            std::string_view type, date::year_month month);
std::vector<DrawRequestRecord> SelectPgDrawRequests(pg::Connection& connection, std::string_view desk,
                                                    std::string_view type, date::year_month month);
// Stores `request` with `token` hashed, and sealed at rest with `secret`.
void InsertPgDrawRequest(pg::Connection& connection, const DrawRequestRecord& request, std::string_view token,
                         std::string_view secret);
// The token of request `id` opened with `secret`; empty when it kept none (stored before schema 10)
// or it was sealed with another secret.
std::string PgDrawToken(pg::Connection& connection, std::string_view id, std::string_view secret);
void UpdatePgDrawOutcome(pg::Connection& connection, const DrawRequestRecord& after);

// The FAQ (pg_faq.cc). The entry `id`, its row locked until the transaction ends; nullopt when unknown.
std::optional<FaqEntry> LockPgFaqEntry(pg::Connection& connection, std::string_view id);
// Stores `entry`, new or in place of the entry with its id.
void PutPgFaqEntry(pg::Connection& connection, const FaqEntry& entry);
void DeletePgFaqEntry(pg::Connection& connection, std::string_view id);
// Adds `shown` and `asked` to the use of `topic` on `day`.
void AddPgFaqUse(pg::Connection& connection, std::string_view topic, engine::Date day, int shown, int asked);

// Appends one audit entry; call inside the write transaction that makes the change.
void AppendPgAudit(pg::Connection& connection, Instant at, std::string_view actor, std::string_view desk,
                   std::string_view action, std::string_view subject, std::string_view before,
                   std::string_view after);

// Queues the message reporting a change to `booking` (the outbox), in the change's transaction.
void EnqueuePgNotice(pg::Connection& connection, NoticeKind kind, const BookingRecord& booking,
                     const BookingRecord* previous, std::string_view manage_token, Instant now);

// Queues the `offer` message of `entry` (offered), with `sealed_token` already sealed (SealAtRest).
void EnqueuePgOffer(pg::Connection& connection, const WaitlistEntry& entry, const BookingRecord* current,
                    std::string_view sealed_token, Instant now);

// Queues the `draw_lost` message of `request` (lost), one of `draw_size` requests drawn, to
// `recipient` ('': no_address), with `sealed_token` already sealed (may be empty).
void EnqueuePgDrawLost(pg::Connection& connection, const DrawRequestRecord& request, int draw_size,
                       std::string_view recipient, std::string_view sealed_token, Instant now);

// Queues the `question_answered` message of `question` to question.email ('': no_address): about
// the ticket, carrying no token and no text.
void EnqueuePgQuestionAnswered(pg::Connection& connection, const QuestionRecord& question, Instant now);

// Queues the `status_event` message `notice` (the event's code in the type column; start and end are
// `now`). Call inside the transaction that records the event.
void EnqueuePgStatusEventNotice(pg::Connection& connection, const StatusEventNotice& notice, Instant now);

// Seals with `secret` every manage token a queued message still holds in clear (written before
// tokens were sealed), in one transaction.
void SealClearPgOutboxTokens(pg::Connection& connection, std::string_view secret);

// Takes the transaction-scoped advisory lock named `key` (e.g. "slot|roma|…"): exclusive, or shared.
// Held until the transaction ends; every node takes the same lock for the same key.
void LockPg(pg::Connection& connection, std::string_view key, bool shared = false);

// What a caller is told of a database failure (logged on stderr): unavailable when the database
// cannot be reached (the call may succeed later, on this node or another), else internal.
inline engine::Problem Failure(const pg::PgError& error) {
  logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
  return error.connection_lost() ? Error::unavailable : Error::internal;
}

// One connection of the pool, held for one call: waits for a free slot, opens a connection when
// none is idle, and gives the slot back whatever happens. A connection goes back to the pool only
// while it is healthy and owes no deferred answer; any other is dropped, so the next call opens a
// fresh one (the database came back) and no exception can leak a slot.
class PgStore::Lease {
 public:
  explicit Lease(PgStore& store) : store_(store) {
    std::unique_lock lock(store_.pool_mutex_);
    store_.connection_free_.wait(lock,
                                 [&] { return !store_.idle_.empty() || store_.open_ < store_.options_.max_connections; });
    if (store_.idle_.empty()) {
      ++store_.open_;  // opened by connection(), outside the lock
    } else {
      connection_ = std::move(store_.idle_.back());
      store_.idle_.pop_back();
    }
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    {
      std::lock_guard lock(store_.pool_mutex_);
      if (connection_ && connection_->ok() && connection_->settled()) {
        store_.idle_.push_back(std::move(connection_));
      } else {
        --store_.open_;
      }
    }
    store_.connection_free_.notify_one();
  }

  // The leased connection. Throws pg::PgError when a new one cannot be opened.
  pg::Connection& connection() {
    if (!connection_) connection_ = pg::Connection::Open(store_.uri_);
    return *connection_;
  }

 private:
  PgStore& store_;
  std::unique_ptr<pg::Connection> connection_;
};

// A pooled connection may have died while idle (the database restarted): a call that finds its
// connection gone before it changed anything runs once more on a new one.
template <class Work>
auto PgStore::Run(Work&& work) -> decltype(work(std::declval<pg::Connection&>())) {
  for (int attempt = 1;; ++attempt) {
    try {
      Lease lease(*this);
      return work(lease.connection());
    } catch (const pg::PgError& error) {
      // Run's work is a read or a write that may be repeated (sessions, delivery records, reminders).
      if (error.connection_lost() && attempt == 1) continue;
      return Failure(error);
    }
  }
}

template <class Decide>
auto PgStore::RunSeatTransaction(Decide&& decide)
    -> decltype(decide(std::declval<pg::Connection&>(), std::declval<SeatChanges&>())) {
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    bool begun = false;
    try {
      Lease lease(*this);
      pg::Connection& connection = lease.connection();
      pg::Transaction transaction(connection);
      begun = true;
      SeatChanges seats;
      auto outcome = decide(connection, seats);
      if (outcome) {
        CommitSeats(connection, transaction, seats);
        CountCommittedChange();
      }  // on an error it rolls back: nothing changes
      return outcome;
    } catch (const pg::PgError& error) {
      // Run again after a deadlock or a key taken first (nothing was kept), or when the connection
      // was found dead at BEGIN. A connection lost later may have committed: never run twice then.
      const bool again = error.retryable() || (error.connection_lost() && !begun);
      if (again && attempt < kAttempts) continue;
      return Failure(error);
    }
  }
}

template <class Decide>
auto PgStore::RunTransaction(Decide&& decide) -> decltype(decide(std::declval<pg::Connection&>())) {
  return RunSeatTransaction([&](pg::Connection& connection, SeatChanges&) { return decide(connection); });
}

template <class Adapter, class Decide>
auto PgStore::RunDecision(const Decide& decide) -> decltype(decide(std::declval<Adapter&>())) {
  return RunTransaction([&](pg::Connection& connection) {
    Adapter adapter(connection, *this);
    return decide(adapter);
  });
}

}  // namespace sportello::storage
