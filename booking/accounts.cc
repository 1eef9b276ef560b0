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
  if (user.role == Role::admin && !user.desk.empty()) return Problem(Error::invalid_request, "desk", "an admin has no desk");
  if (user.role != Role::admin && user.desk.empty()) {
    return Problem(Error::invalid_request, "desk", "is required for an operator or manager");
  }
  return {};
}

}  // namespace

engine::Result<storage::User> AddUser(storage::Store& store, const storage::User& user, std::string_view password,
                                      const storage::Actor& actor, engine::Instant now) {
  if (auto checked = CheckNewAccount(user, password); !checked) return checked.error();
  const std::string hash = store.HashPassword(password);  // slow: before the transaction
  return store.ChangeAccounts([&](storage::AccountTransaction& accounts) -> engine::Result<storage::User> {
    if (!user.desk.empty() && !accounts.DeskExists(user.desk)) {
      return Problem(Error::invalid_request, "desk", "is not a known desk");
    }
    if (accounts.UsernameTaken(user.username)) return Problem(Error::invalid_request, "username", "is taken", true);
    accounts.InsertUser(user, hash, actor, now);
    return user;
  });
}

}  // namespace sportello::booking
