#include "http/proof_of_work.h"

#include "http/client_address.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

namespace sportello::http {

namespace beast_http = boost::beast::http;
namespace json = boost::json;

ProofOfWork::ProofOfWork(std::string_view secret, booking::Difficulty difficulty)
    : key_(secret), difficulty_(difficulty) {}

booking::Challenge ProofOfWork::NewChallenge(std::string_view client, engine::Instant now) {
  const ChallengeLoad::Counts counts = load_.Asked(client, now);
  return booking::NewChallenge(key_, booking::ChallengeMaxNumber(difficulty_, counts.from_client, counts.per_second),
                               now);
}

namespace {

// Whether the call carries the bearer token of a staff session open now.
bool FromStaff(Call& call) {
  const std::string_view header = call.request()[beast_http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) return false;
  return call.services().store.Authenticate(header.substr(kScheme.size()), call.now()).has_value();
}

}  // namespace

std::optional<Response> CheckProofOfWork(Call& call, const engine::DeskCalendar& desk, PowUse use) {
  if (!booking::AsksProofOfWork(desk.flags, use) || FromStaff(call)) return std::nullopt;
  const auto header = call.request().find("Altcha");
  if (header == call.request().end() || header->value().empty()) {
    return call.Fail(engine::Problem(engine::Error::proof_of_work_required, "", std::string(booking::kProofMissing)));
  }
  const ProofOfWork* proof_of_work = call.services().proof_of_work;
  if (proof_of_work == nullptr) {  // no key: no solution can be checked
    return call.Fail(engine::Problem(engine::Error::proof_of_work_required, "", std::string(booking::kProofInvalid)));
  }
  auto spent = booking::SpendProof(call.services().store, proof_of_work->key(), header->value(), call.now());
  if (!spent) return call.Fail(spent.error());
  return std::nullopt;
}

std::optional<Response> CheckProofOfWorkOfAnyDesk(Call& call) {
  auto desks = call.services().store.LoadDesks();
  if (!desks) return call.Fail(desks.error());
  for (const engine::DeskCalendar& desk : *desks) {
    if (booking::AsksProofOfWork(desk.flags, PowUse::write)) return CheckProofOfWork(call, desk, PowUse::write);
  }
  return std::nullopt;
}

namespace routes {

Response GetChallenge(Call& call) {
  ProofOfWork* proof_of_work = call.services().proof_of_work;
  if (proof_of_work == nullptr) return call.Fail(engine::Error::not_found);
  const booking::Challenge challenge =
      proof_of_work->NewChallenge(LimitKey(call.context().client_address), call.now());
  return call.Json(beast_http::status::ok, json::object{{"algorithm", challenge.algorithm},
                                                        {"challenge", challenge.challenge},
                                                        {"maxnumber", challenge.maxnumber},
                                                        {"salt", challenge.salt},
                                                        {"signature", challenge.signature}});
}

}  // namespace routes

}  // namespace sportello::http
