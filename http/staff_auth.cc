#include "http/staff_auth.h"

#include <boost/beast/http/field.hpp>

namespace sportello::http {

namespace {

int Rank(storage::Role role) {
  switch (role) {
    case storage::Role::operator_: return 0;
    case storage::Role::manager: return 1;
    case storage::Role::admin: return 2;
  }
  return 0;
}

}  // namespace

engine::Result<storage::User> StaffUser(Call& call) {
  const std::string_view header = call.request()[boost::beast::http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) return engine::Error::unauthorized;
  return call.services().store.Authenticate(header.substr(kScheme.size()), call.now());
}

engine::Result<void> Permit(const storage::User& user, storage::Role role, std::string_view desk) {
  if (Rank(user.role) < Rank(role)) return engine::Error::forbidden;
  if (!desk.empty() && !user.MayAccess(desk)) return engine::Error::forbidden;
  return {};
}

std::optional<Response> RequireStaff(Call& call, storage::Role role, std::string_view desk, storage::User& user) {
  auto signed_in = StaffUser(call);
  if (!signed_in) {
    Response response = call.Fail(signed_in.error());
    response.set(boost::beast::http::field::www_authenticate, "Bearer");
    return response;
  }
  if (auto permitted = Permit(*signed_in, role, desk); !permitted) return call.Fail(permitted.error());
  user = std::move(*signed_in);
  return std::nullopt;
}

}  // namespace sportello::http
