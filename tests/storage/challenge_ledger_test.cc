// The ledger of spent proof-of-work challenges (store.h, ChallengeLedger) on either backend: a
// challenge is spent once, is remembered for a while after it expired, and is forgotten then; on
// PostgreSQL every store of the database (every node) sees what another spent.
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

TEST_CASE("a spent challenge is refused while remembered, and forgotten only well after it expired") {
  StoreFixture f(0);
  const Instant expires = kNow + std::chrono::minutes{5};
  CHECK(f.store->SpendChallenge("signature-1", expires, kNow).value());
  CHECK_FALSE(f.store->SpendChallenge("signature-1", expires, kNow).value());
  CHECK(f.store->SpendChallenge("signature-2", expires, kNow).value());
  // Four minutes after its expiry it is still remembered (clocks of nodes may differ a little).
  CHECK_FALSE(f.store->SpendChallenge("signature-1", expires, expires + std::chrono::minutes{4}).value());
  // Long after, it is forgotten: no check of expiry would let it through any more anyway.
  CHECK(f.store->SpendChallenge("signature-1", expires, expires + std::chrono::minutes{6}).value());
}

TEST_CASE("on PostgreSQL a challenge spent through one store is spent for every store of the database") {
  if (!OnPostgres()) return;  // a SQLite database has one serving process: its ledger is in memory
  StoreFixture f(0);
  auto node = OpenStore(f.db);
  CHECK(f.store->SpendChallenge("signature", kNow + std::chrono::minutes{5}, kNow).value());
  CHECK_FALSE(node->SpendChallenge("signature", kNow + std::chrono::minutes{5}, kNow).value());
}

}  // namespace
}  // namespace sportello::storage::testing
