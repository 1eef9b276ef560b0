// PgStore: staff accounts (Argon2id password hashes) and bearer sessions (hashed tokens). Sessions
// live in the database, so a login, logout or disabled account counts on every node at once.
#include "storage/pg_store.h"

#include "storage/account_transaction.h"
#include "storage/pg_rows.h"
#include "storage/secrets.h"

#include <fmt/core.h>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE username = $1";
inline constexpr std::string_view kInsertUser = R"(
INSERT INTO users (username, password_hash, role, desk, created_at) VALUES ($1, $2, $3, $4, $5))";
inline constexpr std::string_view kSelectCredentials = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled, password_hash FROM users WHERE username = $1)";
inline constexpr std::string_view kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= $1";
inline constexpr std::string_view kInsertSession = R"(
INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4))";
inline constexpr std::string_view kSelectSession = R"(
SELECT u.username, u.role, coalesce(u.desk, '') FROM sessions s JOIN users u ON u.username = s.username
WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0)";
inline constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
inline constexpr std::string_view kSelectAccounts = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled FROM users ORDER BY username)";
inline constexpr std::string_view kSelectAccount = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled FROM users WHERE username = $1 FOR UPDATE)";
inline constexpr std::string_view kDisableUser = "UPDATE users SET disabled = 1 WHERE username = $1";
inline constexpr std::string_view kDeleteSessionsOf = "DELETE FROM sessions WHERE username = $1";

// A row of kSelectAccounts, kSelectAccount or kSelectCredentials.
UserAccount ReadAccount(const pg::Rows& rows, int row) {
  return UserAccount{User{rows.Text(row, 0), ParseRole(rows.Text(row, 1)).value_or(Role::operator_), rows.Text(row, 2)},
                     FromUnix(rows.Int(row, 3)), rows.Int(row, 4) != 0};
}

// AccountTransaction inside an open transaction.
class PgAccountTransaction final : public AccountTransaction {
 public:
  PgAccountTransaction(pg::Connection& connection, PgStore&) : connection_(connection) {}

  bool DeskExists(std::string_view desk) override { return PgDeskExists(connection_, desk); }

  bool UsernameTaken(std::string_view username) override {
    LockPg(connection_, fmt::format("user|{}", username));
    return !connection_.Run(kUserExists, pg::Params().Add(username)).empty();
  }

  void InsertUser(const User& user, std::string_view password_hash, const Actor& actor, Instant now) override {
    pg::Params params;
    params.Add(user.username).Add(password_hash).Add(RoleName(user.role));
    if (user.desk.empty()) {
      params.AddNull();
    } else {
      params.Add(user.desk);
    }
    connection_.Run(kInsertUser, params.Add(ToUnix(now)));
    AppendPgAudit(connection_, now, actor.who, user.desk, "user.add", user.username, "", UserJson(user));
  }

  std::optional<UserAccount> FindAccount(std::string_view username) override {
    pg::Rows rows = connection_.Run(kSelectAccount, pg::Params().Add(username));
    if (rows.empty()) return std::nullopt;
    return ReadAccount(rows, 0);
  }

  void DisableAccount(const UserAccount& account, const Actor& actor, Instant now) override {
    connection_.Run(kDisableUser, pg::Params().Add(account.user.username));
    connection_.Run(kDeleteSessionsOf, pg::Params().Add(account.user.username));
    AppendPgAudit(connection_, now, actor.who, account.user.desk, "user.disable", account.user.username,
                  AccountJson(account.user, false), AccountJson(account.user, true));
  }

 private:
  pg::Connection& connection_;
};

std::string_view AsBytes(const Hash& hash) { return AsChars(hash); }

}  // namespace

std::string PgStore::HashPassword(std::string_view password) {
  return storage::HashPassword(password, options_.fast_password_hashing);
}

Result<UserAccount> PgStore::ChangeAccounts(const AccountChange& decide) {
  return RunDecision<PgAccountTransaction>(decide);
}

Result<std::optional<UserAccount>> PgStore::CheckPassword(std::string_view username, std::string_view password) {
  struct Row {
    std::string hash;
    UserAccount account;
  };
  auto row = Run([&](pg::Connection& connection) -> Result<std::optional<Row>> {
    pg::Rows rows = connection.Run(kSelectCredentials, pg::Params().Add(username));
    if (rows.empty()) return std::optional<Row>{};
    return std::optional<Row>{Row{rows.Text(0, 5), ReadAccount(rows, 0)}};
  });
  if (!row) return row.error();
  const std::string* hash = row->has_value() ? &(*row)->hash : nullptr;
  if (!VerifyPasswordInEqualTime(hash, password, options_.fast_password_hashing)) return std::optional<UserAccount>{};
  return std::optional<UserAccount>{std::move((*row)->account)};
}

Result<StaffSession> PgStore::OpenSession(const User& user, Instant now) {
  StaffSession session{NewSessionToken(), user, now + options_.session_lifetime};
  const Hash token_hash = SessionTokenHash(session.token);
  auto stored = RunTransaction(
      [&](pg::Connection& connection) -> Result<void> {
        connection.Run(kDeleteExpiredSessions, pg::Params().Add(ToUnix(now)));
        connection.Run(kInsertSession, pg::Params()
                                           .AddBytes(AsBytes(token_hash))
                                           .Add(session.user.username)
                                           .Add(ToUnix(now))
                                           .Add(ToUnix(session.expires_at)));
        return {};
      });
  if (!stored) return stored.error();
  return session;
}

Result<User> PgStore::Authenticate(std::string_view token, Instant now) {
  if (token.empty()) return Error::unauthorized;
  const Hash token_hash = SessionTokenHash(token);
  return Run([&](pg::Connection& connection) -> Result<User> {
    pg::Rows rows = connection.Run(kSelectSession, pg::Params().AddBytes(AsBytes(token_hash)).Add(ToUnix(now)));
    if (rows.empty()) return Error::unauthorized;
    return User{rows.Text(0, 0), ParseRole(rows.Text(0, 1)).value_or(Role::operator_), rows.Text(0, 2)};
  });
}

Result<void> PgStore::Logout(std::string_view token) {
  const Hash token_hash = SessionTokenHash(token);
  return Run([&](pg::Connection& connection) -> Result<void> {
    connection.Run(kDeleteSession, pg::Params().AddBytes(AsBytes(token_hash)));
    return {};
  });
}

Result<std::vector<UserAccount>> PgStore::ListUsers() {
  return Run([&](pg::Connection& connection) -> Result<std::vector<UserAccount>> {
    pg::Rows rows = connection.Run(kSelectAccounts);
    std::vector<UserAccount> accounts;
    for (int row = 0; row < rows.size(); ++row) accounts.push_back(ReadAccount(rows, row));
    return accounts;
  });
}

}  // namespace sportello::storage
