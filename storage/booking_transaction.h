// BookingTransaction: what the booking rules (booking/) may read and write inside one open write
// transaction, and nothing else. A backend implements it over its own transaction; the rules never
// see SQL, and the backend never decides anything.
//
// Everything read through it is read inside the transaction that will commit the writes, so a
// seat counted here is a seat that exists when the booking commits (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: a lock on the slot). Writes are not visible to others until the backend commits,
// which it does only when the rule returns a value (Store::BookTogether, Store::ChangeBooking).
// Errors: a database failure throws (the backend turns it into Error::internal for the caller
// and rolls back); expected outcomes are return values. Thread-safety: one thread, for the
// duration of one rule.
#pragma once

#include "engine/ticket.h"
#include "storage/store.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

// An Idempotency-Key as stored: the fingerprint of what it was first sent with, the booking it
// made and that booking's manage token sealed under the key.
struct StoredIdempotencyKey {
  std::string fingerprint;
  std::string booking_code;
  std::string sealed_token;
};

class BookingTransaction {
 public:
  virtual ~BookingTransaction() = default;

  // Reads ------------------------------------------------------------------------------------

  // The desk's calendar and flags as stored now; nullptr for an unknown desk.
  virtual std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) = 0;
  virtual std::optional<engine::Application> Application(std::string_view id) = 0;
  // The booking with canonical code `code` (see NormalizeBookingCode).
  virtual std::optional<BookingRecord> Booking(std::string_view code) = 0;
  // Seats of the slot of `desk` and `type` starting at `start` held by `booked` bookings, by
  // channel, plus the seats held there by waitlist offers (entries `offered`, counted as online).
  virtual engine::SeatUse SeatsTaken(std::string_view desk, std::string_view type, Instant start) = 0;
  // True when application `id` has a `booked` booking of `type`.
  virtual bool HasActiveBooking(std::string_view application_id, std::string_view type) = 0;
  // A booking code for a desk of `province` that no booking has; or a new random one where a unique
  // key on the code fails Insert on a repeat instead (a key taken first: the rule runs again).
  virtual std::string UnusedBookingCode(std::string_view province) = 0;
  // Every `booked` booking of application `id`, by start then code; none of them changes (by another
  // transaction) until this one ends.
  virtual std::vector<BookingRecord> ActiveBookingsOf(std::string_view application_id) = 0;
  // The key stored under `key_hash`, if any.
  virtual std::optional<StoredIdempotencyKey> IdempotencyKey(std::string_view key_hash) = 0;

  // Writes (each also keeps the backend's seat counts in memory in step) -----------------------

  // A new booking managed with `manage_token` (plain text: the store keeps its hash, and a copy
  // sealed at rest that ManageToken() gives back for later messages).
  virtual void Insert(const BookingRecord& booking, std::string_view manage_token) = 0;
  // `before` now has `after.status` and `after.updated_at` (the seat is freed when it leaves `booked`).
  virtual void SetStatus(const BookingRecord& before, const BookingRecord& after) = 0;
  // `before` now holds `after`'s start, end and channel, at `after.updated_at`.
  virtual void Move(const BookingRecord& before, const BookingRecord& after) = 0;
  // The booking with `code` is now managed with `manage_token` (plain text, kept as for Insert):
  // the old one no longer works.
  virtual void ReplaceManageToken(std::string_view code, std::string_view manage_token) = 0;
  // The manage token of booking `code` in plain text; empty when the store has no copy (bookings
  // made before it kept one).
  virtual std::string ManageToken(std::string_view code) = 0;
  // `before` now has `after`'s confirmed_at, reconfirm_asked_at and reconfirm_reminded_at.
  virtual void SetReconfirmation(const BookingRecord& before, const BookingRecord& after) = 0;
  virtual void RememberIdempotencyKey(std::string_view key_hash, const StoredIdempotencyKey& key, Instant now) = 0;
  // Queues the message telling the applicant of a change (the outbox); `previous` for a reschedule,
  // `manage_token` for a confirmation or convocation.
  virtual void Enqueue(NoticeKind kind, const BookingRecord& booking, const BookingRecord* previous,
                       std::string_view manage_token, Instant now) = 0;
  // Appends the audit entry of a change to a booking: `before` null for a new one.
  virtual void Audit(std::string_view action, const Actor& actor, const BookingRecord* before,
                     const BookingRecord& after, Instant now) = 0;

  // Tickets of the day of the visit ------------------------------------------------------------

  // Every ticket of `desk` on local date `day`, by sequence. From this read until the transaction
  // ends, the desk's queue of that day is this transaction's: no other one (thread, process or
  // node) adds or changes a ticket of it, so two calls of "next" never get the same person.
  virtual std::vector<engine::Ticket> TicketsOf(std::string_view desk, engine::Date day) = 0;
  // Stores a new ticket (read its queue with TicketsOf first).
  virtual void InsertTicket(const engine::Ticket& ticket) = 0;
  // Stores the state, counter, calls, instants and urgency of an existing ticket.
  virtual void UpdateTicket(const engine::Ticket& ticket) = 0;
  // True when booking `code` has been rated.
  virtual bool HasFeedback(std::string_view code) = 0;
  virtual void InsertFeedback(const Feedback& feedback) = 0;
  // Appends the audit entry of a change to a ticket: `before` null for a new one.
  virtual void AuditTicket(std::string_view action, const Actor& actor, const engine::Ticket* before,
                           const engine::Ticket& after, Instant now) = 0;

  // The waitlist (SPEC.md, "No seat wasted") -----------------------------------------------------

  // The active (waiting, offered) entries of `desk` and `type`, in line order. From this read
  // until the transaction ends, that line is this transaction's: no other one (thread, process or
  // node) adds, offers or changes an entry of it.
  virtual std::vector<WaitlistEntry> WaitlistLine(std::string_view desk, std::string_view type) = 0;
  // The entry `id` (any state), taking its line as WaitlistLine does; nullopt when unknown.
  virtual std::optional<WaitlistEntry> WaitlistEntryOf(std::string_view id) = 0;
  // Stores a new entry (read its line with WaitlistLine first) opened with `token` (plain text,
  // kept hashed and sealed like a manage token); returns it with its `sequence`.
  virtual WaitlistEntry InsertWaitlistEntry(const WaitlistEntry& entry, std::string_view token) = 0;
  // `before` now has `after`'s state, offer and updated_at. The seat an offer holds is taken when
  // the entry becomes `offered` and freed when it leaves that state.
  virtual void UpdateWaitlistEntry(const WaitlistEntry& before, const WaitlistEntry& after) = 0;
  // The token of entry `id` in plain text, for the message that carries its link.
  virtual std::string WaitlistToken(std::string_view id) = 0;
  // Queues the `offer` message for `entry` (offered) to its e-mail address (no_address when it has
  // none), with the link's `token`; `current` is the applicant's booking of the type, if any.
  virtual void EnqueueOffer(const WaitlistEntry& entry, const BookingRecord* current, std::string_view token,
                            Instant now) = 0;
  // Appends the audit entry of a change to an entry: `before` null for a new one. The entry's
  // token is never written to the log.
  virtual void AuditWaitlist(std::string_view action, const Actor& actor, const WaitlistEntry* before,
                             const WaitlistEntry& after, Instant now) = 0;

  // Fair release (SPEC.md, "Fair release") ------------------------------------------------------

  // The stored release of `type` at `desk` for `month`, if any. From this read until the
  // transaction ends, the release and its requests are this transaction's: no other one (thread,
  // process or node) stores it, adds a request to it or draws it.
  virtual std::optional<ReleaseRecord> Release(std::string_view desk, std::string_view type,
                                               date::year_month month) = 0;
  // Stores a new release (read it with Release first); its seed is kept sealed at rest.
  virtual void InsertRelease(const ReleaseRecord& release) = 0;
  // True when a release of the month is stored and not drawn yet (reads without taking it).
  virtual bool DrawPending(std::string_view desk, std::string_view type, date::year_month month) = 0;
  // True when application `id` has a request in the release (read it with Release first).
  virtual bool HasDrawRequest(std::string_view application_id, std::string_view desk, std::string_view type,
                              date::year_month month) = 0;
  // The requests of the release (read it with Release first), by id.
  virtual std::vector<DrawRequestRecord> DrawRequests(std::string_view desk, std::string_view type,
                                                      date::year_month month) = 0;
  // Stores a new request opened with `token` (plain text: kept hashed, and sealed at rest for the
  // message that links to its result).
  virtual void InsertDrawRequest(const DrawRequestRecord& request, std::string_view token) = 0;
  // Request `after.id` now has `after`'s state, order, booking_code and updated_at.
  virtual void SetDrawOutcome(const DrawRequestRecord& after) = 0;
  // Queues the `draw_lost` message for `request` (lost, with its `order`), one of `draw_size`
  // requests drawn, to its application's e-mail address (no_address when it has none), with the
  // request's token for the link (none for a request stored before tokens were kept).
  virtual void EnqueueDrawLost(const DrawRequestRecord& request, int draw_size, Instant now) = 0;
  // The release is drawn at `drawn_at`.
  virtual void MarkDrawn(const ReleaseRecord& release, Instant drawn_at) = 0;
  // Appends the audit entry of an event of a release (`detail`: JSON, never a token or seed before
  // the draw).
  virtual void AuditRelease(std::string_view action, const Actor& actor, const ReleaseRecord& release,
                            std::string_view detail, Instant now) = 0;

  // Automatic convocation ------------------------------------------------------------------------

  // Since when application `id` may book `type` and whether the system convened it for it;
  // nullopt when it does not list the type.
  virtual std::optional<TypeListing> Listing(std::string_view application_id, std::string_view type) = 0;
  // Records that the system convened application `id` for `type` at `now`.
  virtual void MarkConvened(std::string_view application_id, std::string_view type, Instant now) = 0;
};

}  // namespace sportello::storage
