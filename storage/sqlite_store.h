// The SQLite implementation of Store: one database file in WAL mode with synchronous=FULL, so a
// booking is on disk (the WAL is fsynced) before Book() returns.
//
// Concurrency: writes go through one writer connection guarded by a mutex (threads of this
// process queue on the mutex instead of spinning on SQLite's lock) and run in BEGIN IMMEDIATE
// transactions, which also serialise them against other processes on the same file (waiting up
// to `busy_timeout`). Every read that a booking rule decides on (seat counts, one active booking
// per type, idempotency keys) is made inside that transaction (BookingTransaction). Bookings made at the same time share one
// transaction and one fsync (group commit, commit_queue.h): each is checked and written in a
// savepoint of its own, so one that fails leaves the others intact, and every caller returns
// after the commit. Reads use a pool of reader connections and never block writers; seat counts
// come from memory (seat_cache.h) when it matches the reader's snapshot. Thread-safe: all methods
// may be called from any thread at once. After fork(), the child must open its own SqliteStore.
#pragma once

#include "storage/commit_queue.h"
#include "storage/open_store.h"
#include "storage/seat_cache.h"
#include "storage/spent_challenges.h"
#include "storage/store.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sportello::storage {

namespace sqlite {
class Connection;
}

// The most bookings one group commit holds: enough to reach the disk's limit, few enough that
// the first of them does not wait long.
inline constexpr std::size_t kMaxBookingsPerCommit = 256;
// Reader connections open at most at once; more readers wait for one. Each has its own page
// cache, so a few warm connections serve better than one per thread.
inline constexpr std::size_t kMaxReaders = 8;

class SqliteStore final : public Store {
 public:
  // Opens the database at `path`, creating it when missing, and migrates it to the current
  // schema. Throws SchemaTooNew (schema.h) for a file written by a newer Sportello and
  // std::runtime_error (sqlite::SqliteError) when the file cannot be opened or migrated: both
  // are start-up failures with a message for a person.
  static std::unique_ptr<SqliteStore> Open(const std::filesystem::path& path, StoreOptions options = {});

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The secret that seals the tokens kept for later messages: in the outbox, with each booking and
  // with each waitlist entry (StoreOptions::secret).
  const std::string& secret() const { return options_.secret; }

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

  // In this process's memory (spent_challenges.h): the database file has one serving node.
  Result<bool> SpendChallenge(std::string_view signature, Instant expires_at, Instant now) override;

  Result<std::int64_t> CountDue(PurgeKind kind, const PurgeCutoffs& cutoffs) override;
  Result<std::int64_t> PurgeDue(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit) override;

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

 private:
  struct CachedCalendar {
    std::int64_t version = 0;
    std::shared_ptr<const engine::DeskCalendar> calendar;
  };

  SqliteStore(std::filesystem::path path, StoreOptions options);

  // Runs `work(connection)` on a pooled reader / the writer connection, turning SQLite failures
  // into Error::internal (logged on stderr). Defined in sqlite_rows.h, with ReaderLease.
  class ReaderLease;
  // Runs `decide` on an `Adapter(writer connection, extra...)` (a transaction interface of
  // booking/) in one write transaction: committed when the decision returns a value, rolled back
  // otherwise. Defined in sqlite_rows.h.
  template <class Adapter, class Decide, class... Extra>
  auto RunDecision(const Decide& decide, Extra&... extra) -> decltype(decide(std::declval<Adapter&>()));
  template <class Work>
  auto Read(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>()));
  template <class Work>
  auto Write(Work&& work) -> decltype(work(std::declval<sqlite::Connection&>()));

  // The desk's calendar (flags included) as stored now, parsed once per stored version.
  // nullptr when the desk does not exist.
  std::shared_ptr<const engine::DeskCalendar> Calendar(sqlite::Connection& connection, std::string_view desk);

  // Runs every decision of one batch in one transaction (commit_queue.h): one outcome each.
  std::vector<Result<BookOutcome>> BookBatch(std::span<const BookDecision* const> decisions);
  friend class SqliteBookingTransaction;  // read calendars through Calendar()
  friend class SqliteDeskTransaction;

  std::filesystem::path path_;
  StoreOptions options_;

  std::mutex write_mutex_;
  std::unique_ptr<sqlite::Connection> writer_;

  std::mutex pool_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;
  std::size_t open_readers_ = 0;  // idle or in use

  std::mutex cache_mutex_;
  std::map<std::string, CachedCalendar, std::less<>> calendars_;

  SeatCache seat_cache_;
  SpentChallenges spent_challenges_;
  CommitQueue<BookDecision, Result<BookOutcome>> book_queue_;  // gathering: options_.gather_bookings
};

}  // namespace sportello::storage
