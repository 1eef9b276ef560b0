// Proof of work at the HTTP edge (SPEC.md, "Fair release"; the rules are booking/proof_of_work.h):
// GET /api/v1/challenge hands out challenges as hard as the asking client's and the server's load
// make them, and CheckProofOfWork lets an applicant's request through a desk that asks for proof
// of work only with a solution in its `Altcha` header, spent there and then.
//
// Routes whose desk is the `{desk}` of their path are marked in router.cc's table (the column after
// `at_once`: RoutePow::desk_write, or desk_read for availability) and checked before their handler
// runs; the look-ups, whose desk is the application's, are marked RoutePow::any_desk_write. A route
// that finds its desk later (a booking's, a waitlist entry's) calls CheckProofOfWork itself before
// it changes anything.
// Thread-safe: ProofOfWork may be used from every thread at once.
#pragma once

#include "booking/proof_of_work.h"
#include "engine/calendar.h"
#include "http/call.h"
#include "http/challenge_load.h"
#include "http/message.h"

#include <optional>
#include <string_view>

namespace sportello::http {

using booking::PowUse;

// The key that signs challenges and how hard they are, for one server (Services::proof_of_work).
class ProofOfWork {
 public:
  // `secret`: the server's secret (StoreOptions::secret, the same on every node). Throws
  // std::invalid_argument when it is empty.
  explicit ProofOfWork(std::string_view secret, booking::Difficulty difficulty = {});

  // A new challenge for `client` (an http::LimitKey) at `now`, counted in the load.
  booking::Challenge NewChallenge(std::string_view client, engine::Instant now);

  const booking::ChallengeKey& key() const { return key_; }
  const booking::Difficulty& difficulty() const { return difficulty_; }

 private:
  const booking::ChallengeKey key_;
  const booking::Difficulty difficulty_;
  ChallengeLoad load_;
};

// nullopt when the request may proceed; otherwise the 403 proof_of_work_required problem to answer
// (its detail says whether the solution was missing, invalid, expired or already used), or the
// store's failure. `desk` asks for proof of work for writes (flag proof_of_work) or also for reads
// (proof_of_work_reads); a request of a signed-in staff member (a valid bearer token) is never
// asked. A valid solution is spent: the next request needs a new one.
std::optional<Response> CheckProofOfWork(Call& call, const engine::DeskCalendar& desk, PowUse use);

// CheckProofOfWork for a request whose desk is known only once the application is verified (the
// look-ups): asked when any desk asks it for writes, so the answer to an application id tells
// nothing about the application (docs/decisions.md, "Proof of work").
std::optional<Response> CheckProofOfWorkOfAnyDesk(Call& call);

namespace routes {
// GET /api/v1/challenge: {"algorithm","challenge","maxnumber","salt","signature"}; 404 when the
// server has no ProofOfWork.
Response GetChallenge(Call& call);
}  // namespace routes

}  // namespace sportello::http
