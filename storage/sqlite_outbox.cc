// SqliteStore: the outbox of applicant messages. Rows are written by the booking transactions
// (EnqueueNotice) and by EnqueueDueReminders; the delivery worker claims due rows with a lease
// (so two workers, in one process or two, never hold the same row at once) and records each
// attempt under that lease.
#include "storage/sqlite_outbox.h"

#include "engine/release.h"
#include "storage/secrets.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

// The SEQUENCE of a booking's event: the highest of its messages that changed the event (every
// kind but these, which repeat or leave the event: `released` cancels it, so it counts), plus ?2.
inline constexpr std::string_view kNextSequence = R"(
SELECT coalesce(max(sequence) + ?2, 0) FROM notifications
WHERE booking_code = ?1 AND kind NOT IN ('reminder', 'feedback', 'reconfirm', 'reconfirm_reminder'))";
inline constexpr std::string_view kInsertNotice = R"(
INSERT INTO notifications (kind, booking_code, desk, type, start, end, previous_start, previous_end, recipient, lang,
                           sequence, manage_token, status, attempts, next_attempt_at, created_at, waitlist_id,
                           offer_expires_at, draw_request_id, draw_size, question_id, event_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21))";

// Reminders that lost their point: the booking is no longer booked at that start, or it began.
inline constexpr std::string_view kSkipStaleReminders = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = CASE WHEN start <= ?1 THEN 'the appointment began before the reminder was sent'
                         ELSE 'the appointment changed before the reminder was sent' END
WHERE status = 'queued' AND kind = 'reminder' AND (start <= ?1 OR NOT EXISTS (
  SELECT 1 FROM bookings b WHERE b.code = notifications.booking_code AND b.status = 'booked'
                                 AND b.start = notifications.start)))";
// Requests to reconfirm that lost their point: the booking was confirmed, or is no longer booked.
inline constexpr std::string_view kSkipStaleReconfirms = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = 'the booking was confirmed or changed before the message was sent'
WHERE status = 'queued' AND kind IN ('reconfirm', 'reconfirm_reminder') AND NOT EXISTS (
  SELECT 1 FROM bookings b WHERE b.code = notifications.booking_code AND b.status = 'booked'
                                 AND b.confirmed_at IS NULL))";
// Offers whose entry no longer holds that seat (accepted, declined, expired, or offered another).
inline constexpr std::string_view kSkipStaleOffers = R"(
UPDATE notifications SET status = 'skipped', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
       last_error = 'the offer ended before the message was sent'
WHERE status = 'queued' AND kind = 'offer' AND NOT EXISTS (
  SELECT 1 FROM waitlist w WHERE w.id = notifications.waitlist_id AND w.state = 'offered'
                                 AND w.offer_start = notifications.start))";
// One message at a time per booking, per waitlist entry, per draw request and per ticket: the oldest
// queued. A message is about one of them or a status event: one of b, w, d, q and ev is there.
inline constexpr std::string_view kSelectDue = R"(
SELECT n.id, n.kind, coalesce(n.booking_code, ''),
       coalesce(b.application_id, w.application_id, d.application_id, q.application_id, ev.application_id, ''),
       n.desk, n.type, n.start, n.end, n.previous_start, n.previous_end, n.recipient, n.lang, n.sequence,
       n.manage_token, n.attempts, n.created_at, coalesce(n.waitlist_id, ''), n.offer_expires_at,
       coalesce(n.draw_request_id, ''), d.month, d.draw_order, n.draw_size, coalesce(n.question_id, ''), q.sequence,
       q.verified, coalesce(n.event_id, 0),
       CASE n.lang WHEN 'en' THEN ev.text_en WHEN 'fr' THEN ev.text_fr WHEN 'es' THEN ev.text_es ELSE ev.text_it END
FROM notifications n LEFT JOIN bookings b ON b.code = n.booking_code LEFT JOIN waitlist w ON w.id = n.waitlist_id
     LEFT JOIN draw_requests d ON d.id = n.draw_request_id LEFT JOIN questions q ON q.id = n.question_id
     LEFT JOIN application_events ev ON ev.id = n.event_id
WHERE n.status = 'queued' AND n.next_attempt_at <= ?1 AND (n.lease_until IS NULL OR n.lease_until <= ?1)
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.booking_code = n.booking_code AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.waitlist_id = n.waitlist_id AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.draw_request_id = n.draw_request_id AND e.id < n.id AND e.status = 'queued')
  AND NOT EXISTS (SELECT 1 FROM notifications e
                  WHERE e.question_id = n.question_id AND e.id < n.id AND e.status = 'queued')
ORDER BY n.next_attempt_at, n.id LIMIT ?2)";
inline constexpr std::string_view kTakeLease = R"(
UPDATE notifications SET lease_token = ?2, lease_until = ?3 WHERE id = ?1)";

inline constexpr std::string_view kRecordSent = R"(
UPDATE notifications SET status = 'sent', attempts = attempts + 1, last_attempt_at = ?3, sent_at = ?3,
       last_error = '', manage_token = NULL, next_attempt_at = NULL, lease_token = NULL, lease_until = NULL
WHERE id = ?1 AND lease_token = ?2 AND status = 'queued')";
inline constexpr std::string_view kRecordRetry = R"(
UPDATE notifications SET attempts = attempts + 1, last_attempt_at = ?3, last_error = ?4, next_attempt_at = ?5,
       lease_token = NULL, lease_until = NULL
WHERE id = ?1 AND lease_token = ?2 AND status = 'queued')";
inline constexpr std::string_view kRecordGiveUp = R"(
UPDATE notifications SET status = 'failed', attempts = attempts + 1, last_attempt_at = ?3, last_error = ?4,
       manage_token = NULL, next_attempt_at = NULL, lease_token = NULL, lease_until = NULL
WHERE id = ?1 AND lease_token = ?2 AND status = 'queued')";
inline constexpr std::string_view kRelease = R"(
UPDATE notifications SET lease_token = NULL, lease_until = NULL WHERE id = ?1 AND lease_token = ?2 AND status = 'queued')";

inline constexpr std::string_view kDeliveriesOf = R"(
SELECT id, kind, booking_code, recipient, lang, start, sequence, status, attempts, next_attempt_at, last_error,
       created_at, last_attempt_at, sent_at
FROM notifications WHERE booking_code = ?1 ORDER BY id)";

// Reminders: booked, starting within (now, now + lead], last made or moved at least `lead`
// before the start, and no reminder for this start yet (the unique index also guarantees it).
// Read desk by desk (CROSS JOIN fixes that order in SQLite), so that the (desk, start, ...) index
// serves the range.
inline constexpr std::string_view kEnqueueReminders = R"(
INSERT OR IGNORE INTO notifications (kind, booking_code, desk, type, start, end, recipient, lang, sequence, status,
                                     attempts, next_attempt_at, created_at)
SELECT 'reminder', b.code, b.desk, b.type, b.start, b.end, b.email, b.lang,
       coalesce((SELECT max(s.sequence) FROM notifications s WHERE s.booking_code = b.code
                 AND s.kind NOT IN ('reminder', 'feedback', 'reconfirm', 'reconfirm_reminder')), 0),
       CASE WHEN b.email = '' THEN 'no_address' ELSE 'queued' END, 0,
       CASE WHEN b.email = '' THEN NULL ELSE ?1 END, ?1
FROM desks d CROSS JOIN bookings b ON b.desk = d.id
WHERE b.status = 'booked' AND b.start > ?1 AND b.start <= ?1 + ?2 AND b.updated_at <= b.start - ?2
  AND NOT EXISTS (SELECT 1 FROM notifications r WHERE r.booking_code = b.code AND r.kind = 'reminder'
                                                  AND r.start = b.start))";

constexpr int kMaxClaim = 100;

void BindOptional(sqlite::Statement& statement, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    statement.Bind(index, *value);
  } else {
    statement.BindNull(index);
  }
}

inline constexpr std::string_view kClearTokens =
    "SELECT id, manage_token FROM notifications WHERE manage_token IS NOT NULL AND manage_token NOT LIKE 'sealed:%'";
inline constexpr std::string_view kSealToken = "UPDATE notifications SET manage_token = ?2 WHERE id = ?1";

PendingNotice ReadPending(const sqlite::Statement& row) {
  PendingNotice notice;
  notice.id = row.Int(0);
  notice.kind = engine::ParseNoticeKind(row.Text(1)).value_or(NoticeKind::confirmation);  // CHECK holds
  notice.booking_code = row.Text(2);
  notice.application_id = row.Text(3);
  notice.desk = row.Text(4);
  notice.type = row.Text(5);
  notice.start = FromUnix(row.Int(6));
  notice.end = FromUnix(row.Int(7));
  notice.previous_start = OptionalInstant(row, 8);
  notice.previous_end = OptionalInstant(row, 9);
  notice.recipient = row.Text(10);
  notice.lang = row.Text(11);
  notice.sequence = static_cast<int>(row.Int(12));
  notice.manage_token = row.Text(13);
  notice.attempts = static_cast<int>(row.Int(14));
  notice.created_at = FromUnix(row.Int(15));
  notice.waitlist_id = row.Text(16);
  notice.offer_expires_at = OptionalInstant(row, 17);
  notice.draw_request_id = row.Text(18);
  if (!row.IsNull(19)) notice.draw_month = engine::ParseMonth(row.Text(19));
  if (!row.IsNull(20)) notice.draw_place = static_cast<int>(row.Int(20));
  if (!row.IsNull(21)) notice.draw_size = static_cast<int>(row.Int(21));
  notice.question_id = row.Text(22);
  if (!row.IsNull(23)) notice.question_sequence = row.Int(23);
  notice.question_verified = !row.IsNull(24) && row.Int(24) != 0;
  notice.event_id = row.Int(25);
  if (!row.IsNull(26)) notice.event_text = row.Text(26);
  return notice;
}

Delivery ReadDelivery(const sqlite::Statement& row) {
  Delivery delivery;
  delivery.id = row.Int(0);
  delivery.kind = engine::ParseNoticeKind(row.Text(1)).value_or(NoticeKind::confirmation);
  delivery.booking_code = row.Text(2);
  delivery.recipient = row.Text(3);
  delivery.lang = row.Text(4);
  delivery.start = FromUnix(row.Int(5));
  delivery.sequence = static_cast<int>(row.Int(6));
  delivery.status = ParseDeliveryStatus(row.Text(7)).value_or(DeliveryStatus::queued);
  delivery.attempts = static_cast<int>(row.Int(8));
  delivery.next_attempt_at = OptionalInstant(row, 9);
  delivery.last_error = row.Text(10);
  delivery.created_at = FromUnix(row.Int(11));
  delivery.last_attempt_at = OptionalInstant(row, 12);
  delivery.sent_at = OptionalInstant(row, 13);
  return delivery;
}

// One outbox row. `booking_code`, `waitlist_id`, `draw_request_id`, `question_id` or `event_id` names
// what it is about (the others are empty).
struct NoticeRow {
  NoticeKind kind = NoticeKind::confirmation;
  std::string_view booking_code{};
  std::string_view waitlist_id{};
  std::string_view desk{};
  std::string_view type{};
  Instant start{};
  Instant end{};
  const BookingRecord* previous = nullptr;
  std::string_view recipient{};
  std::string_view lang{};
  std::int64_t sequence = 0;
  std::string_view manage_token{};
  std::optional<Instant> offer_expires_at{};
  std::string_view draw_request_id{};
  std::optional<int> draw_size{};
  std::string_view question_id{};
  std::optional<std::int64_t> event_id{};
};

void BindText(sqlite::Statement& statement, int index, std::string_view value) {
  if (value.empty()) {
    statement.BindNull(index);
  } else {
    statement.Bind(index, value);
  }
}

void InsertNotice(sqlite::Connection& connection, const NoticeRow& row, Instant now) {
  const bool has_address = !row.recipient.empty();
  sqlite::Statement insert = connection.Prepare(kInsertNotice);
  insert.Bind(1, engine::NoticeKindName(row.kind));
  if (row.booking_code.empty()) {
    insert.BindNull(2);
  } else {
    insert.Bind(2, row.booking_code);
  }
  insert.Bind(3, row.desk).Bind(4, row.type).Bind(5, ToUnix(row.start)).Bind(6, ToUnix(row.end));
  BindOptional(insert, 7, row.previous != nullptr ? std::optional(ToUnix(row.previous->start)) : std::nullopt);
  BindOptional(insert, 8, row.previous != nullptr ? std::optional(ToUnix(row.previous->end)) : std::nullopt);
  insert.Bind(9, row.recipient).Bind(10, row.lang).Bind(11, row.sequence);
  if (has_address && !row.manage_token.empty()) {
    insert.Bind(12, row.manage_token);
  } else {
    insert.BindNull(12);
  }
  insert.Bind(13, has_address ? "queued" : "no_address");
  BindOptional(insert, 14, has_address ? std::optional(ToUnix(now)) : std::nullopt);
  insert.Bind(15, ToUnix(now));
  BindText(insert, 16, row.waitlist_id);
  BindOptional(insert, 17, row.offer_expires_at ? std::optional(ToUnix(*row.offer_expires_at)) : std::nullopt);
  BindText(insert, 18, row.draw_request_id);
  BindOptional(insert, 19, row.draw_size ? std::optional<std::int64_t>(*row.draw_size) : std::nullopt);
  BindText(insert, 20, row.question_id);
  BindOptional(insert, 21, row.event_id);
  insert.Run();
}

}  // namespace

void EnqueueNotice(sqlite::Connection& connection, NoticeKind kind, const BookingRecord& booking,
                   const BookingRecord* previous, std::string_view manage_token, Instant now) {
  // A request to reconfirm leaves the event as it is: it repeats its SEQUENCE, as a reminder does.
  const bool repeats = kind == NoticeKind::reconfirm || kind == NoticeKind::reconfirm_reminder;
  sqlite::Statement next = connection.Prepare(kNextSequence);
  next.Bind(1, booking.code).Bind(2, repeats ? 0 : 1);
  const std::int64_t sequence = next.Step() ? next.Int(0) : 0;
  InsertNotice(connection,
               NoticeRow{.kind = kind,
                         .booking_code = booking.code,
                         .desk = booking.desk,
                         .type = booking.type,
                         .start = booking.start,
                         .end = booking.end,
                         .previous = previous,
                         .recipient = booking.email,
                         .lang = booking.lang,
                         .sequence = sequence,
                         .manage_token = manage_token},
               now);
}

void EnqueueOfferNotice(sqlite::Connection& connection, const WaitlistEntry& entry, const BookingRecord* current,
                        std::string_view token, Instant now) {
  if (!entry.offer) throw sqlite::SqliteError(SQLITE_MISUSE, "sqlite: an offer message for an entry without an offer");
  InsertNotice(connection,
               NoticeRow{.kind = NoticeKind::offer,
                         .waitlist_id = entry.id,
                         .desk = entry.desk,
                         .type = entry.type,
                         .start = entry.offer->start,
                         .end = entry.offer->end,
                         .previous = current,
                         .recipient = entry.email,
                         .lang = entry.lang,
                         .manage_token = token,
                         .offer_expires_at = entry.offer->expires_at},
               now);
}

void EnqueueDrawLostNotice(sqlite::Connection& connection, const DrawRequestRecord& request, int draw_size,
                           std::string_view recipient, std::string_view token, Instant now) {
  const Instant month_start = DrawMonthStart(request.month);
  InsertNotice(connection,
               NoticeRow{.kind = NoticeKind::draw_lost,
                         .desk = request.desk,
                         .type = request.type,
                         .start = month_start,
                         .end = month_start,
                         .recipient = recipient,
                         .lang = request.lang,
                         .manage_token = token,
                         .draw_request_id = request.id,
                         .draw_size = draw_size},
               now);
}

void EnqueueQuestionAnsweredNotice(sqlite::Connection& connection, const QuestionRecord& question, Instant now) {
  InsertNotice(connection,
               NoticeRow{.kind = NoticeKind::question_answered,
                         .desk = question.desk,
                         .type = question.topic,  // the column holds what the message is about
                         .start = now,
                         .end = now,
                         .recipient = question.email,
                         .lang = question.lang,
                         .question_id = question.id},
               now);
}

void EnqueueStatusEventNotice(sqlite::Connection& connection, const StatusEventNotice& notice, Instant now) {
  InsertNotice(connection,
               NoticeRow{.kind = NoticeKind::status_event,
                         .desk = notice.desk,
                         .type = notice.code,  // the column holds what the message is about
                         .start = now,
                         .end = now,
                         .recipient = notice.recipient,
                         .lang = notice.lang,
                         .event_id = notice.event_id},
               now);
}

void SealClearOutboxTokens(sqlite::Connection& connection, std::string_view secret) {
  sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
  std::vector<std::pair<std::int64_t, std::string>> clear;
  for (sqlite::Statement select = connection.Prepare(kClearTokens); select.Step();) {
    clear.emplace_back(select.Int(0), select.Text(1));
  }
  for (const auto& [id, token] : clear) {
    connection.Prepare(kSealToken).Bind(1, id).Bind(2, SealAtRest(secret, token)).Run();
  }
  transaction.Commit();
}

Result<std::vector<PendingNotice>> SqliteStore::ClaimDueNotices(Instant now, int limit, std::chrono::seconds lease) {
  if (limit < 1 || limit > kMaxClaim || lease <= std::chrono::seconds::zero()) return Error::invalid_request;
  return Write([&](sqlite::Connection& connection) -> Result<std::vector<PendingNotice>> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    connection.Prepare(kSkipStaleReminders).Bind(1, ToUnix(now)).Run();
    connection.Prepare(kSkipStaleReconfirms).Run();
    connection.Prepare(kSkipStaleOffers).Run();
    std::vector<PendingNotice> claimed;
    {
      sqlite::Statement select = connection.Prepare(kSelectDue);
      select.Bind(1, ToUnix(now)).Bind(2, limit);
      while (select.Step()) {
        PendingNotice& notice = claimed.emplace_back(ReadPending(select));
        notice.manage_token = OpenOutboxToken(options_.secret, notice.manage_token, notice.id);
      }
    }
    for (PendingNotice& notice : claimed) {
      notice.lease = NewManageToken();
      connection.Prepare(kTakeLease).Bind(1, notice.id).Bind(2, notice.lease).Bind(3, ToUnix(now + lease)).Run();
    }
    transaction.Commit();
    return claimed;
  });
}

Result<void> SqliteStore::RecordDeliveryAttempt(const PendingNotice& notice, const DeliveryAttempt& attempt,
                                                Instant now) {
  return Write([&](sqlite::Connection& connection) -> Result<void> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    using Outcome = DeliveryAttempt::Outcome;
    std::string_view sql = kRelease;
    switch (attempt.outcome) {
      case Outcome::sent: sql = kRecordSent; break;
      case Outcome::retry: sql = kRecordRetry; break;
      case Outcome::give_up: sql = kRecordGiveUp; break;
      case Outcome::release: sql = kRelease; break;
    }
    sqlite::Statement update = connection.Prepare(sql);
    update.Bind(1, notice.id).Bind(2, notice.lease);
    if (attempt.outcome != Outcome::release) update.Bind(3, ToUnix(now));
    if (attempt.outcome == Outcome::retry || attempt.outcome == Outcome::give_up) update.Bind(4, attempt.error);
    if (attempt.outcome == Outcome::retry) update.Bind(5, ToUnix(attempt.next_attempt_at));
    update.Run();
    if (sqlite3_changes(connection.get()) == 0) return Error::not_found;
    transaction.Commit();
    return {};
  });
}

Result<std::vector<Delivery>> SqliteStore::DeliveriesOf(std::string_view typed_code) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<Delivery>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!SelectBooking(connection, *code)) return Error::not_found;
    std::vector<Delivery> deliveries;
    sqlite::Statement select = connection.Prepare(kDeliveriesOf);
    select.Bind(1, *code);
    while (select.Step()) deliveries.push_back(ReadDelivery(select));
    return deliveries;
  });
}

Result<int> SqliteStore::EnqueueDueReminders(Instant now, std::chrono::seconds lead) {
  if (lead <= std::chrono::seconds::zero()) return Error::invalid_request;
  return Write([&](sqlite::Connection& connection) -> Result<int> {
    sqlite::Transaction transaction(connection, sqlite::Transaction::Kind::write);
    connection.Prepare(kEnqueueReminders).Bind(1, ToUnix(now)).Bind(2, static_cast<std::int64_t>(lead.count())).Run();
    const int queued = sqlite3_changes(connection.get());
    transaction.Commit();
    return queued;
  });
}

}  // namespace sportello::storage
