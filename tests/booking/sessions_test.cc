// Signing in and disabling staff accounts (booking/accounts.h) on a real SQLite file: hashed
// passwords, one answer for every failed login, expiry, sessions ended with the account.
#include "booking/accounts.h"
#include "tests/storage/fixture.h"

#include <regex>

namespace sportello::storage::testing {
namespace {

using engine::Error;

const User kAdmin{"admin", Role::admin, ""};

TEST_CASE("users: login opens a session that authenticates until it expires or ends") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  REQUIRE(booking::AddUser(*store, {"mario.rossi", Role::operator_, "roma"}, kStaffPassword, Actor::Cli(), kNow).has_value());

  auto session = booking::Login(*store, "mario.rossi", kStaffPassword, kNow);
  REQUIRE(session.has_value());
  CHECK(std::regex_match(session->token, std::regex("[A-Za-z0-9_-]{22,}")));  // 128 bits or more, URL-safe
  CHECK(session->expires_at == kNow + std::chrono::hours{8});
  auto user = store->Authenticate(session->token, kNow + std::chrono::hours{1});
  REQUIRE(user.has_value());
  CHECK(user->username == "mario.rossi");
  CHECK(user->role == Role::operator_);
  CHECK(user->MayAccess("roma"));
  CHECK_FALSE(user->MayAccess("latina"));

  CHECK(store->Authenticate(session->token, kNow + std::chrono::hours{8}).error() == Error::unauthorized);
  CHECK(store->Authenticate("", kNow).error() == Error::unauthorized);
  CHECK(store->Authenticate("forged", kNow).error() == Error::unauthorized);

  auto second = booking::Login(*store, "mario.rossi", kStaffPassword, kNow);
  REQUIRE(second.has_value());
  REQUIRE(store->Logout(second->token).has_value());
  CHECK(store->Authenticate(second->token, kNow).error() == Error::unauthorized);
  CHECK(store->Logout("never-issued").has_value());
}

TEST_CASE("users: a wrong password and an unknown user get the same answer") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  REQUIRE(booking::AddUser(*store, {"admin", Role::admin, ""}, kStaffPassword, Actor::Cli(), kNow).has_value());
  CHECK(booking::Login(*store, "admin", "correct horse battery!", kNow).error() == Error::unauthorized);
  CHECK(booking::Login(*store, "admin", "", kNow).error() == Error::unauthorized);
  CHECK(booking::Login(*store, "nobody", kStaffPassword, kNow).error() == Error::unauthorized);
  auto admin = booking::Login(*store, "admin", kStaffPassword, kNow);
  REQUIRE(admin.has_value());
  CHECK(admin->user.MayAccess("latina"));
}

TEST_CASE("users: administrators list every account, disabled ones too, without secrets") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  REQUIRE(booking::AddUser(*store, {"zeta", Role::operator_, "roma"}, kStaffPassword, Actor::Cli(), kNow).has_value());
  REQUIRE(booking::AddUser(*store, {"admin", Role::admin, ""}, kStaffPassword, Actor::Cli(), kNow + std::chrono::hours{1}).has_value());
  REQUIRE(booking::DisableUser(*store, "zeta", kAdmin, kNow).has_value());

  auto accounts = store->ListUsers();
  REQUIRE(accounts.has_value());
  REQUIRE(accounts->size() == 2);
  CHECK((*accounts)[0].user.username == "admin");
  CHECK((*accounts)[0].user.role == Role::admin);
  CHECK((*accounts)[0].user.desk.empty());
  CHECK((*accounts)[0].created_at == kNow + std::chrono::hours{1});
  CHECK_FALSE((*accounts)[0].disabled);
  CHECK((*accounts)[1].user.username == "zeta");
  CHECK((*accounts)[1].user.desk == "roma");
  CHECK((*accounts)[1].disabled);
}

TEST_CASE("users: disabling an account ends its sessions and stops its sign-in, audited once") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  REQUIRE(booking::AddUser(*store, {"mario.rossi", Role::operator_, "roma"}, kStaffPassword, Actor::Cli(), kNow).has_value());
  REQUIRE(booking::AddUser(*store, {"anna", Role::operator_, "roma"}, kStaffPassword, Actor::Cli(), kNow).has_value());
  auto first = booking::Login(*store, "mario.rossi", kStaffPassword, kNow);
  auto second = booking::Login(*store, "mario.rossi", kStaffPassword, kNow);
  auto other = booking::Login(*store, "anna", kStaffPassword, kNow);
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  REQUIRE(other.has_value());

  auto disabled = booking::DisableUser(*store, "mario.rossi", kAdmin, kNow + std::chrono::minutes{5});
  REQUIRE(disabled.has_value());
  CHECK(disabled->disabled);
  CHECK(disabled->user.desk == "roma");
  CHECK(store->Authenticate(first->token, kNow + std::chrono::minutes{6}).error() == Error::unauthorized);
  CHECK(store->Authenticate(second->token, kNow + std::chrono::minutes{6}).error() == Error::unauthorized);
  CHECK(booking::Login(*store, "mario.rossi", kStaffPassword, kNow + std::chrono::minutes{6}).error() == Error::unauthorized);
  CHECK(store->Authenticate(other->token, kNow + std::chrono::minutes{6}).has_value());  // others keep theirs
  CHECK(QueryInt(db, "SELECT count(*) FROM sessions WHERE username = 'mario.rossi'") == 0);

  auto again = booking::DisableUser(*store, "mario.rossi", kAdmin, kNow + std::chrono::minutes{7});
  REQUIRE(again.has_value());
  CHECK(again->disabled);
  auto log = store->Audit(AuditOf("roma", 10));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "user.disable");
  CHECK((*log)[0].actor == "staff:admin");
  CHECK((*log)[0].subject == "mario.rossi");
  CHECK((*log)[0].after.find("\"disabled\":true") != std::string::npos);
  CHECK((*log)[1].action != "user.disable");  // the second call wrote nothing

  CHECK(booking::DisableUser(*store, "nobody", kAdmin, kNow).error() == Error::not_found);
}

TEST_CASE("users: an administrator cannot disable their own account") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "u.db");
  auto store = FastStore(db);
  REQUIRE(booking::AddUser(*store, kAdmin, kStaffPassword, Actor::Cli(), kNow).has_value());
  auto refused = booking::DisableUser(*store, "admin", kAdmin, kNow);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == Error::forbidden);
  CHECK(refused.error().detail == "an administrator cannot disable their own account");
  CHECK(booking::Login(*store, "admin", kStaffPassword, kNow).has_value());
}

}  // namespace
}  // namespace sportello::storage::testing
