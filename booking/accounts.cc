#include "booking/accounts.h"

#include "storage/account_transaction.h"

#include <fmt/core.h>

namespace sportello::booking {

namespace {

using engine::Error;
using engine::Problem;
using storage::Role;

// The checks that need no database, in field order.
engine::Result<void> CheckNewAccount(const storage::User& user, std::string_view password) {
  if (!storage::IsValidUsername(user.username)) {
    return Problem(Error::invalid_request, "username", "must be 3 to 40 characters of a-z 0-9 . _ -");
  }
  if (password.size() < storage::kMinPasswordLength) {
    return Problem(Error::invalid_request, "password",
                   fmt::format("must be at least {} characters", storage::kMinPasswordLength));
  }
  const bool national = storage::IsNational(user.role);
  if (national && !user.desk.empty()) return Problem(Error::invalid_request, "desk", "an admin or helpdesk has no desk");
  if (!national && user.desk.empty()) {
    return Problem(Error::invalid_request, "desk", "is required for an operator, manager or kiosk");
  }
  return {};
}

}  // namespace

engine::Result<storage::User> AddUser(storage::Store& store, const storage::User& user, std::string_view password,
                                      const storage::Actor& actor, engine::Instant now) {
  if (auto checked = CheckNewAccount(user, password); !checked) return checked.error();
  const std::string hash = store.HashPassword(password);  // slow: before the transaction
  auto added = store.ChangeAccounts([&](storage::AccountTransaction& accounts) -> engine::Result<storage::UserAccount> {
    if (!user.desk.empty() && !accounts.DeskExists(user.desk)) {
      return Problem(Error::invalid_request, "desk", "is not a known desk");
    }
    if (accounts.UsernameTaken(user.username)) return Problem(Error::invalid_request, "username", "is taken", true);
    accounts.InsertUser(user, hash, actor, now);
    return storage::UserAccount{user, now, false};
  });
  if (!added) return added.error();
  return added->user;
}

engine::Result<storage::UserAccount> DisableUser(storage::Store& store, std::string_view username,
                                                 const storage::User& by, engine::Instant now) {
  if (username == by.username) return Problem(Error::forbidden, "", "an administrator cannot disable their own account");
  return store.ChangeAccounts([&](storage::AccountTransaction& accounts) -> engine::Result<storage::UserAccount> {
    std::optional<storage::UserAccount> account = accounts.FindAccount(username);
    if (!account) return Error::not_found;
    if (account->disabled) return *account;
    accounts.DisableAccount(*account, storage::Actor::Staff(by.username), now);
    account->disabled = true;
    return *account;
  });
}

engine::Result<storage::StaffSession> Login(storage::Store& store, std::string_view username,
                                            std::string_view password, engine::Instant now) {
  auto account = store.CheckPassword(username, password);
  if (!account) return account.error();
  if (!*account || (*account)->disabled) return Error::unauthorized;
  return store.OpenSession((*account)->user, now);
}

}  // namespace sportello::booking
