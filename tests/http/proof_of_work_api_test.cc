// Proof of work (SPEC.md, "Fair release"): the challenge endpoint, the desk flags an administrator
// switches, and every applicant request a desk with `proof_of_work` guards: refused without a
// solution (403 proof_of_work_required, the detail saying why), let through with a solved
// challenge exactly once. The main flow runs through a real socket; the fixture's server hands out
// challenges of at most a thousand numbers, which the test solves by trying them all.
#include "api_fixture.h"
#include "proof_solver.h"
#include "test_client.h"

#include <regex>

using namespace sportello::http::testing;
using sportello::http::Response;
namespace booking = sportello::booking;
namespace json = boost::json;

namespace {

const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";
const std::string kThursdayLast = "2026-11-26T09:40:00+01:00";
const std::string kAvailability = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26";

std::string Str(const json::value& value) { return std::string(value.as_string()); }

std::string Code(const Response& response) {
  const json::value body = JsonBody(response);
  return body.as_object().contains("code") ? Str(body.at("code")) : "";
}

std::string Detail(const Response& response) { return Str(JsonBody(response).at("detail")); }

// Switches `flags` (a JSON object) of `desk` as the administrator.
void SetFlags(Api& api, const std::string& desk, const std::string& flags) {
  REQUIRE(api.Put("/api/v1/admin/desks/" + desk + "/flags", flags, Api::Bearer(api.Token("admin"))).status == 200);
}

// A solved challenge of the API, as the header the next guarded request carries (through Route()).
Headers::value_type Proof(Api& api) {
  const Answer challenge = api.Get("/api/v1/challenge");
  REQUIRE(challenge.status == 200);
  return {"Altcha", Solve(challenge.json)};
}
std::map<std::string, std::string> ProofHeaders(Api& api) {
  auto [name, value] = Proof(api);
  return {{name, value}};
}

std::string ApplicantBody(const std::string& id, const char* tax_code = kTaxCode) {
  return json::serialize(json::object{{"application_id", id}, {"tax_code", tax_code}});
}

}  // namespace

TEST_CASE("a challenge is ALTCHA's: a salt that expires in five minutes, its hash, and the server's signature",
          "[socket][proof_of_work]") {
  Api api;
  TestClient client(api.Serve());
  const Response answer = client.Get("/api/v1/challenge");
  REQUIRE(answer.result_int() == 200);
  CHECK(answer[boost::beast::http::field::cache_control] == "no-store");
  const json::value challenge = JsonBody(answer);
  CHECK(challenge.as_object().size() == 5);
  CHECK(challenge.at("algorithm") == "SHA-256");
  CHECK(challenge.at("maxnumber") == 1000);  // the fixture's base: a quiet server, a first ask
  // 24 random hex digits, then the expiry (the fixture's Monday 10:00 plus five minutes) and "&".
  const std::string salt = Str(challenge.at("salt"));
  CHECK(std::regex_match(salt, std::regex("[0-9a-f]{24}\\?expires=1795424700&")));
  const std::int64_t number = SolveNumber(challenge);
  CHECK(number <= 1000);
  CHECK(Str(challenge.at("challenge")) == booking::ChallengeHash(salt, number));
  CHECK(Str(challenge.at("signature")) == booking::ChallengeKey(kTestSecret).Sign(Str(challenge.at("challenge"))));
  CHECK(Str(challenge.at("signature")) != booking::ChallengeKey("another secret").Sign(Str(challenge.at("challenge"))));
  // Every challenge is new.
  CHECK(JsonBody(client.Get("/api/v1/challenge")).at("salt") != challenge.at("salt"));
}

TEST_CASE("a desk without proof_of_work takes bookings without any Altcha header", "[proof_of_work]") {
  Api api;
  CHECK(api.Get("/api/v1/desks/roma").json.at("proof_of_work") == false);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  CHECK(api.Post("/api/v1/applications/lookup", ApplicantBody("A-1")).status == 200);
  CHECK(api.Get(kAvailability).status == 200);
}

TEST_CASE("with proof_of_work a booking needs a solved challenge, accepted once, through a socket",
          "[socket][proof_of_work]") {
  Api api;
  SetFlags(api, "roma", R"({"proof_of_work":true})");
  TestClient client(api.Serve());
  const Headers json_type{{"Content-Type", "application/json"}};

  const Response missing = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday), json_type);
  CHECK(missing.result_int() == 403);
  CHECK(Code(missing) == "proof_of_work_required");
  CHECK(Detail(missing).starts_with("missing"));
  const Response garbage = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday),
                                       {{"Content-Type", "application/json"}, {"Altcha", "not a solution"}});
  CHECK(Code(garbage) == "proof_of_work_required");
  CHECK(Detail(garbage).starts_with("invalid"));

  const std::string solution = Solve(JsonBody(client.Get("/api/v1/challenge")));
  const Headers with_solution{{"Content-Type", "application/json"}, {"Altcha", solution}};
  const Response booked = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday), with_solution);
  CHECK(booked.result_int() == 201);

  // The same solution again, for another application: refused, and nothing is booked.
  const Response replayed = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday), with_solution);
  CHECK(replayed.result_int() == 403);
  CHECK(Code(replayed) == "proof_of_work_required");
  CHECK(Detail(replayed).starts_with("already used"));
  const json::value days = JsonBody(client.Get(kAvailability)).at("days");
  CHECK(days.as_array()[0].at("slots").as_array()[0].at("free") == 1);  // two seats, A-1's taken

  // A solution whose signature was changed is not this server's.
  json::value challenge = JsonBody(client.Get("/api/v1/challenge"));
  const std::int64_t number = SolveNumber(challenge);
  std::string signature = Str(challenge.at("signature"));
  signature.back() = signature.back() == '0' ? '1' : '0';
  const Response tampered = client.Post(
      "/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday),
      {{"Content-Type", "application/json"},
       {"Altcha", AltchaHeader({{"algorithm", "SHA-256"}, {"challenge", challenge.at("challenge")}, {"number", number},
                                {"salt", challenge.at("salt")}, {"signature", signature}})}});
  CHECK(Code(tampered) == "proof_of_work_required");
  CHECK(Detail(tampered).starts_with("invalid"));
  // Nor is a wrong number, nor another algorithm.
  const Response wrong_number = client.Post(
      "/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday),
      {{"Content-Type", "application/json"},
       {"Altcha", AltchaHeader({{"algorithm", "SHA-256"}, {"challenge", challenge.at("challenge")},
                                {"number", number + 1}, {"salt", challenge.at("salt")},
                                {"signature", challenge.at("signature")}})}});
  CHECK(Detail(wrong_number).starts_with("invalid"));
  // The untouched solution of that challenge still works: the refusals spent nothing.
  CHECK(client.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday),
                    {{"Content-Type", "application/json"}, {"Altcha", Solve(challenge)}})
            .result_int() == 201);
}

TEST_CASE("a solution of a challenge that expired is refused as expired", "[socket][proof_of_work]") {
  Api api;
  SetFlags(api, "roma", R"({"proof_of_work":true})");
  std::string solution;
  {
    TestClient client(api.Serve());
    solution = Solve(JsonBody(client.Get("/api/v1/challenge")));
    api.StopServing();
  }
  api.SetNow("2026-11-23T10:05:01+01:00");  // five minutes and a second later
  TestClient client(api.Serve());
  const Response late = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday),
                                    {{"Content-Type", "application/json"}, {"Altcha", solution}});
  CHECK(late.result_int() == 403);
  CHECK(Code(late) == "proof_of_work_required");
  CHECK(Detail(late).starts_with("expired"));
  const std::string fresh = Solve(JsonBody(client.Get("/api/v1/challenge")));
  CHECK(client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday),
                    {{"Content-Type", "application/json"}, {"Altcha", fresh}})
            .result_int() == 201);
}

TEST_CASE("staff signed in are never asked for proof of work", "[proof_of_work]") {
  Api api;
  SetFlags(api, "roma", R"({"proof_of_work":true,"proof_of_work_reads":true})");
  const auto admin = Api::Bearer(api.Token("admin"));
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday), admin).status == 201);
  CHECK(api.Get(kAvailability, admin).status == 200);
  CHECK(api.Post("/api/v1/staff/desks/roma/bookings", R"({"type":"lavoro-documenti","start":")" + kThursdayLater +
                                                          R"(","application_id":"A-3"})",
                 Api::Bearer(api.Token("op.roma")))
            .status == 201);
  // A token that is no session's counts for nothing.
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-4", kThursday), Api::Bearer("forged")).Code() ==
        "proof_of_work_required");
}

TEST_CASE("the look-ups ask for proof of work when any desk does, whatever the application", "[proof_of_work]") {
  Api api;
  SetFlags(api, "milano", R"({"proof_of_work":true})");  // A-1 is roma's, which asks none
  for (const char* path : {"/api/v1/applications/lookup", "/api/v1/applications/manage",
                           "/api/v1/applications/resend-link"}) {
    CAPTURE(path);
    CHECK(api.Post(path, ApplicantBody("A-1")).Code() == "proof_of_work_required");
    // The same answer for an application that does not exist: the header tells nothing about ids.
    CHECK(api.Post(path, ApplicantBody("X-404")).Code() == "proof_of_work_required");
  }
  CHECK(api.Post("/api/v1/applications/lookup", ApplicantBody("A-1"), ProofHeaders(api)).status == 200);
  CHECK(api.Post("/api/v1/applications/lookup", ApplicantBody("X-404"), ProofHeaders(api)).Code() ==
        "application_not_verified");
  CHECK(api.Post("/api/v1/applications/manage", ApplicantBody("A-1"), ProofHeaders(api)).status == 200);
  // Roma itself still books without: the look-ups are the only requests that ask any desk.
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  SetFlags(api, "milano", R"({"proof_of_work":false})");
  CHECK(api.Post("/api/v1/applications/lookup", ApplicantBody("A-1")).status == 200);
}

TEST_CASE("moving a booking and joining the waitlist ask the proof of their desk", "[proof_of_work]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string reschedule = "/api/v1/bookings/" + Str(made.json.at("code")) + "/reschedule?token=" +
                                 Str(made.json.at("manage_token"));
  SetFlags(api, "roma", R"({"proof_of_work":true})");
  const std::string move = json::serialize(json::object{{"start", kThursdayLater}});
  CHECK(api.Post(reschedule, move).Code() == "proof_of_work_required");
  // A wrong token is still answered as an unknown booking, before any proof is asked.
  CHECK(api.Post("/api/v1/bookings/" + Str(made.json.at("code")) + "/reschedule?token=wrong", move).status == 404);
  const Answer moved = api.Post(reschedule, move, ProofHeaders(api));
  REQUIRE(moved.status == 200);
  CHECK(moved.json.at("start") == kThursdayLater.c_str());
  // Cancelling needs none: it only gives a seat back.
  const std::string cancel = "/api/v1/bookings/" + Str(made.json.at("code")) + "/cancel?token=" +
                             Str(made.json.at("manage_token"));
  CHECK(api.Post(cancel, "").status == 200);

  const std::string join = R"({"type":"lavoro-documenti","application_id":"A-3","tax_code":")" + std::string(kTaxCode) +
                           "\"}";
  CHECK(api.Post("/api/v1/desks/roma/waitlist", join).Code() == "proof_of_work_required");
  CHECK(api.Post("/api/v1/desks/roma/waitlist", join, ProofHeaders(api)).Code() == "waitlist_closed");
}

TEST_CASE("accepting a waitlist offer asks the proof of the entry's desk", "[proof_of_work]") {
  Api api;
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  Answer calendar = api.Get("/api/v1/staff/desks/roma/calendar", manager);
  json::object& type = calendar.json.as_object()["types"].as_object()["lavoro-documenti"].as_object();
  type["waitlist_offer_minutes"] = 30;
  type["horizon_days"] = 4;  // Thursday the only day
  type["weekly"].as_array()[0].as_object()["capacity"] = 1;
  REQUIRE(api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar.json), manager).status == 200);
  std::string cancel;
  for (const auto& [id, start, tax_code] : {std::tuple{"A-2", kThursday, kOtherTaxCode},
                                            std::tuple{"A-3", kThursdayLater, kTaxCode},
                                            std::tuple{"A-4", kThursdayLast, kTaxCode}}) {
    const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody(id, start, tax_code));
    REQUIRE(made.status == 201);
    cancel = "/api/v1/bookings/" + Str(made.json.at("code")) + "/cancel?token=" + Str(made.json.at("manage_token"));
  }
  const Answer joined = api.Post("/api/v1/desks/roma/waitlist",
                                 R"({"type":"lavoro-documenti","application_id":"A-1","tax_code":")" +
                                     std::string(kTaxCode) + "\"}");
  REQUIRE(joined.status == 201);
  REQUIRE(api.Post(cancel, "").status == 200);  // A-4's seat goes to A-1 as an offer
  SetFlags(api, "roma", R"({"proof_of_work":true})");
  const std::string accept = "/api/v1/waitlist/" + Str(joined.json.at("id")) + "/accept";
  const std::map<std::string, std::string> token{{"X-Waitlist-Token", Str(joined.json.at("token"))}};
  CHECK(api.Post(accept, "", token).Code() == "proof_of_work_required");
  CHECK(api.Post(accept, "", {{"X-Waitlist-Token", "wrong"}}).status == 404);
  std::map<std::string, std::string> with_proof = token;
  with_proof.merge(ProofHeaders(api));
  const Answer accepted = api.Post(accept, "", with_proof);
  REQUIRE(accepted.status == 200);
  CHECK(accepted.json.at("start") == kThursdayLast.c_str());
}

TEST_CASE("availability asks proof of work only with proof_of_work_reads, and is then never answered from a cache",
          "[proof_of_work]") {
  Api api;
  SetFlags(api, "roma", R"({"proof_of_work":true})");
  REQUIRE(api.Get(kAvailability).status == 200);  // writes only: reads are free, and cached
  REQUIRE(api.AtOnce(kAvailability).has_value());
  CHECK(api.AtOnce(kAvailability)->headers.find("Cache-Control: public, max-age=1") != std::string::npos);

  SetFlags(api, "roma", R"({"proof_of_work_reads":true})");
  // The flag is read at once: the answer kept in memory is not given without a proof any more.
  const Answer refused = api.Get(kAvailability);
  CHECK(refused.status == 403);
  CHECK(refused.Code() == "proof_of_work_required");
  const Answer read = api.Get(kAvailability, ProofHeaders(api));
  REQUIRE(read.status == 200);
  CHECK(read.headers.find("Cache-Control: no-store") != std::string::npos);
  CHECK_FALSE(api.AtOnce(kAvailability).has_value());
  CHECK(api.Get(kAvailability).Code() == "proof_of_work_required");
  // Reads guarded means writes guarded too, even with proof_of_work itself off.
  SetFlags(api, "roma", R"({"proof_of_work":false})");
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).Code() == "proof_of_work_required");
}

TEST_CASE("an administrator switches the flags one at a time, each change audited, and the desks show them",
          "[proof_of_work][admin]") {
  Api api;
  const auto admin = Api::Bearer(api.Token("admin"));
  const std::string flags = "/api/v1/admin/desks/roma/flags";
  CHECK(api.Put(flags, "{}", admin).Code() == "invalid_request");
  CHECK(api.Put(flags, R"({"proof_of_work":"yes"})", admin).Code() == "invalid_request");
  CHECK(api.Put(flags, R"({"captcha":true})", admin).Code() == "invalid_request");
  CHECK(api.Put(flags, R"({"proof_of_work":true})", Api::Bearer(api.Token("mgr.roma"))).status == 403);

  const Answer on = api.Put(flags, R"({"proof_of_work":true})", admin);
  REQUIRE(on.status == 200);
  CHECK(on.json.at("self_booking") == true);  // left as it was
  CHECK(on.json.at("proof_of_work") == true);
  CHECK(on.json.at("proof_of_work_reads") == false);
  const Answer both = api.Put(flags, R"({"self_booking":false,"proof_of_work_reads":true})", admin);
  CHECK(both.json.at("self_booking") == false);
  CHECK(both.json.at("proof_of_work") == true);
  CHECK(both.json.at("proof_of_work_reads") == true);

  const Answer desks = api.Get("/api/v1/desks");
  for (const auto& desk : desks.json.at("desks").as_array()) {
    CAPTURE(desk);
    CHECK(desk.at("proof_of_work") == (desk.at("id") == "roma"));
    CHECK(desk.at("proof_of_work_reads") == (desk.at("id") == "roma"));
  }
  CHECK(api.Get("/api/v1/desks/roma").json.at("proof_of_work_reads") == true);

  const Answer audit = api.Get("/api/v1/admin/audit?desk=roma", admin);
  REQUIRE(audit.status == 200);
  std::vector<std::string> changes;
  for (const auto& entry : audit.json.at("entries").as_array()) {
    if (Str(entry.at("action")).starts_with("flags.")) {
      CHECK(entry.at("actor") == "staff:admin");
      changes.push_back(Str(entry.at("action")) + " " + json::serialize(entry.at("after")));
    }
  }
  // Newest first; one entry per flag that changed.
  CHECK(changes == std::vector<std::string>{R"(flags.proof_of_work_reads {"proof_of_work_reads":true})",
                                            R"(flags.self_booking {"self_booking":false})",
                                            R"(flags.proof_of_work {"proof_of_work":true})"});
}

TEST_CASE("a client asking challenge after challenge gets harder ones, up to the cap", "[proof_of_work]") {
  sportello::http::ProofOfWork proof_of_work(kTestSecret, booking::Difficulty{.base = 1000, .cap = 8000});
  const auto now = *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00");
  std::vector<std::int64_t> maxnumbers;
  for (int ask = 1; ask <= 81; ++ask) maxnumbers.push_back(proof_of_work.NewChallenge("203.0.113.7", now).maxnumber);
  CHECK(maxnumbers[0] == 1000);
  CHECK(maxnumbers[9] == 1000);   // ten a minute: as quiet as can be
  CHECK(maxnumbers[10] == 2000);  // the eleventh
  CHECK(maxnumbers[20] == 4000);  // the twenty-first
  CHECK(maxnumbers[40] == 8000);
  CHECK(maxnumbers[80] == 8000);  // the cap
  // Another address asking now is not held up by that one.
  CHECK(proof_of_work.NewChallenge("198.51.100.1", now).maxnumber == 1000);
  // Two minutes later the first address is quiet again.
  CHECK(proof_of_work.NewChallenge("203.0.113.7", now + std::chrono::minutes{2}).maxnumber == 1000);
}

TEST_CASE("a surge of challenges from many addresses makes everyone's harder while it lasts", "[proof_of_work]") {
  sportello::http::ChallengeLoad load;
  const auto now = *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00");
  sportello::http::ChallengeLoad::Counts counts;
  for (int client = 0; client < 600; ++client) counts = load.Asked("198.51.100." + std::to_string(client), now);
  CHECK(counts.from_client == 1);
  CHECK(counts.per_second == Approx(60));  // 600 in the last 10 seconds
  CHECK(booking::ChallengeMaxNumber({.base = 1000, .cap = 64'000}, counts.from_client, counts.per_second) == 2000);
  // Half a window later half of the previous one still counts; two windows later nothing does.
  CHECK(load.Asked("203.0.113.1", now + std::chrono::seconds{15}).per_second == Approx(30.1));
  CHECK(load.Asked("203.0.113.1", now + std::chrono::seconds{40}).per_second == Approx(0.1));
}

