// The retention policy (docs/privacy.md argues each period): how long Sportello keeps what it
// keeps, and the purge that applies it, daily from `sportello serve` and by hand with
// `sportello purge`. Personal data go first: an application's tax code, e-mail and phone are erased
// (its bookings stay, without contacts, so statistics stay right); what only served the running of
// the service (messages sent, idempotency keys, sessions, counts of wrong tax codes) is deleted;
// the audit log, which names no tax code, e-mail or phone, is kept for its own period.
// Thread-safe: call from any number of threads and processes; purges running at once never
// conflict (a row purged by one is no longer due for the other).
#pragma once

#include "engine/error.h"
#include "engine/time.h"
#include "storage/store.h"

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sportello::booking {

struct RetentionPolicy {
  std::chrono::days contacts{180};    // after an application's last appointment ends
  std::chrono::days unbooked{365};    // after the last update of an application never booked
  std::chrono::days messages{30};     // after a message was sent or given up, and its appointment
  std::chrono::days idempotency{1};   // after the booking request the key came with
  std::chrono::days failures{1};      // after the last wrong tax code charged to a bucket
  std::chrono::days audit{730};       // after the change was made
  std::chrono::days questions{365};   // after a ticket's last change: its texts, contact and application
};

// The policy written `contacts=180,audit=730` (whole days; the names are RetentionPolicy's), every
// period not named at its default. An empty spec is the default policy.
// Error: invalid_request (field "retention") naming the wrong entry; a period is 1 to 36500 days.
engine::Result<RetentionPolicy> ParseRetention(std::string_view spec);

// The cut-offs of `policy` at `now`.
storage::PurgeCutoffs CutoffsAt(const RetentionPolicy& policy, engine::Instant now);

// How many rows of one kind a purge erased or deleted (or, dry, would have).
struct PurgeCount {
  storage::PurgeKind kind;
  std::int64_t rows = 0;
};

// The most rows one transaction of a purge changes: bookings wait at most that long behind it.
inline constexpr int kPurgeBatch = 500;

// Applies `policy` at `now`, every kind of storage::kPurgeKinds in order (an application's
// contacts before its bookings'), kPurgeBatch rows per transaction; `dry_run` only counts. One
// count per kind, in that order. Error: the store's, at the first batch that fails; the batches
// before it stay purged (each is whole), and the next purge goes on from there.
engine::Result<std::vector<PurgeCount>> Purge(storage::Retention& store, const RetentionPolicy& policy,
                                              engine::Instant now, bool dry_run);

// What `kind` removes, for people: "application contacts (tax code, e-mail, phone) erased".
std::string_view DescribePurge(storage::PurgeKind kind);

}  // namespace sportello::booking
