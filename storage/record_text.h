// How records are written into any backend's columns and audit entries, so every backend writes
// the same thing and `sportello migrate` copies rows unchanged: instants as unix seconds, tokens
// as thousandths, an application's types '|'-joined, and the JSON documents of audit entries.
// Thread-safe: pure.
#pragma once

#include "storage/store.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

inline std::int64_t ToUnix(Instant instant) { return instant.time_since_epoch().count(); }
inline Instant FromUnix(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }

// The `start` (and `end`) of a message about a draw request: 00:00 UTC of the first day of the
// month drawn. It ends the message's retries and dates it for retention, as an appointment's start does.
inline Instant DrawMonthStart(date::year_month month) { return Instant{date::sys_days{month / 1}}; }

using engine::ChannelName;  // "online" / "staff", the `channel` column

// A FailureBucket's tokens as stored: whole thousandths (rounded down, so never a token too many).
inline std::int64_t ToMillitokens(double tokens) { return static_cast<std::int64_t>(std::floor(tokens * 1000)); }
inline double FromMillitokens(std::int64_t millitokens) { return static_cast<double>(millitokens) / 1000; }

// An application's types as stored: "a|b".
std::string JoinTypes(const std::vector<std::string>& types);
std::vector<std::string> SplitTypes(std::string_view joined);

// A draw request's ranked preferences as stored: "2027-01-12 2027-01-13Tam any".
std::string JoinPreferences(const std::vector<std::string>& preferences);
std::vector<std::string> SplitPreferences(std::string_view joined);
// The `state` column of a draw request (a CHECK keeps it one of the three names).
DrawRequestState ParseDrawRequestState(std::string_view name);

// Audit documents. A booking carries no contact data.
std::string AuditJson(const BookingRecord& booking);
// A waitlist entry: no e-mail, no token.
std::string WaitlistAuditJson(const WaitlistEntry& entry);
// A ticket: its classification, state, holder and flags; no text, no e-mail, no token.
std::string QuestionAuditJson(const QuestionRecord& question);
// A FAQ entry, with its texts (they are published).
std::string FaqAuditJson(const FaqEntry& entry);
// The audit entries of a flag change: one per flag that differs, e.g. action "flags.proof_of_work",
// before {"proof_of_work":false}, after {"proof_of_work":true}.
struct FlagAuditText {
  std::string action;
  std::string before;
  std::string after;
};
std::vector<FlagAuditText> FlagChanges(const engine::DeskFlags& before, const engine::DeskFlags& after);
std::string UserJson(const User& user);
std::string AccountJson(const User& user, bool disabled);
std::string ImportJson(const UpsertCounts& counts);
std::string ApiKeyJson(const ApiKey& key);  // its name and desk, never its hash

}  // namespace sportello::storage
