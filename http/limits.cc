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

// The failed-verification limit counts per application across every node: its buckets live in the
// store (VerificationLedger), on the server clock.
namespace {

using FailureTokens = TokenBucket<engine::Instant>;

std::optional<FailureTokens> AsTokens(const std::optional<storage::FailureBucket>& stored) {
  if (!stored) return std::nullopt;
  return FailureTokens{stored->tokens, stored->updated};
}

// The limit on failed verifications; nullopt when rate limits are off.
std::optional<RateLimit> VerificationLimit(const Call& call) {
  const RateLimiter* limiter = call.services().limiter;
  return limiter != nullptr ? limiter->Limit("verification") : std::nullopt;
}

}  // namespace

std::optional<Response> CheckVerificationAllowed(Call& call, std::string_view application_id) {
  const std::optional<RateLimit> limit = VerificationLimit(call);
  if (!limit) return std::nullopt;
  auto stored = call.services().store.FailureBucketOf(application_id);
  if (!stored) return call.Fail(stored.error());
  const RateDecision decision = Decide(Refilled(AsTokens(*stored), *limit, call.now()), *limit);
  if (decision.allowed) return std::nullopt;
  return TooMany(call, decision);
}

void ChargeFailedVerification(Call& call, std::string_view application_id) {
  const std::optional<RateLimit> limit = VerificationLimit(call);
  if (!limit) return;
  const engine::Instant now = call.now();
  // A failure to record is not the applicant's: the answer they get stays the same.
  (void)call.services().store.ChargeFailure(application_id, [&](const std::optional<storage::FailureBucket>& stored) {
    const FailureTokens after = Taken(Refilled(AsTokens(stored), *limit, now));
    return storage::FailureBucket{after.tokens, after.updated};
  });
}

std::optional<Response> EnterPasswordCheck(Call& call, std::optional<PasswordGate::Ticket>& ticket) {
  PasswordGate* gate = call.services().password_checks;
  if (gate == nullptr) return std::nullopt;
  ticket = gate->TryEnter();
  if (ticket) return std::nullopt;
  Response busy = call.Fail(engine::Problem(engine::Error::unavailable, "",
                                            "too many sign-ins at this moment; try again in a second"));
  busy.set(boost::beast::http::field::retry_after, "1");
  return busy;
}

}  // namespace sportello::http::routes
