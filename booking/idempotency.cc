#include "booking/idempotency.h"

namespace sportello::booking {

namespace {

constexpr std::string_view kKeyDomain = "sportello/idempotency-key";
constexpr std::string_view kRequestDomain = "sportello/idempotency-request";

}  // namespace

IdempotencyKey IdempotencyKey::Of(const BookRequest& request) {
  return {storage::DomainHash(kKeyDomain, *request.idempotency_key),
          storage::DomainHash(kRequestDomain, request.desk + '\0' + request.actor.who + '\0' + request.body_hash)};
}

std::optional<Result<BookOutcome>> Replay(storage::BookingTransaction& transaction, const IdempotencyKey& key,
                                          std::string_view raw_key) {
  const std::optional<storage::StoredIdempotencyKey> stored = transaction.IdempotencyKey(storage::AsChars(key.key_hash));
  if (!stored) return std::nullopt;
  if (!storage::ConstantTimeEqual(stored->fingerprint, storage::AsChars(key.fingerprint))) return Error::invalid_request;
  std::optional<BookingRecord> booking = transaction.Booking(stored->booking_code);
  std::optional<std::string> token = storage::Unseal(raw_key, stored->sealed_token);
  if (!booking || !token) return Error::internal;
  return BookOutcome{.booking = std::move(*booking),
                     .manage_token = std::move(*token),
                     .replayed = true,
                     .desk = nullptr};  // the caller adds its desk
}

void Remember(storage::BookingTransaction& transaction, const IdempotencyKey& key, std::string_view raw_key,
              const BookOutcome& outcome, Instant now) {
  transaction.RememberIdempotencyKey(
      storage::AsChars(key.key_hash),
      {std::string(storage::AsChars(key.fingerprint)), outcome.booking.code, storage::Seal(raw_key, outcome.manage_token)},
      now);
}

}  // namespace sportello::booking
