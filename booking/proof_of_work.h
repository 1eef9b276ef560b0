// Proof of work (SPEC.md, "Fair release"): the challenges a desk with the flag `proof_of_work`
// asks applicants to solve, and the rule that accepts a solution once. The protocol is ALTCHA's
// first one (docs/decisions.md, "Proof of work"), which the altcha widget still solves:
//
//   challenge = hex SHA-256(salt + decimal number), number random in [0, maxnumber]
//   salt      = 24 random hex digits + "?expires=<unix seconds>&" (the "&" ends the parameter, so
//               no digit of the number can be read as part of the expiry)
//   signature = hex HMAC-SHA-256(key, challenge), the key derived from the server's secret
//
// The client finds the number by trying 0, 1, 2, … and sends {"algorithm","challenge","number",
// "salt","signature"} as base64 JSON in the `Altcha` header. The server keeps nothing per challenge
// until a solution of it is used: then its signature is spent (storage::ChallengeLedger), so every
// node refuses it from then on. How hard a challenge is (maxnumber) is ChallengeMaxNumber's rule.
// Thread-safety: ChallengeKey is immutable once made; the functions are safe from any thread.
#pragma once

#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/time.h"
#include "storage/store.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::booking {

// What an applicant's request does at a desk: change something (book, move, join the waitlist,
// look up an application) or read its availability.
enum class PowUse { write, read };

// Whether `flags` ask applicants for proof of work for `use`: writes when `proof_of_work` is on
// (or `proof_of_work_reads`: reads guarded while writes are not would protect nothing), reads when
// `proof_of_work_reads` is on. Staff are never asked (http/proof_of_work.h).
bool AsksProofOfWork(const engine::DeskFlags& flags, PowUse use);

// The one algorithm challenges use, and how long one may be solved and used.
inline constexpr std::string_view kChallengeAlgorithm = "SHA-256";
inline constexpr std::chrono::minutes kChallengeLifetime{5};

// The key that signs challenges: HMAC-SHA-256, keyed with the server's secret (--secret-file, the
// same on every node), of a fixed label. So every node checks every node's challenges, and the key
// that seals tokens at rest (storage/secrets.h) is never the one that signs.
class ChallengeKey {
 public:
  // Throws std::invalid_argument for an empty secret (a start-up error).
  explicit ChallengeKey(std::string_view secret);

  // hex HMAC-SHA-256 of `challenge` under this key.
  std::string Sign(std::string_view challenge) const;
  // Whether `signature` is Sign(challenge), compared in constant time.
  bool Verifies(std::string_view challenge, std::string_view signature) const;

 private:
  std::array<unsigned char, 32> key_{};
};

// A challenge as GET /api/v1/challenge answers it.
struct Challenge {
  std::string algorithm;    // kChallengeAlgorithm
  std::string challenge;    // hex SHA-256(salt + number)
  std::int64_t maxnumber = 0;
  std::string salt;         // "<24 hex digits>?expires=<unix seconds>&"
  std::string signature;    // hex HMAC-SHA-256(key, challenge)
  engine::Instant expires_at;
};

// A fresh challenge: random salt, random number in [0, maxnumber], expiring kChallengeLifetime
// after `now`. `maxnumber` is clamped to [1, 2^32 - 2].
Challenge NewChallenge(const ChallengeKey& key, std::int64_t maxnumber, engine::Instant now);
// The challenge of `number` and `salt_random` (24 hex digits) at `now`: NewChallenge's arithmetic,
// for tests that need a known number.
Challenge MakeChallenge(const ChallengeKey& key, std::int64_t maxnumber, std::string_view salt_random,
                        std::int64_t number, engine::Instant now);

// hex SHA-256 of `salt` followed by `number` in decimal: what a solution must reproduce.
std::string ChallengeHash(std::string_view salt, std::int64_t number);

// What the detail of a refusal says, so the applicant's page (and a person reading it) knows why.
inline constexpr std::string_view kProofMissing = "missing: this desk asks for a solved challenge in the Altcha header";
inline constexpr std::string_view kProofInvalid = "invalid: the Altcha header is not a solution of a challenge of this server";
inline constexpr std::string_view kProofExpired = "expired: the challenge has expired; ask for a new one";
inline constexpr std::string_view kProofUsed = "already used: each solution is accepted once; ask for a new challenge";

// Checks the `Altcha` header `header` (base64 of the JSON solution) at `now` and, when it is a
// valid solution of an unexpired challenge, spends it in `ledger`. Success exactly once per
// challenge, on every node sharing the ledger. Error: proof_of_work_required with kProofInvalid,
// kProofExpired or kProofUsed as detail; internal or unavailable when the ledger fails (then
// nothing is spent).
engine::Result<void> SpendProof(storage::ChallengeLedger& ledger, const ChallengeKey& key, std::string_view header,
                                engine::Instant now);

// How hard challenges are (docs/decisions.md, "Proof of work"): `base` when all is quiet, doubled
// for each step of load, never more than `cap`.
struct Difficulty {
  std::int64_t base = 50'000;    // a phone's browser tries about that many in a second
  std::int64_t cap = 5'000'000;  // a hundred times as many: a minute or two on a phone
};

// An address asking up to this many challenges a minute, and the server this many a second, add
// no step; each doubling beyond either adds one.
inline constexpr int kQuietChallengesPerAddress = 10;
inline constexpr double kQuietChallengesPerSecond = 50;

// The maxnumber of the next challenge for an address that asked `from_address` challenges in the
// last minute (this one included), while the server hands out `per_second` a second:
// base * 2^(address steps + load steps), at most `cap`. Pure.
std::int64_t ChallengeMaxNumber(const Difficulty& difficulty, int from_address, double per_second);

}  // namespace sportello::booking
