// Proof of work (booking/proof_of_work.h) on a real store: a solution of one of the server's
// challenges is accepted once, and refused when expired, when any part of it was changed, or when
// it is not one at all; the difficulty rule; and the desk flags that ask for it (booking/desks.h).
#include "booking/desks.h"
#include "booking/proof_of_work.h"
#include "tests/http/proof_solver.h"
#include "tests/storage/fixture.h"

#include <boost/json.hpp>

namespace sportello::storage::testing {
namespace {

using booking::ChallengeKey;
using engine::Error;
namespace json = boost::json;

const ChallengeKey kKey("the secret of the server under test, 32 characters");
constexpr std::string_view kSaltRandom = "0123456789abcdef01234567";

json::object SolutionOf(const booking::Challenge& challenge, std::int64_t number) {
  return json::object{{"algorithm", challenge.algorithm},
                      {"challenge", challenge.challenge},
                      {"number", number},
                      {"salt", challenge.salt},
                      {"signature", challenge.signature}};
}

std::string Header(const json::object& solution) { return http::testing::AltchaHeader(solution); }

// The detail of a refusal, or "accepted".
std::string Outcome(Store& store, std::string_view header, Instant now) {
  auto spent = booking::SpendProof(store, kKey, header, now);
  if (spent) return "accepted";
  CHECK(spent.error() == Error::proof_of_work_required);
  return spent.error().detail.substr(0, spent.error().detail.find(':'));
}

TEST_CASE("a solution of the server's challenge is accepted once") {
  StoreFixture f(0);
  const booking::Challenge challenge = booking::MakeChallenge(kKey, 100, kSaltRandom, 42, kNow);
  CHECK(challenge.salt == "0123456789abcdef01234567?expires=1793606700&");  // kNow + 5 minutes
  CHECK(challenge.challenge == booking::ChallengeHash(challenge.salt, 42));
  const std::string header = Header(SolutionOf(challenge, 42));
  CHECK(Outcome(*f.store, header, kNow + std::chrono::minutes{1}) == "accepted");
  CHECK(Outcome(*f.store, header, kNow + std::chrono::minutes{2}) == "already used");
  // Another store on the same database, as another node: on PostgreSQL it knows the solution is
  // spent too (SQLite has one serving process, which keeps them in memory).
  if (OnPostgres()) {
    auto other = OpenStore(f.db);
    CHECK(Outcome(*other, header, kNow + std::chrono::minutes{2}) == "already used");
  }
}

TEST_CASE("a solution is refused once its challenge expired, and before that only once") {
  StoreFixture f(0);
  const booking::Challenge challenge = booking::MakeChallenge(kKey, 100, kSaltRandom, 7, kNow);
  const std::string header = Header(SolutionOf(challenge, 7));
  CHECK(Outcome(*f.store, header, kNow + booking::kChallengeLifetime + std::chrono::seconds{1}) == "expired");
  CHECK(Outcome(*f.store, header, kNow + booking::kChallengeLifetime) == "accepted");  // its last second
  CHECK(Outcome(*f.store, header, kNow + std::chrono::hours{1}) == "expired");
}

TEST_CASE("a solution with any part changed, or that is none, is invalid and spends nothing") {
  StoreFixture f(0);
  const booking::Challenge challenge = booking::MakeChallenge(kKey, 100, kSaltRandom, 42, kNow);
  const json::object good = SolutionOf(challenge, 42);
  const auto changed = [&](std::string_view member, const auto& value) {
    json::object solution = good;
    solution[member] = json::value_from(value);
    return Header(solution);
  };
  // A later expiry written into the salt: the hash no longer matches it (and the "&" that closes
  // the expiry keeps digits of the number from being read as part of it).
  const std::string spliced_salt = challenge.salt.substr(0, challenge.salt.size() - 1) + "4&";
  const booking::Challenge other_key = booking::MakeChallenge(ChallengeKey("another server's secret"), 100,
                                                              kSaltRandom, 42, kNow);
  const std::string invalid[] = {
      "",
      "%%%",
      http::testing::Base64("[1,2]"),
      http::testing::Base64(R"({"algorithm":"SHA-256"})"),
      changed("number", 43),
      changed("number", -1),
      changed("number", "42"),
      changed("algorithm", "SHA-512"),
      changed("signature", std::string(64, '0')),
      changed("signature", other_key.signature),
      changed("challenge", booking::ChallengeHash(challenge.salt, 43)),
      changed("salt", spliced_salt),
      changed("salt", "0123456789abcdef01234567?expires=1793606700"),
  };
  for (const std::string& header : invalid) {
    CAPTURE(header);
    CHECK(Outcome(*f.store, header, kNow) == "invalid");
  }
  CHECK(Outcome(*f.store, Header(good), kNow) == "accepted");
  // Unpadded base64 and members the widget adds are fine.
  const booking::Challenge next = booking::MakeChallenge(kKey, 100, "fedcba9876543210fedcba98", 3, kNow);
  std::string unpadded = Header(SolutionOf(next, 3));
  while (unpadded.ends_with('=')) unpadded.pop_back();
  CHECK(Outcome(*f.store, unpadded, kNow) == "accepted");
}

TEST_CASE("a new challenge is solvable within its maxnumber and signed with the key") {
  for (int i = 0; i < 20; ++i) {
    const booking::Challenge challenge = booking::NewChallenge(kKey, 50, kNow);
    CHECK(challenge.maxnumber == 50);
    CHECK(challenge.expires_at == kNow + booking::kChallengeLifetime);
    CHECK(kKey.Verifies(challenge.challenge, challenge.signature));
    CHECK(http::testing::SolveNumber(json::object{{"salt", challenge.salt},
                                                  {"challenge", challenge.challenge},
                                                  {"maxnumber", challenge.maxnumber}}) <= 50);
  }
  CHECK(booking::NewChallenge(kKey, 50, kNow).salt != booking::NewChallenge(kKey, 50, kNow).salt);
}

TEST_CASE("difficulty doubles for each doubling of one address's asks and of the server's rate, up to the cap") {
  const booking::Difficulty difficulty{.base = 50'000, .cap = 5'000'000};
  const auto max = [&](int from_address, double per_second) {
    return booking::ChallengeMaxNumber(difficulty, from_address, per_second);
  };
  CHECK(max(1, 0) == 50'000);
  CHECK(max(10, 50) == 50'000);
  CHECK(max(11, 0) == 100'000);
  CHECK(max(20, 0) == 100'000);
  CHECK(max(21, 0) == 200'000);
  CHECK(max(80, 0) == 400'000);
  CHECK(max(1, 51) == 100'000);
  CHECK(max(1, 200) == 200'000);
  CHECK(max(1, 201) == 400'000);
  CHECK(max(21, 201) == 1'600'000);  // both add up
  CHECK(max(1'000'000, 1e9) == 5'000'000);
  CHECK(booking::ChallengeMaxNumber({.base = 1000, .cap = 1500}, 11, 0) == 1500);
}

TEST_CASE("the flags ask for proof of work: writes with either, reads only with proof_of_work_reads") {
  using booking::AsksProofOfWork;
  using booking::PowUse;
  engine::DeskFlags flags;
  CHECK_FALSE(AsksProofOfWork(flags, PowUse::write));
  CHECK_FALSE(AsksProofOfWork(flags, PowUse::read));
  flags.proof_of_work = true;
  CHECK(AsksProofOfWork(flags, PowUse::write));
  CHECK_FALSE(AsksProofOfWork(flags, PowUse::read));
  flags = engine::DeskFlags{.self_booking = true, .proof_of_work = false, .proof_of_work_reads = true};
  CHECK(AsksProofOfWork(flags, PowUse::write));
  CHECK(AsksProofOfWork(flags, PowUse::read));
}

TEST_CASE("proof-of-work flags are switched one at a time, audited when they change, and kept by staff calendars") {
  StoreFixture f(0);
  auto set = booking::SetFlags(*f.store, "roma", {.self_booking = {}, .proof_of_work = true, .proof_of_work_reads = {}},
                               Actor::Staff("admin"), kNow);
  REQUIRE(set.has_value());
  CHECK(*set == engine::DeskFlags{.self_booking = true, .proof_of_work = true, .proof_of_work_reads = false});
  CHECK(f.store->FindDesk("roma")->flags == *set);
  // The same value again changes nothing and writes nothing.
  REQUIRE(booking::SetFlags(*f.store, "roma", {.self_booking = true, .proof_of_work = true, .proof_of_work_reads = {}},
                            Actor::Staff("admin"), kNow)
              .has_value());
  auto log = f.store->Audit(AuditOf("roma", 2));
  REQUIRE(log.has_value());
  REQUIRE(log->size() == 2);
  CHECK((*log)[0].action == "flags.proof_of_work");
  CHECK((*log)[0].before == R"({"proof_of_work":false})");
  CHECK((*log)[0].after == R"({"proof_of_work":true})");
  CHECK((*log)[1].action == "calendar.seed");
  CHECK(booking::SetFlags(*f.store, "atlantide", {.self_booking = {}, .proof_of_work = true, .proof_of_work_reads = {}},
                          Actor::Staff("admin"), kNow)
            .error() == Error::not_found);

  // Staff replacing the calendar keep every flag; the command line applies the file's.
  engine::DeskCalendar file = TestCalendar();
  file.flags.proof_of_work_reads = true;
  REQUIRE(booking::ReplaceCalendar(*f.store, file, false, false, Actor::Staff("capo"), kNow)->applied);
  CHECK(f.store->FindDesk("roma")->flags ==
        engine::DeskFlags{.self_booking = true, .proof_of_work = true, .proof_of_work_reads = false});
  REQUIRE(booking::ReplaceCalendar(*f.store, file, false, true, Actor::Cli(), kNow)->applied);
  CHECK(f.store->FindDesk("roma")->flags ==
        engine::DeskFlags{.self_booking = true, .proof_of_work = false, .proof_of_work_reads = true});
}

}  // namespace
}  // namespace sportello::storage::testing
