#include "http/access.h"

#include "booking/system_api.h"
#include "engine/ticket.h"
#include "http/routes.h"

#include <boost/beast/http/field.hpp>

namespace sportello::http {

namespace {

// A kiosk ranks below an operator: it passes only routes open to kiosks (the check-in). So does a
// helpdesk member, who has no desk: the routes of questions are open to every account, and
// booking/questions.h decides who sees which ticket.
int Rank(storage::Role role) {
  switch (role) {
    case storage::Role::kiosk:
    case storage::Role::helpdesk: return -1;
    case storage::Role::operator_: return 0;
    case storage::Role::manager: return 1;
    case storage::Role::admin: return 2;
  }
  return 0;
}

// The token of the call's `Authorization: Bearer …`, or nullopt.
std::optional<std::string_view> BearerOf(const Call& call) {
  const std::string_view header = call.request()[boost::beast::http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) return std::nullopt;
  return header.substr(kScheme.size());
}

// The user behind the call's bearer token. Error: unauthorized (missing, malformed, unknown, expired).
engine::Result<storage::User> SignedInUser(Call& call) {
  const std::optional<std::string_view> token = BearerOf(call);
  if (!token) return engine::Error::unauthorized;
  return call.services().store.Authenticate(*token, call.now());
}

// The desk the call touches under `scope` (empty for none), recording what was looked up.
engine::Result<std::string> DeskOf(Call& call, DeskScope scope) {
  switch (scope) {
    case DeskScope::none: return std::string();
    case DeskScope::path: return call.Param("desk");
    case DeskScope::booking: {
      auto booking = call.services().store.FindBooking(call.Param("code"));
      if (!booking) return booking.error();
      std::string desk = booking->desk;
      call.SetBooking(std::move(*booking));
      return desk;
    }
    case DeskScope::application: {
      auto application = call.services().store.FindApplication(call.Param("id"));
      if (!application) return application.error();
      std::string desk = application->desk;
      call.SetApplication(std::move(*application));
      return desk;
    }
    case DeskScope::ticket: {
      const std::optional<engine::TicketKey> key = engine::ParseTicketId(call.Param("ticket"));
      if (!key) return engine::Error::not_found;
      return key->desk;
    }
  }
  return std::string();
}

Response Unauthorized(const Call& call, const engine::Problem& problem) {
  Response response = call.Fail(problem);
  response.set(boost::beast::http::field::www_authenticate, "Bearer");
  return response;
}

// The national system's key behind the call, then its rate limit.
std::optional<Response> AuthorizeSystem(Call& call) {
  const std::optional<std::string_view> secret = BearerOf(call);
  if (!secret) return Unauthorized(call, engine::Error::unauthorized);
  auto key = booking::AuthenticateApiKey(call.services().store, *secret);
  if (!key) return key.error() == engine::Error::unauthorized ? Unauthorized(call, key.error()) : call.Fail(key.error());
  const RateLimiter* limiter = call.services().limiter;
  if (limiter != nullptr && limiter->Limit("system")) {
    if (auto refused = routes::CheckRate(call, "system", key->name)) return refused;
  }
  call.SetApiKey(std::move(*key));
  return std::nullopt;
}

}  // namespace

std::optional<Response> Authorize(Call& call, const Access& access) {
  if (access.system) return AuthorizeSystem(call);
  if (!access.staff) return std::nullopt;
  auto user = SignedInUser(call);
  if (!user) return Unauthorized(call, user.error());
  if (Rank(user->role) < Rank(access.role)) return call.Fail(engine::Error::forbidden);
  auto desk = DeskOf(call, access.scope);
  if (!desk) return call.Fail(desk.error());
  if (!desk->empty() && !user->MayAccess(*desk)) {
    // A booking or an application of another desk is answered as one that does not exist, so that
    // staff cannot learn which codes and ids exist elsewhere. Desks themselves are public.
    const bool looked_up = access.scope == DeskScope::booking || access.scope == DeskScope::application ||
                           access.scope == DeskScope::ticket;
    return call.Fail(looked_up ? engine::Error::not_found : engine::Error::forbidden);
  }
  call.SetUser(std::move(*user));
  return std::nullopt;
}

}  // namespace sportello::http
