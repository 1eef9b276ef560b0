#include "tools/sportello/daily_purge.h"

#include "logging/log.h"

#include <fmt/core.h>

#include <chrono>
#include <string>
#include <utility>

namespace sportello::tools {
namespace {

inline constexpr std::chrono::hours kPurgeEvery{24};

// The field of each kind in a JSON log line.
std::string_view FieldName(storage::PurgeKind kind) {
  switch (kind) {
    case storage::PurgeKind::application_contacts: return "application_contacts";
    case storage::PurgeKind::booking_contacts: return "booking_contacts";
    case storage::PurgeKind::waitlist_contacts: return "waitlist_contacts";
    case storage::PurgeKind::finished_messages: return "finished_messages";
    case storage::PurgeKind::idempotency_keys: return "idempotency_keys";
    case storage::PurgeKind::expired_sessions: return "expired_sessions";
    case storage::PurgeKind::verification_failures: return "verification_failures";
    case storage::PurgeKind::audit_entries: return "audit_entries";
    case storage::PurgeKind::booking_changes: return "booking_changes";
    case storage::PurgeKind::question_messages: return "question_messages";
    case storage::PurgeKind::question_contacts: return "question_contacts";
  }
  return "rows";
}

void PurgeOnce(storage::Retention& store, const booking::RetentionPolicy& policy, engine::Instant now) {
  auto counts = booking::Purge(store, policy, now, false);
  if (!counts) {
    logging::Error("serve", "purge_failed",
                   fmt::format("retention purge stopped by a database error{}{}; it runs again in {} hours",
                               counts.error().detail.empty() ? "" : ": ", counts.error().detail, kPurgeEvery.count()),
                   {{"error", counts.error().detail}});
    return;
  }
  std::string done;
  std::vector<logging::Field> fields;
  for (const booking::PurgeCount& count : *counts) {
    if (count.rows == 0) continue;
    done += fmt::format("{}{} {}", done.empty() ? "" : "; ", count.rows, booking::DescribePurge(count.kind));
    fields.emplace_back(FieldName(count.kind), count.rows);
  }
  if (!done.empty()) logging::Info("serve", "purge", "retention purge: " + done, std::move(fields));
}

}  // namespace

DailyPurge::DailyPurge(storage::Retention& store, booking::RetentionPolicy policy,
                       std::function<engine::Instant()> now)
    : store_(store), policy_(policy), now_(std::move(now)), thread_([this] { Loop(); }) {}

DailyPurge::~DailyPurge() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DailyPurge::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    PurgeOnce(store_, policy_, now_());
    lock.lock();
    wake_.wait_for(lock, kPurgeEvery, [this] { return stopping_; });
  }
}

}  // namespace sportello::tools
