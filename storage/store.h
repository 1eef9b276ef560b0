// Store: everything Sportello keeps on disk — desks and their calendars, feature flags,
// applications imported from the national system, bookings, idempotency keys, staff accounts, the
// outbox of messages and the audit log — as one narrow interface per concern (DeskStore,
// ApplicationStore, BookingStore, AuditLog, AccountStore, Outbox) that Store gathers, and the
// transaction interfaces the rules of booking/ run in (booking_, desk_, application_ and
// account_transaction.h).
//
// The SQLite implementation (sqlite_store.h) is the embedded default; another backend (PostgreSQL)
// implements the same interfaces. The store holds no booking rule: the rules live in booking/ and
// run *inside* the write transaction the store opens for them (BookTogether, ChangeBooking), so
// the seats they count are the seats that exist when their writes commit, and no interleaving of
// threads or processes can give a seat twice or exceed a slot's capacity. A booking is
// acknowledged (the call returns) only after its transaction is durably committed.
//
// Conventions:
// - Every operation returns `engine::Result<T>`. Besides the errors listed per function, any of
//   them may return `Error::internal` when the database itself fails (I/O error, disk full, lock
//   wait timed out), or `Error::unavailable` when it cannot be reached; nothing is changed then.
// - The clock is a parameter (`now`): the store reads no clock, so tests pass fixed instants.
// - Every change to a booking, calendar or flag writes an audit entry in the same transaction.
//
// Thread-safety: implementations are safe to call from many threads at once, and several
// processes may open the same database file.
#pragma once

#include "engine/application.h"
#include "engine/booking_status.h"
#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/notice_kind.h"
#include "engine/seats.h"
#include "engine/ticket.h"
#include "engine/time.h"
#include "engine/waitlist.h"
#include "storage/question_store.h"
#include "storage/system_store.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

using engine::Error;
using engine::Instant;
using engine::Result;

// --- Who acts ----------------------------------------------------------------------------------

// Who makes a change, as written in the audit log: "applicant", "staff:<username>", "cli",
// "system" for desks seeded from calendars/ at start, or "email" for a question read from the help
// desk's mailbox.
// Staff and the command line book with the staff view (staff seats, no applicant window).
struct Actor {
  std::string who;

  static Actor Applicant() { return {"applicant"}; }
  static Actor Staff(std::string_view username) { return {"staff:" + std::string(username)}; }
  static Actor Cli() { return {"cli"}; }
  static Actor System() { return {"system"}; }
  static Actor Email() { return {"email"}; }  // a question that arrived by e-mail (who sent it is unproven)

  bool is_applicant() const { return who == "applicant"; }
  engine::View view() const { return is_applicant() ? engine::View::applicant : engine::View::staff; }
  friend bool operator==(const Actor&, const Actor&) = default;
};

// --- Bookings ----------------------------------------------------------------------------------

// The states of a booking are the engine's (engine/booking_status.h).
using engine::BookingStatus;
using engine::ParseStatus;
using engine::StatusName;

struct BookingRecord {
  std::string code;  // e.g. "RM-7K3Q-9XZD-4F2H" (see secrets.h)
  std::string desk;
  std::string type;
  Instant start;
  Instant end;
  BookingStatus status = BookingStatus::booked;
  std::string application_id;
  engine::Channel channel = engine::Channel::online;  // how it holds its seat: seat accounting
  std::string email;  // contact given with the booking, else the application's; may be empty
  std::string phone;  // likewise
  std::string lang;   // "it", "en", "fr" or "es"
  Instant created_at;
  std::string created_by;  // Actor::who
  Instant updated_at;
  // Reconfirmation (SPEC.md, "No seat wasted"; engine/reconfirmation.h): when the booking was
  // confirmed (also when it was made or moved inside its window), when the applicant was asked,
  // when reminded. All empty for a type that asks no reconfirmation.
  std::optional<Instant> confirmed_at;
  std::optional<Instant> reconfirm_asked_at;
  std::optional<Instant> reconfirm_reminded_at;
};

struct BookOutcome {
  BookingRecord booking;
  // Plain-text manage token, 128 random bits; the store keeps only its hash. On a replay it is
  // recovered from a copy sealed with a key derived from the Idempotency-Key (which the store
  // keeps only hashed either), so the client that lost the first answer gets it again.
  std::string manage_token;
  bool replayed = false;
  // The desk's calendar the booking was decided with, to show it in the desk's zone (never null on
  // success): the answer needs no second read of the desk.
  std::shared_ptr<const engine::DeskCalendar> desk;
};

class BookingTransaction;  // booking_transaction.h
class DeskTransaction;     // desk_transaction.h
class ApplicationTransaction;  // application_transaction.h
using DeskChange = std::function<Result<void>(DeskTransaction&)>;
using BookDecision = std::function<Result<BookOutcome>(BookingTransaction&)>;
using BookDone = std::function<void(Result<BookOutcome>)>;
using BookingChange = std::function<Result<BookingRecord>(BookingTransaction&)>;

// --- The waitlist (SPEC.md, "No seat wasted"; engine/waitlist.h) -----------------------------
using engine::WaitlistState;

// The seat held for an entry: [start, end) of the entry's desk and type, until `expires_at`.
struct WaitlistOffer {
  Instant start;
  Instant end;
  Instant expires_at;
  friend bool operator==(const WaitlistOffer&, const WaitlistOffer&) = default;
};

struct WaitlistEntry {
  std::string id;              // e.g. "W-7K3Q-9XZD-4F2H" (secrets.h)
  std::int64_t sequence = 0;   // place in line: assigned by the store on insert, increasing
  std::string desk;
  std::string type;
  std::string application_id;
  std::optional<engine::Date> before;  // only seats on earlier dates; none: any date
  std::string email;           // where offers go; may be empty
  std::string lang;            // "it", "en", "fr" or "es"
  WaitlistState state = WaitlistState::waiting;
  // offered: the seat held now. In a later state: the last offer made (kept for the record).
  // An entry holds an online seat of its desk and type exactly while its state is `offered`.
  std::optional<WaitlistOffer> offer;
  Instant created_at;
  Instant updated_at;
  friend bool operator==(const WaitlistEntry&, const WaitlistEntry&) = default;
};

// A desk and type with at least one entry waiting.
struct WaitlistLineId {
  std::string desk;
  std::string type;
  friend bool operator==(const WaitlistLineId&, const WaitlistLineId&) = default;
};

// --- Fair release (SPEC.md, "Fair release"; engine/release.h, engine/draw.h) -----------------

// A month of a type with a draw, stored from before its window opens so that its seed is committed
// (seed_hash published) before any request arrives.
struct ReleaseRecord {
  std::string desk;
  std::string type;
  date::year_month month;
  Instant opens_at;
  Instant draw_closes_at;
  std::string seed;       // plain text here; sealed at rest, revealed by the API once drawn
  std::string seed_hash;  // engine::SeedHash(seed)
  std::optional<Instant> drawn_at;
  Instant created_at;
  friend bool operator==(const ReleaseRecord&, const ReleaseRecord&) = default;
};

enum class DrawRequestState { waiting, won, lost };
std::string_view DrawRequestStateName(DrawRequestState state);  // "waiting", "won", "lost"

// One application's request in a draw window, with its ranked preferences (engine::DrawPreference
// in text form, e.g. "2027-01-12", "2027-01-13Tam", "any").
struct DrawRequestRecord {
  std::string id;  // e.g. "D-7K3Q-9XZD-4F2H" (secrets.h)
  std::string desk;
  std::string type;
  date::year_month month;
  std::string application_id;
  std::vector<std::string> preferences;
  std::string lang;
  DrawRequestState state = DrawRequestState::waiting;
  std::optional<int> order;   // 1-based place in the draw order, once drawn
  std::string booking_code;   // the seat won; empty otherwise
  Instant created_at;
  Instant updated_at;
  friend bool operator==(const DrawRequestRecord&, const DrawRequestRecord&) = default;
};

// Since when an application may book a type (the import that first listed it, kept while the
// type stays listed), and when the system convened it for that type (SPEC.md, "No seat wasted").
struct TypeListing {
  Instant since;
  std::optional<Instant> convened_at;
};

// --- Desks -------------------------------------------------------------------------------------

struct CalendarChange {
  bool applied = false;  // false: refused because bookings would be stranded and !force
  // Future `booked` bookings whose start is no longer a slot of the new calendar (or whose type
  // it no longer offers). With force they stay booked — people must be told — and are reported.
  std::vector<BookingRecord> stranded;
};

// The applicant's rating of a visit that took place (SPEC.md, "The day of the visit").
struct Feedback {
  std::string booking_code;
  int rating = 0;        // 1..5
  std::string comment;   // at most 500 characters; may be empty
  Instant at;
  friend bool operator==(const Feedback&, const Feedback&) = default;
};

// A rating with what statistics need of the booking it rates.
struct RatedVisit {
  Feedback feedback;
  std::string type;
  Instant start;
};

// What the national overview reads of a booking (engine/overview.h): no code, contact or application.
struct OverviewBooking {
  Instant start;
  BookingStatus status = BookingStatus::booked;
  std::string created_by;  // Actor::who
  // Since when its application could book its type, kept with the booking when it was made; none
  // for bookings made before it was kept, whose listing was gone by then (storage/schema.h).
  std::optional<Instant> bookable_since;
};

// --- Audit -------------------------------------------------------------------------------------

struct AuditEntry {
  std::int64_t id = 0;  // increasing; order of the log
  Instant at;
  std::string actor;    // Actor::who
  std::string desk;     // may be empty (not desk-bound)
  std::string action;   // e.g. "booking.create", "booking.cancel", "booking.reschedule",
                        // "booking.attendance", "booking.attendance_undo", "calendar.replace", "calendar.seed",
                        // "flags.self_booking", "applications.import", "user.add",
                        // "user.disable"
  std::string subject;  // booking code, desk id, …
  std::string before;   // JSON document, or empty when there was nothing before
  std::string after;    // JSON document, or empty when nothing is left
};

// The most audit entries one page holds.
inline constexpr int kMaxAuditPage = 1000;

struct AuditQuery {
  std::optional<std::string> desk;       // only this desk's entries
  std::optional<std::string> subject;    // only the entries about this booking code, desk id, …
  std::optional<std::int64_t> before_id; // paging: entries with id < before_id
  int limit = 100;                       // newest first, at most this many (capped at kMaxAuditPage)
};

// --- Applications ------------------------------------------------------------------------------

struct UpsertCounts {
  std::size_t inserted = 0;
  std::size_t updated = 0;  // existing ids, whether or not a field changed
  std::size_t events = 0;   // status events recorded (a changed status text, or the system API's)
};

using ApplicationChange = std::function<Result<UpsertCounts>(ApplicationTransaction&)>;

// --- Staff users and sessions (SPEC.md, "Staff") ----------------------------------------------

// `operator` is a C++ keyword, hence the underscore; its wire name is "operator". A `kiosk` is a
// device account of one desk (the check-in tablet at its entrance) that may only check people in.
// A `helpdesk` member belongs to the national front office: every desk, but questions only
// (SPEC.md, "Questions").
enum class Role { operator_, manager, admin, kiosk, helpdesk };

// True for the roles of every desk and none in particular: admin, helpdesk.
inline bool IsNational(Role role) { return role == Role::admin || role == Role::helpdesk; }

// "operator", "manager", "admin", "kiosk", "helpdesk".
std::string_view RoleName(Role role);
// The role named `name`, or nullopt.
std::optional<Role> ParseRole(std::string_view name);
// True for a well-formed username: 3–40 characters of a-z 0-9 . _ -
bool IsValidUsername(std::string_view name);

struct User {
  std::string username;  // 3–40 characters of a-z 0-9 . _ -
  Role role = Role::operator_;
  std::string desk;      // the one desk of an operator, manager or kiosk; empty for an admin or helpdesk

  // True when this user may see and change `desk`'s data (admins: every desk).
  bool MayAccess(std::string_view desk_id) const { return role == Role::admin || desk == desk_id; }
};

inline constexpr std::size_t kMinPasswordLength = 12;

// A staff account as administrators see it (never its password hash).
struct UserAccount {
  User user;
  Instant created_at;
  bool disabled = false;  // may no longer sign in; its sessions have ended
};

// A staff member signed in (not a network connection: that is http::Session).
struct StaffSession {
  std::string token;  // bearer token, 256 random bits; the store keeps only its hash
  User user;
  Instant expires_at;
};

class AccountTransaction;  // account_transaction.h
using AccountChange = std::function<Result<UserAccount>(AccountTransaction&)>;

// --- Notifications: the outbox of applicant messages (docs/notifications.md) ----------------

using engine::NoticeKind;

// queued: waiting to be sent or retried; sent: accepted by the mail relay; failed: given up (the
// relay refused it for good, or it could not be sent within the give-up time); no_address: the
// booking has no e-mail address, nothing is sent (kept so staff see the applicant was not told);
// skipped: a reminder that became pointless before it was sent (the booking changed or began).
enum class DeliveryStatus { queued, sent, failed, no_address, skipped };

// "queued", "sent", "failed", "no_address", "skipped".
std::string_view DeliveryStatusName(DeliveryStatus status);
std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view name);

// One message about a booking, as staff see it.
struct Delivery {
  std::int64_t id = 0;
  NoticeKind kind = NoticeKind::confirmation;
  std::string booking_code;
  std::string recipient;  // empty for no_address
  std::string lang;
  Instant start;          // the appointment the message reports
  // The iCalendar SEQUENCE of the booking's event when the message was queued: 0 for the first
  // message, one more for each later message that changes the event; a reminder repeats the
  // current one. So the newest message of a booking carries its event's SEQUENCE now.
  int sequence = 0;
  DeliveryStatus status = DeliveryStatus::queued;
  int attempts = 0;       // sending attempts made
  std::optional<Instant> next_attempt_at;  // queued only
  std::string last_error; // why the last attempt failed (kept when given up); empty after success
  Instant created_at;     // when the change it reports was committed
  std::optional<Instant> last_attempt_at;
  std::optional<Instant> sent_at;
};

// A message claimed for sending: everything needed to render it (with the desk and catalogue).
struct PendingNotice {
  std::int64_t id = 0;
  std::string lease;       // proof of the claim, given back with the attempt
  NoticeKind kind = NoticeKind::confirmation;
  std::string booking_code;
  std::string application_id;
  std::string desk;
  std::string type;
  Instant start;
  Instant end;
  std::optional<Instant> previous_start;  // reschedule
  std::optional<Instant> previous_end;
  std::string recipient;
  std::string lang;
  int sequence = 0;
  // The link's token: the manage token for confirmation, convocation, reconfirm,
  // reconfirm_reminder and released (when kept); the waitlist entry's token for an offer; the draw
  // request's for draw_lost (when kept).
  std::string manage_token;
  int attempts = 0;          // attempts made before this claim
  Instant created_at;
  // An offer (kind `offer`): the entry it is for (booking_code is then empty), when the offer
  // expires; previous_start/previous_end are the applicant's current booking, if any.
  std::string waitlist_id;
  std::optional<Instant> offer_expires_at;
  // A lost draw request (kind `draw_lost`): the request (booking_code is then empty), the month
  // drawn, the request's place in the draw order and how many requests were drawn.
  std::string draw_request_id;
  std::optional<date::year_month> draw_month;
  int draw_place = 0;
  int draw_size = 0;
  // An answered question (kind `question_answered`): the ticket (booking_code is then empty) and
  // its sequence, from which its number is shown. No token: the link asks the applicant's proof.
  std::string question_id;
  std::int64_t question_sequence = 0;
  // False for a ticket that arrived by e-mail from an address not on file: its message then names no
  // application, since whoever wrote may not be its holder.
  bool question_verified = false;
  // A status event of the application (kind `status_event`): the event (booking_code is then empty)
  // and its text in the message's language.
  std::int64_t event_id = 0;
  std::string event_text;
};

// What became of one attempt to send a claimed message.
struct DeliveryAttempt {
  enum class Outcome {
    sent,     // accepted by the relay
    retry,    // failed for now: try again at `next_attempt_at`
    give_up,  // failed for good: status failed, `error` kept
    release,  // not attempted (shutting down): back to the queue as it was, no attempt counted
  };
  Outcome outcome = Outcome::sent;
  std::string error;         // retry, give_up: the reason, for staff
  Instant next_attempt_at;   // retry only
};

// --- Retention: what is kept only as long as needed (docs/privacy.md) -------------------------

// What the retention policy removes, one kind at a time. booking/retention.h decides the cut-offs;
// the store only applies each kind's definition below.
enum class PurgeKind {
  // Tax code, e-mail and phone of an application (set empty; the application stays, so its bookings
  // still count in statistics): when it has bookings, none ends at or after
  // `last_appointment_before` and it was last imported before then too (an application imported
  // again is live again); or when it has none and was last imported before `unbooked_before`.
  application_contacts,
  // E-mail and phone of every booking of an application whose contacts are erased.
  booking_contacts,
  // The e-mail of every waitlist entry no longer in line (accepted, expired, left) of an
  // application whose contacts are erased. (An application with an entry still in line keeps its
  // contacts: application_contacts waits for the entry to end.)
  waitlist_contacts,
  // Messages no longer queued whose appointment and last event (sent, last attempt, queued) are
  // both before `messages_before`.
  finished_messages,
  // Idempotency keys stored before `idempotency_before`.
  idempotency_keys,
  // Staff sessions expired at `now`.
  expired_sessions,
  // Buckets of failed verifications (VerificationLedger) last charged before `failures_before`.
  verification_failures,
  // Audit entries made before `audit_before`.
  audit_entries,
  // Changes of the national system's feed of booking changes made before `audit_before`: the feed
  // is a mirror's record, kept as long as the audit log.
  booking_changes,
  // The messages and notes of every ticket last changed before `questions_before`.
  question_messages,
  // The contact, application and token of every such ticket, once its messages are gone: it is
  // archived, only its classification and times remain (SPEC.md, "Questions": the anonymised archive).
  question_contacts,
};

inline constexpr PurgeKind kPurgeKinds[] = {
    PurgeKind::application_contacts, PurgeKind::booking_contacts,      PurgeKind::waitlist_contacts,
    PurgeKind::finished_messages,    PurgeKind::idempotency_keys,      PurgeKind::expired_sessions,
    PurgeKind::verification_failures, PurgeKind::audit_entries, PurgeKind::booking_changes,
    PurgeKind::question_messages,    PurgeKind::question_contacts};

struct PurgeCutoffs {
  Instant now;
  Instant last_appointment_before;
  Instant unbooked_before;
  Instant messages_before;
  Instant idempotency_before;
  Instant failures_before;
  Instant audit_before;
  Instant questions_before;
};

// --- The interfaces: one per concern ------------------------------------------------------------
// A backend implements each; a caller depends on the ones it uses (mail/ on Outbox and DeskStore).

// Desks, their calendars and flags.
class DeskStore {
 public:
  virtual ~DeskStore() = default;

  // Every desk, with its stored calendar and current `flags.self_booking`, ordered by id.
  virtual Result<std::vector<engine::DeskCalendar>> LoadDesks() = 0;
  // One desk. Error: not_found.
  virtual Result<engine::DeskCalendar> FindDesk(std::string_view desk) = 0;
  // The same without a copy: the stored calendar as parsed, shared and never changed. A change to
  // the calendar or its flags gives a new object, so a caller may key what it derives from the
  // calendar on this pointer (while holding it). Error: not_found.
  virtual Result<std::shared_ptr<const engine::DeskCalendar>> SharedDesk(std::string_view desk) = 0;
  // Runs `decide` in a write transaction of its own (the rules of booking/desks.h: replacing a
  // calendar, switching a flag): committed when it returns a value, rolled back when it returns an
  // error.
  virtual Result<void> ChangeDesk(const DeskChange& decide) = 0;
};

// Applications imported from the national system.
class ApplicationStore {
 public:
  virtual ~ApplicationStore() = default;

  // Runs `decide` in a write transaction of its own (the import rules of booking/applications.h):
  // committed when it returns a value, rolled back when it returns an error.
  virtual Result<UpsertCounts> ChangeApplications(const ApplicationChange& decide) = 0;
  // Error: not_found.
  virtual Result<engine::Application> FindApplication(std::string_view id) = 0;
};

// Bookings: the transactions booking/ decides in, and the reads.
class BookingStore {
 public:
  virtual ~BookingStore() = default;

  // Booking writes. The rules that decide them live in booking/ (booking.h); the store runs each
  // decision atomically with the reads it made (BookingTransaction), and writes nothing else.

  // Runs `decide` inside a write transaction that the bookings arriving at the same time share
  // (group commit), each in a savepoint of its own: a decision that returns an error, or an outcome
  // that only replays an earlier answer (`replayed`), leaves nothing behind, and never harms the
  // others. Calls `done` once the transaction is durably committed, with Error::internal and
  // nothing stored when it could not be. `done` runs on the thread that ran the commit: this one
  // (then before BookTogether returns) or another caller's, so no thread waits for a commit it
  // does not run. `done` must be quick and must not block: the next commit waits for it.
  virtual void BookTogether(BookDecision decide, BookDone done) = 0;
  // Runs `decide` in a write transaction of its own: committed durably when it returns a value,
  // rolled back when it returns an error.
  virtual Result<BookingRecord> ChangeBooking(const BookingChange& decide) = 0;

  // The booking with `code` (case-insensitive; look-alike letters O, I, L accepted). Error: not_found.
  virtual Result<BookingRecord> FindBooking(std::string_view code) = 0;

  // The booking with `code` if `token` is its manage token. A wrong or empty token gives
  // not_found, exactly as an unknown code does; hashes are compared in constant time.
  virtual Result<BookingRecord> VerifyManageToken(std::string_view code, std::string_view token) = 0;

  // Every booking (any status) of `desk` whose start falls on local date `day`, by start then
  // code: the day sheet, with contact. Error: not_found for an unknown desk.
  virtual Result<std::vector<BookingRecord>> BookingsOn(std::string_view desk, engine::Date day) = 0;
  // Every ticket of `desk` from local date `first` to `last` (the days of the visits), by day then
  // sequence, as committed now; a read that locks nothing. Error: not_found for an unknown desk.
  virtual Result<std::vector<engine::Ticket>> TicketsBetween(std::string_view desk, engine::Date first,
                                                             engine::Date last) = 0;
  Result<std::vector<engine::Ticket>> TicketsOn(std::string_view desk, engine::Date day) {
    return TicketsBetween(desk, day, day);
  }
  // The ratings of the bookings of `desk` with from <= start < to, by start then code. Error:
  // not_found for an unknown desk.
  virtual Result<std::vector<RatedVisit>> RatingsBetween(std::string_view desk, Instant from, Instant to) = 0;
  // Every booking (any status) of `desk` with from <= start < to, by start then code
  // (statistics). Error: not_found for an unknown desk.
  virtual Result<std::vector<BookingRecord>> BookingsBetween(std::string_view desk, Instant from,
                                                             Instant to) = 0;
  // Every booking (any status) of application `id`, newest start first; empty when none.
  virtual Result<std::vector<BookingRecord>> BookingsOfApplication(std::string_view id) = 0;
  // Every booking (any status) of `desk` with from <= start < to, as the national overview reads
  // it, by start. Error: not_found for an unknown desk.
  virtual Result<std::vector<OverviewBooking>> OverviewBookingsBetween(std::string_view desk, Instant from,
                                                                       Instant to) = 0;

  // Active (`booked`) bookings per slot start, by channel, of `desk` and `type` with
  // from <= start < to, plus the seats held by offers (entries `offered`, counted as online): the
  // input of engine::Availability, stamped (SeatLedger::stamp) with the state of the seats it was
  // read at. Error: not_found for an unknown desk.
  virtual Result<engine::SeatLedger> Seats(std::string_view desk, std::string_view type, Instant from,
                                           Instant to) = 0;

  // The waitlist (reads; the writes are BookingTransaction's) ----------------------------------

  // The entry `id` if `token` is its token; a wrong or empty token gives not_found, as an unknown
  // id does (hashes compared in constant time).
  virtual Result<WaitlistEntry> VerifyWaitlistToken(std::string_view id, std::string_view token) = 0;
  // The active (waiting, offered) entries of `desk` and `type`, in line order. Error: not_found for
  // an unknown desk.
  virtual Result<std::vector<WaitlistEntry>> WaitlistOf(std::string_view desk, std::string_view type) = 0;
  // Every entry (any state) of application `id`, newest first; empty when none.
  virtual Result<std::vector<WaitlistEntry>> WaitlistOfApplication(std::string_view id) = 0;
  // The desks and types with at least one entry `waiting`, by desk then type.
  virtual Result<std::vector<WaitlistLineId>> WaitingLines() = 0;
  // The ids of the entries still `offered` whose offer expired at or before `now`, by expiry.
  virtual Result<std::vector<std::string>> ExpiredOffers(Instant now) = 0;

  // Fair release (reads; the writes are BookingTransaction's) -----------------------------------

  // The stored releases of `desk` and `type`, by month. Error: not_found for an unknown desk.
  virtual Result<std::vector<ReleaseRecord>> ReleasesOf(std::string_view desk, std::string_view type) = 0;
  // The stored releases whose draw window closed at or before `now` and that are not drawn yet,
  // oldest first.
  virtual Result<std::vector<ReleaseRecord>> UndrawnReleases(Instant now) = 0;
  // The requests of a release, by id.
  virtual Result<std::vector<DrawRequestRecord>> DrawRequestsOf(std::string_view desk, std::string_view type,
                                                                date::year_month month) = 0;
  // The request `id` if `token` is its token; a wrong or empty token gives not_found, as an unknown
  // id does (hashes compared in constant time).
  virtual Result<DrawRequestRecord> VerifyDrawToken(std::string_view id, std::string_view token) = 0;

  // Automatic convocation (reads) ----------------------------------------------------------------

  // Applications of `desk` that have listed `type` since before `listed_before`, were never
  // convened by the system for it, and have no booking of it that is booked, attended, a no-show
  // or released; oldest listing first, at most `limit`.
  virtual Result<std::vector<std::string>> ApplicationsToConvene(std::string_view desk, std::string_view type,
                                                                 Instant listed_before, int limit) = 0;
};

// Who changed what, when.
class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // Audit entries, newest first. Error: invalid_request when limit < 1.
  virtual Result<std::vector<AuditEntry>> Audit(const AuditQuery& query) = 0;
};

// Staff accounts and their sessions.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // The Argon2id hash the store keeps of `password`, at the store's cost (StoreOptions). Slow on
  // purpose: call it outside any transaction.
  virtual std::string HashPassword(std::string_view password) = 0;
  // Runs `decide` in a write transaction of its own (the rules of booking/accounts.h): committed
  // when it returns a value, rolled back when it returns an error.
  virtual Result<UserAccount> ChangeAccounts(const AccountChange& decide) = 0;
  // The account named `username` when `password` is its password, disabled or not; nullopt for an
  // unknown username or a wrong password. Both take as long as a match, so the answer does not
  // tell which usernames exist. Whether the account may sign in is booking/accounts.h's rule.
  virtual Result<std::optional<UserAccount>> CheckPassword(std::string_view username, std::string_view password) = 0;
  // Opens a session for `user` that expires after the store's session lifetime, and forgets the
  // sessions already expired at `now`.
  virtual Result<StaffSession> OpenSession(const User& user, Instant now) = 0;
  // The user behind a session token. Error: unauthorized when unknown or expired at `now`.
  virtual Result<User> Authenticate(std::string_view token, Instant now) = 0;
  // Ends a session; ending an unknown one is not an error.
  virtual Result<void> Logout(std::string_view token) = 0;
  // Every staff account, disabled ones included, by username.
  virtual Result<std::vector<UserAccount>> ListUsers() = 0;
};

// Messages to applicants waiting to be sent, and what became of them (docs/notifications.md).
class Outbox {
 public:
  virtual ~Outbox() = default;

  // Notifications (the outbox) ---------------------------------------------------------------
  // The booking rules queue the message reporting a change in the change's own transaction
  // (BookingTransaction::Enqueue): a committed change always has its message, a rolled-back one
  // never. A booking without an e-mail address gets a row with status no_address.

  // Claims up to `limit` (1..100) queued messages due at `now` for sending, oldest due first, and
  // holds each for `lease`: until it expires, no other caller (thread or process) claims it. At
  // most one message per booking (or waitlist entry) is claimed, and never one while an older one
  // of the same booking (entry) is still queued, so its messages go out in order. First marked
  // skipped: queued reminders whose appointment changed or already began; queued reconfirm and
  // reconfirm_reminder messages whose booking is no longer booked or is already confirmed; queued
  // offers whose entry no longer holds that seat. Error: invalid_request for a bad limit or lease.
  virtual Result<std::vector<PendingNotice>> ClaimDueNotices(Instant now, int limit, std::chrono::seconds lease) = 0;

  // Records the outcome of sending `notice` (as claimed). sent and give_up also forget the manage
  // token. Error: not_found when the claim is no longer held (its lease expired and another
  // caller claimed the message): nothing is changed then.
  virtual Result<void> RecordDeliveryAttempt(const PendingNotice& notice, const DeliveryAttempt& attempt,
                                             Instant now) = 0;

  // Every message about booking `code`, oldest first. Error: not_found for an unknown booking.
  virtual Result<std::vector<Delivery>> DeliveriesOf(std::string_view code) = 0;

  // Queues a reminder for every booked booking starting within (now, now + lead] that has none
  // for that start yet, unless the booking was made or moved less than `lead` before its start
  // (its confirmation is recent enough). At most one reminder per booking and start, even with
  // several callers at once. Returns how many were queued.
  virtual Result<int> EnqueueDueReminders(Instant now, std::chrono::seconds lead) = 0;
};

// The limit on wrong tax codes per application (SPEC.md: the same answer for an unknown
// application, a wrong tax code and another desk, a limited number of times): each application's
// bucket of failed verifications, kept here so every node counts the same failures. The
// arithmetic is http/token_bucket.h's; the store keeps the state and changes it atomically.
struct FailureBucket {
  double tokens = 0;  // kept to a thousandth
  Instant updated;
};
using FailureCharge = std::function<FailureBucket(const std::optional<FailureBucket>&)>;

class VerificationLedger {
 public:
  virtual ~VerificationLedger() = default;

  // The bucket under `key` (any text: an application id that exists or not, or a client and an
  // application id: http/limits.cc); nullopt when no failure was ever charged to it.
  virtual Result<std::optional<FailureBucket>> FailureBucketOf(std::string_view key) = 0;
  // Replaces the bucket under `key` with `charge(bucket as stored)`, in one write transaction: two
  // nodes charging at once never both start from the same reading.
  virtual Result<void> ChargeFailure(std::string_view key, const FailureCharge& charge) = 0;
};

// Proof-of-work solutions already used (SPEC.md, "Fair release": a solution is accepted once), by
// the signature of their challenge, on every node. Whether a solution is valid is
// booking/proof_of_work.h's rule; the store only remembers which were spent, until they expire.
class ChallengeLedger {
 public:
  virtual ~ChallengeLedger() = default;

  // Records the challenge signed `signature`, valid until `expires_at`, as spent: true the first
  // time, false when it already was (a replay, from this node or another). Challenges expired well
  // before `now` may be forgotten: they are refused as expired before they get here.
  virtual Result<bool> SpendChallenge(std::string_view signature, Instant expires_at, Instant now) = 0;
};

// Applies the retention policy's cut-offs (PurgeKind).
class Retention {
 public:
  virtual ~Retention() = default;

  // How many rows of `kind` are due under `cutoffs`.
  virtual Result<std::int64_t> CountDue(PurgeKind kind, const PurgeCutoffs& cutoffs) = 0;
  // Erases or deletes up to `limit` (>= 1) rows of `kind` due under `cutoffs`, in one write
  // transaction, and returns how many. Error: invalid_request for a limit below 1.
  virtual Result<std::int64_t> PurgeDue(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit) = 0;
};

// The whole store: every concern, plus the operations on the database itself.
class Store : public DeskStore,
              public ApplicationStore,
              public BookingStore,
              public AuditLog,
              public AccountStore,
              public Outbox,
              public VerificationLedger,
              public ChallengeLedger,
              public Retention,
              public QuestionStore,
              public SystemStore {
 public:
  // Succeeds when the database answers a trivial query (for /healthz).
  virtual Result<void> Ping() = 0;

  // Writes a consistent copy of the whole database to `out` while others keep writing. The copy
  // is made next to `out` and renamed over it when complete, so `out` is never half-written.
  // Error: internal (with nothing at `out` changed) when it cannot be written.
  virtual Result<void> Backup(const std::filesystem::path& out) = 0;
};

}  // namespace sportello::storage
