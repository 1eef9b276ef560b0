// PgStore: the buckets of failed verifications (VerificationLedger), shared by every node. A charge
// locks its application's bucket first, so two nodes charging at once count both failures.
#include "storage/pg_store.h"

#include "storage/pg_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kSelectBucket =
    "SELECT millitokens, updated_at FROM verification_failures WHERE application_id = $1";
inline constexpr std::string_view kStoreBucket = R"(
INSERT INTO verification_failures (application_id, millitokens, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (application_id) DO UPDATE SET millitokens = excluded.millitokens, updated_at = excluded.updated_at)";

std::optional<FailureBucket> SelectBucket(pg::Connection& connection, std::string_view application_id) {
  pg::Rows rows = connection.Run(kSelectBucket, pg::Params().Add(application_id));
  if (rows.empty()) return std::nullopt;
  return FailureBucket{FromMillitokens(rows.Int(0, 0)), FromUnix(rows.Int(0, 1))};
}

}  // namespace

Result<std::optional<FailureBucket>> PgStore::FailureBucketOf(std::string_view application_id) {
  return Run([&](pg::Connection& connection) -> Result<std::optional<FailureBucket>> {
    return SelectBucket(connection, application_id);
  });
}

Result<void> PgStore::ChargeFailure(std::string_view application_id, const FailureCharge& charge) {
  return RunTransaction(
      [&](pg::Connection& connection) -> Result<void> {
        LockPg(connection, "verification|" + std::string(application_id));
        const FailureBucket bucket = charge(SelectBucket(connection, application_id));
        connection.Run(kStoreBucket, pg::Params()
                                         .Add(application_id)
                                         .Add(ToMillitokens(bucket.tokens))
                                         .Add(ToUnix(bucket.updated)));
        return {};
      });
}

}  // namespace sportello::storage
