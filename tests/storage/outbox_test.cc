// The outbox of applicant messages in the SQLite store: written in the transaction of the booking
// change it reports and rolled back with it; claims with a lease that two stores (as two
// processes would) never share; attempts recorded under the lease; a booking's messages in order.
#include "booking/applications.h"
#include "fixture.h"

#include <atomic>
#include <set>
#include <thread>

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;

std::int64_t Rows(const StoreFixture& f, const std::string& where = "TRUE") {
  return QueryInt(f.db, "SELECT count(*) FROM notifications WHERE " + where);
}

TEST_CASE("a booking writes its confirmation in the same transaction, a refused one writes nothing") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  auto deliveries = f.store->DeliveriesOf(booked->booking.code);
  REQUIRE(deliveries.has_value());
  REQUIRE(deliveries->size() == 1);
  const Delivery& confirmation = deliveries->front();
  CHECK(confirmation.kind == NoticeKind::confirmation);
  CHECK(confirmation.status == DeliveryStatus::queued);
  CHECK(confirmation.recipient == "persona@example.org");
  CHECK(confirmation.start == kSlot);
  CHECK(confirmation.sequence == 0);
  CHECK(confirmation.attempts == 0);
  CHECK(confirmation.created_at == kNow);
  CHECK(confirmation.next_attempt_at == kNow);
  // The manage token waits in the outbox for the message, sealed: never in clear.
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE manage_token LIKE 'sealed:%'") == 1);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE " +
                           ContainsSql(f.db, "manage_token", booked->manage_token)) == 0);

  CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1), kNextSlot)).error() == Error::already_booked);
  BookRequest replay = ApplicantRequest(AppId(2));
  replay.idempotency_key = "key-1";
  replay.body_hash = "body";
  REQUIRE(booking::Book(*f.store, replay).has_value());
  REQUIRE(booking::Book(*f.store, replay)->replayed);
  CHECK(Rows(f) == 2);  // one per booking made: none for the refusal, none for the replay
}

TEST_CASE("manage tokens are sealed with the secret outside the database, and only that secret opens them") {
  TempDir dir;
  const std::string db = NewDatabase(dir, "s.db");
  StoreOptions options;
  options.secret = "0123456789abcdef0123456789abcdef";
  std::string token;
  {
    auto store = OpenStore(db, options);
    REQUIRE(booking::SeedDesk(*store, TestCalendar(), kNow).value());
    REQUIRE(booking::ImportApplications(*store, std::vector{MakeApplication(AppId(1)), MakeApplication(AppId(2))},
                                        Actor::Cli(), kNow)
                .has_value());
    auto booked = booking::Book(*store, ApplicantRequest(AppId(1)));
    REQUIRE(booked.has_value());
    token = booked->manage_token;
    REQUIRE(booking::Book(*store, ApplicantRequest(AppId(2))).has_value());
  }
  CHECK(QueryInt(db, "SELECT count(*) FROM notifications WHERE " + ContainsSql(db, "manage_token", token)) == 0);
  // A token written in clear (as before tokens were sealed) is sealed when the store next opens.
  ExecSql(db, "UPDATE notifications SET manage_token = 'OldClearToken0123456789' WHERE id = "
              "(SELECT max(id) FROM notifications)");
  {
    StoreOptions other = options;
    other.secret = "another secret, another deployment";
    auto store = OpenStore(db, other);
    CHECK(QueryInt(db, "SELECT count(*) FROM notifications WHERE manage_token LIKE 'sealed:%'") == 2);
    auto claimed = store->ClaimDueNotices(kNow, 10, 10min);  // with the wrong secret: no link, no token
    REQUIRE(claimed.has_value());
    REQUIRE(claimed->size() == 2);
    CHECK(claimed->at(0).manage_token.empty());
    CHECK(claimed->at(1).manage_token == "OldClearToken0123456789");  // sealed with this one above
    for (const PendingNotice& notice : *claimed) {
      REQUIRE(store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::release, "", {}}, kNow).has_value());
    }
  }
  auto store = OpenStore(db, options);
  auto claimed = store->ClaimDueNotices(kNow, 10, 10min);
  REQUIRE(claimed.has_value());
  REQUIRE(claimed->size() == 2);
  CHECK(claimed->at(0).manage_token == token);
}

TEST_CASE("the outbox row and the booking commit together or not at all") {
  StoreFixture f;
  SECTION("the outbox insert fails: no booking either") {
    BreakInserts(f.db, "notifications");
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1))).error() == Error::internal);
    CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == 0);
    CHECK(Rows(f) == 0);
  }
  SECTION("a later step of the booking fails (audit): no outbox row either") {
    BreakInserts(f.db, "audit");
    CHECK(booking::Book(*f.store, ApplicantRequest(AppId(1))).error() == Error::internal);
    CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == 0);
    CHECK(Rows(f) == 0);
  }
  SECTION("a cancellation that fails keeps the booking and writes no message") {
    const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
    BreakInserts(f.db, "notifications");
    CHECK(booking::Cancel(*f.store, code, Actor::Applicant(), kNow).error() == Error::internal);
    CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);
    CHECK(Rows(f) == 1);
  }
}

TEST_CASE("reschedule and cancel report each change once, with an increasing sequence") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
  REQUIRE(booking::Reschedule(*f.store, code, kSlot, Actor::Applicant(), kNow).has_value());  // no change: no message
  CHECK(Rows(f) == 1);
  REQUIRE(booking::Reschedule(*f.store, code, kNextSlot, Actor::Applicant(), kNow + 1h).has_value());
  // A failed move (the slot is not a slot) leaves no message.
  CHECK(booking::Reschedule(*f.store, code, kNextSlot + 5min, Actor::Applicant(), kNow).error() == Error::not_a_slot);
  REQUIRE(booking::Cancel(*f.store, code, Actor::Applicant(), kNow + 2h).has_value());
  REQUIRE(booking::Cancel(*f.store, code, Actor::Applicant(), kNow + 3h).has_value());  // already cancelled
  const std::vector<Delivery> deliveries = f.store->DeliveriesOf(code).value();
  REQUIRE(deliveries.size() == 3);
  CHECK(deliveries[0].kind == NoticeKind::confirmation);
  CHECK(deliveries[1].kind == NoticeKind::reschedule);
  CHECK(deliveries[1].start == kNextSlot);
  CHECK(deliveries[1].created_at == kNow + 1h);
  CHECK(deliveries[2].kind == NoticeKind::cancellation);
  CHECK(deliveries[2].start == kNextSlot);
  CHECK(deliveries[0].sequence == 0);
  CHECK(deliveries[1].sequence == 1);
  CHECK(deliveries[2].sequence == 2);
  // Only the confirmation holds the manage token; the reschedule remembers where it came from.
  CHECK(Rows(f, "manage_token IS NOT NULL") == 1);
  CHECK(QueryInt(f.db, "SELECT previous_start FROM notifications WHERE kind = 'reschedule'") ==
        kSlot.time_since_epoch().count());
  // A no-show is not reported; attendance invites the applicant to rate the visit, without an invitation's sequence.
  const std::string other = booking::Book(*f.store, ApplicantRequest(AppId(2)))->booking.code;
  REQUIRE(booking::SetAttendance(*f.store, other, BookingStatus::no_show, Actor::Staff("mario"), kSlot).has_value());
  CHECK(f.store->DeliveriesOf(other)->size() == 1);
  REQUIRE(booking::SetAttendance(*f.store, other, BookingStatus::attended, Actor::Staff("mario"), kSlot).has_value());
  const std::vector<Delivery> marked = f.store->DeliveriesOf(other).value();
  REQUIRE(marked.size() == 2);
  CHECK(marked[1].kind == NoticeKind::feedback);
  CHECK(marked[1].sequence == 1);
}

TEST_CASE("staff bookings are convocations, without an address the row says no_address and holds no token") {
  StoreFixture f;
  const std::string convened = booking::Book(*f.store, StaffRequest(AppId(1)))->booking.code;
  CHECK(f.store->DeliveriesOf(convened)->front().kind == NoticeKind::convocation);
  engine::Application silent = MakeApplication("S-1");
  silent.email.clear();
  REQUIRE(booking::ImportApplications(*f.store, std::vector{silent}, Actor::Cli(), kNow).has_value());
  const std::string code = booking::Book(*f.store, ApplicantRequest("S-1", kNextSlot))->booking.code;
  const Delivery delivery = f.store->DeliveriesOf(code)->front();
  CHECK(delivery.status == DeliveryStatus::no_address);
  CHECK(delivery.recipient.empty());
  CHECK_FALSE(delivery.next_attempt_at.has_value());
  CHECK(Rows(f, "status = 'no_address' AND manage_token IS NOT NULL") == 0);
  // Nothing to claim for it.
  auto claimed = f.store->ClaimDueNotices(kNow, 10, 10min);
  REQUIRE(claimed.has_value());
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().booking_code == convened);
  CHECK(f.store->DeliveriesOf("RM-0000-0000-0000").error() == Error::not_found);
}

TEST_CASE("a claim holds a message until its lease expires, a lost lease cannot record") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  auto first = f.store->ClaimDueNotices(kNow, 10, 10min);
  REQUIRE(first.has_value());
  REQUIRE(first->size() == 1);
  const PendingNotice notice = first->front();
  CHECK(notice.kind == NoticeKind::confirmation);
  CHECK(notice.manage_token == booked->manage_token);
  CHECK(notice.application_id == AppId(1));
  CHECK(notice.recipient == "persona@example.org");
  CHECK(notice.start == kSlot);
  CHECK(notice.end == kSlot + 20min);
  CHECK_FALSE(notice.lease.empty());
  CHECK(f.store->ClaimDueNotices(kNow + 9min, 10, 10min)->empty());  // held
  auto second = f.store->ClaimDueNotices(kNow + 11min, 10, 10min);  // the first holder died
  REQUIRE(second->size() == 1);
  CHECK(second->front().lease != notice.lease);
  CHECK(f.store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::sent, "", {}}, kNow + 12min).error() ==
        Error::not_found);
  REQUIRE(f.store->RecordDeliveryAttempt(second->front(), {DeliveryAttempt::Outcome::sent, "", {}}, kNow + 12min)
              .has_value());
  const Delivery sent = f.store->DeliveriesOf(booked->booking.code)->front();
  CHECK(sent.status == DeliveryStatus::sent);
  CHECK(sent.attempts == 1);
  CHECK(sent.sent_at == kNow + 12min);
  CHECK(Rows(f, "manage_token IS NOT NULL") == 0);  // forgotten once sent
  CHECK(f.store->ClaimDueNotices(kNow + 1h, 10, 10min)->empty());
  CHECK(f.store->ClaimDueNotices(kNow, 0, 10min).error() == Error::invalid_request);
}

TEST_CASE("attempts: retry later with the reason, give up keeping it, release without counting") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
  PendingNotice notice = f.store->ClaimDueNotices(kNow, 1, 10min)->front();
  REQUIRE(f.store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::release, "", {}}, kNow).has_value());
  CHECK(f.store->DeliveriesOf(code)->front().attempts == 0);

  notice = f.store->ClaimDueNotices(kNow, 1, 10min)->front();
  REQUIRE(f.store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::retry, "connection refused", kNow + 1min},
                                         kNow).has_value());
  Delivery delivery = f.store->DeliveriesOf(code)->front();
  CHECK(delivery.status == DeliveryStatus::queued);
  CHECK(delivery.attempts == 1);
  CHECK(delivery.last_error == "connection refused");
  CHECK(delivery.next_attempt_at == kNow + 1min);
  CHECK(delivery.last_attempt_at == kNow);
  CHECK(f.store->ClaimDueNotices(kNow + 30s, 1, 10min)->empty());  // not due yet

  notice = f.store->ClaimDueNotices(kNow + 1min, 1, 10min)->front();
  CHECK(notice.attempts == 1);
  REQUIRE(f.store->RecordDeliveryAttempt(notice, {DeliveryAttempt::Outcome::give_up, "550 mailbox unavailable", {}},
                                         kNow + 1min).has_value());
  delivery = f.store->DeliveriesOf(code)->front();
  CHECK(delivery.status == DeliveryStatus::failed);
  CHECK(delivery.attempts == 2);
  CHECK(delivery.last_error == "550 mailbox unavailable");
  CHECK_FALSE(delivery.next_attempt_at.has_value());
  CHECK(Rows(f, "manage_token IS NOT NULL") == 0);
  CHECK(f.store->ClaimDueNotices(kNow + 1h, 10, 10min)->empty());
}

TEST_CASE("a booking's messages are claimed in order: never one while an older one is queued") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
  REQUIRE(booking::Cancel(*f.store, code, Actor::Applicant(), kNow).has_value());
  auto claimed = f.store->ClaimDueNotices(kNow, 10, 10min);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().kind == NoticeKind::confirmation);
  REQUIRE(f.store->RecordDeliveryAttempt(claimed->front(), {DeliveryAttempt::Outcome::retry, "down", kNow + 1min},
                                         kNow).has_value());
  CHECK(f.store->ClaimDueNotices(kNow + 30s, 10, 10min)->empty());  // the cancellation waits
  claimed = f.store->ClaimDueNotices(kNow + 1min, 10, 10min);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().kind == NoticeKind::confirmation);
  REQUIRE(f.store->RecordDeliveryAttempt(claimed->front(), {DeliveryAttempt::Outcome::sent, "", {}}, kNow + 1min)
              .has_value());
  claimed = f.store->ClaimDueNotices(kNow + 1min, 10, 10min);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().kind == NoticeKind::cancellation);
}

TEST_CASE("a request to reconfirm repeats the event's sequence, a release cancels the event like a cancellation") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  BookingRecord released = booked->booking;
  released.status = BookingStatus::released;
  released.updated_at = kNow + 2h;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    const std::string token = transaction.ManageToken(released.code);
    transaction.Enqueue(NoticeKind::reconfirm, booked->booking, nullptr, token, kNow + 1h);
    transaction.Enqueue(NoticeKind::reconfirm_reminder, booked->booking, nullptr, token, kNow + 90min);
    transaction.SetStatus(booked->booking, released);
    transaction.Enqueue(NoticeKind::released, released, nullptr, token, kNow + 2h);
  });
  const std::vector<Delivery> deliveries = f.store->DeliveriesOf(released.code).value();
  REQUIRE(deliveries.size() == 4);
  CHECK(deliveries[1].kind == NoticeKind::reconfirm);
  CHECK(deliveries[2].kind == NoticeKind::reconfirm_reminder);
  CHECK(deliveries[3].kind == NoticeKind::released);
  CHECK(deliveries[0].sequence == 0);
  CHECK(deliveries[1].sequence == 0);
  CHECK(deliveries[2].sequence == 0);
  CHECK(deliveries[3].sequence == 1);
  // A reminder after them repeats the event's sequence as it is now.
  const std::string other = booking::Book(*f.store, ApplicantRequest(AppId(2)))->booking.code;
  Commit(*f.store, [&](BookingTransaction& transaction) {
    transaction.Enqueue(NoticeKind::reconfirm, *transaction.Booking(other), nullptr, "", kNow + 1h);
  });
  REQUIRE(f.store->EnqueueDueReminders(kSlot - 1h, 48h).value() == 1);
  CHECK(f.store->DeliveriesOf(other)->back().kind == NoticeKind::reminder);
  CHECK(f.store->DeliveriesOf(other)->back().sequence == 0);
}

TEST_CASE("a request to reconfirm goes with the kept manage token, and is skipped once pointless") {
  StoreFixture f;
  auto confirmed = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  auto asked = booking::Book(*f.store, ApplicantRequest(AppId(2)));
  auto cancelled = booking::Book(*f.store, ApplicantRequest(AppId(3), kNextSlot));
  REQUIRE((confirmed && asked && cancelled));
  ExecSql(f.db, "UPDATE notifications SET status = 'sent', next_attempt_at = NULL, manage_token = NULL");
  Commit(*f.store, [&](BookingTransaction& transaction) {
    for (const BookOutcome* outcome : {&*confirmed, &*asked, &*cancelled}) {
      transaction.Enqueue(NoticeKind::reconfirm, outcome->booking, nullptr,
                          transaction.ManageToken(outcome->booking.code), kNow + 1h);
    }
  });
  BookingRecord reconfirmed = confirmed->booking;
  reconfirmed.confirmed_at = kNow + 2h;
  Commit(*f.store, [&](BookingTransaction& transaction) { transaction.SetReconfirmation(confirmed->booking, reconfirmed); });
  REQUIRE(booking::Cancel(*f.store, cancelled->booking.code, Actor::Applicant(), kNow + 2h).has_value());

  auto claimed = f.store->ClaimDueNotices(kNow + 3h, 10, 10min);
  REQUIRE(claimed.has_value());
  std::vector<std::string> codes;
  for (const PendingNotice& notice : *claimed) {
    if (notice.kind == NoticeKind::reconfirm) codes.push_back(notice.booking_code);
    if (notice.booking_code == asked->booking.code) CHECK(notice.manage_token == asked->manage_token);
  }
  CHECK(codes == std::vector{asked->booking.code});
  CHECK(Rows(f, "kind = 'reconfirm' AND status = 'skipped' AND "
                "last_error = 'the booking was confirmed or changed before the message was sent'") == 2);
}

TEST_CASE("two stores on one file claiming at once never hold the same message") {
  StoreFixture f;
  const std::vector<Instant> starts = SlotStarts();
  constexpr int kBookings = 16;
  for (int i = 0; i < kBookings; ++i) REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(i), starts[i])).has_value());
  auto other = OpenStore(f.db);  // as another process would
  std::mutex mutex;
  std::vector<std::int64_t> ids;
  std::atomic<int> failed_claims{0};  // Catch assertions are not thread-safe: count, check after join
  auto claim_all = [&](Store& store) {
    for (int round = 0; round < 40; ++round) {
      auto claimed = store.ClaimDueNotices(kNow, 2, 10min);
      if (!claimed) {
        ++failed_claims;
        continue;
      }
      std::lock_guard lock(mutex);
      for (const PendingNotice& notice : *claimed) ids.push_back(notice.id);
    }
  };
  std::thread a([&] { claim_all(*f.store); });
  std::thread b([&] { claim_all(*other); });
  a.join();
  b.join();
  CHECK(failed_claims == 0);
  CHECK(ids.size() == kBookings);
  CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == kBookings);
}

}  // namespace
}  // namespace sportello::storage::testing
