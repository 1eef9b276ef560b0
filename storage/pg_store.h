// The PostgreSQL implementation of Store, for several `sportello serve` nodes on one database.
//
// Concurrency: every write runs in a READ COMMITTED transaction that first takes transaction-scoped
// advisory locks on what its rule reads, so the rule decides on data no other node can change
// before the commit:
// - a booking takes the desk's lock shared, then the locks of its Idempotency-Key, of its
//   application and type, and of its slot; a calendar change takes the desk's lock exclusive, so
//   it waits for the bookings in flight and they wait for it;
// - a change to an existing booking locks its row (SELECT … FOR UPDATE);
// - a waitlist rule takes the lock of the line (desk and type) it reads or whose entry it reads,
//   after the key's and before those of the application and type and of the slot: an offer
//   holds a seat, so the slot's lock also guards what an offer takes. The application and type's
//   lock also guards its listing (automatic convocation);
// - a draw request or a draw takes the lock of its release (desk, type and month) right after the
//   desk's, and books the winners under it.
// So the order is: desk (shared), release, key, waitlist line, application and type, slot. A cancellation
// or a move locks the booking's row and its new slot before it reads the line to offer the seat
// it freed, and accepting an offer locks a line before the row of the booking it moves: two such
// requests may meet in a deadlock, which PostgreSQL breaks (after deadlock_timeout) by failing
// one, and that one runs again.
// Each count read after a lock is taken sees every transaction that held it (READ COMMITTED reads
// the latest committed rows per statement). Unique indexes back the rules up (one active booking
// per application and type); a deadlock or a unique key taken first makes the whole decision run
// again, a few times at most. A booking is acknowledged only after COMMIT returns, which with the
// default synchronous_commit=on means its WAL record is flushed. New bookings arriving at one node
// together share one transaction (group commit, as on SQLite), each in a savepoint of its own, so a
// surge of bookings of one slot does not wait for one flush per booking while holding its lock.
// A batch runs one booking after another, so its round trips are what bounds a node's bookings of
// one slot: statements whose answer nobody reads (locks, writes, savepoints) travel with the next
// one that is read (pg::Connection::Defer), and a slot whose lock a kept booking of the batch holds
// is not locked and read again.
//
// Reads run on the same pool of connections, outside any lock. Seat counts come from memory
// (seat_cache.h) while the database's seat version is the one they were read or updated at: one
// read of that row per request, so no node shows a seat as free that another node took. Every
// transaction that changes a booked seat or a seat an offer holds bumps the version as its last
// statement, so the row's lock is held only for the commit and never in a cycle with the advisory
// locks. Outbox claims use FOR UPDATE SKIP LOCKED and a lease, so each message is sent by one node.
// A connection that breaks is dropped and a new one is opened on the next use; while the database
// is away, calls fail with Error::internal and nothing half-written.
// Thread-safe: all methods may be called from any thread at once.
#pragma once

#include "storage/commit_queue.h"
#include "storage/open_store.h"
#include "storage/seat_cache.h"
#include "storage/store.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sportello::storage {

namespace pg {
class Connection;
class Transaction;
}

// The most bookings one group commit holds: enough to share a flush widely, few enough that the
// locks the batch holds are not held long.
inline constexpr std::size_t kMaxPgBookingsPerCommit = 64;

class PgStore final : public Store {
 public:
  // Connects to `uri` and migrates the schema. Throws SchemaTooNew or std::runtime_error
  // (pg::PgError) with a message for a person.
  static std::unique_ptr<PgStore> Open(const std::string& uri, StoreOptions options = {});

  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  Result<void> Ping() override;

  Result<std::vector<engine::DeskCalendar>> LoadDesks() override;
  Result<engine::DeskCalendar> FindDesk(std::string_view desk) override;
  Result<std::shared_ptr<const engine::DeskCalendar>> SharedDesk(std::string_view desk) override;
  Result<void> ChangeDesk(const DeskChange& decide) override;

  Result<UpsertCounts> ChangeApplications(const ApplicationChange& decide) override;
  Result<engine::Application> FindApplication(std::string_view id) override;

  void BookTogether(BookDecision decide, BookDone done) override;
  Result<BookingRecord> ChangeBooking(const BookingChange& decide) override;
  Result<BookingRecord> FindBooking(std::string_view code) override;
  Result<BookingRecord> VerifyManageToken(std::string_view code, std::string_view token) override;
  Result<std::vector<BookingRecord>> BookingsOn(std::string_view desk, engine::Date day) override;
  Result<std::vector<engine::Ticket>> TicketsBetween(std::string_view desk, engine::Date first,
                                                     engine::Date last) override;
  Result<std::vector<RatedVisit>> RatingsBetween(std::string_view desk, Instant from, Instant to) override;
  Result<std::vector<BookingRecord>> BookingsBetween(std::string_view desk, Instant from, Instant to) override;
  Result<std::vector<BookingRecord>> BookingsOfApplication(std::string_view id) override;
  Result<std::vector<OverviewBooking>> OverviewBookingsBetween(std::string_view desk, Instant from,
                                                               Instant to) override;
  Result<engine::SeatLedger> Seats(std::string_view desk, std::string_view type, Instant from,
                                   Instant to) override;

  Result<WaitlistEntry> VerifyWaitlistToken(std::string_view id, std::string_view token) override;
  Result<std::vector<WaitlistEntry>> WaitlistOf(std::string_view desk, std::string_view type) override;
  Result<std::vector<WaitlistEntry>> WaitlistOfApplication(std::string_view id) override;
  Result<std::vector<WaitlistLineId>> WaitingLines() override;
  Result<std::vector<std::string>> ExpiredOffers(Instant now) override;
  Result<std::vector<ReleaseRecord>> ReleasesOf(std::string_view desk, std::string_view type) override;
  Result<std::vector<ReleaseRecord>> UndrawnReleases(Instant now) override;
  Result<std::vector<DrawRequestRecord>> DrawRequestsOf(std::string_view desk, std::string_view type,
                                                        date::year_month month) override;
  Result<DrawRequestRecord> VerifyDrawToken(std::string_view id, std::string_view token) override;
  Result<std::vector<std::string>> ApplicationsToConvene(std::string_view desk, std::string_view type,
                                                         Instant listed_before, int limit) override;

  Result<std::vector<AuditEntry>> Audit(const AuditQuery& query) override;

  std::string HashPassword(std::string_view password) override;
  Result<UserAccount> ChangeAccounts(const AccountChange& decide) override;
  Result<std::optional<UserAccount>> CheckPassword(std::string_view username, std::string_view password) override;
  Result<StaffSession> OpenSession(const User& user, Instant now) override;
  Result<User> Authenticate(std::string_view token, Instant now) override;
  Result<void> Logout(std::string_view token) override;
  Result<std::vector<UserAccount>> ListUsers() override;

  Result<std::vector<PendingNotice>> ClaimDueNotices(Instant now, int limit, std::chrono::seconds lease) override;
  Result<void> RecordDeliveryAttempt(const PendingNotice& notice, const DeliveryAttempt& attempt, Instant now) override;
  Result<std::vector<Delivery>> DeliveriesOf(std::string_view code) override;
  Result<int> EnqueueDueReminders(Instant now, std::chrono::seconds lead) override;

  Result<std::optional<FailureBucket>> FailureBucketOf(std::string_view application_id) override;
  Result<void> ChargeFailure(std::string_view application_id, const FailureCharge& charge) override;

  // In the UNLOGGED table spent_challenges, which every node sees (pg_challenges.cc).
  Result<bool> SpendChallenge(std::string_view signature, Instant expires_at, Instant now) override;

  Result<std::int64_t> CountDue(PurgeKind kind, const PurgeCutoffs& cutoffs) override;
  Result<std::int64_t> PurgeDue(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit) override;

  // A PostgreSQL database is backed up with pg_dump (docs/operations.md): Error::invalid_request
  // with that detail.
  Result<QuestionRecord> ChangeQuestion(const QuestionChange& decide) override;
  Result<QuestionRecord> FindQuestion(std::string_view id) override;
  Result<QuestionRecord> VerifyQuestionToken(std::string_view id, std::string_view token) override;
  Result<std::vector<QuestionRecord>> QuestionQueue(const QuestionQuery& query) override;
  Result<std::vector<OpenedQuestion>> QuestionsOfApplication(std::string_view id) override;
  Result<std::vector<QuestionRecord>> QuestionsOpenedBetween(Instant from, Instant to) override;
  Result<void> ChangeHelpDesk(const HelpDeskChange& decide) override;
  Result<std::vector<FaqEntry>> FaqEntries(std::optional<std::string_view> topic) override;
  Result<void> CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) override;
  Result<std::vector<FaqUse>> FaqUseBetween(engine::Date first, engine::Date last) override;

  Result<void> AddApiKey(const ApiKey& key, const Hash& key_hash, const Actor& actor) override;
  Result<ApiKey> RevokeApiKey(std::string_view name, const Actor& actor, Instant now) override;
  Result<std::vector<ApiKey>> ApiKeys() override;
  Result<ApiKey> FindApiKey(const Hash& key_hash) override;
  Result<std::vector<engine::StatusEvent>> EventsOf(std::string_view id) override;
  Result<std::vector<FeedChange>> BookingChangesAfter(FeedCursor after, std::string_view desk, int limit) override;

  Result<void> Backup(const std::filesystem::path& out) override;

  // The desk's calendar (flags included) as stored now, parsed once per stored version; nullptr
  // when the desk does not exist.
  std::shared_ptr<const engine::DeskCalendar> Calendar(pg::Connection& connection, std::string_view desk);
  // The seats this node keeps in memory (seat_cache.h).
  SeatCache& seat_cache() { return seat_cache_; }
  // The secret that seals the tokens the database keeps for later messages: manage tokens (of
  // bookings and in the outbox) and waitlist tokens (StoreOptions::secret).
  const std::string& secret() const { return options_.secret; }

 private:
  class Lease;
  struct CachedCalendar {
    std::int64_t version = 0;
    std::shared_ptr<const engine::DeskCalendar> calendar;
  };

  PgStore(std::string uri, StoreOptions options);

  // Runs `work(connection)` on a pooled connection, outside any transaction it does not open
  // itself; a database failure becomes Error::internal (logged on stderr).
  template <class Work>
  auto Run(Work&& work) -> decltype(work(std::declval<pg::Connection&>()));
  // Runs `decide(connection)` in a transaction: committed when it returns a value, rolled back
  // when it returns an error; run again (a few times at most) after a deadlock or a unique key
  // another transaction took first.
  template <class Decide>
  auto RunTransaction(Decide&& decide) -> decltype(decide(std::declval<pg::Connection&>()));
  // RunTransaction() for a decision that may change booked seats: `decide(connection, seats)`
  // records them in `seats`, and the commit bumps the seat version and updates the seat cache.
  template <class Decide>
  auto RunSeatTransaction(Decide&& decide)
      -> decltype(decide(std::declval<pg::Connection&>(), std::declval<SeatChanges&>()));
  // Commits `transaction`; when `seats` changed any, first bumps the seat version by their rows,
  // and applies them to the seat cache once committed.
  void CommitSeats(pg::Connection& connection, pg::Transaction& transaction, const SeatChanges& seats);
  template <class Adapter, class Decide>
  auto RunDecision(const Decide& decide) -> decltype(decide(std::declval<Adapter&>()));

  // Runs every decision of one batch in one transaction (commit_queue.h): one outcome each.
  std::vector<Result<BookOutcome>> BookBatch(std::span<const BookDecision* const> decisions);

  std::string uri_;
  StoreOptions options_;

  std::mutex pool_mutex_;
  std::condition_variable connection_free_;
  std::vector<std::unique_ptr<pg::Connection>> idle_;
  std::size_t open_ = 0;  // idle or in use

  std::mutex cache_mutex_;
  std::map<std::string, CachedCalendar, std::less<>> calendars_;

  SeatCache seat_cache_;
  CommitQueue<BookDecision, Result<BookOutcome>> book_queue_{kMaxPgBookingsPerCommit};
  std::atomic<std::int64_t> challenges_pruned_at_{0};  // unix seconds of this node's last pruning

};

}  // namespace sportello::storage
