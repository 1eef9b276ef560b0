// Booking codes, manage tokens and the hashes the store keeps instead of secrets (libsodium).
//
// Booking code: the desk's province code and 12 characters of Crockford base32 (0-9 A-Z without
// I L O U) in groups of four, e.g. `RM-7K3Q-9XZD-4F2H`. 12 × 5 = 60 random bits from the OS
// CSPRNG: at a million bookings a desk, guessing any valid code takes ~2^40 tries on average, and
// a code alone grants nothing (the manage token is also needed). 8 characters (40 bits) would
// be too few; 60 keeps the code short enough to read over the phone.
// Manage token: 128 random bits as 22 characters of unpadded base64url; only its BLAKE2b hash is
// stored. Thread-safe: libsodium is initialised once, lazily.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::storage {

inline constexpr std::size_t kCodeRandomChars = 12;
inline constexpr std::size_t kHashBytes = 32;
using Hash = std::array<unsigned char, kHashBytes>;

// Throws std::runtime_error if libsodium cannot be initialised (no entropy source).
void InitSodium();

// A fresh code for a desk of `province` (e.g. "RM").
std::string NewBookingCode(std::string_view province);
// The canonical form of a code as typed: upper case, and in the random part O read as 0 and I, L
// as 1. nullopt when it cannot be a code (wrong shape or characters).
std::optional<std::string> NormalizeBookingCode(std::string_view typed);

// A fresh manage token (128 bits, base64url).
std::string NewManageToken();
// What the store keeps of a manage token: its hash in the manage-token domain.
Hash ManageTokenHash(std::string_view token);

// A fresh waitlist entry id: "W" and 12 characters of the booking-code alphabet in groups of four,
// e.g. "W-7K3Q-9XZD-4F2H".
std::string NewWaitlistId();
// What the store keeps of a waitlist entry's token (a fresh one is NewManageToken()): its hash in
// the waitlist-token domain.
Hash WaitlistTokenHash(std::string_view token);

// A fresh draw request id, e.g. "D-7K3Q-9XZD-4F2H", and what the store keeps of its token (a fresh
// one is NewManageToken()): its hash in the draw-token domain.
std::string NewDrawRequestId();
Hash DrawTokenHash(std::string_view token);

// A fresh ticket id (SPEC.md, "Questions"), e.g. "Q-7K3Q-9XZD-4F2H", and what the store keeps of its
// token (a fresh one is NewManageToken()): its hash in the question-token domain.
std::string NewQuestionId();
Hash QuestionTokenHash(std::string_view token);

// A fresh FAQ entry id, e.g. "F-7K3Q-9XZD-4F2H".
std::string NewFaqId();

// A fresh session token (256 bits, base64url).
std::string NewSessionToken();
// What the store keeps of a session token: its hash in the session-token domain.
Hash SessionTokenHash(std::string_view token);

// A fresh key of the national system's API: "spk_" and 256 random bits in base64url.
std::string NewApiKey();
// What the store keeps of an API key: its hash in the API-key domain.
Hash ApiKeyHash(std::string_view key);

// Argon2id hash of `password` in libsodium's self-describing string form. `fast` uses the
// minimum cost (tests only); otherwise libsodium's "interactive" limits (64 MiB, ~0.1–0.5 s).
// Throws std::runtime_error when out of memory.
std::string HashPassword(std::string_view password, bool fast);
// True when `password` matches `hash` (from HashPassword). Takes as long as hashing.
bool VerifyPassword(std::string_view hash, std::string_view password);
// The same for an account that may not exist (`hash` null): then `password` is checked against a
// hash of the same cost (`fast` as for HashPassword) and false returned, in as long as a real check.
bool VerifyPasswordInEqualTime(const std::string* hash, std::string_view password, bool fast);

// BLAKE2b-256 of `data` in the domain `domain` (so that hashes of one kind never match another).
Hash DomainHash(std::string_view domain, std::string_view data);
// Constant-time equality of two byte strings of equal length (false when the lengths differ).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// `token` encrypted and authenticated (XSalsa20-Poly1305) under a key derived from `key_material`.
std::string Seal(std::string_view key_material, std::string_view token);
// The token sealed by Seal with the same key material; nullopt if it does not authenticate.
std::optional<std::string> Unseal(std::string_view key_material, std::string_view sealed);

// A manage token as the outbox keeps it until the message is sent: "sealed:" and base64url of
// Seal(key, token), so only a process holding `key` (the secret file, outside the database) reads it.
std::string SealAtRest(std::string_view key, std::string_view token);
// The token SealAtRest sealed with `key`; nullopt when `text` was sealed with another key or is
// not sealed at all.
std::optional<std::string> OpenAtRest(std::string_view key, std::string_view text);
// The manage token of outbox row `id` as stored (`stored`): opened with `key`; empty (and said on
// stderr, the message then goes without its link) when another key sealed it; as it is when it
// was stored before tokens were sealed.
std::string OpenOutboxToken(std::string_view key, std::string_view stored, std::int64_t id);
// True when `text` is a token as SealAtRest writes it (with whatever key).
bool IsSealedAtRest(std::string_view text);
// 32 random bytes, as hex: a fresh secret (the contents of a new secret file).
std::string NewSecret();

inline std::string_view AsChars(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace sportello::storage
