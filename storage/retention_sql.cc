#include "storage/retention_sql.h"

#include "storage/record_text.h"

#include <fmt/core.h>

#include <array>

namespace sportello::storage {
namespace {

// Which rows each kind covers, as a condition on its table (the alias names it) with ?1, ?2 for
// the cut-offs. `end` is quoted: PostgreSQL reserves it.
struct KindSql {
  std::string_view table;  // "applications a"
  std::string_view key;    // the column that names one row: "a.id"
  std::string_view due;    // the condition
  std::string_view purge;  // "UPDATE … SET …" or "DELETE FROM …", then `WHERE key IN (due rows)`
  int cutoffs;             // how many of ?1, ?2 `due` uses (PurgeParameters gives them)
};

constexpr std::array<KindSql, std::size(kPurgeKinds)> kKinds = {{
    {"applications a", "a.id",
     R"(a.tax_code <> '' AND CASE WHEN EXISTS (SELECT 1 FROM bookings b WHERE b.application_id = a.id)
   THEN a.updated_at < ?1 AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.application_id = a.id AND b."end" >= ?1)
   ELSE a.updated_at < ?2 END
   AND NOT EXISTS (SELECT 1 FROM waitlist w WHERE w.application_id = a.id AND w.state IN ('waiting', 'offered')))",
     "UPDATE applications SET tax_code = '', email = '', phone = '' WHERE id", 2},
    {"bookings b", "b.code",
     "(b.email <> '' OR b.phone <> '') AND b.application_id IN (SELECT id FROM applications WHERE tax_code = '')",
     "UPDATE bookings SET email = '', phone = '' WHERE code", 0},
    {"waitlist w", "w.id",
     "w.email <> '' AND w.state NOT IN ('waiting', 'offered') AND "
     "w.application_id IN (SELECT id FROM applications WHERE tax_code = '')",
     "UPDATE waitlist SET email = '' WHERE id", 0},
    {"notifications n", "n.id",
     "n.status <> 'queued' AND n.start < ?1 AND COALESCE(n.sent_at, n.last_attempt_at, n.created_at) < ?1",
     "DELETE FROM notifications WHERE id", 1},
    {"idempotency_keys k", "k.key_hash", "k.created_at < ?1", "DELETE FROM idempotency_keys WHERE key_hash", 1},
    {"sessions s", "s.token_hash", "s.expires_at <= ?1", "DELETE FROM sessions WHERE token_hash", 1},
    {"verification_failures v", "v.application_id", "v.updated_at < ?1",
     "DELETE FROM verification_failures WHERE application_id", 1},
    {"audit e", "e.id", "e.at < ?1", "DELETE FROM audit WHERE id", 1},
    {"booking_changes c", "c.id", "c.at < ?1", "DELETE FROM booking_changes WHERE id", 1},
    {"question_messages m", "m.id", "m.question_id IN (SELECT id FROM questions WHERE updated_at < ?1)",
     "DELETE FROM question_messages WHERE id", 1},
    {"questions q", "q.id",
     "q.archived = 0 AND q.updated_at < ?1 AND NOT EXISTS (SELECT 1 FROM question_messages m WHERE m.question_id = q.id)",
     "UPDATE questions SET email = '', application_id = NULL, sealed_token = NULL, assignee = '', "
     "mail_message_id = NULL, archived = 1 WHERE id",
     1},
}};

const KindSql& SqlOf(PurgeKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::array<PurgeStatements, std::size(kPurgeKinds)> MakeStatements() {
  std::array<PurgeStatements, std::size(kPurgeKinds)> statements;
  for (PurgeKind kind : kPurgeKinds) {
    const KindSql& sql = SqlOf(kind);
    statements[static_cast<std::size_t>(kind)] = {
        fmt::format("SELECT COUNT(*) FROM {} WHERE {}", sql.table, sql.due),
        fmt::format("{} IN (SELECT {} FROM {} WHERE {} LIMIT ?{})", sql.purge, sql.key, sql.table, sql.due,
                    sql.cutoffs + 1)};
  }
  return statements;
}

}  // namespace

const PurgeStatements& PurgeSql(PurgeKind kind) {
  static const auto statements = MakeStatements();
  return statements[static_cast<std::size_t>(kind)];
}

std::vector<std::int64_t> PurgeParameters(PurgeKind kind, const PurgeCutoffs& cutoffs) {
  switch (kind) {
    case PurgeKind::application_contacts:
      return {ToUnix(cutoffs.last_appointment_before), ToUnix(cutoffs.unbooked_before)};
    case PurgeKind::booking_contacts:
    case PurgeKind::waitlist_contacts:
      return {};
    case PurgeKind::finished_messages:
      return {ToUnix(cutoffs.messages_before)};
    case PurgeKind::idempotency_keys:
      return {ToUnix(cutoffs.idempotency_before)};
    case PurgeKind::expired_sessions:
      return {ToUnix(cutoffs.now)};
    case PurgeKind::verification_failures:
      return {ToUnix(cutoffs.failures_before)};
    case PurgeKind::audit_entries:
    case PurgeKind::booking_changes:
      return {ToUnix(cutoffs.audit_before)};
    case PurgeKind::question_messages:
    case PurgeKind::question_contacts:
      return {ToUnix(cutoffs.questions_before)};
  }
  return {};
}

std::string PgPlaceholders(std::string_view sql) {  // no statement above has a '?' of its own
  std::string out(sql);
  for (char& c : out) {
    if (c == '?') c = '$';
  }
  return out;
}

}  // namespace sportello::storage
