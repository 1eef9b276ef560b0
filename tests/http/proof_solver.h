// Solving a proof-of-work challenge as the altcha widget does: try 0, 1, 2, … up to the
// challenge's maxnumber until SHA-256(salt + number) is its challenge, then send
// {"algorithm","challenge","number","salt","signature"} as base64 JSON in the `Altcha` header.
// The tests' server hands out challenges of at most a few thousand numbers (api_fixture.h), so a
// solution takes milliseconds. Thread-safe: pure functions.
#pragma once

#include "booking/proof_of_work.h"

#include <boost/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sportello::http::testing {

// Standard base64 with padding, as the browser's btoa() writes it.
inline std::string Base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

// The `Altcha` header for `solution` (an object with the five members), as the widget sends it:
// with its "took" too.
inline std::string AltchaHeader(boost::json::object solution) {
  solution["took"] = 1;
  return Base64(boost::json::serialize(solution));
}

// The number that solves `challenge` (an answer of GET /api/v1/challenge). Throws when none up to
// its maxnumber does.
inline std::int64_t SolveNumber(const boost::json::value& challenge) {
  const std::string salt(challenge.at("salt").as_string());
  const std::string hash(challenge.at("challenge").as_string());
  const std::int64_t maxnumber = challenge.at("maxnumber").to_number<std::int64_t>();
  for (std::int64_t number = 0; number <= maxnumber; ++number) {
    if (booking::ChallengeHash(salt, number) == hash) return number;
  }
  throw std::runtime_error("no number up to maxnumber solves the challenge");
}

// The `Altcha` header that solves `challenge`.
inline std::string Solve(const boost::json::value& challenge) {
  return AltchaHeader(boost::json::object{{"algorithm", challenge.at("algorithm")},
                                          {"challenge", challenge.at("challenge")},
                                          {"number", SolveNumber(challenge)},
                                          {"salt", challenge.at("salt")},
                                          {"signature", challenge.at("signature")}});
}

}  // namespace sportello::http::testing
