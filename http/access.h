// Who may call a route: the one place where SPEC.md's role and desk rules are applied.
// The national system's routes take an API key instead of a session (kSystem). Each entry
// of the route table (router.cc) carries an Access: public, or staff of at least a role, and whose
// desk the call touches (the path's {desk}, the desk of the booking {code}, of the application
// {id}, or of the ticket {ticket}). Authorize() applies it before the handler runs: no or bad token → 401 unauthorized (with
// `WWW-Authenticate: Bearer`), too low a role or another desk → 403 forbidden, an unknown booking or
// application → 404 not_found. Handlers read the signed-in user, and the booking or application
// the check found, from the Call. Thread-safe: pure over the store.
#pragma once

#include "http/call.h"
#include "storage/store.h"

#include <optional>

namespace sportello::http {

enum class DeskScope {
  none,         // no desk involved (the call is about the user, or every desk)
  path,         // the path's {desk}
  booking,      // the desk of the booking {code} (read as typed)
  application,  // the desk of the application {id}
  ticket,       // the desk a ticket id {ticket} names (engine::ParseTicketId); not found when it names none
};

struct Access {
  bool staff = false;  // false: anyone (applicants, the public), unless `system`
  storage::Role role = storage::Role::operator_;
  DeskScope scope = DeskScope::none;
  bool system = false;  // the national system, with an API key (SPEC.md, "Integration"); not staff
};

inline constexpr Access kPublic{};
constexpr Access Staff(storage::Role role, DeskScope scope = DeskScope::none) { return {true, role, scope}; }
// The national system's routes: an API key, rate-limited per key ("system"); a key bound to a desk
// touches only that desk (booking/system_api.h applies it to what the route reads).
inline constexpr Access kSystem{false, storage::Role::operator_, DeskScope::none, true};

// Applies `access` to `call`; on success records the user and what the scope found in the call,
// otherwise returns the refusal answer.
std::optional<Response> Authorize(Call& call, const Access& access);

}  // namespace sportello::http
