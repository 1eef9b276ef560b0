// Staff accounts and sessions: hashed passwords, one answer for every failed login, expiry.
#include "fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;

constexpr std::string_view kPassword = "correct horse battery";

std::unique_ptr<SqliteStore> FastStore(const std::filesystem::path& path) {
  SqliteOptions options;
  options.fast_password_hashing = true;
  options.session_lifetime = std::chrono::hours{8};
  auto store = SqliteStore::Open(path, options);
  REQUIRE(store->SeedDesk(TestCalendar(), kNow).has_value());
  return store;
}

TEST_CASE("users: accounts are checked when made and audited") {
  TempDir dir;
  auto store = FastStore(dir / "u.db");
  const Actor cli = Actor::Cli();
  CHECK(store->AddUser({"mario.rossi", Role::operator_, "roma"}, kPassword, cli, kNow).has_value());
  CHECK(store->AddUser({"capo", Role::manager, "roma"}, kPassword, cli, kNow).has_value());
  CHECK(store->AddUser({"admin", Role::admin, ""}, kPassword, cli, kNow).has_value());

  CHECK(store->AddUser({"mario.rossi", Role::operator_, "roma"}, kPassword, cli, kNow).error() == Error::invalid_request);
  CHECK(store->AddUser({"Mario Rossi", Role::operator_, "roma"}, kPassword, cli, kNow).error() == Error::invalid_request);
  CHECK(store->AddUser({"breve", Role::operator_, "roma"}, "short", cli, kNow).error() == Error::invalid_request);
  CHECK(store->AddUser({"senza", Role::operator_, ""}, kPassword, cli, kNow).error() == Error::invalid_request);
  CHECK(store->AddUser({"altrove", Role::manager, "atlantide"}, kPassword, cli, kNow).error() ==
        Error::invalid_request);
  CHECK(store->AddUser({"admin2", Role::admin, "roma"}, kPassword, cli, kNow).error() == Error::invalid_request);

  CHECK(QueryInt(dir / "u.db", fmt::format("SELECT count(*) FROM users WHERE instr(password_hash, '{}') > 0",
                                           kPassword)) == 0);
  CHECK(QueryInt(dir / "u.db", "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'") == 3);
  auto log = store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "user.add");
  CHECK((*log)[0].subject == "capo");
  CHECK((*log)[0].after.find("argon") == std::string::npos);
}

TEST_CASE("users: login opens a session that authenticates until it expires or ends") {
  TempDir dir;
  auto store = FastStore(dir / "u.db");
  REQUIRE(store->AddUser({"mario.rossi", Role::operator_, "roma"}, kPassword, Actor::Cli(), kNow).has_value());

  auto session = store->Login("mario.rossi", kPassword, kNow);
  REQUIRE(session.has_value());
  CHECK(session->token.size() == 43);
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

  auto second = store->Login("mario.rossi", kPassword, kNow);
  REQUIRE(second.has_value());
  REQUIRE(store->Logout(second->token).has_value());
  CHECK(store->Authenticate(second->token, kNow).error() == Error::unauthorized);
  CHECK(store->Logout("never-issued").has_value());
}

TEST_CASE("users: a wrong password and an unknown user get the same answer") {
  TempDir dir;
  auto store = FastStore(dir / "u.db");
  REQUIRE(store->AddUser({"admin", Role::admin, ""}, kPassword, Actor::Cli(), kNow).has_value());
  CHECK(store->Login("admin", "correct horse battery!", kNow).error() == Error::unauthorized);
  CHECK(store->Login("admin", "", kNow).error() == Error::unauthorized);
  CHECK(store->Login("nobody", kPassword, kNow).error() == Error::unauthorized);
  auto admin = store->Login("admin", kPassword, kNow);
  REQUIRE(admin.has_value());
  CHECK(admin->user.MayAccess("latina"));
}

}  // namespace
}  // namespace sportello::storage::testing
