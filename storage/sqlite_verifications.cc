// SqliteStore: the buckets of failed verifications (VerificationLedger), shared by every process
// on the file; and the proof-of-work challenges spent (ChallengeLedger), in memory.
#include "storage/sqlite_store.h"

#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kSelectBucket =
    "SELECT millitokens, updated_at FROM verification_failures WHERE application_id = ?1";
inline constexpr std::string_view kStoreBucket = R"(
INSERT INTO verification_failures (application_id, millitokens, updated_at) VALUES (?1, ?2, ?3)
ON CONFLICT (application_id) DO UPDATE SET millitokens = excluded.millitokens, updated_at = excluded.updated_at)";

std::optional<FailureBucket> SelectBucket(sqlite::Connection& connection, std::string_view application_id) {
  sqlite::Statement select = connection.Prepare(kSelectBucket);
  select.Bind(1, application_id);
  if (!select.Step()) return std::nullopt;
  return FailureBucket{FromMillitokens(select.Int(0)), FromUnix(select.Int(1))};
}

}  // namespace

Result<std::optional<FailureBucket>> SqliteStore::FailureBucketOf(std::string_view application_id) {
  return Read([&](sqlite::Connection& connection) -> Result<std::optional<FailureBucket>> {
    return SelectBucket(connection, application_id);
  });
}

Result<void> SqliteStore::ChargeFailure(std::string_view application_id, const FailureCharge& charge) {
  return Write([&](sqlite::Connection& connection) -> Result<void> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    const FailureBucket bucket = charge(SelectBucket(connection, application_id));
    connection.Prepare(kStoreBucket)
        .Bind(1, application_id)
        .Bind(2, ToMillitokens(bucket.tokens))
        .Bind(3, ToUnix(bucket.updated))
        .Run();
    transaction.Commit();
    return {};
  });
}

Result<bool> SqliteStore::SpendChallenge(std::string_view signature, Instant expires_at, Instant now) {
  return spent_challenges_.Spend(signature, expires_at, now);
}

}  // namespace sportello::storage
