#include "storage/secrets.h"

#include "logging/log.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>

namespace sportello::storage {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

}  // namespace

void InitSodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

std::string NewBookingCode(std::string_view province) {
  InitSodium();
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);  // 64 random bits; 60 are used
  std::string code(province);
  for (std::size_t i = 0; i < kCodeRandomChars; ++i) {
    if (i % 4 == 0) code += '-';
    code += kCrockford[bits & 31U];
    bits >>= 5;
  }
  return code;
}

std::optional<std::string> NormalizeBookingCode(std::string_view typed) {
  // PROVINCE-XXXX-XXXX-XXXX: the province's letters (two in Italy), then three groups of four.
  constexpr std::size_t kRandomPart = kCodeRandomChars / 4 * 5;  // "-XXXX" three times
  const std::size_t dash = typed.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash > 4 || typed.size() != dash + kRandomPart) {
    return std::nullopt;
  }
  std::string code;
  code.reserve(typed.size());
  for (std::size_t i = 0; i < typed.size(); ++i) {
    char c = typed[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (i < dash) {
      if (c < 'A' || c > 'Z') return std::nullopt;
    } else if ((i - dash) % 5 == 0) {
      if (c != '-') return std::nullopt;
    } else {
      if (c == 'O') c = '0';
      if (c == 'I' || c == 'L') c = '1';
      if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
    }
    code += c;
  }
  return code;
}

namespace {

template <std::size_t kBytes>
std::string RandomBase64Url() {
  InitSodium();
  std::array<unsigned char, kBytes> bits{};
  randombytes_buf(bits.data(), bits.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bits.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bits.data(), bits.size(), kVariant);
  text.resize(text.find('\0'));
  return text;
}

}  // namespace

std::string NewManageToken() { return RandomBase64Url<16>(); }

std::string NewSessionToken() { return RandomBase64Url<32>(); }

std::string NewApiKey() { return "spk_" + RandomBase64Url<32>(); }

std::string HashPassword(std::string_view password, bool fast) {
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  const unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const std::size_t memory = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), ops, memory, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return hash;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

Hash DomainHash(std::string_view domain, std::string_view data) {
  InitSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kHashBytes);
  crypto_generichash_update(&state, Bytes(domain), domain.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, Bytes(data), data.size());
  Hash hash{};
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Seal(std::string_view key_material, std::string_view token) {
  static_assert(crypto_secretbox_KEYBYTES == kHashBytes);
  const Hash key = DomainHash("sportello/seal-key", key_material);
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + token.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, Bytes(token), token.size(), out, key.data());
  return sealed;
}

std::optional<std::string> Unseal(std::string_view key_material, std::string_view sealed) {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const Hash key = DomainHash("sportello/seal-key", key_material);
  const unsigned char* nonce = Bytes(sealed);
  const std::size_t cipher_size = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string token(cipher_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(token.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 cipher_size, nonce, key.data()) != 0) {
    return std::nullopt;
  }
  return token;
}

Hash ManageTokenHash(std::string_view token) { return DomainHash("sportello/manage-token", token); }

Hash WaitlistTokenHash(std::string_view token) { return DomainHash("sportello/waitlist-token", token); }

namespace {

// `prefix` and 12 random characters of the booking-code alphabet in groups of four.
std::string NewPrefixedId(char prefix) {
  InitSodium();
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);  // 64 random bits; 60 are used
  std::string id(1, prefix);
  for (std::size_t i = 0; i < kCodeRandomChars; ++i) {
    if (i % 4 == 0) id += '-';
    id += kCrockford[bits & 31U];
    bits >>= 5;
  }
  return id;
}

}  // namespace

std::string NewWaitlistId() { return NewPrefixedId('W'); }

std::string NewDrawRequestId() { return NewPrefixedId('D'); }

Hash DrawTokenHash(std::string_view token) { return DomainHash("sportello/draw-token", token); }

std::string NewQuestionId() { return NewPrefixedId('Q'); }

std::string NewFaqId() { return NewPrefixedId('F'); }

Hash QuestionTokenHash(std::string_view token) { return DomainHash("sportello/question-token", token); }

Hash SessionTokenHash(std::string_view token) { return DomainHash("sportello/session-token", token); }

Hash ApiKeyHash(std::string_view key) { return DomainHash("sportello/api-key", key); }

bool VerifyPasswordInEqualTime(const std::string* hash, std::string_view password, bool fast) {
  static const std::string kFast = HashPassword("not a password of anyone", true);
  static const std::string kSlow = HashPassword("not a password of anyone", false);
  const bool match = VerifyPassword(hash != nullptr ? *hash : (fast ? kFast : kSlow), password);
  return hash != nullptr && match;
}

namespace {

inline constexpr std::string_view kSealedPrefix = "sealed:";
inline constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

std::string SealAtRest(std::string_view key, std::string_view token) {
  InitSodium();
  const std::string sealed = Seal(key, token);
  std::string text(sodium_base64_ENCODED_LEN(sealed.size(), kBase64Variant), '\0');
  sodium_bin2base64(text.data(), text.size(), Bytes(sealed), sealed.size(), kBase64Variant);
  text.resize(text.find('\0'));
  return std::string(kSealedPrefix) + text;
}

std::optional<std::string> OpenAtRest(std::string_view key, std::string_view text) {
  if (!IsSealedAtRest(text)) return std::nullopt;
  text.remove_prefix(kSealedPrefix.size());
  std::string sealed(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(sealed.data()), sealed.size(), text.data(), text.size(),
                        nullptr, &length, nullptr, kBase64Variant) != 0) {
    return std::nullopt;
  }
  sealed.resize(length);
  return Unseal(key, sealed);
}

bool IsSealedAtRest(std::string_view text) { return text.starts_with(kSealedPrefix); }

std::string OpenOutboxToken(std::string_view key, std::string_view stored, std::int64_t id) {
  if (!IsSealedAtRest(stored)) return std::string(stored);
  if (std::optional<std::string> token = OpenAtRest(key, stored)) return *token;
  logging::Error("storage", "manage_link_unsealable",
                 "the manage link of message " + std::to_string(id) +
                     " cannot be opened: it was sealed with another secret file; the message is sent without it",
                 {{"row", id}});
  return "";
}

std::string NewSecret() {
  InitSodium();
  std::array<unsigned char, 32> bits{};
  randombytes_buf(bits.data(), bits.size());
  std::string hex(bits.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bits.data(), bits.size());
  hex.pop_back();
  return hex;
}

}  // namespace sportello::storage
