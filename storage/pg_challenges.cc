// PgStore: the proof-of-work challenges spent (ChallengeLedger), in the UNLOGGED table
// spent_challenges that every node shares: the primary key on the signature lets exactly one
// INSERT in, whichever node makes it. Each node deletes the rows long expired at most once a minute.
#include "storage/pg_store.h"

#include "storage/pg_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kSpend = R"(
INSERT INTO spent_challenges (signature, expires_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING RETURNING 1)";
inline constexpr std::string_view kForgetExpired = "DELETE FROM spent_challenges WHERE expires_at < $1";

// How long after its expiry a challenge is still remembered: more than any difference between the
// nodes' clocks, so no node forgets one that another still takes for unexpired.
constexpr std::int64_t kForgetAfterSeconds = 5 * 60;

}  // namespace

Result<bool> PgStore::SpendChallenge(std::string_view signature, Instant expires_at, Instant now) {
  return Run([&](pg::Connection& connection) -> Result<bool> {
    std::int64_t pruned_at = challenges_pruned_at_.load(std::memory_order_relaxed);
    if (ToUnix(now) - pruned_at >= 60 &&
        challenges_pruned_at_.compare_exchange_strong(pruned_at, ToUnix(now), std::memory_order_relaxed)) {
      connection.Run(kForgetExpired, pg::Params().Add(ToUnix(now) - kForgetAfterSeconds));
    }
    return !connection.Run(kSpend, pg::Params().Add(signature).Add(ToUnix(expires_at))).empty();
  });
}

}  // namespace sportello::storage
