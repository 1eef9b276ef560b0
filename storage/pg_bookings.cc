// PgStore: the transactions booking writes run in, BookingTransaction over SQL, and booking reads.
// The locks each read takes (pg_store.h) make the seats, the active booking and the Idempotency-Key
// a rule reads stay as read until its commit, whichever node the competing request reached.
#include "storage/pg_store.h"

#include "engine/release.h"
#include "logging/log.h"
#include "storage/booking_transaction.h"
#include "storage/pg_rows.h"
#include "storage/retention_sql.h"
#include "storage/secrets.h"
#include "storage/ticket_sql.h"

#include <fmt/core.h>

#include <limits>

namespace sportello::storage {
namespace {

// The seats of a slot: its booked bookings, and the offers holding a seat there (online seats).
inline constexpr std::string_view kCountSeats = R"(
SELECT channel, count(*) FROM (
  SELECT channel FROM bookings WHERE desk = $1 AND type = $2 AND start = $3 AND status = 'booked'
  UNION ALL
  SELECT 'online' FROM waitlist WHERE desk = $1 AND type = $2 AND offer_start = $3 AND state = 'offered'
) seats GROUP BY channel)";
inline constexpr std::string_view kActiveOfType = R"(
SELECT 1 FROM bookings WHERE application_id = $1 AND type = $2 AND status = 'booked')";
inline constexpr std::string_view kInsertBooking = R"(
INSERT INTO bookings (code, desk, type, start, "end", status, channel, application_id, email, phone, lang,
                      token_hash, sealed_token, created_at, created_by, updated_at, confirmed_at, reconfirm_asked_at,
                      reconfirm_reminded_at, bookable_since)
VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7, $8, $9, $10, $11, $12, $13, $14, $13, $15, $16, $17,
        (SELECT since FROM application_types WHERE application_id = $7 AND type = $3)))";
inline constexpr std::string_view kSelectIdempotency = R"(
SELECT fingerprint, booking_code, sealed_token FROM idempotency_keys WHERE key_hash = $1)";
inline constexpr std::string_view kInsertIdempotency = R"(
INSERT INTO idempotency_keys (key_hash, fingerprint, booking_code, sealed_token, created_at)
VALUES ($1, $2, $3, $4, $5))";
inline constexpr std::string_view kUpdateStatus = "UPDATE bookings SET status = $2, updated_at = $3 WHERE code = $1";
inline constexpr std::string_view kMoveBooking = R"(
UPDATE bookings SET start = $2, "end" = $3, channel = $4, updated_at = $5 WHERE code = $1)";
const std::string kBookingsBetween =
    SelectPgBookingsSql("WHERE desk = $1 AND start >= $2 AND start < $3 ORDER BY start, code");
inline constexpr std::string_view kOverviewBookings = R"(
SELECT start, status, created_by, bookable_since FROM bookings WHERE desk = $1 AND start >= $2 AND start < $3
ORDER BY start)";
const std::string kBookingsOfApplication = SelectPgBookingsSql("WHERE application_id = $1 ORDER BY start DESC, code");
const std::string kActiveOfApplication =
    SelectPgBookingsSql("WHERE application_id = $1 AND status = 'booked' ORDER BY start, code FOR UPDATE");
inline constexpr std::string_view kReplaceToken =
    "UPDATE bookings SET token_hash = $2, sealed_token = $3 WHERE code = $1";
inline constexpr std::string_view kSealedManageToken = "SELECT sealed_token FROM bookings WHERE code = $1";
inline constexpr std::string_view kSetReconfirmation = R"(
UPDATE bookings SET confirmed_at = $2, reconfirm_asked_at = $3, reconfirm_reminded_at = $4 WHERE code = $1)";
inline constexpr std::string_view kSeatVersion = "SELECT value FROM seat_version WHERE id = 1";
inline constexpr std::string_view kBumpSeatVersion =
    "UPDATE seat_version SET value = value + $1::bigint WHERE id = 1 RETURNING value";
// The seat version, with a row only when the desk exists.
inline constexpr std::string_view kSeatVersionOfDesk =
    "SELECT v.value FROM seat_version v, desks d WHERE v.id = 1 AND d.id = $1";
inline constexpr std::string_view kSeats = R"(
SELECT start, channel, count(*) FROM (
  SELECT start, channel FROM bookings WHERE desk = $1 AND type = $2 AND status = 'booked' AND start >= $3 AND start < $4
  UNION ALL
  SELECT offer_start, 'online' FROM waitlist
  WHERE desk = $1 AND type = $2 AND state = 'offered' AND offer_start >= $3 AND offer_start < $4
) seats GROUP BY start, channel)";

std::string Hex(std::string_view bytes) {
  std::string hex;
  for (const char c : bytes) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return hex;
}

Instant StartOfDay(const date::time_zone& zone, engine::Date day) {
  return zone.to_sys(date::local_days{day}, date::choose::earliest);
}

TicketRow ReadPgTicketRow(const pg::Rows& rows, int row) {
  return TicketRow{.desk = rows.Text(row, 0),
                   .day = rows.Text(row, 1),
                   .sequence = rows.Int(row, 2),
                   .booking_code = rows.IsNull(row, 3) ? std::nullopt : std::optional<std::string>(rows.Text(row, 3)),
                   .application_id = rows.Text(row, 4),
                   .appointment = rows.OptionalInt(row, 5),
                   .urgent = rows.Int(row, 6),
                   .state = rows.Text(row, 7),
                   .counter = rows.Text(row, 8),
                   .calls = rows.Int(row, 9),
                   .checked_in_at = rows.Int(row, 10),
                   .called_at = rows.OptionalInt(row, 11),
                   .finished_at = rows.OptionalInt(row, 12),
                   .first_called_at = rows.OptionalInt(row, 13)};
}

// The tickets of `desk` on `day`, by sequence.
std::vector<engine::Ticket> SelectPgTickets(pg::Connection& connection, std::string_view desk, engine::Date first,
                                            engine::Date last) {
  static const std::string select = PgPlaceholders(SelectTicketsSql());
  const pg::Rows rows =
      connection.Run(select, pg::Params().Add(desk).Add(engine::FormatDate(first)).Add(engine::FormatDate(last)));
  std::vector<engine::Ticket> tickets;
  for (int row = 0; row < rows.size(); ++row) tickets.push_back(TicketFromRow(ReadPgTicketRow(rows, row)));
  return tickets;
}

// Locks a transaction holds, with what it read under them, still true until the commit:
// - desks (shared lock), with the calendar: changing a desk takes its lock exclusively;
// - slots (by lock key), with the seat version read right after the lock: no other transaction
//   changes the slot's seats until this one ends, so that version still counts them (plus this
//   transaction's own changes).
struct HeldLocks {
  std::map<std::string, std::shared_ptr<const engine::DeskCalendar>, std::less<>> desks;
  std::map<std::string, std::int64_t, std::less<>> slots;

  void Merge(HeldLocks& other) {
    desks.merge(other.desks);
    slots.merge(other.slots);
  }
};

// What the earlier bookings of an open transaction left in it: their seat changes, and the locks
// they took. A booking that fails rolls back to its savepoint, which gives back its locks too:
// only what a kept booking did joins it.
struct HeldByTransaction {
  const SeatChanges& seats;
  const HeldLocks& locks;
};

// BookingTransaction inside an open transaction that already holds `held`; records its own seat
// changes in `seats` (may be held.seats itself) and the locks it takes in `locks`. Each read that a
// rule decides on first takes the lock of what it reads (pg_store.h), in the order the rules read:
// desk (shared), key, waitlist line, application and type, slot; a lock the transaction holds
// already is not asked for again.
class PgBookingTransaction final : public BookingTransaction {
 public:
  PgBookingTransaction(pg::Connection& connection, PgStore& store, HeldByTransaction held, SeatChanges& seats,
                       HeldLocks& locks)
      : connection_(connection), store_(store), batch_(held.seats), held_(held.locks), seats_(seats), locks_(locks) {}

  std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) override {
    if (const auto held = held_.desks.find(desk); held != held_.desks.end()) return held->second;
    if (const auto held = locks_.desks.find(desk); held != locks_.desks.end()) return held->second;
    LockPg(connection_, fmt::format("desk|{}", desk), true);
    std::shared_ptr<const engine::DeskCalendar> calendar = store_.Calendar(connection_, desk);
    if (calendar) locks_.desks.emplace(std::string(desk), calendar);
    return calendar;
  }

  std::optional<engine::Application> Application(std::string_view id) override {
    return SelectPgApplication(connection_, id);
  }

  std::optional<BookingRecord> Booking(std::string_view code) override {
    return SelectPgBooking(connection_, code, nullptr, true);
  }

  engine::SeatUse SeatsTaken(std::string_view desk, std::string_view type, Instant start) override {
    // Read after the lock: every change to this slot committed before it is in this version, and
    // none can commit until this transaction ends. The cache at that version, plus this
    // transaction's own changes, is then what a count would find.
    const std::int64_t version = LockedSlotVersion(fmt::format("slot|{}|{}|{}", desk, type, ToUnix(start)));
    if (auto cached = store_.seat_cache().Slot(desk, type, start, version, batch_, seats_)) return *cached;
    engine::SeatUse use;
    pg::Rows rows = connection_.Run(kCountSeats, pg::Params().Add(desk).Add(type).Add(ToUnix(start)));
    for (int row = 0; row < rows.size(); ++row) {
      (rows.Text(row, 0) == "staff" ? use.staff : use.online) = static_cast<int>(rows.Int(row, 1));
    }
    return use;
  }

  bool HasActiveBooking(std::string_view application_id, std::string_view type) override {
    LockPg(connection_, fmt::format("active|{}|{}", application_id, type));
    return !connection_.Run(kActiveOfType, pg::Params().Add(application_id).Add(type)).empty();
  }

  std::vector<BookingRecord> ActiveBookingsOf(std::string_view application_id) override {
    return ReadPgBookings(connection_.Run(kActiveOfApplication, pg::Params().Add(application_id)));
  }

  void ReplaceManageToken(std::string_view code, std::string_view manage_token) override {
    connection_.Defer(kReplaceToken, pg::Params()
                                         .Add(code)
                                         .AddBytes(AsChars(ManageTokenHash(manage_token)))
                                         .AddBytes(SealAtRest(store_.secret(), manage_token)));
  }

  std::string ManageToken(std::string_view code) override {
    const pg::Rows rows = connection_.Run(kSealedManageToken, pg::Params().Add(code));
    if (rows.empty() || rows.IsNull(0, 0)) return "";
    return OpenAtRest(store_.secret(), rows.Bytes(0, 0)).value_or("");
  }

  void SetReconfirmation(const BookingRecord& before, const BookingRecord& after) override {
    connection_.Defer(kSetReconfirmation, pg::Params()
                                              .Add(before.code)
                                              .Add(OptionalUnix(after.confirmed_at))
                                              .Add(OptionalUnix(after.reconfirm_asked_at))
                                              .Add(OptionalUnix(after.reconfirm_reminded_at)));
  }

  // Not read: a repeat (a 2^-60 event per existing booking) breaks the bookings' primary key at
  // Insert, a key taken first, and the rule runs again with a new code. One round trip fewer.
  std::string UnusedBookingCode(std::string_view province) override { return NewBookingCode(province); }

  std::optional<StoredIdempotencyKey> IdempotencyKey(std::string_view key_hash) override {
    LockPg(connection_, "key|" + Hex(key_hash));
    pg::Rows rows = connection_.Run(kSelectIdempotency, pg::Params().AddBytes(key_hash));
    if (rows.empty()) return std::nullopt;
    return StoredIdempotencyKey{rows.Bytes(0, 0), rows.Text(0, 1), rows.Bytes(0, 2)};
  }

  void Insert(const BookingRecord& booking, std::string_view manage_token) override {
    connection_.Defer(kInsertBooking, pg::Params()
                                          .Add(booking.code)
                                          .Add(booking.desk)
                                          .Add(booking.type)
                                          .Add(ToUnix(booking.start))
                                          .Add(ToUnix(booking.end))
                                          .Add(ChannelName(booking.channel))
                                          .Add(booking.application_id)
                                          .Add(booking.email)
                                          .Add(booking.phone)
                                          .Add(booking.lang)
                                          .AddBytes(AsChars(ManageTokenHash(manage_token)))
                                          .AddBytes(SealAtRest(store_.secret(), manage_token))
                                          .Add(ToUnix(booking.created_at))
                                          .Add(booking.created_by)
                                          .Add(OptionalUnix(booking.confirmed_at))
                                          .Add(OptionalUnix(booking.reconfirm_asked_at))
                                          .Add(OptionalUnix(booking.reconfirm_reminded_at)));
    seats_.Inserted(booking);
  }

  void SetStatus(const BookingRecord& before, const BookingRecord& after) override {
    connection_.Defer(kUpdateStatus,
                      pg::Params().Add(before.code).Add(StatusName(after.status)).Add(ToUnix(after.updated_at)));
    seats_.StatusChanged(before, after);
  }

  void Move(const BookingRecord& before, const BookingRecord& after) override {
    connection_.Defer(kMoveBooking, pg::Params()
                                        .Add(before.code)
                                        .Add(ToUnix(after.start))
                                        .Add(ToUnix(after.end))
                                        .Add(ChannelName(after.channel))
                                        .Add(ToUnix(after.updated_at)));
    seats_.Moved(before, after);
  }

  void RememberIdempotencyKey(std::string_view key_hash, const StoredIdempotencyKey& key, Instant now) override {
    connection_.Defer(kInsertIdempotency, pg::Params()
                                              .AddBytes(key_hash)
                                              .AddBytes(key.fingerprint)
                                              .Add(key.booking_code)
                                              .AddBytes(key.sealed_token)
                                              .Add(ToUnix(now)));
  }

  void Enqueue(NoticeKind kind, const BookingRecord& booking, const BookingRecord* previous,
               std::string_view manage_token, Instant now) override {
    EnqueuePgNotice(connection_, kind, booking, previous,
                    manage_token.empty() ? std::string() : SealAtRest(store_.secret(), manage_token), now);
  }

  void Audit(std::string_view action, const Actor& actor, const BookingRecord* before, const BookingRecord& after,
             Instant now) override {
    AppendPgAudit(connection_, now, actor.who, after.desk, action, after.code, before ? AuditJson(*before) : "",
                  AuditJson(after));
  }

  // The advisory lock makes the desk's queue of that day this transaction's, on every node.
  std::vector<engine::Ticket> TicketsOf(std::string_view desk, engine::Date day) override {
    LockPg(connection_, fmt::format("tickets:{}:{}", desk, engine::FormatDate(day)), /*shared=*/false);
    return SelectPgTickets(connection_, desk, day, day);
  }

  void InsertTicket(const engine::Ticket& ticket) override {
    static const std::string insert = PgPlaceholders(InsertTicketSql());
    const TicketRow row = RowOfTicket(ticket);
    connection_.Run(insert, pg::Params()
                                .Add(row.desk)
                                .Add(row.day)
                                .Add(row.sequence)
                                .Add(row.booking_code)
                                .Add(row.application_id)
                                .Add(row.appointment)
                                .Add(row.urgent)
                                .Add(row.state)
                                .Add(row.counter)
                                .Add(row.calls)
                                .Add(row.checked_in_at)
                                .Add(row.called_at)
                                .Add(row.finished_at)
                                .Add(row.first_called_at)
                                .Add(ticket.Id()));
  }

  void UpdateTicket(const engine::Ticket& ticket) override {
    static const std::string update = PgPlaceholders(UpdateTicketSql());
    const TicketRow row = RowOfTicket(ticket);
    connection_.Run(update, pg::Params()
                                .Add(row.desk)
                                .Add(row.day)
                                .Add(row.sequence)
                                .Add(row.state)
                                .Add(row.counter)
                                .Add(row.calls)
                                .Add(row.called_at)
                                .Add(row.finished_at)
                                .Add(row.urgent)
                                .Add(row.first_called_at));
  }

  bool HasFeedback(std::string_view code) override {
    static const std::string select = PgPlaceholders(kFeedbackExists);
    return !connection_.Run(select, pg::Params().Add(code)).empty();
  }

  void InsertFeedback(const Feedback& feedback) override {
    static const std::string insert = PgPlaceholders(kInsertFeedback);
    connection_.Run(insert, pg::Params()
                                .Add(feedback.booking_code)
                                .Add(feedback.rating)
                                .Add(feedback.comment)
                                .Add(ToUnix(feedback.at)));
  }

  void AuditTicket(std::string_view action, const Actor& actor, const engine::Ticket* before,
                   const engine::Ticket& after, Instant now) override {
    AppendPgAudit(connection_, now, actor.who, after.desk, action, after.Id(), before ? TicketAuditJson(*before) : "",
                  TicketAuditJson(after));
  }

  std::vector<WaitlistEntry> WaitlistLine(std::string_view desk, std::string_view type) override {
    return LockPgWaitlistLine(connection_, desk, type);
  }

  std::optional<WaitlistEntry> WaitlistEntryOf(std::string_view id) override {
    return LockPgWaitlistEntry(connection_, id);
  }

  WaitlistEntry InsertWaitlistEntry(const WaitlistEntry& entry, std::string_view token) override {
    WaitlistEntry stored = entry;
    stored.sequence = InsertPgWaitlistEntry(connection_, entry, token, store_.secret(), seats_);
    return stored;
  }

  void UpdateWaitlistEntry(const WaitlistEntry& before, const WaitlistEntry& after) override {
    UpdatePgWaitlistEntry(connection_, before, after, seats_);
  }

  std::string WaitlistToken(std::string_view id) override { return PgWaitlistToken(connection_, id, store_.secret()); }

  void EnqueueOffer(const WaitlistEntry& entry, const BookingRecord* current, std::string_view token,
                    Instant now) override {
    EnqueuePgOffer(connection_, entry, current, SealAtRest(store_.secret(), token), now);
  }

  void AuditWaitlist(std::string_view action, const Actor& actor, const WaitlistEntry* before,
                     const WaitlistEntry& after, Instant now) override {
    AppendPgAudit(connection_, now, actor.who, after.desk, action, after.id, before ? WaitlistAuditJson(*before) : "",
                  WaitlistAuditJson(after));
  }

  std::optional<ReleaseRecord> Release(std::string_view desk, std::string_view type, date::year_month month) override {
    return LockPgRelease(connection_, desk, type, month, store_.secret());
  }

  void InsertRelease(const ReleaseRecord& release) override { InsertPgRelease(connection_, release, store_.secret()); }

  bool DrawPending(std::string_view desk, std::string_view type, date::year_month month) override {
    return SelectPgDrawPending(connection_, desk, type, month);
  }

  bool HasDrawRequest(std::string_view application_id, std::string_view desk, std::string_view type,
                      date::year_month month) override {
    return SelectPgHasDrawRequest(connection_, application_id, desk, type, month);
  }

  std::vector<DrawRequestRecord> DrawRequests(std::string_view desk, std::string_view type,
                                              date::year_month month) override {
    return SelectPgDrawRequests(connection_, desk, type, month);
  }

  void InsertDrawRequest(const DrawRequestRecord& request, std::string_view token) override {
    InsertPgDrawRequest(connection_, request, token, store_.secret());
  }

  void EnqueueDrawLost(const DrawRequestRecord& request, int draw_size, Instant now) override {
    const std::optional<engine::Application> application = Application(request.application_id);
    const std::string token = PgDrawToken(connection_, request.id, store_.secret());
    EnqueuePgDrawLost(connection_, request, draw_size, application ? application->email : "",
                      token.empty() ? std::string() : SealAtRest(store_.secret(), token), now);
  }

  void SetDrawOutcome(const DrawRequestRecord& after) override { UpdatePgDrawOutcome(connection_, after); }

  void MarkDrawn(const ReleaseRecord& release, Instant drawn_at) override {
    MarkPgReleaseDrawn(connection_, release, drawn_at);
  }

  void AuditRelease(std::string_view action, const Actor& actor, const ReleaseRecord& release,
                    std::string_view detail, Instant now) override {
    AppendPgAudit(connection_, now, actor.who, release.desk, action, engine::ReleaseId(release.type, release.month),
                  "", detail);
  }

  std::optional<TypeListing> Listing(std::string_view application_id, std::string_view type) override {
    return LockPgListing(connection_, application_id, type);
  }

  void MarkConvened(std::string_view application_id, std::string_view type, Instant now) override {
    MarkPgConvened(connection_, application_id, type, now);
  }

 private:
  // The seat version read right after taking the lock `slot`: read now, or when this transaction
  // took that lock.
  std::int64_t LockedSlotVersion(const std::string& slot) {
    if (const auto held = held_.slots.find(slot); held != held_.slots.end()) return held->second;
    if (const auto held = locks_.slots.find(slot); held != locks_.slots.end()) return held->second;
    LockPg(connection_, slot);
    const std::int64_t version = connection_.Run(kSeatVersion).Int(0, 0);
    locks_.slots.emplace(slot, version);
    return version;
  }

  pg::Connection& connection_;
  PgStore& store_;
  const SeatChanges& batch_;
  const HeldLocks& held_;
  SeatChanges& seats_;
  HeldLocks& locks_;
};

// Runs `decide` in a savepoint of the open transaction: a booking that is refused or only replays
// an earlier answer leaves nothing behind and never harms the others of its batch; one that meets
// a deadlock (another node's batch) gives its locks back and runs again, a few times at most. A
// lost connection fails the whole batch (it throws). Its seat changes join `seats` only when it succeeds.
// Statements whose answer nobody reads (locks, writes, savepoints) travel with the next one that is
// read (pg::Connection::Defer); every one of a booking is answered before its outcome is kept, so an
// error is the booking's own. A commit of a batch that an unnoticed error had aborted fails whole.
Result<BookOutcome> BookInSavepoint(pg::Connection& connection, PgStore& store, const BookDecision& decide,
                                    SeatChanges& seats, HeldLocks& locks) {
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    connection.Defer("SAVEPOINT booking");
    Result<BookOutcome> outcome = Error::internal;
    bool again = false;
    SeatChanges mine;
    HeldLocks my_locks;
    try {
      PgBookingTransaction booking(connection, store, {seats, locks}, mine, my_locks);
      outcome = decide(booking);
      connection.Flush();  // its deferred writes: their errors are this booking's
    } catch (const pg::PgError& error) {
      if (error.connection_lost()) throw;
      again = error.retryable() && attempt < kAttempts;
      outcome = Failure(error);
    }
    if (!outcome || outcome->replayed) {
      connection.Defer("ROLLBACK TO SAVEPOINT booking");
    } else {
      seats.Append(mine);
      locks.Merge(my_locks);
    }
    connection.Defer("RELEASE SAVEPOINT booking");
    if (!again) return outcome;
  }
}

}  // namespace

void PgStore::BookTogether(BookDecision decide, BookDone done) {
  book_queue_.Submit(std::move(decide), std::move(done),
                     [this](std::span<const BookDecision* const> batch) { return BookBatch(batch); });
}

std::vector<Result<BookOutcome>> PgStore::BookBatch(std::span<const BookDecision* const> decisions) {
  using Outcomes = std::vector<Result<BookOutcome>>;
  try {
    Result<Outcomes> batch = RunSeatTransaction([&](pg::Connection& connection, SeatChanges& seats) -> Result<Outcomes> {
      Outcomes outcomes;
      outcomes.reserve(decisions.size());
      HeldLocks locks;
      for (const BookDecision* decide : decisions) {
        outcomes.push_back(BookInSavepoint(connection, *this, *decide, seats, locks));
      }
      return outcomes;
    });
    if (!batch) return Outcomes(decisions.size(), batch.error());
    return std::move(*batch);
  } catch (const std::exception& error) {  // e.g. bad_alloc: never out of a batch
    logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
    return Outcomes(decisions.size(), Error::internal);
  }
}

Result<BookingRecord> PgStore::ChangeBooking(const BookingChange& decide) {
  return RunSeatTransaction([&](pg::Connection& connection, SeatChanges& seats) {
    HeldLocks locks;
    PgBookingTransaction booking(connection, *this, {seats, locks}, seats, locks);
    return decide(booking);
  });
}

void PgStore::CommitSeats(pg::Connection& connection, pg::Transaction& transaction, const SeatChanges& seats) {
  if (seats.rows == 0) {
    transaction.Commit();
    return;
  }
  // Waits for the commit of any other transaction that bumped it: `after - rows` is then the
  // version every committed seat change so far adds up to.
  const std::int64_t after = connection.Run(kBumpSeatVersion, pg::Params().Add(seats.rows)).Int(0, 0);
  seat_cache_.BeginCommit();
  try {
    transaction.Commit();
  } catch (...) {
    seat_cache_.EndCommit(after - seats.rows, after, seats, false);
    throw;
  }
  seat_cache_.EndCommit(after - seats.rows, after, seats, true);
}

Result<BookingRecord> PgStore::FindBooking(std::string_view typed_code) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Run([&](pg::Connection& connection) -> Result<BookingRecord> {
    std::optional<BookingRecord> booking = SelectPgBooking(connection, *code);
    if (!booking) return Error::not_found;
    return std::move(*booking);
  });
}

Result<BookingRecord> PgStore::VerifyManageToken(std::string_view typed_code, std::string_view token) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  return Run([&](pg::Connection& connection) -> Result<BookingRecord> {
    std::string stored;
    std::optional<BookingRecord> booking;
    if (code) booking = SelectPgBooking(connection, *code, &stored);
    // Hash and compare whatever happens, so an unknown code costs the same as a wrong token.
    if (!booking) stored.assign(kHashBytes, '\0');
    const Hash presented = ManageTokenHash(token);
    const bool match = ConstantTimeEqual(AsChars(presented), stored);
    if (!booking || !match || token.empty()) return Error::not_found;
    return std::move(*booking);
  });
}

Result<std::vector<BookingRecord>> PgStore::BookingsOn(std::string_view desk, engine::Date day) {
  if (!day.ok()) return Error::invalid_request;
  return Run([&](pg::Connection& connection) -> Result<std::vector<BookingRecord>> {
    const auto calendar = Calendar(connection, desk);
    if (!calendar) return Error::not_found;
    const Instant from = StartOfDay(*calendar->zone, day);
    const Instant to = StartOfDay(*calendar->zone, engine::Date{date::sys_days{day} + date::days{1}});
    return ReadPgBookings(connection.Run(kBookingsBetween, pg::Params().Add(desk).Add(ToUnix(from)).Add(ToUnix(to))));
  });
}

Result<std::vector<BookingRecord>> PgStore::BookingsBetween(std::string_view desk, Instant from, Instant to) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<BookingRecord>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    return ReadPgBookings(connection.Run(kBookingsBetween, pg::Params().Add(desk).Add(ToUnix(from)).Add(ToUnix(to))));
  });
}

Result<std::vector<OverviewBooking>> PgStore::OverviewBookingsBetween(std::string_view desk, Instant from,
                                                                      Instant to) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<OverviewBooking>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    const pg::Rows rows = connection.Run(kOverviewBookings, pg::Params().Add(desk).Add(ToUnix(from)).Add(ToUnix(to)));
    std::vector<OverviewBooking> bookings;
    for (int row = 0; row < rows.size(); ++row) {
      bookings.push_back({FromUnix(rows.Int(row, 0)), ParseStatus(rows.Text(row, 1)).value_or(BookingStatus::booked),
                          rows.Text(row, 2), OptionalPgInstant(rows, row, 3)});
    }
    return bookings;
  });
}

Result<std::vector<BookingRecord>> PgStore::BookingsOfApplication(std::string_view id) {
  return Run([&](pg::Connection& connection) -> Result<std::vector<BookingRecord>> {
    return ReadPgBookings(connection.Run(kBookingsOfApplication, pg::Params().Add(id)));
  });
}

Result<engine::SeatLedger> PgStore::Seats(std::string_view desk, std::string_view type, Instant from, Instant to) {
  return Run([&](pg::Connection& connection) -> Result<engine::SeatLedger> {
    pg::Rows version = connection.Run(kSeatVersionOfDesk, pg::Params().Add(desk));
    if (version.empty()) return Error::not_found;
    if (auto cached = seat_cache_.Cached(desk, type, from, to, version.Int(0, 0))) return std::move(*cached);
    // Not in memory: the version and the counts from one snapshot.
    pg::Transaction snapshot(connection);
    connection.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    version = connection.Run(kSeatVersionOfDesk, pg::Params().Add(desk));
    if (version.empty()) return Error::not_found;
    engine::SeatLedger ledger = seat_cache_.Read(desk, type, from, to, version.Int(0, 0), [&](std::int64_t first,
                                                                                              std::int64_t last) {
      pg::Rows rows = connection.Run(kSeats, pg::Params().Add(desk).Add(type).Add(first).Add(last));
      SeatCounts counts;
      for (int row = 0; row < rows.size(); ++row) {
        engine::SeatUse& use = counts[rows.Int(row, 0)];
        (rows.Text(row, 1) == "staff" ? use.staff : use.online) = static_cast<int>(rows.Int(row, 2));
      }
      return counts;
    });
    snapshot.Commit();
    return ledger;
  });
}

Result<std::vector<engine::Ticket>> PgStore::TicketsBetween(std::string_view desk, engine::Date first,
                                                            engine::Date last) {
  if (!first.ok() || !last.ok()) return Error::invalid_request;
  return Run([&](pg::Connection& connection) -> Result<std::vector<engine::Ticket>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    return SelectPgTickets(connection, desk, first, last);
  });
}

Result<std::vector<RatedVisit>> PgStore::RatingsBetween(std::string_view desk, Instant from, Instant to) {
  static const std::string select = PgPlaceholders(kRatingsBetween);
  return Run([&](pg::Connection& connection) -> Result<std::vector<RatedVisit>> {
    if (!PgDeskExists(connection, desk)) return Error::not_found;
    const pg::Rows rows = connection.Run(select, pg::Params().Add(desk).Add(ToUnix(from)).Add(ToUnix(to)));
    std::vector<RatedVisit> ratings;
    for (int row = 0; row < rows.size(); ++row) {
      ratings.push_back(RatedVisit{Feedback{rows.Text(row, 0), static_cast<int>(rows.Int(row, 3)), rows.Text(row, 4),
                                            FromUnix(rows.Int(row, 5))},
                                   rows.Text(row, 1), FromUnix(rows.Int(row, 2))});
    }
    return ratings;
  });
}

}  // namespace sportello::storage
