// SqliteStore: the transactions that booking writes run in, and BookingTransaction over SQL.
// Every write runs inside one BEGIN IMMEDIATE transaction: the seats counted there are the seats
// that exist when the write commits. New bookings arriving together share one transaction
// (BookBatch), each in a savepoint of its own. No rule is decided here (booking/ decides).
#include "storage/sqlite_store.h"

#include "engine/release.h"
#include "logging/log.h"
#include "storage/booking_transaction.h"
#include "storage/secrets.h"
#include "storage/seat_transaction.h"
#include "storage/sqlite_outbox.h"
#include "storage/sqlite_rows.h"
#include "storage/sqlite_draw.h"
#include "storage/sqlite_waitlist.h"
#include "storage/ticket_sql.h"

namespace sportello::storage {
namespace {

// The booked seats by channel, then the seats held by offers (online).
inline constexpr std::string_view kCountSeats = R"(
SELECT channel, count(*) FROM bookings
WHERE desk = ?1 AND type = ?2 AND start = ?3 AND status = 'booked' GROUP BY channel
UNION ALL
SELECT 'online', count(*) FROM waitlist WHERE desk = ?1 AND type = ?2 AND offer_start = ?3 AND state = 'offered')";
inline constexpr std::string_view kReplaceToken =
    "UPDATE bookings SET token_hash = ?2, sealed_token = ?3 WHERE code = ?1";
inline constexpr std::string_view kSealedToken = "SELECT sealed_token FROM bookings WHERE code = ?1";
inline constexpr std::string_view kSetReconfirmation = R"(
UPDATE bookings SET confirmed_at = ?2, reconfirm_asked_at = ?3, reconfirm_reminded_at = ?4 WHERE code = ?1)";
inline constexpr std::string_view kActiveOfType = R"(
SELECT 1 FROM bookings WHERE application_id = ?1 AND type = ?2 AND status = 'booked')";
inline constexpr std::string_view kCodeTaken = "SELECT 1 FROM bookings WHERE code = ?1";
inline constexpr std::string_view kInsertBooking = R"(
INSERT INTO bookings (code, desk, type, start, end, status, channel, application_id, email, phone, lang,
                      token_hash, created_at, created_by, updated_at, confirmed_at, reconfirm_asked_at,
                      reconfirm_reminded_at, sealed_token, bookable_since)
VALUES (?1, ?2, ?3, ?4, ?5, 'booked', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?14, ?15, ?16, ?17,
        (SELECT since FROM application_types WHERE application_id = ?7 AND type = ?3)))";
inline constexpr std::string_view kSelectIdempotency = R"(
SELECT fingerprint, booking_code, sealed_token FROM idempotency_keys WHERE key_hash = ?1)";
inline constexpr std::string_view kInsertIdempotency = R"(
INSERT INTO idempotency_keys (key_hash, fingerprint, booking_code, sealed_token, created_at)
VALUES (?1, ?2, ?3, ?4, ?5))";
inline constexpr std::string_view kUpdateStatus = "UPDATE bookings SET status = ?2, updated_at = ?3 WHERE code = ?1";
inline constexpr std::string_view kMoveBooking = R"(
UPDATE bookings SET start = ?2, end = ?3, channel = ?4, updated_at = ?5 WHERE code = ?1)";

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
    logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
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

template <class T>
void BindOptional(sqlite::Statement& statement, int index, const std::optional<T>& value) {
  if (value) {
    statement.Bind(index, *value);
  } else {
    statement.BindNull(index);
  }
}

TicketRow ReadTicketRow(const sqlite::Statement& row) {
  const auto optional_int = [&](int column) {
    return row.IsNull(column) ? std::nullopt : std::optional<std::int64_t>(row.Int(column));
  };
  return TicketRow{.desk = row.Text(0),
                   .day = row.Text(1),
                   .sequence = row.Int(2),
                   .booking_code = row.IsNull(3) ? std::nullopt : std::optional<std::string>(row.Text(3)),
                   .application_id = row.Text(4),
                   .appointment = optional_int(5),
                   .urgent = row.Int(6),
                   .state = row.Text(7),
                   .counter = row.Text(8),
                   .calls = row.Int(9),
                   .checked_in_at = row.Int(10),
                   .called_at = optional_int(11),
                   .finished_at = optional_int(12),
                   .first_called_at = optional_int(13)};
}

// The tickets of `desk` from `first` to `last`, by day then sequence.
std::vector<engine::Ticket> SelectTickets(sqlite::Connection& connection, std::string_view desk, engine::Date first,
                                          engine::Date last) {
  sqlite::Statement select = connection.Prepare(SelectTicketsSql());
  select.Bind(1, desk).Bind(2, engine::FormatDate(first)).Bind(3, engine::FormatDate(last));
  std::vector<engine::Ticket> tickets;
  while (select.Step()) tickets.push_back(TicketFromRow(ReadTicketRow(select)));
  return tickets;
}

}  // namespace

// BookingTransaction on the writer connection inside `transaction`; records its seat changes in
// `seats` (the transaction's own, or a savepoint's) for the seat cache.
class SqliteBookingTransaction final : public BookingTransaction {
 public:
  SqliteBookingTransaction(SqliteStore& store, sqlite::Connection& connection, SeatTransaction& transaction,
                           SeatChanges& seats)
      : store_(store), connection_(connection), transaction_(transaction), seats_(seats) {}

  std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) override {
    return store_.Calendar(connection_, desk);
  }

  std::optional<engine::Application> Application(std::string_view id) override {
    return SelectApplication(connection_, id);
  }

  std::optional<BookingRecord> Booking(std::string_view code) override { return SelectBooking(connection_, code); }

  engine::SeatUse SeatsTaken(std::string_view desk, std::string_view type, Instant start) override {
    if (std::optional<engine::SeatUse> cached = transaction_.SlotSeats(desk, type, start, seats_)) return *cached;
    engine::SeatUse use;
    sqlite::Statement count = connection_.Prepare(kCountSeats);
    count.Bind(1, desk).Bind(2, type).Bind(3, ToUnix(start));
    while (count.Step()) {
      (count.Text(0) == "staff" ? use.staff : use.online) += static_cast<int>(count.Int(1));
    }
    return use;
  }

  bool HasActiveBooking(std::string_view application_id, std::string_view type) override {
    sqlite::Statement select = connection_.Prepare(kActiveOfType);
    select.Bind(1, application_id).Bind(2, type);
    return select.Step();
  }

  std::vector<BookingRecord> ActiveBookingsOf(std::string_view application_id) override {
    static const std::string select_active = fmt::format(
        "SELECT {} FROM bookings WHERE application_id = ?1 AND status = 'booked' ORDER BY start, code", kBookingColumns);
    sqlite::Statement select = connection_.Prepare(select_active);  // the write lock is held: nothing changes
    select.Bind(1, application_id);
    std::vector<BookingRecord> bookings;
    while (select.Step()) bookings.push_back(ReadBooking(select));
    return bookings;
  }

  void ReplaceManageToken(std::string_view code, std::string_view manage_token) override {
    const Hash token_hash = ManageTokenHash(manage_token);
    const std::string sealed = SealAtRest(store_.secret(), manage_token);
    connection_.Prepare(kReplaceToken).Bind(1, code).Bind(2, Bytes(AsChars(token_hash))).Bind(3, Bytes(sealed)).Run();
  }

  std::string ManageToken(std::string_view code) override {
    sqlite::Statement select = connection_.Prepare(kSealedToken);
    select.Bind(1, code);
    if (!select.Step() || select.IsNull(0)) return "";
    return OpenAtRest(store_.secret(), select.Blob(0)).value_or("");
  }

  void SetReconfirmation(const BookingRecord& before, const BookingRecord& after) override {
    sqlite::Statement update = connection_.Prepare(kSetReconfirmation);
    update.Bind(1, before.code);
    BindOptional(update, 2, after.confirmed_at);
    BindOptional(update, 3, after.reconfirm_asked_at);
    BindOptional(update, 4, after.reconfirm_reminded_at);
    update.Run();
  }

  std::string UnusedBookingCode(std::string_view province) override {
    for (;;) {  // a repeat is a 2^-60 event per existing booking; checked anyway
      std::string code = NewBookingCode(province);
      sqlite::Statement select = connection_.Prepare(kCodeTaken);
      select.Bind(1, code);
      if (!select.Step()) return code;
    }
  }

  std::optional<StoredIdempotencyKey> IdempotencyKey(std::string_view key_hash) override {
    sqlite::Statement select = connection_.Prepare(kSelectIdempotency);
    select.Bind(1, Bytes(key_hash));
    if (!select.Step()) return std::nullopt;
    return StoredIdempotencyKey{std::string(select.Blob(0)), std::string(select.Text(1)), std::string(select.Blob(2))};
  }

  void Insert(const BookingRecord& booking, std::string_view manage_token) override {
    const Hash token_hash = ManageTokenHash(manage_token);
    const std::string sealed = SealAtRest(store_.secret(), manage_token);
    sqlite::Statement insert = connection_.Prepare(kInsertBooking);
    insert.Bind(1, booking.code)
        .Bind(2, booking.desk)
        .Bind(3, booking.type)
        .Bind(4, ToUnix(booking.start))
        .Bind(5, ToUnix(booking.end))
        .Bind(6, ChannelName(booking.channel))
        .Bind(7, booking.application_id)
        .Bind(8, booking.email)
        .Bind(9, booking.phone)
        .Bind(10, booking.lang)
        .Bind(11, Bytes(AsChars(token_hash)))
        .Bind(12, ToUnix(booking.created_at))
        .Bind(13, booking.created_by);
    BindOptional(insert, 14, booking.confirmed_at);
    BindOptional(insert, 15, booking.reconfirm_asked_at);
    BindOptional(insert, 16, booking.reconfirm_reminded_at);
    insert.Bind(17, Bytes(sealed));
    insert.Run();
    seats_.Inserted(booking);
  }

  void SetStatus(const BookingRecord& before, const BookingRecord& after) override {
    connection_.Prepare(kUpdateStatus)
        .Bind(1, before.code)
        .Bind(2, StatusName(after.status))
        .Bind(3, ToUnix(after.updated_at))
        .Run();
    seats_.StatusChanged(before, after);
  }

  void Move(const BookingRecord& before, const BookingRecord& after) override {
    connection_.Prepare(kMoveBooking)
        .Bind(1, before.code)
        .Bind(2, ToUnix(after.start))
        .Bind(3, ToUnix(after.end))
        .Bind(4, ChannelName(after.channel))
        .Bind(5, ToUnix(after.updated_at))
        .Run();
    seats_.Moved(before, after);
  }

  void RememberIdempotencyKey(std::string_view key_hash, const StoredIdempotencyKey& key, Instant now) override {
    connection_.Prepare(kInsertIdempotency)
        .Bind(1, Bytes(key_hash))
        .Bind(2, Bytes(key.fingerprint))
        .Bind(3, key.booking_code)
        .Bind(4, Bytes(key.sealed_token))
        .Bind(5, ToUnix(now))
        .Run();
  }

  void Enqueue(NoticeKind kind, const BookingRecord& booking, const BookingRecord* previous,
               std::string_view manage_token, Instant now) override {
    EnqueueNotice(connection_, kind, booking, previous,
                  manage_token.empty() ? std::string() : SealAtRest(store_.secret(), manage_token), now);
  }

  void Audit(std::string_view action, const Actor& actor, const BookingRecord* before, const BookingRecord& after,
             Instant now) override {
    AppendAudit(connection_, now, actor.who, after.desk, action, after.code, before ? AuditJson(*before) : "",
                AuditJson(after));
  }

  // BEGIN IMMEDIATE already makes the queue this transaction's: SQLite has one writer at a time.
  std::vector<engine::Ticket> TicketsOf(std::string_view desk, engine::Date day) override {
    return SelectTickets(connection_, desk, day, day);
  }

  void InsertTicket(const engine::Ticket& ticket) override {
    const TicketRow row = RowOfTicket(ticket);
    sqlite::Statement insert = connection_.Prepare(InsertTicketSql());
    insert.Bind(1, row.desk).Bind(2, row.day).Bind(3, row.sequence).Bind(5, row.application_id).Bind(7, row.urgent);
    BindOptional(insert, 4, row.booking_code);
    BindOptional(insert, 6, row.appointment);
    insert.Bind(8, row.state).Bind(9, row.counter).Bind(10, row.calls).Bind(11, row.checked_in_at);
    BindOptional(insert, 12, row.called_at);
    BindOptional(insert, 13, row.finished_at);
    BindOptional(insert, 14, row.first_called_at);
    insert.Bind(15, ticket.Id());
    insert.Run();
  }

  void UpdateTicket(const engine::Ticket& ticket) override {
    const TicketRow row = RowOfTicket(ticket);
    sqlite::Statement update = connection_.Prepare(UpdateTicketSql());
    update.Bind(1, row.desk).Bind(2, row.day).Bind(3, row.sequence).Bind(4, row.state).Bind(5, row.counter);
    update.Bind(6, row.calls).Bind(9, row.urgent);
    BindOptional(update, 7, row.called_at);
    BindOptional(update, 8, row.finished_at);
    BindOptional(update, 10, row.first_called_at);
    update.Run();
  }

  bool HasFeedback(std::string_view code) override {
    sqlite::Statement select = connection_.Prepare(kFeedbackExists);
    select.Bind(1, code);
    return select.Step();
  }

  void InsertFeedback(const Feedback& feedback) override {
    connection_.Prepare(kInsertFeedback)
        .Bind(1, feedback.booking_code)
        .Bind(2, feedback.rating)
        .Bind(3, feedback.comment)
        .Bind(4, ToUnix(feedback.at))
        .Run();
  }

  void AuditTicket(std::string_view action, const Actor& actor, const engine::Ticket* before,
                   const engine::Ticket& after, Instant now) override {
    AppendAudit(connection_, now, actor.who, after.desk, action, after.Id(), before ? TicketAuditJson(*before) : "",
                TicketAuditJson(after));
  }

  // BEGIN IMMEDIATE already makes the line this transaction's: SQLite has one writer at a time.
  std::vector<WaitlistEntry> WaitlistLine(std::string_view desk, std::string_view type) override {
    return SelectWaitlistLine(connection_, desk, type);
  }

  std::optional<WaitlistEntry> WaitlistEntryOf(std::string_view id) override {
    return SelectWaitlistEntry(connection_, id);
  }

  WaitlistEntry InsertWaitlistEntry(const WaitlistEntry& entry, std::string_view token) override {
    WaitlistEntry stored = InsertWaitlistRow(connection_, entry, token, store_.secret());
    seats_.EntryInserted(stored);
    return stored;
  }

  void UpdateWaitlistEntry(const WaitlistEntry& before, const WaitlistEntry& after) override {
    UpdateWaitlistRow(connection_, after);
    seats_.HoldChanged(before, after);
  }

  std::string WaitlistToken(std::string_view id) override {
    return SelectWaitlistToken(connection_, id, store_.secret());
  }

  void EnqueueOffer(const WaitlistEntry& entry, const BookingRecord* current, std::string_view token,
                    Instant now) override {
    EnqueueOfferNotice(connection_, entry, current, token.empty() ? std::string() : SealAtRest(store_.secret(), token),
                       now);
  }

  void AuditWaitlist(std::string_view action, const Actor& actor, const WaitlistEntry* before,
                     const WaitlistEntry& after, Instant now) override {
    AppendAudit(connection_, now, actor.who, after.desk, action, after.id, before ? WaitlistAuditJson(*before) : "",
                WaitlistAuditJson(after));
  }

  // BEGIN IMMEDIATE already makes the release this transaction's: SQLite has one writer at a time.
  std::optional<ReleaseRecord> Release(std::string_view desk, std::string_view type, date::year_month month) override {
    return SelectRelease(connection_, desk, type, month, store_.secret());
  }

  void InsertRelease(const ReleaseRecord& release) override { InsertReleaseRow(connection_, release, store_.secret()); }

  bool DrawPending(std::string_view desk, std::string_view type, date::year_month month) override {
    return SelectDrawPending(connection_, desk, type, month);
  }

  bool HasDrawRequest(std::string_view application_id, std::string_view desk, std::string_view type,
                      date::year_month month) override {
    return SelectHasDrawRequest(connection_, application_id, desk, type, month);
  }

  std::vector<DrawRequestRecord> DrawRequests(std::string_view desk, std::string_view type,
                                              date::year_month month) override {
    return SelectDrawRequests(connection_, desk, type, month);
  }

  void InsertDrawRequest(const DrawRequestRecord& request, std::string_view token) override {
    InsertDrawRequestRow(connection_, request, token, store_.secret());
  }

  void EnqueueDrawLost(const DrawRequestRecord& request, int draw_size, Instant now) override {
    const std::optional<engine::Application> application = Application(request.application_id);
    const std::string token = SelectDrawToken(connection_, request.id, store_.secret());
    EnqueueDrawLostNotice(connection_, request, draw_size, application ? application->email : "",
                          token.empty() ? std::string() : SealAtRest(store_.secret(), token), now);
  }

  void SetDrawOutcome(const DrawRequestRecord& after) override { UpdateDrawOutcome(connection_, after); }

  void MarkDrawn(const ReleaseRecord& release, Instant drawn_at) override {
    MarkReleaseDrawn(connection_, release, drawn_at);
  }

  void AuditRelease(std::string_view action, const Actor& actor, const ReleaseRecord& release,
                    std::string_view detail, Instant now) override {
    AppendAudit(connection_, now, actor.who, release.desk, action,
                engine::ReleaseId(release.type, release.month), "", detail);
  }

  std::optional<TypeListing> Listing(std::string_view application_id, std::string_view type) override {
    return SelectListing(connection_, application_id, type);
  }

  void MarkConvened(std::string_view application_id, std::string_view type, Instant now) override {
    MarkListingConvened(connection_, application_id, type, now);
  }

 private:
  SqliteStore& store_;
  sqlite::Connection& connection_;
  SeatTransaction& transaction_;
  SeatChanges& seats_;
};

void SqliteStore::BookTogether(BookDecision decide, BookDone done) {
  book_queue_.Submit(std::move(decide), std::move(done),
                     [this](std::span<const BookDecision* const> batch) { return BookBatch(batch); });
}

std::vector<Result<BookOutcome>> SqliteStore::BookBatch(std::span<const BookDecision* const> decisions) {
  std::vector<Result<BookOutcome>> outcomes;
  outcomes.reserve(decisions.size());
  std::lock_guard lock(write_mutex_);
  try {
    SeatTransaction transaction(*writer_, seat_cache_);
    for (const BookDecision* decide : decisions) {
      outcomes.push_back(BookInSavepoint(*writer_, [&](SeatChanges& seats) {
        SqliteBookingTransaction booking(*this, *writer_, transaction, seats);
        return (*decide)(booking);
      }, transaction.changes()));
    }
    transaction.Commit();
    return outcomes;
  } catch (const std::exception& error) {  // the database's, or e.g. bad_alloc: never out of a batch
    logging::Error("storage", "database_error", error.what(), {{"error", error.what()}});
    return std::vector<Result<BookOutcome>>(decisions.size(), Error::internal);  // nothing was committed
  }
}

Result<BookingRecord> SqliteStore::ChangeBooking(const BookingChange& decide) {
  return Write([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    SeatTransaction transaction(connection, seat_cache_);
    SqliteBookingTransaction booking(*this, connection, transaction, transaction.changes());
    Result<BookingRecord> changed = decide(booking);
    if (changed) transaction.Commit();  // on an error the transaction rolls back: nothing changes
    return changed;
  });
}

Result<std::vector<engine::Ticket>> SqliteStore::TicketsBetween(std::string_view desk, engine::Date first,
                                                                engine::Date last) {
  if (!first.ok() || !last.ok()) return Error::invalid_request;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<engine::Ticket>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    return SelectTickets(connection, desk, first, last);
  });
}

Result<std::vector<RatedVisit>> SqliteStore::RatingsBetween(std::string_view desk, Instant from, Instant to) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<RatedVisit>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    sqlite::Statement select = connection.Prepare(kRatingsBetween);
    select.Bind(1, desk).Bind(2, ToUnix(from)).Bind(3, ToUnix(to));
    std::vector<RatedVisit> ratings;
    while (select.Step()) {
      ratings.push_back(RatedVisit{
          Feedback{select.Text(0), static_cast<int>(select.Int(3)), select.Text(4), FromUnix(select.Int(5))},
          select.Text(1), FromUnix(select.Int(2))});
    }
    return ratings;
  });
}

}  // namespace sportello::storage
