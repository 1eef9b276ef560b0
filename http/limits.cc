// Rate limits as answers: 429 rate_limited with Retry-After.
#include "http/routes.h"

#include <boost/beast/http/field.hpp>

namespace sportello::http::routes {

namespace {

Response TooMany(Call& call, RateDecision decision) {
  Response response = call.Fail(engine::Error::rate_limited);
  response.set(boost::beast::http::field::retry_after, std::to_string(decision.retry_after.count()));
  return response;
}

}  // namespace

std::optional<Response> CheckRate(Call& call, std::string_view bucket, std::string_view key) {
  RateLimiter* limiter = call.services().limiter;
  if (limiter == nullptr) return std::nullopt;
  const RateDecision decision = limiter->Acquire(bucket, key, limiter->Now());
  if (decision.allowed) return std::nullopt;
  return TooMany(call, decision);
}

std::optional<Response> CheckVerificationAllowed(Call& call, std::string_view application_id) {
  RateLimiter* limiter = call.services().limiter;
  if (limiter == nullptr) return std::nullopt;
  const RateDecision decision = limiter->Peek("verification", application_id, limiter->Now());
  if (decision.allowed) return std::nullopt;
  return TooMany(call, decision);
}

void ChargeFailedVerification(Call& call, std::string_view application_id) {
  if (RateLimiter* limiter = call.services().limiter) {
    limiter->Acquire("verification", application_id, limiter->Now());
  }
}

}  // namespace sportello::http::routes
