// Adding staff accounts (booking/accounts.h) on a real SQLite file: the checks in field order, each
// refusal with its field and detail, hashed passwords, the audit entry.
#include "booking/accounts.h"
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("accounts: every field is checked, named and explained, and the account audited") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  const Actor cli = Actor::Cli();
  CHECK(booking::AddUser(*store, {"mario.rossi", Role::operator_, "roma"}, kStaffPassword, cli, kNow).has_value());
  CHECK(booking::AddUser(*store, {"capo", Role::manager, "roma"}, kStaffPassword, cli, kNow).has_value());
  CHECK(booking::AddUser(*store, {"admin", Role::admin, ""}, kStaffPassword, cli, kNow).has_value());

  struct Refusal {
    User user;
    std::string_view password;
    std::string field;
    std::string detail;
    bool conflict = false;
  };
  const std::vector<Refusal> refusals = {
      {{"mario.rossi", Role::operator_, "roma"}, kStaffPassword, "username", "is taken", true},
      {{"Mario Rossi", Role::operator_, "roma"}, kStaffPassword, "username", "must be 3 to 40 characters of a-z 0-9 . _ -"},
      {{"breve", Role::operator_, "roma"}, "short", "password", "must be at least 12 characters"},
      {{"senza", Role::operator_, ""}, kStaffPassword, "desk", "is required for an operator, manager or kiosk"},
      {{"altrove", Role::manager, "atlantide"}, kStaffPassword, "desk", "is not a known desk"},
      {{"admin2", Role::admin, "roma"}, kStaffPassword, "desk", "an admin or helpdesk has no desk"},
  };
  for (const Refusal& refusal : refusals) {
    CAPTURE(refusal.user.username);
    const auto added = booking::AddUser(*store, refusal.user, refusal.password, cli, kNow);
    REQUIRE_FALSE(added.has_value());
    CHECK(added.error().code == Error::invalid_request);
    CHECK(added.error().field == refusal.field);
    CHECK(added.error().detail == refusal.detail);
    CHECK(added.error().conflict == refusal.conflict);
  }

  CHECK(QueryInt(db, "SELECT count(*) FROM users WHERE " + ContainsSql(db, "password_hash", kStaffPassword)) == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'") == 3);
  auto log = store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "user.add");
  CHECK((*log)[0].subject == "capo");
  CHECK((*log)[0].after.find("argon") == std::string::npos);
}

}  // namespace
}  // namespace sportello::storage::testing
