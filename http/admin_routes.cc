// Administrator endpoints of SPEC.md (the flags of each desk, the audit log) and the desk
// statistics that staff and administrators read.
#include "booking/desks.h"
#include "engine/json_reader.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <charconv>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using storage::Role;

namespace {

std::optional<std::int64_t> Number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return value;
}

}  // namespace

// {"self_booking"?, "proof_of_work"?, "proof_of_work_reads"?}: each flag given is switched, at least
// one must be; the answer is the desk's summary with every flag.
Response SetFlags(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  const booking::FlagChange change{.self_booking = body.Bool("self_booking", false),
                                   .proof_of_work = body.Bool("proof_of_work", false),
                                   .proof_of_work_reads = body.Bool("proof_of_work_reads", false)};
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  if (!change.self_booking && !change.proof_of_work && !change.proof_of_work_reads) {
    return call.Fail(Error::invalid_request, "give at least one of self_booking, proof_of_work, proof_of_work_reads");
  }
  storage::Store& store = call.services().store;
  auto set = booking::SetFlags(store, call.Param("desk"), change, storage::Actor::Staff(call.user().username), call.now());
  if (!set) return call.Fail(set.error());
  auto desk = store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, DeskSummaryJson(*desk, call.language()));
}

Response ListAudit(Call& call) {
  storage::AuditQuery query;
  query.desk = call.Query("desk");
  if (query.desk && query.desk->empty()) query.desk.reset();
  const auto before = Number(call.Query("before"));
  const auto limit = Number(call.Query("limit"));
  if (call.Query("before") && !before) return call.Fail(Error::invalid_request, "before: must be an entry id");
  if (call.Query("limit") && (!limit || *limit < 1 || *limit > storage::kMaxAuditPage)) {
    return call.Fail(engine::Problem(Error::invalid_request, "limit",
                                     fmt::format("must be a number from 1 to {}", storage::kMaxAuditPage)));
  }
  query.before_id = before;
  if (limit) query.limit = static_cast<int>(*limit);
  auto entries = call.services().store.Audit(query);
  if (!entries) return call.Fail(entries.error());
  json::array list;
  for (const storage::AuditEntry& entry : *entries) {
    list.push_back(AuditEntryJson(entry));
  }
  return call.Json(beast_http::status::ok, json::object{{"entries", std::move(list)}});
}

}  // namespace sportello::http::routes
