// SqliteStore: staff accounts (Argon2id password hashes) and bearer sessions (hashed tokens); the
// rules of adding, disabling and signing in are booking/accounts.h's. Password hashing is slow on
// purpose, so it runs outside the write lock.
#include "storage/sqlite_store.h"

#include "storage/account_transaction.h"
#include "storage/secrets.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE username = ?1";
inline constexpr std::string_view kInsertUser = R"(
INSERT INTO users (username, password_hash, role, desk, created_at) VALUES (?1, ?2, ?3, ?4, ?5))";
inline constexpr std::string_view kSelectCredentials = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled, password_hash FROM users WHERE username = ?1)";
inline constexpr std::string_view kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= ?1";
inline constexpr std::string_view kInsertSession = R"(
INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?1, ?2, ?3, ?4))";
inline constexpr std::string_view kSelectSession = R"(
SELECT u.username, u.role, coalesce(u.desk, '') FROM sessions s JOIN users u ON u.username = s.username
WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0)";
inline constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
inline constexpr std::string_view kSelectAccounts = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled FROM users ORDER BY username)";
inline constexpr std::string_view kSelectAccount = R"(
SELECT username, role, coalesce(desk, ''), created_at, disabled FROM users WHERE username = ?1)";
inline constexpr std::string_view kDisableUser = "UPDATE users SET disabled = 1 WHERE username = ?1";
inline constexpr std::string_view kDeleteSessionsOf = "DELETE FROM sessions WHERE username = ?1";

std::span<const unsigned char> Bytes(const Hash& hash) { return {hash.data(), hash.size()}; }

// A row of kSelectAccounts, kSelectAccount or kSelectCredentials.
UserAccount ReadAccount(const sqlite::Statement& row) {
  return UserAccount{User{row.Text(0), ParseRole(row.Text(1)).value_or(Role::operator_), row.Text(2)},
                     FromUnix(row.Int(3)), row.Int(4) != 0};
}

// AccountTransaction on the writer connection inside an open transaction.
class SqliteAccountTransaction final : public AccountTransaction {
 public:
  explicit SqliteAccountTransaction(sqlite::Connection& connection) : connection_(connection) {}

  bool DeskExists(std::string_view desk) override { return storage::DeskExists(connection_, desk); }

  bool UsernameTaken(std::string_view username) override {
    sqlite::Statement select = connection_.Prepare(kUserExists);
    select.Bind(1, username);
    return select.Step();
  }

  void InsertUser(const User& user, std::string_view password_hash, const Actor& actor, Instant now) override {
    sqlite::Statement insert = connection_.Prepare(kInsertUser);
    insert.Bind(1, user.username).Bind(2, password_hash).Bind(3, RoleName(user.role)).Bind(5, ToUnix(now));
    if (user.desk.empty()) {
      insert.BindNull(4);
    } else {
      insert.Bind(4, user.desk);
    }
    insert.Run();
    AppendAudit(connection_, now, actor.who, user.desk, "user.add", user.username, "", UserJson(user));
  }

  std::optional<UserAccount> FindAccount(std::string_view username) override {
    sqlite::Statement select = connection_.Prepare(kSelectAccount);
    select.Bind(1, username);
    if (!select.Step()) return std::nullopt;
    return ReadAccount(select);
  }

  void DisableAccount(const UserAccount& account, const Actor& actor, Instant now) override {
    connection_.Prepare(kDisableUser).Bind(1, account.user.username).Run();
    connection_.Prepare(kDeleteSessionsOf).Bind(1, account.user.username).Run();
    AppendAudit(connection_, now, actor.who, account.user.desk, "user.disable", account.user.username,
                AccountJson(account.user, false), AccountJson(account.user, true));
  }

 private:
  sqlite::Connection& connection_;
};

}  // namespace

std::string SqliteStore::HashPassword(std::string_view password) {
  return storage::HashPassword(password, options_.fast_password_hashing);
}

Result<UserAccount> SqliteStore::ChangeAccounts(const AccountChange& decide) {
  return RunDecision<SqliteAccountTransaction>(decide);
}

Result<std::optional<UserAccount>> SqliteStore::CheckPassword(std::string_view username, std::string_view password) {
  struct Row {
    std::string hash;
    UserAccount account;
  };
  auto row = Read([&](sqlite::Connection& connection) -> Result<std::optional<Row>> {
    sqlite::Statement select = connection.Prepare(kSelectCredentials);
    select.Bind(1, username);
    if (!select.Step()) return std::optional<Row>{};
    return std::optional<Row>{Row{select.Text(5), ReadAccount(select)}};
  });
  if (!row) return row.error();
  const std::string* hash = row->has_value() ? &(*row)->hash : nullptr;
  if (!VerifyPasswordInEqualTime(hash, password, options_.fast_password_hashing)) return std::optional<UserAccount>{};
  return std::optional<UserAccount>{std::move((*row)->account)};
}

Result<StaffSession> SqliteStore::OpenSession(const User& user, Instant now) {
  StaffSession session{NewSessionToken(), user, now + options_.session_lifetime};
  const Hash token_hash = SessionTokenHash(session.token);
  auto stored = Write([&](sqlite::Connection& connection) -> Result<void> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    connection.Prepare(kDeleteExpiredSessions).Bind(1, ToUnix(now)).Run();
    connection.Prepare(kInsertSession)
        .Bind(1, Bytes(token_hash))
        .Bind(2, session.user.username)
        .Bind(3, ToUnix(now))
        .Bind(4, ToUnix(session.expires_at))
        .Run();
    transaction.Commit();
    return {};
  });
  if (!stored) return stored.error();
  return session;
}

Result<User> SqliteStore::Authenticate(std::string_view token, Instant now) {
  if (token.empty()) return Error::unauthorized;
  const Hash token_hash = SessionTokenHash(token);
  return Read([&](sqlite::Connection& connection) -> Result<User> {
    sqlite::Statement select = connection.Prepare(kSelectSession);
    select.Bind(1, Bytes(token_hash)).Bind(2, ToUnix(now));
    if (!select.Step()) return Error::unauthorized;
    return User{select.Text(0), ParseRole(select.Text(1)).value_or(Role::operator_), select.Text(2)};
  });
}

Result<void> SqliteStore::Logout(std::string_view token) {
  const Hash token_hash = SessionTokenHash(token);
  return Write([&](sqlite::Connection& connection) -> Result<void> {
    connection.Prepare(kDeleteSession).Bind(1, Bytes(token_hash)).Run();
    return {};
  });
}

Result<std::vector<UserAccount>> SqliteStore::ListUsers() {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<UserAccount>> {
    sqlite::Statement select = connection.Prepare(kSelectAccounts);
    std::vector<UserAccount> accounts;
    while (select.Step()) accounts.push_back(ReadAccount(select));
    return accounts;
  });
}

}  // namespace sportello::storage
