// Rate limits as answers: 429 rate_limited with Retry-After.
#include "http/routes.h"

#include "http/client_address.h"

#include <boost/beast/http/field.hpp>

#include <array>
#include <string>

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

// Wrong tax codes are counted in the store (VerificationLedger), on the server clock, so that every
// node counts the same failures, in two buckets:
// - `verification`, per client and application: a guesser at one address is held up on that
//   application, while its holder, elsewhere, still gets in with the right code;
// - `verification_total`, per application whatever the address: a botnet spreading its guesses
//   over many addresses gets a few hundred tries, then one a minute for all of it together. Only
//   then does the holder wait too: the price of not letting a botnet guess without end.
// Every id is counted alike, known or not (an unknown id that is never held up would tell which
// ids exist); the counts are rows in the database, which no flood of ids can push out.
namespace {

using FailureTokens = TokenBucket<engine::Instant>;

std::optional<FailureTokens> AsTokens(const std::optional<storage::FailureBucket>& stored) {
  if (!stored) return std::nullopt;
  return FailureTokens{stored->tokens, stored->updated};
}

struct FailureBucket {
  std::string_view limit_name;
  std::string key;
};

// The buckets a wrong tax code for `application_id` from this client is charged to.
std::array<FailureBucket, 2> FailureBuckets(const Call& call, std::string_view application_id) {
  return {{{"verification", LimitKey(call.context().client_address) + "|" + std::string(application_id)},
           {"verification_total", std::string(application_id)}}};
}

// The limit `name` on failed verifications; nullopt when rate limits are off or it is not set.
std::optional<RateLimit> FailureLimit(const Call& call, std::string_view name) {
  const RateLimiter* limiter = call.services().limiter;
  return limiter != nullptr ? limiter->Limit(name) : std::nullopt;
}

}  // namespace

std::optional<Response> CheckVerificationAllowed(Call& call, std::string_view application_id) {
  for (const FailureBucket& bucket : FailureBuckets(call, application_id)) {
    const std::optional<RateLimit> limit = FailureLimit(call, bucket.limit_name);
    if (!limit) continue;
    auto stored = call.services().store.FailureBucketOf(bucket.key);
    if (!stored) return call.Fail(stored.error());
    const RateDecision decision = Decide(Refilled(AsTokens(*stored), *limit, call.now()), *limit);
    if (!decision.allowed) return TooMany(call, decision);
  }
  return std::nullopt;
}

void ChargeFailedVerification(Call& call, std::string_view application_id) {
  const engine::Instant now = call.now();
  for (const FailureBucket& bucket : FailureBuckets(call, application_id)) {
    const std::optional<RateLimit> limit = FailureLimit(call, bucket.limit_name);
    if (!limit) continue;
    // A failure to record is not the applicant's: the answer they get stays the same.
    (void)call.services().store.ChargeFailure(bucket.key, [&](const std::optional<storage::FailureBucket>& stored) {
      const FailureTokens after = Taken(Refilled(AsTokens(stored), *limit, now));
      return storage::FailureBucket{after.tokens, after.updated};
    });
  }
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
