// Who is calling a staff endpoint, and may they: the bearer token of `Authorization`, checked
// against the store, and the role/desk rules of SPEC.md (operator and manager: their one desk;
// admin: every desk). Internal to http/. Thread-safe: pure over the store.
#pragma once

#include "http/call.h"
#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::http {

// The signed-in user. Error: unauthorized for a missing, malformed, unknown or expired token.
engine::Result<storage::User> StaffUser(Call& call);

// Checks that `user` holds at least `role` and may access `desk` (empty: no desk involved).
// Error: forbidden.
engine::Result<void> Permit(const storage::User& user, storage::Role role, std::string_view desk);

// StaffUser then Permit in one step; on failure the ready problem answer (401 carries
// `WWW-Authenticate: Bearer`).
std::optional<Response> RequireStaff(Call& call, storage::Role role, std::string_view desk, storage::User& user);

}  // namespace sportello::http
