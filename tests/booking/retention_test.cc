// The retention policy (booking/retention.h) on a real database: what is erased and deleted when,
// what is kept, and that statistics and the audit log's minimised entries survive the erasure.
#include "booking/accounts.h"
#include "booking/application_data.h"
#include "booking/retention.h"
#include "tests/booking/no_seat_wasted_fixture.h"

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;
using std::chrono::days;

std::int64_t Rows(const std::vector<booking::PurgeCount>& counts, PurgeKind kind) {
  for (const booking::PurgeCount& count : counts) {
    if (count.kind == kind) return count.rows;
  }
  FAIL("no count for a kind");
  return -1;
}

std::vector<booking::PurgeCount> PurgeAt(Store& store, Instant now, bool dry_run = false,
                                         const booking::RetentionPolicy& policy = {}) {
  auto counts = booking::Purge(store, policy, now, dry_run);
  REQUIRE(counts.has_value());
  return *counts;
}

TEST_CASE("retention: contacts are erased 180 days after the last appointment, and a dry run changes nothing") {
  StoreFixture f(4);
  const Instant later_slot = SlotStarts().at(60);  // in December
  auto early = booking::Book(*f.store, ApplicantRequest(AppId(0), kSlot));
  auto late = booking::Book(*f.store, ApplicantRequest(AppId(1), later_slot));
  REQUIRE(early.has_value());
  REQUIRE(late.has_value());
  REQUIRE(later_slot - kSlot > days{20});
  const Instant now = kSlot + days{181};  // A-00000's appointment ended 180 days ago, A-00001's not

  const auto dry = PurgeAt(*f.store, now, true);
  CHECK(Rows(dry, PurgeKind::application_contacts) == 1);
  CHECK(Rows(dry, PurgeKind::booking_contacts) == 0);  // only once the application's are erased
  CHECK(f.store->FindApplication(AppId(0))->tax_code == kTaxCode);

  const auto done = PurgeAt(*f.store, now);
  CHECK(Rows(done, PurgeKind::application_contacts) == 1);
  CHECK(Rows(done, PurgeKind::booking_contacts) == 1);
  auto erased = f.store->FindApplication(AppId(0));
  REQUIRE(erased.has_value());
  CHECK(erased->tax_code.empty());
  CHECK(erased->email.empty());
  CHECK(erased->phone.empty());
  CHECK(erased->status == "In istruttoria");  // not personal: kept
  auto erased_booking = f.store->FindBooking(early->booking.code);
  REQUIRE(erased_booking.has_value());
  CHECK(erased_booking->email.empty());
  CHECK(erased_booking->phone.empty());
  CHECK(erased_booking->status == BookingStatus::booked);
  // Kept: the application with a later appointment, and those never booked (365 days).
  CHECK(f.store->FindApplication(AppId(1))->tax_code == kTaxCode);
  CHECK(f.store->FindBooking(late->booking.code)->email == "persona@example.org");
  CHECK(f.store->FindApplication(AppId(2))->tax_code == kTaxCode);

  // Statistics still count the erased booking.
  auto between = f.store->BookingsBetween("roma", kSlot, kSlot + 1h);
  REQUIRE(between.has_value());
  CHECK(between->size() == 1);

  // A second purge finds nothing more; the applications never booked go after 365 days.
  const auto again = PurgeAt(*f.store, now);
  CHECK(Rows(again, PurgeKind::application_contacts) == 0);
  CHECK(Rows(again, PurgeKind::booking_contacts) == 0);
  const auto year = PurgeAt(*f.store, kNow + days{366});
  CHECK(Rows(year, PurgeKind::application_contacts) == 3);  // A-00001 (December + 180 days) and A-00002, A-00003
  CHECK(f.store->FindApplication(AppId(3))->tax_code.empty());

  // The national system importing the application again brings its data back, for another period.
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication(AppId(0))}, Actor::Cli(), now).has_value());
  CHECK(f.store->FindApplication(AppId(0))->tax_code == kTaxCode);
  CHECK(Rows(PurgeAt(*f.store, now + days{179}), PurgeKind::application_contacts) == 0);
  CHECK(f.store->FindApplication(AppId(0))->tax_code == kTaxCode);
  CHECK(Rows(PurgeAt(*f.store, now + days{181}), PurgeKind::application_contacts) == 1);
}

TEST_CASE("retention: an application in a waitlist keeps its contacts, and an entry's e-mail goes with them") {
  StoreFixture f(20, NoSeatWastedCalendar(R"("waitlist_offer_minutes": 30)"));
  FillWindow(*f.store);
  const booking::JoinedWaitlist waiting = Join(*f.store, 10);
  const booking::JoinedWaitlist gone = Join(*f.store, 11);
  REQUIRE(booking::LeaveWaitlist(*f.store, gone.placed.entry.id, gone.token, kNow).has_value());
  const auto year = PurgeAt(*f.store, kNow + days{366});  // neither ever booked: a year since the import
  CHECK(Rows(year, PurgeKind::waitlist_contacts) == 1);
  CHECK(f.store->FindApplication(AppId(10))->tax_code == kTaxCode);  // still in line: an offer must reach it
  CHECK(f.store->FindApplication(AppId(11))->tax_code.empty());
  CHECK(QueryInt(f.db, fmt::format("SELECT count(*) FROM waitlist WHERE id = '{}' AND email = ''", gone.placed.entry.id)) == 1);
  CHECK(QueryInt(f.db, fmt::format("SELECT count(*) FROM waitlist WHERE id = '{}' AND email <> ''",
                                   waiting.placed.entry.id)) == 1);
  CHECK(Rows(PurgeAt(*f.store, kNow + days{367}), PurgeKind::waitlist_contacts) == 0);
}

TEST_CASE("retention: an erased application can no longer be verified by its old tax code") {
  StoreFixture f(1);
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(0), kSlot)).has_value());
  PurgeAt(*f.store, kSlot + days{181});
  BookRequest again = ApplicantRequest(AppId(0), SlotStarts().at(3));
  again.now = kSlot + days{181};
  auto refused = booking::Book(*f.store, again);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == Error::application_not_verified);
}

TEST_CASE("retention: messages, idempotency keys, sessions, failure counts and audit entries go after their periods") {
  StoreFixture f(2);
  REQUIRE(booking::AddUser(*f.store, {"mario.rossi", Role::operator_, "roma"}, kStaffPassword, Actor::Cli(), kNow)
              .has_value());
  BookRequest keyed = ApplicantRequest(AppId(0), kSlot);
  keyed.idempotency_key = "key-1";
  keyed.body_hash = "body";
  auto keyed_booking = booking::Book(*f.store, keyed);
  REQUIRE(keyed_booking.has_value());
  BookRequest later = ApplicantRequest(AppId(1), SlotStarts().at(60));
  REQUIRE(booking::Book(*f.store, later).has_value());
  // The confirmation of the first booking is sent; the second's stays queued.
  auto claimed = f.store->ClaimDueNotices(kNow, 10, 10min);
  REQUIRE(claimed.has_value());
  REQUIRE(claimed->size() == 2);
  for (const PendingNotice& notice : *claimed) {
    const bool first = notice.booking_code == keyed_booking->booking.code;
    const DeliveryAttempt attempt{first ? DeliveryAttempt::Outcome::sent : DeliveryAttempt::Outcome::release, "", {}};
    REQUIRE(f.store->RecordDeliveryAttempt(notice, attempt, kNow + 1min).has_value());
  }
  auto session = booking::Login(*f.store, "mario.rossi", kStaffPassword, kNow);
  REQUIRE(session.has_value());
  REQUIRE(f.store->ChargeFailure("203.0.113.9|A-00000", [](const std::optional<FailureBucket>&) {
    return FailureBucket{9, kNow};
  }).has_value());

  const auto count = [&](std::string_view table) {
    return QueryInt(f.db, fmt::format("SELECT COUNT(*) FROM {}", table));
  };
  REQUIRE(count("notifications") == 2);
  REQUIRE(count("idempotency_keys") == 1);
  REQUIRE(count("sessions") == 1);
  REQUIRE(count("verification_failures") == 1);
  const std::int64_t audit_entries = count("audit");
  REQUIRE(audit_entries >= 4);
  const std::int64_t booking_changes = count("booking_changes");
  REQUIRE(booking_changes == 2);

  // Within every period, nothing goes.
  const auto early = PurgeAt(*f.store, kNow + 6h);
  for (const booking::PurgeCount& purged : early) CHECK(purged.rows == 0);

  // A day and a half later: the idempotency key, the failure count and the session (12 hours) go.
  const auto next_day = PurgeAt(*f.store, kNow + 36h);
  CHECK(Rows(next_day, PurgeKind::idempotency_keys) == 1);
  CHECK(Rows(next_day, PurgeKind::verification_failures) == 1);
  CHECK(Rows(next_day, PurgeKind::expired_sessions) == 1);
  CHECK(Rows(next_day, PurgeKind::finished_messages) == 0);
  CHECK(count("idempotency_keys") == 0);
  CHECK(count("sessions") == 0);
  CHECK(count("verification_failures") == 0);

  // 30 days after both the sending and the appointment, the sent message goes; the queued one stays.
  const auto month = PurgeAt(*f.store, kSlot + days{31});
  CHECK(Rows(month, PurgeKind::finished_messages) == 1);
  CHECK(count("notifications") == 1);
  CHECK(QueryInt(f.db, "SELECT COUNT(*) FROM notifications WHERE status = 'queued'") == 1);

  // The audit log is kept for two years, then goes.
  CHECK(Rows(PurgeAt(*f.store, kNow + days{729}), PurgeKind::audit_entries) == 0);
  CHECK(Rows(PurgeAt(*f.store, kNow + days{729}), PurgeKind::booking_changes) == 0);
  const auto two_years = PurgeAt(*f.store, kNow + days{731});
  CHECK(Rows(two_years, PurgeKind::audit_entries) == audit_entries);
  CHECK(Rows(two_years, PurgeKind::booking_changes) == booking_changes);  // so is the feed of booking changes
  CHECK(count("audit") == 0);
  CHECK(count("booking_changes") == 0);
}

TEST_CASE("retention: the audit log names no tax code, e-mail or phone, so erasure leaves none behind") {
  StoreFixture f(1);
  auto made = booking::Book(*f.store, ApplicantRequest(AppId(0), kSlot));
  REQUIRE(made.has_value());
  REQUIRE(booking::Cancel(*f.store, made->booking.code, Actor::Applicant(), kNow).has_value());
  for (std::string_view personal : {std::string_view(kTaxCode), std::string_view("persona"), std::string_view("1234567")}) {
    INFO(personal);
    CHECK(QueryInt(f.db, "SELECT COUNT(*) FROM audit WHERE " + ContainsSql(f.db, "before", personal) + " OR " +
                             ContainsSql(f.db, "after", personal)) == 0);
  }
  PurgeAt(*f.store, kSlot + days{181});
  for (std::string_view personal : {std::string_view(kTaxCode), std::string_view("persona"), std::string_view("1234567")}) {
    INFO(personal);
    for (std::string_view where : {"applications WHERE ", "bookings WHERE "}) {
      const std::string table(where);
      const std::string column = table.starts_with("applications") ? "tax_code || email || phone" : "email || phone";
      CHECK(QueryInt(f.db, "SELECT COUNT(*) FROM " + table + ContainsSql(f.db, column, personal)) == 0);
    }
  }
}

TEST_CASE("retention: a policy is written name=days, and a wrong one is refused naming the entry") {
  auto policy = booking::ParseRetention("contacts=90,audit=3650");
  REQUIRE(policy.has_value());
  CHECK(policy->contacts == days{90});
  CHECK(policy->audit == days{3650});
  CHECK(policy->messages == days{30});
  CHECK(booking::ParseRetention("")->contacts == days{180});
  for (std::string_view wrong : {"contacts", "contacts=0", "contacts=-5", "contact=90", "contacts=9x", "audit=99999",
                                 "contacts=90,", ",audit=5"}) {
    INFO(wrong);
    auto refused = booking::ParseRetention(wrong);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == Error::invalid_request);
    CHECK(refused.error().field == "retention");
  }
}

TEST_CASE("retention: everything held about an application is collected, audit entries oldest first") {
  StoreFixture f(2);
  auto made = booking::Book(*f.store, ApplicantRequest(AppId(0), kSlot));
  REQUIRE(made.has_value());
  REQUIRE(booking::Reschedule(*f.store, made->booking.code, kNextSlot, Actor::Applicant(), kNow).has_value());
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot)).has_value());
  auto data = booking::CollectApplicationData(*f.store, *f.store->FindApplication(AppId(0)));
  REQUIRE(data.has_value());
  CHECK(data->application.tax_code == kTaxCode);
  REQUIRE(data->bookings.size() == 1);
  CHECK(data->bookings[0].booking.code == made->booking.code);
  CHECK(data->bookings[0].deliveries.size() == 2);  // confirmation, reschedule
  REQUIRE(data->audit.size() == 2);
  CHECK(data->audit[0].action == "booking.create");
  CHECK(data->audit[1].action == "booking.reschedule");
  for (const AuditEntry& entry : data->audit) CHECK(entry.subject == made->booking.code);
}

}  // namespace
}  // namespace sportello::storage::testing
