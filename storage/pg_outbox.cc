// PgStore: the outbox of applicant messages. Rows are written by the booking transactions
// (EnqueuePgNotice) and by EnqueueDueReminders; a delivery worker on any node claims due rows with
// FOR UPDATE SKIP LOCKED and a lease, so two nodes never hold the same message, and records each
// attempt under that lease.
#include "storage/pg_store.h"

#include "engine/release.h"
#include "storage/pg_rows.h"
#include "storage/secrets.h"

namespace sportello::storage {
namespace {

// A message about a booking. Its event's SEQUENCE: one more for each message that changes the
// appointment; reminders and reconfirmation requests ($11 true) repeat the current one (offers,
// about a seat not yet the applicant's, have 0).
inline constexpr std::string_view kInsertNotice = R"(
INSERT INTO notifications (kind, booking_code, desk, type, start, "end", previous_start, previous_end, recipient, lang,
                           sequence, manage_token, status, attempts, next_attempt_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
        (SELECT CASE WHEN $11 THEN coalesce(max(sequence), 0) ELSE coalesce(max(sequence) + 1, 0) END
         FROM notifications
         WHERE booking_code = $2 AND kind NOT IN ('reminder', 'feedback', 'reconfirm', 'reconfirm_reminder')),
        $12, $13, 0, $14, $15))";
inline constexpr std::string_view kInsertOffer = R"(
INSERT INTO notifications (kind, waitlist_id, desk, type, start, "end", previous_start, previous_end, recipient, lang,
                           sequence, manage_token, status, attempts, next_attempt_at, created_at, offer_expires_at)
VALUES ('offer', $1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, 0, $12, $13, $14))";
inline constexpr std::string_view kInsertDrawLost = R"(
INSERT INTO notifications (kind, draw_request_id, desk, type, start, "end", recipient, lang, sequence, manage_token,
                           status, attempts, next_attempt_at, created_at, draw_size)
VALUES ('draw_lost', $1, $2, $3, $4, $4, $5, $6, 0, $7, $8, 0, $9, $10, $11))";
inline constexpr std::string_view kInsertQuestionAnswered = R"(
INSERT INTO notifications (kind, question_id, desk, type, start, "end", recipient, lang, sequence, status, attempts,
                           next_attempt_at, created_at)
VALUES ('question_answered', $1, $2, $8, $3, $3, $4, $5, 0, $6, 0, $7, $3))";
inline constexpr std::string_view kInsertStatusEvent = R"(
INSERT INTO notifications (kind, event_id, desk, type, start, "end", recipient, lang, sequence, status, attempts,
                           next_attempt_at, created_at)
VALUES ('status_event', $1, $2, $8, $3, $3, $4, $5, 0, $6, 0, $7, $3))";
inline constexpr std::string_view kSkipStaleReminders = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = CASE WHEN start <= $1::bigint THEN 'the appointment began before the reminder was sent'
                         ELSE 'the appointment changed before the reminder was sent' END
WHERE status = 'queued' AND kind = 'reminder' AND (start <= $1::bigint OR NOT EXISTS (
  SELECT 1 FROM bookings b WHERE b.code = notifications.booking_code AND b.status = 'booked'
                                 AND b.start = notifications.start)))";
inline constexpr std::string_view kSkipStaleReconfirms = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = 'the booking was confirmed or changed before the message was sent'
WHERE status = 'queued' AND kind IN ('reconfirm', 'reconfirm_reminder') AND NOT EXISTS (
  SELECT 1 FROM bookings b WHERE b.code = notifications.booking_code AND b.status = 'booked'
                                 AND b.confirmed_at IS NULL))";
inline constexpr std::string_view kSkipStaleOffers = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = 'the offer ended before the message was sent'
WHERE status = 'queued' AND kind = 'offer' AND NOT EXISTS (
  SELECT 1 FROM waitlist w WHERE w.id = notifications.waitlist_id AND w.state = 'offered'
                                 AND w.offer_start = notifications.start))";
// A message is about a booking, (an offer) about a waitlist entry, (draw_lost) about a draw request,
// (question_answered) about a ticket or (status_event) about an event: one of b, w, d, q and ev is
// there. One message at a time per booking, entry, request and ticket: the oldest queued.
inline constexpr std::string_view kSelectDue = R"(
SELECT n.id, n.kind, n.booking_code,
       coalesce(b.application_id, w.application_id, d.application_id, q.application_id, ev.application_id, ''),
       n.desk, n.type,
       n.start, n."end", n.previous_start, n.previous_end, n.recipient, n.lang, n.sequence, n.manage_token, n.attempts,
       n.created_at, n.waitlist_id, n.offer_expires_at, n.draw_request_id, d.month, d.draw_order, n.draw_size,
       n.question_id, q.sequence, q.verified, coalesce(n.event_id, 0),
       CASE n.lang WHEN 'en' THEN ev.text_en WHEN 'fr' THEN ev.text_fr WHEN 'es' THEN ev.text_es ELSE ev.text_it END
FROM notifications n LEFT JOIN bookings b ON b.code = n.booking_code LEFT JOIN waitlist w ON w.id = n.waitlist_id
     LEFT JOIN draw_requests d ON d.id = n.draw_request_id LEFT JOIN questions q ON q.id = n.question_id
     LEFT JOIN application_events ev ON ev.id = n.event_id
WHERE n.status = 'queued' AND n.next_attempt_at <= $1::bigint
  AND (n.lease_until IS NULL OR n.lease_until <= $1::bigint)
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.booking_code = n.booking_code AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.waitlist_id = n.waitlist_id AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.draw_request_id = n.draw_request_id AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.question_id = n.question_id AND e.id < n.id AND e.status = 'queued')
ORDER BY n.next_attempt_at, n.id LIMIT $2
FOR UPDATE OF n SKIP LOCKED)";
inline constexpr std::string_view kTakeLease = "UPDATE notifications SET lease_token = $2, lease_until = $3 WHERE id = $1";

inline constexpr std::string_view kRecordSent = R"(
UPDATE notifications SET status = 'sent', attempts = attempts + 1, last_attempt_at = $3, sent_at = $3,
       last_error = '', manage_token = NULL, next_attempt_at = NULL, lease_token = NULL, lease_until = NULL
WHERE id = $1 AND lease_token = $2 AND status = 'queued')";
inline constexpr std::string_view kRecordRetry = R"(
UPDATE notifications SET attempts = attempts + 1, last_attempt_at = $3, last_error = $4, next_attempt_at = $5,
       lease_token = NULL, lease_until = NULL
WHERE id = $1 AND lease_token = $2 AND status = 'queued')";
inline constexpr std::string_view kRecordGiveUp = R"(
UPDATE notifications SET status = 'failed', attempts = attempts + 1, last_attempt_at = $3, last_error = $4,
       manage_token = NULL, next_attempt_at = NULL, lease_token = NULL, lease_until = NULL
WHERE id = $1 AND lease_token = $2 AND status = 'queued')";
inline constexpr std::string_view kRelease = R"(
UPDATE notifications SET lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2 AND status = 'queued')";

inline constexpr std::string_view kDeliveriesOf = R"(
SELECT id, kind, booking_code, recipient, lang, start, sequence, status, attempts, next_attempt_at, last_error,
       created_at, last_attempt_at, sent_at
FROM notifications WHERE booking_code = $1 ORDER BY id)";

inline constexpr std::string_view kEnqueueReminders = R"(
INSERT INTO notifications (kind, booking_code, desk, type, start, "end", recipient, lang, sequence, status,
                           attempts, next_attempt_at, created_at)
SELECT 'reminder', b.code, b.desk, b.type, b.start, b."end", b.email, b.lang,
       coalesce((SELECT max(s.sequence) FROM notifications s
                 WHERE s.booking_code = b.code
                   AND s.kind NOT IN ('reminder', 'feedback', 'reconfirm', 'reconfirm_reminder')), 0),
       CASE WHEN b.email = '' THEN 'no_address' ELSE 'queued' END, 0,
       CASE WHEN b.email = '' THEN NULL ELSE $1::bigint END, $1::bigint
FROM desks d JOIN bookings b ON b.desk = d.id
WHERE b.status = 'booked' AND b.start > $1::bigint AND b.start <= $1::bigint + $2::bigint
  AND b.updated_at <= b.start - $2::bigint
  AND NOT EXISTS (SELECT 1 FROM notifications r WHERE r.booking_code = b.code AND r.kind = 'reminder'
                                                  AND r.start = b.start)
ON CONFLICT DO NOTHING)";

constexpr int kMaxClaim = 100;

inline constexpr std::string_view kClearTokens =
    "SELECT id, manage_token FROM notifications WHERE manage_token IS NOT NULL AND manage_token NOT LIKE 'sealed:%'";
inline constexpr std::string_view kSealToken =
    "UPDATE notifications SET manage_token = $2 WHERE id = $1 AND manage_token = $3";

PendingNotice ReadPending(const pg::Rows& rows, int row) {
  PendingNotice notice;
  notice.id = rows.Int(row, 0);
  notice.kind = engine::ParseNoticeKind(rows.Text(row, 1)).value_or(NoticeKind::confirmation);  // CHECK holds
  notice.booking_code = rows.Text(row, 2);
  notice.application_id = rows.Text(row, 3);
  notice.desk = rows.Text(row, 4);
  notice.type = rows.Text(row, 5);
  notice.start = FromUnix(rows.Int(row, 6));
  notice.end = FromUnix(rows.Int(row, 7));
  notice.previous_start = OptionalPgInstant(rows, row, 8);
  notice.previous_end = OptionalPgInstant(rows, row, 9);
  notice.recipient = rows.Text(row, 10);
  notice.lang = rows.Text(row, 11);
  notice.sequence = static_cast<int>(rows.Int(row, 12));
  notice.manage_token = rows.Text(row, 13);
  notice.attempts = static_cast<int>(rows.Int(row, 14));
  notice.created_at = FromUnix(rows.Int(row, 15));
  notice.waitlist_id = rows.Text(row, 16);
  notice.offer_expires_at = OptionalPgInstant(rows, row, 17);
  notice.draw_request_id = rows.Text(row, 18);
  if (!rows.IsNull(row, 19)) notice.draw_month = engine::ParseMonth(rows.Text(row, 19));
  if (!rows.IsNull(row, 20)) notice.draw_place = static_cast<int>(rows.Int(row, 20));
  if (!rows.IsNull(row, 21)) notice.draw_size = static_cast<int>(rows.Int(row, 21));
  notice.question_id = rows.Text(row, 22);
  if (!rows.IsNull(row, 23)) notice.question_sequence = rows.Int(row, 23);
  notice.question_verified = !rows.IsNull(row, 24) && rows.Int(row, 24) != 0;
  notice.event_id = rows.Int(row, 25);
  if (!rows.IsNull(row, 26)) notice.event_text = rows.Text(row, 26);
  return notice;
}

Delivery ReadDelivery(const pg::Rows& rows, int row) {
  Delivery delivery;
  delivery.id = rows.Int(row, 0);
  delivery.kind = engine::ParseNoticeKind(rows.Text(row, 1)).value_or(NoticeKind::confirmation);
  delivery.booking_code = rows.Text(row, 2);
  delivery.recipient = rows.Text(row, 3);
  delivery.lang = rows.Text(row, 4);
  delivery.start = FromUnix(rows.Int(row, 5));
  delivery.sequence = static_cast<int>(rows.Int(row, 6));
  delivery.status = ParseDeliveryStatus(rows.Text(row, 7)).value_or(DeliveryStatus::queued);
  delivery.attempts = static_cast<int>(rows.Int(row, 8));
  delivery.next_attempt_at = OptionalPgInstant(rows, row, 9);
  delivery.last_error = rows.Text(row, 10);
  delivery.created_at = FromUnix(rows.Int(row, 11));
  delivery.last_attempt_at = OptionalPgInstant(rows, row, 12);
  delivery.sent_at = OptionalPgInstant(rows, row, 13);
  return delivery;
}

}  // namespace

void EnqueuePgNotice(pg::Connection& connection, NoticeKind kind, const BookingRecord& booking,
                     const BookingRecord* previous, std::string_view manage_token, Instant now) {
  const bool repeats = kind == NoticeKind::reminder || kind == NoticeKind::reconfirm ||
                       kind == NoticeKind::reconfirm_reminder;
  const bool has_address = !booking.email.empty();
  pg::Params params;
  params.Add(engine::NoticeKindName(kind))
      .Add(booking.code)
      .Add(booking.desk)
      .Add(booking.type)
      .Add(ToUnix(booking.start))
      .Add(ToUnix(booking.end))
      .Add(previous != nullptr ? std::optional(ToUnix(previous->start)) : std::nullopt)
      .Add(previous != nullptr ? std::optional(ToUnix(previous->end)) : std::nullopt)
      .Add(booking.email)
      .Add(booking.lang)
      .Add(repeats)
      .Add(has_address && !manage_token.empty() ? std::optional<std::string>(manage_token) : std::nullopt)
      .Add(has_address ? "queued" : "no_address")
      .Add(has_address ? std::optional(ToUnix(now)) : std::nullopt)
      .Add(ToUnix(now));
  connection.Defer(kInsertNotice, params);
}

void EnqueuePgOffer(pg::Connection& connection, const WaitlistEntry& entry, const BookingRecord* current,
                    std::string_view sealed_token, Instant now) {
  const WaitlistOffer& offer = entry.offer.value();
  const bool has_address = !entry.email.empty();
  pg::Params params;
  params.Add(entry.id)
      .Add(entry.desk)
      .Add(entry.type)
      .Add(ToUnix(offer.start))
      .Add(ToUnix(offer.end))
      .Add(current != nullptr ? std::optional(ToUnix(current->start)) : std::nullopt)
      .Add(current != nullptr ? std::optional(ToUnix(current->end)) : std::nullopt)
      .Add(entry.email)
      .Add(entry.lang)
      .Add(has_address ? std::optional<std::string_view>(sealed_token) : std::nullopt)
      .Add(has_address ? "queued" : "no_address")
      .Add(has_address ? std::optional(ToUnix(now)) : std::nullopt)
      .Add(ToUnix(now))
      .Add(ToUnix(offer.expires_at));
  connection.Run(kInsertOffer, params);
}

void EnqueuePgDrawLost(pg::Connection& connection, const DrawRequestRecord& request, int draw_size,
                       std::string_view recipient, std::string_view sealed_token, Instant now) {
  const bool has_address = !recipient.empty();
  pg::Params params;
  params.Add(request.id)
      .Add(request.desk)
      .Add(request.type)
      .Add(ToUnix(DrawMonthStart(request.month)))
      .Add(recipient)
      .Add(request.lang)
      .Add(has_address && !sealed_token.empty() ? std::optional<std::string_view>(sealed_token) : std::nullopt)
      .Add(has_address ? "queued" : "no_address")
      .Add(has_address ? std::optional(ToUnix(now)) : std::nullopt)
      .Add(ToUnix(now))
      .Add(draw_size);
  connection.Run(kInsertDrawLost, params);
}

void EnqueuePgQuestionAnswered(pg::Connection& connection, const QuestionRecord& question, Instant now) {
  const bool has_address = !question.email.empty();
  connection.Run(kInsertQuestionAnswered, pg::Params()
                                              .Add(question.id)
                                              .Add(question.desk)
                                              .Add(ToUnix(now))
                                              .Add(question.email)
                                              .Add(question.lang)
                                              .Add(has_address ? "queued" : "no_address")
                                              .Add(has_address ? std::optional(ToUnix(now)) : std::nullopt)
                                              .Add(question.topic));  // the type column: what it is about
}

void EnqueuePgStatusEventNotice(pg::Connection& connection, const StatusEventNotice& notice, Instant now) {
  const bool has_address = !notice.recipient.empty();
  connection.Run(kInsertStatusEvent, pg::Params()
                                         .Add(notice.event_id)
                                         .Add(notice.desk)
                                         .Add(ToUnix(now))
                                         .Add(notice.recipient)
                                         .Add(notice.lang)
                                         .Add(has_address ? "queued" : "no_address")
                                         .Add(has_address ? std::optional(ToUnix(now)) : std::nullopt)
                                         .Add(notice.code));  // the type column: what it is about
}

void SealClearPgOutboxTokens(pg::Connection& connection, std::string_view secret) {
  pg::Transaction transaction(connection);
  pg::Rows clear = connection.Run(kClearTokens, pg::Params());
  for (int row = 0; row < clear.size(); ++row) {
    // Another node may seal the same row at once: only a token still in clear is replaced.
    connection.Run(kSealToken, pg::Params().Add(clear.Int(row, 0)).Add(SealAtRest(secret, clear.Text(row, 1)))
                                   .Add(clear.Text(row, 1)));
  }
  transaction.Commit();
}

Result<std::vector<PendingNotice>> PgStore::ClaimDueNotices(Instant now, int limit, std::chrono::seconds lease) {
  if (limit < 1 || limit > kMaxClaim || lease <= std::chrono::seconds::zero()) return Error::invalid_request;
  return RunTransaction(
      [&](pg::Connection& connection) -> Result<std::vector<PendingNotice>> {
        connection.Run(kSkipStaleReminders, pg::Params().Add(ToUnix(now)));
        connection.Run(kSkipStaleReconfirms);
        connection.Run(kSkipStaleOffers);
        pg::Rows rows = connection.Run(kSelectDue, pg::Params().Add(ToUnix(now)).Add(limit));
        std::vector<PendingNotice> claimed;
        for (int row = 0; row < rows.size(); ++row) {
          PendingNotice& notice = claimed.emplace_back(ReadPending(rows, row));
          notice.manage_token = OpenOutboxToken(options_.secret, notice.manage_token, notice.id);
        }
        for (PendingNotice& notice : claimed) {
          notice.lease = NewManageToken();
          connection.Run(kTakeLease, pg::Params().Add(notice.id).Add(notice.lease).Add(ToUnix(now + lease)));
        }
        return claimed;
      });
}

Result<void> PgStore::RecordDeliveryAttempt(const PendingNotice& notice, const DeliveryAttempt& attempt, Instant now) {
  return Run([&](pg::Connection& connection) -> Result<void> {
    using Outcome = DeliveryAttempt::Outcome;
    pg::Params params;
    params.Add(notice.id).Add(notice.lease);
    std::string_view sql = kRelease;
    switch (attempt.outcome) {
      case Outcome::sent:
        sql = kRecordSent;
        params.Add(ToUnix(now));
        break;
      case Outcome::retry:
        sql = kRecordRetry;
        params.Add(ToUnix(now)).Add(attempt.error).Add(ToUnix(attempt.next_attempt_at));
        break;
      case Outcome::give_up:
        sql = kRecordGiveUp;
        params.Add(ToUnix(now)).Add(attempt.error);
        break;
      case Outcome::release:
        break;
    }
    if (connection.Run(sql, params).Affected() == 0) return Error::not_found;
    return {};
  });
}

Result<std::vector<Delivery>> PgStore::DeliveriesOf(std::string_view typed_code) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Run([&](pg::Connection& connection) -> Result<std::vector<Delivery>> {
    if (!SelectPgBooking(connection, *code)) return Error::not_found;
    pg::Rows rows = connection.Run(kDeliveriesOf, pg::Params().Add(*code));
    std::vector<Delivery> deliveries;
    for (int row = 0; row < rows.size(); ++row) deliveries.push_back(ReadDelivery(rows, row));
    return deliveries;
  });
}

Result<int> PgStore::EnqueueDueReminders(Instant now, std::chrono::seconds lead) {
  if (lead <= std::chrono::seconds::zero()) return Error::invalid_request;
  return Run([&](pg::Connection& connection) -> Result<int> {
    pg::Rows done = connection.Run(kEnqueueReminders,
                                   pg::Params().Add(ToUnix(now)).Add(static_cast<std::int64_t>(lead.count())));
    return static_cast<int>(done.Affected());
  });
}

}  // namespace sportello::storage
