// The waitlist of SPEC.md, "No seat wasted": joining (with the applicant's proof, limited like a
// booking), the entry and its offer (with the entry's token: else 404, as for an unknown id),
// leaving, accepting; and the line as staff see it. The rules are booking/waitlist.h's.
#include "booking/waitlist.h"
#include "engine/json_reader.h"
#include "engine/language.h"
#include "http/booking_request.h"
#include "http/proof_of_work.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

#include <variant>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;

namespace {

Response EntryAnswer(Call& call, beast_http::status status, const booking::PlacedEntry& placed,
                     const std::optional<std::string>& token = std::nullopt) {
  auto desk = call.services().store.SharedDesk(placed.entry.desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(status, WaitlistEntryJson(placed, *(*desk)->zone, token));
}

// The join request in the body, or the answer refusing it.
std::variant<booking::JoinRequest, Response> ReadJoinRequest(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  booking::JoinRequest request;
  request.desk = call.Param("desk");
  request.type = body.BoundedString("type", true, 64).value_or("");
  request.application_id = body.BoundedString("application_id", true, 64).value_or("");
  request.tax_code = body.BoundedString("tax_code", true, 32).value_or("");
  request.email = body.BoundedString("email", false, 254).value_or("");
  const auto lang = body.BoundedString("lang", false, 8);
  if (const auto before = body.String("before", false)) {
    request.before = engine::ParseDate(*before);
    if (!request.before) errors.push_back({"before", "must be a date YYYY-MM-DD"});
  }
  body.Finish();
  if (lang && !engine::ParseLanguage(*lang)) errors.push_back({"lang", "must be it, en, fr or es"});
  if (!request.email.empty() && request.email.find('@') == std::string::npos) {
    errors.push_back({"email", "must be an e-mail address"});
  }
  if (!errors.empty()) return call.Fail(errors);
  request.lang = std::string(engine::LanguageCode(lang ? *engine::ParseLanguage(*lang) : call.language()));
  request.now = call.now();
  return request;
}

}  // namespace

Response JoinWaitlist(Call& call) {
  auto read = ReadJoinRequest(call);
  if (auto* refused = std::get_if<Response>(&read)) return std::move(*refused);
  const booking::JoinRequest& request = std::get<booking::JoinRequest>(read);
  if (auto blocked = CheckVerificationAllowed(call, request.application_id)) return std::move(*blocked);
  auto joined = booking::JoinWaitlist(call.services().store, request);
  if (!joined) {
    if (joined.error() == Error::application_not_verified) ChargeFailedVerification(call, request.application_id);
    return call.Fail(joined.error());
  }
  if (joined->placed.entry.state == engine::WaitlistState::offered) call.services().OutboxChanged();
  return EntryAnswer(call, beast_http::status::created, joined->placed, joined->token);
}

Response GetWaitlistEntry(Call& call) {
  auto placed = booking::FindEntry(call.services().store, call.Param("id"), call.Token("X-Waitlist-Token"));
  if (!placed) return call.Fail(placed.error());
  return EntryAnswer(call, beast_http::status::ok, *placed);
}

Response LeaveWaitlist(Call& call) {
  auto left =
      booking::LeaveWaitlist(call.services().store, call.Param("id"), call.Token("X-Waitlist-Token"), call.now());
  if (!left) return call.Fail(left.error());
  call.services().OutboxChanged();  // a declined offer may have gone to the next in line
  return EntryAnswer(call, beast_http::status::ok, booking::PlacedEntry{*left, 0});
}

Response AcceptOffer(Call& call) {
  auto entry = call.services().store.VerifyWaitlistToken(call.Param("id"), call.Token("X-Waitlist-Token"));
  if (!entry) return call.Fail(entry.error());
  auto entry_desk = call.services().store.SharedDesk(entry->desk);
  if (!entry_desk) return call.Fail(entry_desk.error());
  if (auto refused = CheckProofOfWork(call, **entry_desk, PowUse::write)) return std::move(*refused);
  auto accepted =
      booking::AcceptOffer(call.services().store, call.Param("id"), call.Token("X-Waitlist-Token"), call.now());
  if (!accepted) return call.Fail(accepted.error());
  call.services().OutboxChanged();
  auto desk = call.services().store.SharedDesk(accepted->booking.desk);
  if (!desk) return call.Fail(desk.error());
  std::optional<std::string> token;
  if (!accepted->manage_token.empty()) token = accepted->manage_token;
  return call.Json(beast_http::status::ok, BookingJson(accepted->booking, **desk, token));
}

Response StaffWaitlist(Call& call) {
  const std::string type = call.Query("type").value_or("");
  auto desk = call.services().store.SharedDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  if ((*desk)->FindType(type) == nullptr) {
    return call.Fail(engine::Problem(Error::invalid_request, "type", "must be a type this desk offers"));
  }
  auto line = booking::WaitlistForStaff(call.services().store, (*desk)->desk, type);
  if (!line) return call.Fail(line.error());
  json::array entries;
  for (const booking::PlacedEntry& placed : *line) entries.push_back(WaitlistEntryJson(placed, *(*desk)->zone));
  return call.Json(beast_http::status::ok,
                   json::object{{"desk", (*desk)->desk},
                                {"type", type},
                                {"waitlist_offer_minutes", (*desk)->FindType(type)->waitlist_offer_minutes},
                                {"entries", std::move(entries)}});
}

// The application's active entries with their tokens, for an applicant who proved who they are.
engine::Result<json::array> ActiveEntriesJson(Call& call, std::string_view application_id) {
  auto active = booking::ActiveEntriesOf(call.services().store, application_id);
  if (!active) return active.error();
  json::array entries;
  for (const booking::JoinedWaitlist& joined : *active) {
    auto desk = call.services().store.SharedDesk(joined.placed.entry.desk);
    if (!desk) return desk.error();
    entries.push_back(WaitlistEntryJson(joined.placed, *(*desk)->zone, joined.token));
  }
  return entries;
}

}  // namespace sportello::http::routes
