// Reminders in the outbox: due a set time before the appointment, at most one per booking and
// start even with several stores queuing at once, a new one after a reschedule, none for a
// booking made inside the reminder window, and a queued one skipped when it lost its point.
#include "fixture.h"

#include <atomic>
#include <thread>

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::seconds kLead = 48h;

std::int64_t Reminders(const StoreFixture& f, const std::string& where = "TRUE") {
  return QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'reminder' AND " + where);
}

TEST_CASE("a reminder is queued once, when the appointment is within the lead time") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
  CHECK(f.store->EnqueueDueReminders(kNow, kLead).value() == 0);        // 8 days ahead
  CHECK(f.store->EnqueueDueReminders(kSlot - 49h, kLead).value() == 0);
  CHECK(f.store->EnqueueDueReminders(kSlot - 47h, kLead).value() == 1);
  CHECK(f.store->EnqueueDueReminders(kSlot - 46h, kLead).value() == 0);  // already there
  const Delivery reminder = f.store->DeliveriesOf(code)->back();
  CHECK(reminder.kind == NoticeKind::reminder);
  CHECK(reminder.start == kSlot);
  CHECK(reminder.sequence == 0);
  CHECK(reminder.status == DeliveryStatus::queued);
  CHECK(reminder.recipient == "persona@example.org");
  CHECK(f.store->EnqueueDueReminders(kNow, 0s).error() == engine::Error::invalid_request);
}

TEST_CASE("several stores queuing reminders at once make one per booking") {
  StoreFixture f;
  const std::vector<Instant> starts = SlotStarts();
  for (int i = 0; i < 6; ++i) REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(i), starts[i])).has_value());
  auto other = OpenStore(f.db);
  const Instant when = At("2026-11-09T12:00:00+01:00");  // every one of the six is within 48 h
  std::atomic<int> failures{0};  // Catch assertions are not thread-safe: count, check after join
  std::thread a([&] {
    for (int i = 0; i < 20; ++i) failures += f.store->EnqueueDueReminders(when, kLead).has_value() ? 0 : 1;
  });
  std::thread b([&] {
    for (int i = 0; i < 20; ++i) failures += other->EnqueueDueReminders(when, kLead).has_value() ? 0 : 1;
  });
  a.join();
  b.join();
  CHECK(failures == 0);
  CHECK(Reminders(f) == 6);
}

TEST_CASE("a reschedule makes a new reminder due, the old one, if still queued, is skipped") {
  StoreFixture f;
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(1)))->booking.code;
  REQUIRE(f.store->EnqueueDueReminders(kSlot - 47h, kLead).value() == 1);
  // Moved a day later before the reminder went out.
  const Instant later = At("2026-11-11T09:00:00+01:00");
  REQUIRE(booking::Reschedule(*f.store, code, later, Actor::Applicant(), kSlot - 47h).has_value());
  auto claimed = f.store->ClaimDueNotices(kSlot - 47h, 10, 10min);
  REQUIRE(claimed.has_value());
  for (const PendingNotice& notice : *claimed) CHECK(notice.kind != NoticeKind::reminder);
  CHECK(Reminders(f, "status = 'skipped'") == 1);
  CHECK(f.store->EnqueueDueReminders(later - 47h, kLead).value() == 1);
  CHECK(Reminders(f, fmt::format("status = 'queued' AND start = {}", later.time_since_epoch().count())) == 1);
  CHECK(QueryInt(f.db, "SELECT sequence FROM notifications WHERE kind = 'reminder' AND status = 'queued'") == 1);
}

TEST_CASE("no reminder for a booking made inside the reminder window, nor for a cancelled one") {
  StoreFixture f;
  BookRequest late = ApplicantRequest(AppId(1));
  late.now = kSlot - 30h;  // booked 30 h before: the confirmation is the reminder
  REQUIRE(booking::Book(*f.store, late).has_value());
  const std::string cancelled = booking::Book(*f.store, ApplicantRequest(AppId(2), kNextSlot))->booking.code;
  REQUIRE(booking::Cancel(*f.store, cancelled, Actor::Applicant(), kNow).has_value());
  CHECK(f.store->EnqueueDueReminders(kSlot - 29h, kLead).value() == 0);
  CHECK(Reminders(f) == 0);
}

TEST_CASE("a queued reminder whose appointment began is skipped, not sent") {
  StoreFixture f;
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
  REQUIRE(f.store->EnqueueDueReminders(kSlot - 47h, kLead).value() == 1);
  auto confirmation = f.store->ClaimDueNotices(kSlot - 47h, 10, 10min);  // the confirmation, first in line
  REQUIRE(confirmation->size() == 1);
  REQUIRE(f.store->RecordDeliveryAttempt(confirmation->front(), {DeliveryAttempt::Outcome::sent, "", {}}, kSlot - 47h)
              .has_value());
  CHECK(f.store->ClaimDueNotices(kSlot + 1min, 10, 10min)->empty());
  CHECK(Reminders(f, "status = 'skipped' AND last_error LIKE '%began%'") == 1);
}

}  // namespace
}  // namespace sportello::storage::testing
