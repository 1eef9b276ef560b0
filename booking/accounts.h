// Staff accounts (SPEC.md, "Staff"): every rule of adding, disabling and signing in, in one place
// for the API, the console and the command line. Each rule that fails names its field and says
// what is wrong, so a person can fix it: "username: is taken", "desk: is not a known desk".
// Thread-safe: call from any number of threads.
#pragma once

#include "storage/store.h"

#include <string_view>

namespace sportello::booking {

// Adds a staff account after checking, in order: the username (3-40 characters of a-z 0-9 . _ -),
// the password (at least storage::kMinPasswordLength characters), the desk (none for an admin; a
// known one for an operator or manager), and that no account, active or disabled, has the name.
// The password is kept only hashed; audited ("user.add"). Errors: invalid_request with the field
// ("username", "password", "desk") and a detail; a taken username is also a conflict (409).
engine::Result<storage::User> AddUser(storage::Store& store, const storage::User& user, std::string_view password,
                                      const storage::Actor& actor, engine::Instant now);

// Disables the account named `username` at once: its sessions end in the same transaction and it
// can no longer sign in. Audited ("user.disable"); disabling a disabled account changes nothing
// and is not audited again. `by` is the administrator acting, who may not disable their own
// account. Errors: forbidden (their own account), not_found (no such username).
engine::Result<storage::UserAccount> DisableUser(storage::Store& store, std::string_view username,
                                                 const storage::User& by, engine::Instant now);

// Signs a staff member in: a session for a correct username and password of an account that is
// not disabled. Error: unauthorized, the same for an unknown user, a wrong password and a disabled
// account (and it takes as long).
engine::Result<storage::StaffSession> Login(storage::Store& store, std::string_view username,
                                            std::string_view password, engine::Instant now);

}  // namespace sportello::booking
