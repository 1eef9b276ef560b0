#include "booking/proof_of_work.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/core.h>
#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

namespace sportello::booking {

namespace {

// The label the challenge key is derived under: changing it invalidates every challenge out.
constexpr std::string_view kKeyLabel = "sportello/proof-of-work/challenge-key/v1";
constexpr std::size_t kSaltRandomBytes = 12;  // 24 hex digits, as ALTCHA's libraries make them
constexpr std::string_view kExpiresParameter = "?expires=";
// The largest number a solution may carry; challenges never go near it.
constexpr std::int64_t kLargestNumber = std::numeric_limits<std::uint32_t>::max();

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The expiry a salt of NewChallenge's form carries; nullopt for any other salt.
std::optional<engine::Instant> SaltExpiry(std::string_view salt) {
  const std::size_t random_digits = kSaltRandomBytes * 2;
  if (salt.size() < random_digits + kExpiresParameter.size() + 2 || !salt.ends_with('&')) return std::nullopt;
  if (!IsLowerHex(salt.substr(0, random_digits))) return std::nullopt;
  if (salt.substr(random_digits, kExpiresParameter.size()) != kExpiresParameter) return std::nullopt;
  const std::string_view digits = salt.substr(random_digits + kExpiresParameter.size());
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size() - 1, seconds);
  if (error != std::errc{} || end != digits.data() + digits.size() - 1 || seconds < 0) return std::nullopt;
  return engine::Instant{std::chrono::seconds{seconds}};
}

struct Solution {
  std::string algorithm;
  std::string challenge;
  std::int64_t number = -1;
  std::string salt;
  std::string signature;
};

std::optional<std::string> StringMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* member = object.if_contains(name);
  if (member == nullptr || !member->is_string()) return std::nullopt;
  return std::string(member->get_string());
}

// The header decoded: base64 (with or without padding) of a JSON object with the five members;
// others (the widget adds "took") are ignored. nullopt when it is anything else.
std::optional<Solution> ParseSolution(std::string_view header) {
  if (header.empty() || header.size() > 4096) return std::nullopt;
  std::string json(header.size(), '\0');
  auto* decoded = reinterpret_cast<unsigned char*>(json.data());
  std::size_t length = 0;
  if (sodium_base642bin(decoded, json.size(), header.data(), header.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 &&
      sodium_base642bin(decoded, json.size(), header.data(), header.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
    return std::nullopt;
  }
  json.resize(length);
  boost::system::error_code error;
  const boost::json::value document = boost::json::parse(json, error);
  if (error || !document.is_object()) return std::nullopt;
  const boost::json::object& object = document.get_object();
  Solution solution;
  auto algorithm = StringMember(object, "algorithm");
  auto challenge = StringMember(object, "challenge");
  auto salt = StringMember(object, "salt");
  auto signature = StringMember(object, "signature");
  const boost::json::value* number = object.if_contains("number");
  if (!algorithm || !challenge || !salt || !signature || number == nullptr) return std::nullopt;
  if (number->is_int64()) solution.number = number->get_int64();
  if (number->is_uint64() && number->get_uint64() <= static_cast<std::uint64_t>(kLargestNumber)) {
    solution.number = static_cast<std::int64_t>(number->get_uint64());
  }
  if (solution.number < 0 || solution.number > kLargestNumber) return std::nullopt;
  solution.algorithm = std::move(*algorithm);
  solution.challenge = std::move(*challenge);
  solution.salt = std::move(*salt);
  solution.signature = std::move(*signature);
  return solution;
}

engine::Problem Refusal(std::string_view detail) {
  return engine::Problem(engine::Error::proof_of_work_required, "", std::string(detail));
}

}  // namespace

bool AsksProofOfWork(const engine::DeskFlags& flags, PowUse use) {
  return use == PowUse::read ? flags.proof_of_work_reads : flags.proof_of_work || flags.proof_of_work_reads;
}

ChallengeKey::ChallengeKey(std::string_view secret) {
  if (secret.empty()) throw std::invalid_argument("proof of work: the server's secret is empty");
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, Bytes(secret), secret.size());
  crypto_auth_hmacsha256_update(&state, Bytes(kKeyLabel), kKeyLabel.size());
  crypto_auth_hmacsha256_final(&state, key_.data());
  sodium_memzero(&state, sizeof state);
}

std::string ChallengeKey::Sign(std::string_view challenge) const {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), Bytes(challenge), challenge.size(), key_.data());
  return Hex(mac.data(), mac.size());
}

bool ChallengeKey::Verifies(std::string_view challenge, std::string_view signature) const {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  std::size_t length = 0;
  if (signature.size() != mac.size() * 2 || !IsLowerHex(signature)) return false;
  if (sodium_hex2bin(mac.data(), mac.size(), signature.data(), signature.size(), nullptr, &length, nullptr) != 0 ||
      length != mac.size()) {
    return false;
  }
  return crypto_auth_hmacsha256_verify(mac.data(), Bytes(challenge), challenge.size(), key_.data()) == 0;
}

std::string ChallengeHash(std::string_view salt, std::int64_t number) {
  const std::string text = fmt::format("{}{}", salt, number);
  std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
  crypto_hash_sha256(hash.data(), Bytes(text), text.size());
  return Hex(hash.data(), hash.size());
}

Challenge MakeChallenge(const ChallengeKey& key, std::int64_t maxnumber, std::string_view salt_random,
                        std::int64_t number, engine::Instant now) {
  Challenge made;
  made.algorithm = std::string(kChallengeAlgorithm);
  made.maxnumber = maxnumber;
  made.expires_at = std::chrono::floor<std::chrono::seconds>(now) + kChallengeLifetime;
  made.salt = fmt::format("{}{}{}&", salt_random, kExpiresParameter, made.expires_at.time_since_epoch().count());
  made.challenge = ChallengeHash(made.salt, number);
  made.signature = key.Sign(made.challenge);
  return made;
}

Challenge NewChallenge(const ChallengeKey& key, std::int64_t maxnumber, engine::Instant now) {
  maxnumber = std::clamp<std::int64_t>(maxnumber, 1, kLargestNumber - 1);
  std::array<unsigned char, kSaltRandomBytes> random{};
  randombytes_buf(random.data(), random.size());
  const auto number = static_cast<std::int64_t>(randombytes_uniform(static_cast<std::uint32_t>(maxnumber + 1)));
  return MakeChallenge(key, maxnumber, Hex(random.data(), random.size()), number, now);
}

engine::Result<void> SpendProof(storage::ChallengeLedger& ledger, const ChallengeKey& key, std::string_view header,
                                engine::Instant now) {
  const std::optional<Solution> solution = ParseSolution(header);
  if (!solution || solution->algorithm != kChallengeAlgorithm) return Refusal(kProofInvalid);
  // The signature first: only this server's challenges are worth hashing.
  if (!key.Verifies(solution->challenge, solution->signature)) return Refusal(kProofInvalid);
  const std::optional<engine::Instant> expires_at = SaltExpiry(solution->salt);
  if (!expires_at || ChallengeHash(solution->salt, solution->number) != solution->challenge) {
    return Refusal(kProofInvalid);
  }
  if (now > *expires_at) return Refusal(kProofExpired);
  auto spent = ledger.SpendChallenge(solution->signature, *expires_at, now);
  if (!spent) return spent.error();
  if (!*spent) return Refusal(kProofUsed);
  return {};
}

std::int64_t ChallengeMaxNumber(const Difficulty& difficulty, int from_address, double per_second) {
  int steps = 0;
  for (double quiet = kQuietChallengesPerAddress; from_address > quiet && steps < 62; quiet *= 2) ++steps;
  for (double quiet = kQuietChallengesPerSecond; per_second > quiet && steps < 62; quiet *= 2) ++steps;
  std::int64_t maxnumber = std::max<std::int64_t>(difficulty.base, 1);
  for (int step = 0; step < steps && maxnumber < difficulty.cap; ++step) maxnumber *= 2;
  return std::min(maxnumber, std::max(difficulty.cap, difficulty.base));
}

}  // namespace sportello::booking
