// Administrator endpoints for staff accounts (an addition to SPEC.md, see docs/decisions.md):
// list them, create one, disable one. Passwords never leave the server, not even hashed.
#include "booking/accounts.h"
#include "engine/json_reader.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using storage::Role;

namespace {

// The new account the body describes, as far as its shape goes (booking::AddUser checks the rest):
// nullopt with the errors of a body that is not JSON, lacks a member or has a role unknown.
std::optional<storage::User> ReadNewUser(Call& call, std::string& password, std::vector<engine::FieldError>& errors) {
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return std::nullopt;
  engine::json_reader::ObjectView body(*document, "", errors);
  const auto username = body.BoundedString("username", true, 64);
  const auto secret = body.BoundedString("password", true, 1024);
  const auto role_name = body.String("role", true);
  const json::value* desk_member = body.Member("desk", false);
  const auto desk = desk_member != nullptr && !desk_member->is_null() ? body.BoundedString("desk", false, 64)
                                                                        : std::optional<std::string>{};
  body.Finish();
  if (!errors.empty()) return std::nullopt;
  const auto role = storage::ParseRole(*role_name);
  if (!role) {
    errors.push_back({"role", "must be operator, manager, admin, kiosk or helpdesk"});
    return std::nullopt;
  }
  password = *secret;
  return storage::User{*username, *role, desk.value_or("")};
}

}  // namespace

Response ListUsers(Call& call) {
  auto accounts = call.services().store.ListUsers();
  if (!accounts) return call.Fail(accounts.error());
  json::array list;
  for (const storage::UserAccount& account : *accounts) list.push_back(AccountJson(account, StaffTimeZone()));
  return call.Json(beast_http::status::ok, json::object{{"users", std::move(list)}});
}

Response CreateUser(Call& call) {
  std::vector<engine::FieldError> errors;
  std::string password;
  std::optional<storage::User> wanted = ReadNewUser(call, password, errors);
  if (!wanted) return call.Fail(errors);
  std::optional<PasswordGate::Ticket> ticket;
  if (auto busy = EnterPasswordCheck(call, ticket)) return std::move(*busy);
  auto added = booking::AddUser(call.services().store, *wanted, password, storage::Actor::Staff(call.user().username),
                                call.now());
  if (!added) return call.Fail(added.error());
  return call.Json(beast_http::status::created, AccountJson({*added, call.now(), false}, StaffTimeZone()));
}

Response DisableUser(Call& call) {
  auto disabled = booking::DisableUser(call.services().store, call.Param("username"), call.user(), call.now());
  if (!disabled) return call.Fail(disabled.error());
  return call.Json(beast_http::status::ok, AccountJson(*disabled, StaffTimeZone()));
}

}  // namespace sportello::http::routes
