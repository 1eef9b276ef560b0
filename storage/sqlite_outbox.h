// Storage-internal: writing an outbox row inside the write transaction of the booking change it
// reports (sqlite_bookings.cc). The Store methods that claim, record and list messages are in
// sqlite_outbox.cc. Not part of the interface.
#pragma once

#include "storage/application_transaction.h"
#include "storage/sqlite_db.h"
#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::storage {

// Queues the message of `kind` reporting `booking` as it is now (for a reschedule, `previous` is
// the booking before the move). `manage_token` is stored only for a message that will be sent
// (the booking has an e-mail address). The ICS sequence is one more than the booking's last
// change message (0 for the first); reconfirm and reconfirm_reminder repeat the current one. Call
// inside the change's write transaction.
void EnqueueNotice(sqlite::Connection& connection, NoticeKind kind, const BookingRecord& booking,
                   const BookingRecord* previous, std::string_view manage_token, Instant now);

// Queues the `offer` message of `entry` (offered): about the entry, not a booking; `current` is
// the applicant's booking of the type, if any; `token` the entry's, sealed. Call inside the write
// transaction that made the offer.
void EnqueueOfferNotice(sqlite::Connection& connection, const WaitlistEntry& entry, const BookingRecord* current,
                        std::string_view token, Instant now);

// Queues the `draw_lost` message of `request` (lost), one of `draw_size` requests drawn, to
// `recipient` ('' : no_address); `token` the request's, sealed (may be empty). Its start and end
// are DrawMonthStart of the month drawn. Call inside the draw's write transaction.
void EnqueueDrawLostNotice(sqlite::Connection& connection, const DrawRequestRecord& request, int draw_size,
                           std::string_view recipient, std::string_view token, Instant now);

// Queues the `question_answered` message of `question` to question.email ('': no_address): about
// the ticket (its topic in the type column), carrying no token and no text. Call inside the write transaction of the answer.
void EnqueueQuestionAnsweredNotice(sqlite::Connection& connection, const QuestionRecord& question, Instant now);

// Queues the `status_event` message `notice` (the event's code in the type column; start and end are
// `now`). Call inside the write transaction that records the event.
void EnqueueStatusEventNotice(sqlite::Connection& connection, const StatusEventNotice& notice, Instant now);

// Seals with `secret` every manage token a queued message still holds in clear (written before
// tokens were sealed), in one write transaction.
void SealClearOutboxTokens(sqlite::Connection& connection, std::string_view secret);

}  // namespace sportello::storage
