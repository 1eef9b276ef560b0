// SqliteStore: making and changing bookings. Every write decides inside one BEGIN IMMEDIATE
// transaction: the seats counted there are the seats that exist when the insert commits. New
// bookings arriving together share one transaction (BookBatch), each in a savepoint of its own.
#include "storage/sqlite_store.h"

#include "engine/application.h"
#include "engine/booking_rules.h"
#include "engine/language.h"
#include "storage/secrets.h"
#include "storage/seat_transaction.h"
#include "storage/sqlite_outbox.h"
#include "storage/sqlite_rows.h"

namespace sportello::storage {
namespace {

inline constexpr std::string_view kCountSeats = R"(
SELECT channel, count(*) FROM bookings
WHERE desk = ?1 AND type = ?2 AND start = ?3 AND status = 'booked' GROUP BY channel)";
inline constexpr std::string_view kActiveOfType = R"(
SELECT 1 FROM bookings WHERE application_id = ?1 AND type = ?2 AND status = 'booked')";
inline constexpr std::string_view kCodeTaken = "SELECT 1 FROM bookings WHERE code = ?1";
inline constexpr std::string_view kInsertBooking = R"(
INSERT INTO bookings (code, desk, type, start, end, status, channel, application_id, email, phone, lang,
                      token_hash, created_at, created_by, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, 'booked', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12))";
inline constexpr std::string_view kSelectIdempotency = R"(
SELECT fingerprint, booking_code, sealed_token FROM idempotency_keys WHERE key_hash = ?1)";
inline constexpr std::string_view kInsertIdempotency = R"(
INSERT INTO idempotency_keys (key_hash, fingerprint, booking_code, sealed_token, created_at)
VALUES (?1, ?2, ?3, ?4, ?5))";
inline constexpr std::string_view kUpdateStatus = "UPDATE bookings SET status = ?2, updated_at = ?3 WHERE code = ?1";
inline constexpr std::string_view kMoveBooking = R"(
UPDATE bookings SET start = ?2, end = ?3, channel = ?4, updated_at = ?5 WHERE code = ?1)";

constexpr std::string_view kKeyDomain = "sportello/idempotency-key";
constexpr std::string_view kRequestDomain = "sportello/idempotency-request";
constexpr std::string_view kTokenDomain = "sportello/manage-token";

engine::SeatUse CountSeats(sqlite::Connection& connection, std::string_view desk, std::string_view type,
                           Instant start) {
  engine::SeatUse use;
  sqlite::Statement count = connection.Prepare(kCountSeats);
  count.Bind(1, desk).Bind(2, type).Bind(3, ToUnix(start));
  while (count.Step()) {
    (count.Text(0) == "staff" ? use.staff : use.online) = static_cast<int>(count.Int(1));
  }
  return use;
}

bool HasActiveBooking(sqlite::Connection& connection, std::string_view application_id, std::string_view type) {
  sqlite::Statement select = connection.Prepare(kActiveOfType);
  select.Bind(1, application_id).Bind(2, type);
  return select.Step();
}

std::string UnusedCode(sqlite::Connection& connection, std::string_view province) {
  for (;;) {  // a repeat is a 2^-60 event per existing booking; checked anyway
    std::string code = NewBookingCode(province);
    sqlite::Statement select = connection.Prepare(kCodeTaken);
    select.Bind(1, code);
    if (!select.Step()) return code;
  }
}

std::span<const unsigned char> Bytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}
std::span<const unsigned char> Bytes(const Hash& hash) { return {hash.data(), hash.size()}; }

// The applicant or staff checks of SPEC.md before any seat is looked at.
Result<void> CheckMayBook(const BookRequest& request, const engine::DeskCalendar& calendar,
                          const engine::Application* application) {
  if (request.actor.is_applicant()) {
    return engine::CheckApplicantMayBook(application, request.desk, calendar.flags.self_booking, request.tax_code,
                                         request.type);
  }
  if (application == nullptr || application->desk != request.desk) return Error::not_found;
  if (!application->Allows(request.type)) return Error::type_not_allowed;
  return {};
}

// An Idempotency-Key as stored: its hash, and the hash of what it was sent with.
struct IdempotencyKey {
  Hash key_hash;
  Hash fingerprint;

  static IdempotencyKey Of(const BookRequest& request) {
    return {DomainHash(kKeyDomain, *request.idempotency_key),
            DomainHash(kRequestDomain, request.desk + '\0' + request.actor.who + '\0' + request.body_hash)};
  }
};

// The first answer to a repeated key (or invalid_request when it came with another request);
// nullopt for a key not seen before.
std::optional<Result<BookOutcome>> Replay(sqlite::Connection& connection, const IdempotencyKey& key,
                                          std::string_view raw_key) {
  sqlite::Statement select = connection.Prepare(kSelectIdempotency);
  select.Bind(1, Bytes(key.key_hash));
  if (!select.Step()) return std::nullopt;
  if (!ConstantTimeEqual(select.Blob(0), AsChars(key.fingerprint))) return Error::invalid_request;
  std::optional<BookingRecord> booking = SelectBooking(connection, select.Text(1));
  std::optional<std::string> token = Unseal(raw_key, select.Blob(2));
  if (!booking || !token) return Error::internal;
  return BookOutcome{std::move(*booking), std::move(*token), true};
}

void Remember(sqlite::Connection& connection, const IdempotencyKey& key, std::string_view raw_key,
              const BookOutcome& outcome, Instant now) {
  const std::string sealed = Seal(raw_key, outcome.manage_token);
  connection.Prepare(kInsertIdempotency)
      .Bind(1, Bytes(key.key_hash))
      .Bind(2, Bytes(key.fingerprint))
      .Bind(3, outcome.booking.code)
      .Bind(4, Bytes(sealed))
      .Bind(5, ToUnix(now))
      .Run();
}

void InsertBooking(sqlite::Connection& connection, const BookingRecord& booking, const Hash& token_hash) {
  connection.Prepare(kInsertBooking)
      .Bind(1, booking.code)
      .Bind(2, booking.desk)
      .Bind(3, booking.type)
      .Bind(4, ToUnix(booking.start))
      .Bind(5, ToUnix(booking.end))
      .Bind(6, ChannelName(booking.channel))
      .Bind(7, booking.application_id)
      .Bind(8, booking.email)
      .Bind(9, booking.phone)
      .Bind(10, booking.lang)
      .Bind(11, Bytes(token_hash))
      .Bind(12, ToUnix(booking.created_at))
      .Bind(13, booking.created_by)
      .Run();
}

// Runs `book` in a savepoint of the open transaction: a booking that fails (or only replays an
// earlier answer) leaves nothing behind, and its seat changes join `seats` only when it succeeds.
// A database failure is this booking's alone (internal) unless the savepoint itself cannot be
// undone, which fails the whole transaction.
template <class Book>
Result<BookOutcome> BookInSavepoint(sqlite::Connection& connection, Book&& book, SeatChanges& seats) {
  connection.Prepare("SAVEPOINT booking").Run();
  SeatChanges mine;
  Result<BookOutcome> outcome = Error::internal;
  try {
    outcome = book(mine);
  } catch (const sqlite::SqliteError& error) {
    std::fprintf(stderr, "sportello storage: %s\n", error.what());
    outcome = Error::internal;
  }
  if (outcome && !outcome->replayed) {
    seats.Append(mine);
  } else {
    connection.Prepare("ROLLBACK TO booking").Run();
  }
  connection.Prepare("RELEASE booking").Run();
  return outcome;
}

}  // namespace

Result<BookOutcome> SqliteStore::Book(const BookRequest& request) {
  return book_queue_.Submit(request, [this](std::span<const BookRequest* const> batch) { return BookBatch(batch); });
}

std::vector<Result<BookOutcome>> SqliteStore::BookBatch(std::span<const BookRequest* const> requests) {
  std::vector<Result<BookOutcome>> outcomes;
  outcomes.reserve(requests.size());
  std::lock_guard lock(write_mutex_);
  try {
    SeatTransaction transaction(*writer_, seat_cache_);
    for (const BookRequest* request : requests) {
      outcomes.push_back(BookInSavepoint(*writer_, [&](SeatChanges& seats) {
        return BookLocked(*writer_, *request, seats);
      }, transaction.changes()));
    }
    transaction.Commit();
    return outcomes;
  } catch (const std::exception& error) {  // the database's, or e.g. bad_alloc: never out of a batch
    std::fprintf(stderr, "sportello storage: %s\n", error.what());
    return std::vector<Result<BookOutcome>>(requests.size(), Error::internal);  // nothing was committed
  }
}

Result<BookOutcome> SqliteStore::BookLocked(sqlite::Connection& connection, const BookRequest& request,
                                            SeatChanges& seats) {
  std::optional<IdempotencyKey> key;
  if (request.idempotency_key) {
    key = IdempotencyKey::Of(request);
    if (std::optional<Result<BookOutcome>> replay = Replay(connection, *key, *request.idempotency_key)) return *replay;
  }
  const std::optional<engine::Language> lang = engine::ParseLanguage(request.lang);
  if (!lang) return Error::invalid_request;
  const std::shared_ptr<const engine::DeskCalendar> calendar = Calendar(connection, request.desk);
  if (!calendar) return Error::not_found;
  const std::optional<engine::Application> application = SelectApplication(connection, request.application_id);
  if (auto allowed = CheckMayBook(request, *calendar, application ? &*application : nullptr); !allowed) {
    return allowed.error();
  }
  const Result<engine::Slot> slot = engine::FindSlot(*calendar, request.type, request.start);
  if (!slot) return slot.error();
  const engine::TypeCalendar& type = *calendar->FindType(request.type);  // FindSlot found it
  const engine::View view = request.actor.view();
  const engine::SeatUse use = CountSeats(connection, request.desk, request.type, slot->start);
  if (auto seat = engine::CheckSeat(*calendar, type, *slot, request.now, view, use); !seat) return seat.error();
  if (HasActiveBooking(connection, request.application_id, request.type)) return Error::already_booked;

  BookOutcome outcome{.booking = {.code = UnusedCode(connection, calendar->province),
                                  .desk = request.desk,
                                  .type = request.type,
                                  .start = slot->start,
                                  .end = slot->end,
                                  .status = BookingStatus::booked,
                                  .application_id = request.application_id,
                                  .channel = view,
                                  .email = request.email.empty() ? application->email : request.email,
                                  .phone = request.phone.empty() ? application->phone : request.phone,
                                  .lang = std::string(engine::LanguageCode(*lang)),
                                  .created_at = request.now,
                                  .created_by = request.actor.who,
                                  .updated_at = request.now},
                      .manage_token = NewManageToken(),
                      .replayed = false};
  InsertBooking(connection, outcome.booking, DomainHash(kTokenDomain, outcome.manage_token));
  seats.Take(outcome.booking.desk, outcome.booking.type, outcome.booking.start, outcome.booking.channel);
  if (key) Remember(connection, *key, *request.idempotency_key, outcome, request.now);
  EnqueueNotice(connection, view == engine::View::staff ? NoticeKind::convocation : NoticeKind::confirmation,
                outcome.booking, nullptr, outcome.manage_token, request.now);
  AppendAudit(connection, request.now, request.actor.who, outcome.booking.desk, "booking.create",
              outcome.booking.code, "", AuditJson(outcome.booking));
  return outcome;
}

Result<BookingRecord> SqliteStore::Cancel(std::string_view typed_code, const Actor& actor, Instant now) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Write([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    SeatTransaction transaction(connection, seat_cache_);
    std::optional<BookingRecord> booking = SelectBooking(connection, *code);
    if (!booking) return Error::not_found;
    if (booking->status == BookingStatus::cancelled) return *booking;
    if (booking->status != BookingStatus::booked) return Error::invalid_request;
    if (actor.is_applicant()) {
      const auto calendar = Calendar(connection, booking->desk);
      const engine::TypeCalendar* type = calendar ? calendar->FindType(booking->type) : nullptr;
      if (type != nullptr) {
        if (auto allowed = engine::CheckChangeAllowed(*type, booking->start, now); !allowed) return allowed.error();
      }
    }
    const std::string before = AuditJson(*booking);
    booking->status = BookingStatus::cancelled;
    booking->updated_at = now;
    connection.Prepare(kUpdateStatus).Bind(1, *code).Bind(2, StatusName(booking->status)).Bind(3, ToUnix(now)).Run();
    transaction.changes().Free(booking->desk, booking->type, booking->start, booking->channel);
    AppendAudit(connection, now, actor.who, booking->desk, "booking.cancel", booking->code, before,
                AuditJson(*booking));
    EnqueueNotice(connection, NoticeKind::cancellation, *booking, nullptr, "", now);
    transaction.Commit();
    return *booking;
  });
}

Result<BookingRecord> SqliteStore::Reschedule(std::string_view typed_code, Instant new_start, const Actor& actor,
                                              Instant now) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Write([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    SeatTransaction transaction(connection, seat_cache_);
    Result<BookingRecord> moved = RescheduleLocked(connection, *code, new_start, actor, now, transaction.changes());
    if (moved) transaction.Commit();  // on any error the transaction rolls back: the old seat stays
    return moved;
  });
}

Result<BookingRecord> SqliteStore::RescheduleLocked(sqlite::Connection& connection, std::string_view code,
                                                    Instant new_start, const Actor& actor, Instant now,
                                                    SeatChanges& seats) {
  std::optional<BookingRecord> booking = SelectBooking(connection, code);
  if (!booking) return Error::not_found;
  if (booking->status != BookingStatus::booked) return Error::invalid_request;
  const auto calendar = Calendar(connection, booking->desk);
  if (!calendar) return Error::internal;  // foreign key: cannot happen
  const engine::TypeCalendar* type = calendar->FindType(booking->type);
  if (actor.is_applicant()) {
    if (!calendar->flags.self_booking) return Error::self_booking_disabled;
    if (type != nullptr) {
      if (auto allowed = engine::CheckChangeAllowed(*type, booking->start, now); !allowed) return allowed.error();
    }
  }
  if (new_start == booking->start) return *booking;
  const Result<engine::Slot> slot = engine::FindSlot(*calendar, booking->type, new_start);
  if (!slot) return slot.error();
  const engine::View view = actor.view();
  const engine::SeatUse use = CountSeats(connection, booking->desk, booking->type, slot->start);
  if (auto seat = engine::CheckSeat(*calendar, *type, *slot, now, view, use); !seat) return seat.error();

  const std::string before = AuditJson(*booking);
  const BookingRecord previous = *booking;
  booking->start = slot->start;
  booking->end = slot->end;
  booking->channel = view;
  booking->updated_at = now;
  connection.Prepare(kMoveBooking)
      .Bind(1, code)
      .Bind(2, ToUnix(booking->start))
      .Bind(3, ToUnix(booking->end))
      .Bind(4, ChannelName(view))
      .Bind(5, ToUnix(now))
      .Run();
  seats.Move(booking->desk, booking->type, previous.start, previous.channel, booking->start, booking->channel);
  AppendAudit(connection, now, actor.who, booking->desk, "booking.reschedule", booking->code, before,
              AuditJson(*booking));
  EnqueueNotice(connection, NoticeKind::reschedule, *booking, &previous, "", now);
  return *booking;
}

Result<BookingRecord> SqliteStore::SetAttendance(std::string_view typed_code, BookingStatus status,
                                                 const Actor& actor, Instant now) {
  if (status != BookingStatus::attended && status != BookingStatus::no_show) return Error::invalid_request;
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Write([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    SeatTransaction transaction(connection, seat_cache_);
    std::optional<BookingRecord> booking = SelectBooking(connection, *code);
    if (!booking) return Error::not_found;
    if (booking->status == BookingStatus::cancelled) return Error::invalid_request;
    if (booking->status == status) return *booking;
    const BookingStatus before_status = booking->status;
    const std::string before = AuditJson(*booking);
    booking->status = status;
    booking->updated_at = now;
    connection.Prepare(kUpdateStatus).Bind(1, *code).Bind(2, StatusName(status)).Bind(3, ToUnix(now)).Run();
    if (before_status == BookingStatus::booked) {
      transaction.changes().Free(booking->desk, booking->type, booking->start, booking->channel);
    }
    AppendAudit(connection, now, actor.who, booking->desk, "booking.attendance", booking->code, before,
                AuditJson(*booking));
    transaction.Commit();
    return *booking;
  });
}

}  // namespace sportello::storage
