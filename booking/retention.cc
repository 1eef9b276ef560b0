#include "booking/retention.h"

#include <fmt/core.h>

#include <charconv>
#include <utility>

namespace sportello::booking {
namespace {

inline constexpr int kMaxRetentionDays = 36500;

engine::Problem WrongEntry(std::string_view entry) {
  return engine::Problem(engine::Error::invalid_request, "retention",
                         fmt::format("\"{}\" is not name=days with a name among contacts, unbooked, messages, "
                                     "idempotency, failures, audit, questions and 1 to {} days",
                                     entry, kMaxRetentionDays));
}

std::chrono::days* PeriodNamed(RetentionPolicy& policy, std::string_view name) {
  const std::pair<std::string_view, std::chrono::days*> periods[] = {
      {"contacts", &policy.contacts},       {"unbooked", &policy.unbooked}, {"messages", &policy.messages},
      {"idempotency", &policy.idempotency}, {"failures", &policy.failures}, {"audit", &policy.audit},
      {"questions", &policy.questions}};
  for (const auto& [period_name, period] : periods) {
    if (period_name == name) return period;
  }
  return nullptr;
}

}  // namespace

engine::Result<RetentionPolicy> ParseRetention(std::string_view spec) {
  RetentionPolicy policy;
  for (bool more = !spec.empty(); more;) {
    const std::size_t comma = spec.find(',');
    const std::string_view entry = spec.substr(0, comma);
    more = comma != std::string_view::npos;
    if (more) spec.remove_prefix(comma + 1);
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos) return WrongEntry(entry);
    std::chrono::days* period = PeriodNamed(policy, entry.substr(0, equals));
    const std::string_view digits = entry.substr(equals + 1);
    int days = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), days);
    if (period == nullptr || error != std::errc() || end != digits.data() + digits.size() || days < 1 ||
        days > kMaxRetentionDays) {
      return WrongEntry(entry);
    }
    *period = std::chrono::days{days};
  }
  return policy;
}

storage::PurgeCutoffs CutoffsAt(const RetentionPolicy& policy, engine::Instant now) {
  return {.now = now,
          .last_appointment_before = now - policy.contacts,
          .unbooked_before = now - policy.unbooked,
          .messages_before = now - policy.messages,
          .idempotency_before = now - policy.idempotency,
          .failures_before = now - policy.failures,
          .audit_before = now - policy.audit,
          .questions_before = now - policy.questions};
}

engine::Result<std::vector<PurgeCount>> Purge(storage::Retention& store, const RetentionPolicy& policy,
                                              engine::Instant now, bool dry_run) {
  const storage::PurgeCutoffs cutoffs = CutoffsAt(policy, now);
  std::vector<PurgeCount> counts;
  for (storage::PurgeKind kind : storage::kPurgeKinds) {
    PurgeCount& count = counts.emplace_back(PurgeCount{kind, 0});
    if (dry_run) {
      auto due = store.CountDue(kind, cutoffs);
      if (!due) return due.error();
      count.rows = *due;
      continue;
    }
    for (;;) {
      auto purged = store.PurgeDue(kind, cutoffs, kPurgeBatch);
      if (!purged) return purged.error();
      count.rows += *purged;
      if (*purged < kPurgeBatch) break;
    }
  }
  return counts;
}

std::string_view DescribePurge(storage::PurgeKind kind) {
  switch (kind) {
    case storage::PurgeKind::application_contacts:
      return "applications: tax code, e-mail and phone erased";
    case storage::PurgeKind::booking_contacts:
      return "bookings: e-mail and phone erased";
    case storage::PurgeKind::waitlist_contacts:
      return "waitlist entries no longer in line: e-mail erased";
    case storage::PurgeKind::finished_messages:
      return "messages sent or given up: deleted";
    case storage::PurgeKind::idempotency_keys:
      return "idempotency keys: deleted";
    case storage::PurgeKind::expired_sessions:
      return "expired staff sessions: deleted";
    case storage::PurgeKind::verification_failures:
      return "counts of wrong tax codes: deleted";
    case storage::PurgeKind::audit_entries:
      return "audit entries: deleted";
    case storage::PurgeKind::booking_changes:
      return "the national system's feed of booking changes: deleted";
    case storage::PurgeKind::question_messages:
      return "questions: messages and notes deleted";
    case storage::PurgeKind::question_contacts:
      return "questions: e-mail, application and token erased (archived)";
  }
  return "";
}

}  // namespace sportello::booking
