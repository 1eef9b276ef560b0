// AccountTransaction: what the staff-account rules (booking/accounts.h) may read and write inside
// one open write transaction. The backend decides nothing: it answers and writes, and commits only
// when the rule returns a value (Store::ChangeAccounts). A database failure throws (the backend
// turns it into Error::internal and rolls back). Thread-safety: one thread, for one rule.
#pragma once

#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::storage {

class AccountTransaction {
 public:
  virtual ~AccountTransaction() = default;

  virtual bool DeskExists(std::string_view desk) = 0;
  // True when an account, active or disabled, has `username`.
  virtual bool UsernameTaken(std::string_view username) = 0;
  // A new account whose password hashes to `password_hash` (Store::HashPassword), with its audit
  // entry ("user.add").
  virtual void InsertUser(const User& user, std::string_view password_hash, const Actor& actor, Instant now) = 0;
  // The account named `username`, or nullopt.
  virtual std::optional<UserAccount> FindAccount(std::string_view username) = 0;
  // Marks `account` disabled and ends its sessions, with its audit entry ("user.disable").
  virtual void DisableAccount(const UserAccount& account, const Actor& actor, Instant now) = 0;
};

}  // namespace sportello::storage
