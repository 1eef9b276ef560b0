// Idempotency-Key for bookings (SPEC.md): the same key with the same request returns the first
// answer, never a second booking. A key is kept only hashed, with a fingerprint of the request
// (desk, actor, body hash) and the manage token sealed under a key derived from the raw key, so
// only the client that holds the key can get the token back. Internal to booking/.
// Thread-safety: pure functions over one transaction.
#pragma once

#include "booking/booking.h"
#include "storage/secrets.h"

#include <optional>

namespace sportello::booking {

struct IdempotencyKey {
  storage::Hash key_hash;
  storage::Hash fingerprint;

  // The key of `request`, which must carry one.
  static IdempotencyKey Of(const BookRequest& request);
};

// The first answer to a repeated key, or invalid_request when it came with another request;
// nullopt for a key not seen before.
std::optional<Result<BookOutcome>> Replay(storage::BookingTransaction& transaction, const IdempotencyKey& key,
                                          std::string_view raw_key);

// Remembers `key` with the booking it made, in the booking's transaction.
void Remember(storage::BookingTransaction& transaction, const IdempotencyKey& key, std::string_view raw_key,
              const BookOutcome& outcome, Instant now);

}  // namespace sportello::booking
