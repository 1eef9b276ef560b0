// The delivery worker against a real SMTP server (smtp_sink.py, Debian's python3-aiosmtpd) on
// 127.0.0.1: the right messages arrive for book, reschedule, cancel, convocation and reminder, a
// waitlist offer, a request to reconfirm, its reminder and a release, the notice of a lost draw,
// the news of a status event, with invitations that python3-icalendar reads with the right times; a relay that is down and comes back gets every
// message exactly once; a restart loses and duplicates nothing; refusals
// and give-ups are kept for staff. The worker's clock is the test's; no timing is asserted.
#include "../storage/fixture.h"
#include "booking/draw.h"
#include "booking/reconfirmation.h"
#include "booking/system_api.h"
#include "mail/delivery_worker.h"
#include "mail/smtp_sender.h"
#include "smtp_sink.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <boost/json.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace sportello::mail::testing {
namespace {

using namespace std::chrono_literals;
using storage::testing::AppId;
using storage::testing::ApplicantRequest;
using storage::testing::At;
using storage::testing::kNextSlot;
using storage::testing::kNow;
using storage::testing::kSlot;
using storage::testing::QueryInt;
using storage::testing::SlotStarts;
using storage::testing::StaffRequest;
using storage::testing::StoreFixture;
using storage::testing::TempDir;
namespace json = boost::json;

engine::Catalogue ShippedCatalogue() {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
  std::stringstream text;
  text << in.rdbuf();
  return *engine::ParseCatalogue(text.str()).value;
}

// A clock the test moves; read by the worker's thread.
class TestClock {
 public:
  explicit TestClock(engine::Instant start) : seconds_(start.time_since_epoch().count()) {}
  engine::Instant operator()() const { return engine::Instant{std::chrono::seconds{seconds_.load()}}; }
  void Set(engine::Instant instant) { seconds_ = instant.time_since_epoch().count(); }
  void Advance(std::chrono::seconds by) { seconds_ += by.count(); }

 private:
  std::atomic<std::int64_t> seconds_;
};

DeliveryOptions TestOptions() {
  DeliveryOptions options;
  options.mail = {"sportello@prefettura.example", "https://prenota.example.it"};
  options.poll_interval = 20ms;
  options.reminder_interval = 0ms;
  options.retry = {.first_delay = 60s, .max_delay = 10min, .give_up_after = 48h};
  options.log = nullptr;
  return options;
}

SmtpOptions Relay(int port) {
  SmtpOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.tls = SmtpTls::none;
  options.connect_timeout = 10s;
  options.timeout = 60s;
  return options;
}

// A store with desk "roma" and applications, a catalogue, a clock, and a worker sending to
// `port` (a sink, or nothing listening).
struct Rig {
  explicit Rig(int port, DeliveryOptions options = TestOptions(),
               engine::DeskCalendar calendar = storage::testing::TestCalendar())
      : f(20, std::move(calendar)),
        sender(Relay(port)),
        worker(*f.store, *f.store, catalogue, sender, std::ref(clock), options) {}

  // Runs passes until one attempts nothing (bounded).
  void Drain() {
    for (int i = 0; i < 50 && worker.RunOnce() > 0; ++i) {
    }
  }
  std::vector<storage::Delivery> Deliveries(const std::string& code) { return f.store->DeliveriesOf(code).value(); }

  StoreFixture f;
  engine::Catalogue catalogue = ShippedCatalogue();
  TestClock clock{kNow};
  SmtpSender sender;
  DeliveryWorker worker;
};

engine::StatusEventCatalogue ShippedStatusEvents() {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/status_events.json");
  std::stringstream text;
  text << in.rdbuf();
  return *engine::ParseStatusEventCatalogue(text.str()).value;
}

std::string Str(const json::value& value, std::string_view key) { return std::string(value.at(key).as_string()); }

// The one message received whose subject starts with `prefix`.
json::value MailWithSubject(const SmtpSink& sink, std::string_view prefix) {
  std::vector<json::value> found;
  for (const auto& file : sink.Messages()) {
    json::value mail = InspectMail(file);
    if (Str(mail, "subject").starts_with(prefix)) found.push_back(std::move(mail));
  }
  INFO(prefix);
  REQUIRE(found.size() == 1);
  return found.front();
}

TEST_CASE("book, reschedule and cancel: three messages in order, each with its invitation") {
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port());
  booking::BookRequest request = ApplicantRequest(AppId(1));
  request.lang = "en";
  auto booked = booking::Book(*rig.f.store, request);
  REQUIRE(booked.has_value());
  const std::string code = booked->booking.code;
  rig.Drain();
  REQUIRE(booking::Reschedule(*rig.f.store, code, kNextSlot, storage::Actor::Applicant(), kNow + 1h).has_value());
  rig.clock.Advance(1h);
  rig.Drain();
  REQUIRE(booking::Cancel(*rig.f.store, code, storage::Actor::Applicant(), kNow + 2h).has_value());
  rig.clock.Advance(1h);
  rig.Drain();

  const auto files = sink.Messages();
  REQUIRE(files.size() == 3);
  const json::value confirmation = InspectMail(files[0]);
  const json::value moved = InspectMail(files[1]);
  const json::value cancelled = InspectMail(files[2]);

  CHECK(Str(confirmation, "envelope_to") == "persona@example.org");
  CHECK(Str(confirmation, "envelope_from") == "sportello@prefettura.example");
  CHECK(Str(confirmation, "to") == "persona@example.org");
  CHECK(Str(confirmation, "subject") == "Appointment confirmed: Tuesday 10 November 2026 at 09:00");
  CHECK(Str(confirmation, "content_language") == "en");
  CHECK(json::serialize(confirmation.at("structure")) ==
        R"(["multipart/mixed","multipart/alternative","text/plain","text/html","text/calendar"])");
  CHECK_THAT(Str(confirmation, "text"), Catch::Contains("Booking code: " + code));
  CHECK_THAT(Str(confirmation, "text"), Catch::Contains("manage#code=" + code + "&token=" + booked->manage_token));
  CHECK_THAT(Str(confirmation, "text"), Catch::Contains("Valid passport with work entry visa"));
  CHECK_THAT(Str(confirmation, "html"), Catch::Contains("manage#code=" + code + "&amp;token=" + booked->manage_token));
  CHECK(Str(moved, "subject") == "Appointment moved: Tuesday 10 November 2026 at 09:20");
  CHECK_THAT(Str(moved, "text"), Catch::Contains("Previous time: Tuesday 10 November 2026, 09:00–09:20 (CET)"));
  CHECK(Str(moved, "text").find(booked->manage_token) == std::string::npos);
  CHECK(Str(cancelled, "subject") == "Appointment cancelled: Tuesday 10 November 2026 at 09:20");

  const json::value& c1 = confirmation.at("calendar");
  const json::value& c2 = moved.at("calendar");
  const json::value& c3 = cancelled.at("calendar");
  CHECK(Str(c1, "method") == "REQUEST");
  CHECK(Str(c1, "content_type_method") == "REQUEST");
  CHECK(Str(c2, "method") == "REQUEST");
  CHECK(Str(c3, "method") == "CANCEL");
  CHECK(Str(c3, "content_type_method") == "CANCEL");
  CHECK(Str(c3, "status") == "CANCELLED");
  CHECK(Str(c1, "uid") == code + "@sportello");
  CHECK(Str(c2, "uid") == Str(c1, "uid"));
  CHECK(Str(c3, "uid") == Str(c1, "uid"));
  CHECK(c1.at("sequence").as_int64() == 0);
  CHECK(c2.at("sequence").as_int64() == 1);
  CHECK(c3.at("sequence").as_int64() == 2);
  CHECK(Str(c1, "tzid") == "Europe/Rome");
  CHECK(Str(c1, "dtstart") == "2026-11-10T09:00:00+01:00");
  CHECK(Str(c1, "dtend") == "2026-11-10T09:20:00+01:00");
  CHECK(Str(c1, "dtstart_utc") == "2026-11-10T08:00:00+00:00");
  CHECK(Str(c2, "dtstart") == "2026-11-10T09:20:00+01:00");
  CHECK(Str(c2, "dtend") == "2026-11-10T09:40:00+01:00");
  CHECK(Str(c3, "dtstart") == "2026-11-10T09:20:00+01:00");
  CHECK(Str(c1, "attendee") == "mailto:persona@example.org");
  CHECK(Str(c1, "organizer") == "mailto:sportello@prefettura.example");

  const auto deliveries = rig.Deliveries(code);
  REQUIRE(deliveries.size() == 3);
  for (const storage::Delivery& delivery : deliveries) {
    CHECK(delivery.status == storage::DeliveryStatus::sent);
    CHECK(delivery.attempts == 1);
    CHECK(delivery.sent_at.has_value());
  }
  // The manage token left the outbox with the message.
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE manage_token IS NOT NULL") == 0);
}

TEST_CASE("a staff convocation arrives as the formal convocation, in the applicant's language") {
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port());
  booking::BookRequest request = StaffRequest(AppId(2));
  request.lang = "fr";
  auto booked = booking::Book(*rig.f.store, request);
  REQUIRE(booked.has_value());
  rig.Drain();
  const auto files = sink.Messages();
  REQUIRE(files.size() == 1);
  const json::value mail = InspectMail(files[0]);
  CHECK(Str(mail, "subject") == "Convocation au guichet unique pour l'immigration : mardi 10 novembre 2026 à 09:00");
  CHECK_THAT(Str(mail, "text"), Catch::Contains("pour le dossier n° " + AppId(2)));
  CHECK_THAT(Str(mail, "text"), Catch::Contains("remplace la convocation par lettre recommandée"));
  CHECK_THAT(Str(mail, "text"), Catch::Contains("Passeport valide avec visa d'entrée pour travail"));
  CHECK_THAT(Str(mail, "text"), Catch::Contains("&token=" + booked->manage_token));
  CHECK(Str(mail.at("calendar"), "dtstart") == "2026-11-10T09:00:00+01:00");
  CHECK(rig.Deliveries(booked->booking.code).at(0).kind == storage::NoticeKind::convocation);
}

TEST_CASE("a reminder arrives once before the appointment, a reschedule makes a new one due") {
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port());
  auto booked = booking::Book(*rig.f.store, ApplicantRequest(AppId(3)));
  REQUIRE(booked.has_value());
  const std::string code = booked->booking.code;
  rig.Drain();
  REQUIRE(sink.Messages().size() == 1);  // the confirmation; no reminder yet (9 days ahead)

  rig.clock.Set(kSlot - 47h);
  rig.Drain();
  rig.Drain();  // a second pass queues no second reminder
  REQUIRE(sink.Messages().size() == 2);
  const json::value reminder = InspectMail(sink.Messages()[1]);
  CHECK(Str(reminder, "subject") == "Promemoria: appuntamento martedì 10 novembre 2026, ore 09:00");
  CHECK(Str(reminder.at("calendar"), "method") == "REQUEST");
  CHECK(reminder.at("calendar").at("sequence").as_int64() == 0);
  CHECK(Str(reminder.at("calendar"), "dtstart") == "2026-11-10T09:00:00+01:00");

  const engine::Instant later = At("2026-11-11T09:00:00+01:00");
  REQUIRE(booking::Reschedule(*rig.f.store, code, later, storage::Actor::Applicant(), kSlot - 47h).has_value());
  rig.Drain();
  rig.clock.Set(later - 47h);
  rig.Drain();
  const auto files = sink.Messages();
  REQUIRE(files.size() == 4);
  CHECK_THAT(Str(InspectMail(files[2]), "subject"), Catch::StartsWith("Appuntamento spostato"));
  const json::value second = InspectMail(files[3]);
  CHECK_THAT(Str(second, "subject"), Catch::StartsWith("Promemoria"));
  CHECK(Str(second.at("calendar"), "dtstart") == "2026-11-11T09:00:00+01:00");
  CHECK(second.at("calendar").at("sequence").as_int64() == 1);
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE kind = 'reminder'") == 2);
}

TEST_CASE("a relay that is down and comes back gets every message exactly once") {
  const int port = FreePort();  // nothing listens here yet
  Rig rig(port);
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) codes.push_back(booking::Book(*rig.f.store, ApplicantRequest(AppId(10 + i), SlotStarts()[i]))->booking.code);
  REQUIRE(booking::Cancel(*rig.f.store, codes[0], storage::Actor::Applicant(), kNow).has_value());
  auto attempts = [&] {
    int total = 0;
    for (const std::string& code : codes) {
      for (const storage::Delivery& delivery : rig.Deliveries(code)) total += delivery.attempts;
    }
    return total;
  };
  rig.worker.Start();
  // A first pass finds the relay down: one attempt, the rest given back.
  REQUIRE(rig.worker.NudgeAndWaitForPass(30s));
  CHECK(attempts() == 1);
  // Ten more whole passes, each after a nudge, while the relay is down: no attempt among them.
  for (int i = 0; i < 10; ++i) REQUIRE(rig.worker.NudgeAndWaitForPass(30s));
  CHECK(rig.worker.stats().passes >= 11);
  CHECK(attempts() == 1);
  for (const std::string& code : codes) {
    const storage::Delivery first = rig.Deliveries(code).front();
    CHECK(first.status == storage::DeliveryStatus::queued);
    if (first.attempts == 1) {
      CHECK_THAT(first.last_error, Catch::Contains("onnect"));
      CHECK(first.next_attempt_at == kNow + 60s);
    }
  }

  TempDir inbox;
  SmtpSink sink(inbox.path(), {.port = port});
  rig.clock.Advance(2min);
  rig.worker.Nudge();
  const auto files = sink.WaitForMessages(4);
  // Three more whole passes after the last message: a duplicate would be sent in one of them.
  for (int i = 0; i < 3; ++i) REQUIRE(rig.worker.NudgeAndWaitForPass(30s));
  rig.worker.Stop();
  REQUIRE(sink.Messages().size() == 4);
  std::set<std::string> ids;
  std::multiset<std::string> subjects_per_code;
  for (const auto& file : sink.Messages()) {
    const json::value mail = InspectMail(file);
    ids.insert(Str(mail, "message_id"));
    subjects_per_code.insert(Str(mail.at("calendar"), "uid"));
  }
  CHECK(ids.size() == 4);
  CHECK(subjects_per_code.count(codes[0] + "@sportello") == 2);  // confirmation, then cancellation
  CHECK(subjects_per_code.count(codes[1] + "@sportello") == 1);
  CHECK(subjects_per_code.count(codes[2] + "@sportello") == 1);
  for (const std::string& code : codes) {
    for (const storage::Delivery& delivery : rig.Deliveries(code)) CHECK(delivery.status == storage::DeliveryStatus::sent);
  }
  // The cancellation waited behind its booking's confirmation: the applicant reads them in order.
  const auto first = rig.Deliveries(codes[0]);
  CHECK(first[0].sent_at <= first[1].sent_at);
}

TEST_CASE("a restart with pending messages loses none and duplicates none") {
  TempDir inbox;
  const int port = FreePort();  // the relay is down while the first server runs
  const engine::Catalogue catalogue = ShippedCatalogue();
  StoreFixture f;
  std::vector<std::string> codes;
  {
    SmtpSender sender(Relay(port));
    TestClock clock(kNow);
    DeliveryWorker worker(*f.store, *f.store, catalogue, sender, std::ref(clock), TestOptions());
    for (int i = 0; i < 4; ++i) codes.push_back(booking::Book(*f.store, ApplicantRequest(AppId(15 + i), SlotStarts()[i]))->booking.code);
    CHECK(worker.RunOnce() == 1);  // the relay is down: one attempt, the others given back
    // A worker that claims a message and dies before recording anything: its lease expires.
    auto held = f.store->ClaimDueNotices(kNow + 2min, 1, 10min);
    REQUIRE(held.has_value());
    REQUIRE(held->size() == 1);
  }
  f.store.reset();  // the server stops

  SmtpSink sink(inbox.path(), {.port = port});
  f.store = storage::OpenStore(f.db);  // a new server on the same file
  TestClock clock(kNow + 15min);                      // past the dead worker's lease
  SmtpSender sender(Relay(port));
  DeliveryWorker worker(*f.store, *f.store, catalogue, sender, std::ref(clock), TestOptions());
  for (int i = 0; i < 10 && worker.RunOnce() > 0; ++i) {
  }
  const auto files = sink.Messages();
  CHECK(files.size() == 4);
  std::set<std::string> uids;
  for (const auto& file : files) uids.insert(Str(InspectMail(file).at("calendar"), "uid"));
  CHECK(uids.size() == 4);
  for (const std::string& code : codes) {
    const auto deliveries = f.store->DeliveriesOf(code).value();
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].status == storage::DeliveryStatus::sent);
  }
  CHECK(worker.RunOnce() == 0);
  CHECK(sink.Messages().size() == 4);
}

TEST_CASE("a relay that refuses the recipient: failed at once, with the reason, for staff") {
  TempDir inbox;
  SmtpSink sink(inbox.path(), {.reject_rcpt = "rifiuta"});
  Rig rig(sink.port());
  engine::Application refused = storage::testing::MakeApplication("R-1");
  refused.email = "rifiuta@example.org";
  REQUIRE(booking::ImportApplications(*rig.f.store, std::vector{refused}, storage::Actor::Cli(), kNow).has_value());
  auto booked = booking::Book(*rig.f.store, ApplicantRequest("R-1"));
  REQUIRE(booked.has_value());
  rig.Drain();
  CHECK(sink.Messages().empty());
  const storage::Delivery delivery = rig.Deliveries(booked->booking.code).at(0);
  CHECK(delivery.status == storage::DeliveryStatus::failed);
  CHECK(delivery.attempts == 1);
  CHECK_THAT(delivery.last_error, Catch::Contains("550"));
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE manage_token IS NOT NULL") == 0);
}

TEST_CASE("the worker gives up after the configured time and keeps the last reason") {
  DeliveryOptions options = TestOptions();
  options.retry.give_up_after = 1h;
  Rig rig(FreePort(), options);
  auto booked = booking::Book(*rig.f.store, ApplicantRequest(AppId(5)));
  REQUIRE(booked.has_value());
  rig.Drain();
  CHECK(rig.Deliveries(booked->booking.code).at(0).status == storage::DeliveryStatus::queued);
  rig.clock.Advance(2h);
  rig.Drain();
  const storage::Delivery delivery = rig.Deliveries(booked->booking.code).at(0);
  CHECK(delivery.status == storage::DeliveryStatus::failed);
  CHECK(delivery.attempts == 2);
  CHECK_THAT(delivery.last_error, Catch::StartsWith("gave up after 2 attempts; last: "));
  CHECK_FALSE(delivery.next_attempt_at.has_value());
}

TEST_CASE("AUTH: the right password sends, a wrong one keeps the message queued with the reason") {
  TempDir inbox;
  SmtpSink sink(inbox.path(), {.auth = "sportello:segreto-di-prova"});
  SECTION("right password") {
    StoreFixture f;
    const engine::Catalogue catalogue = ShippedCatalogue();
    SmtpOptions relay = Relay(sink.port());
    relay.username = "sportello";
    relay.password = "segreto-di-prova";
    SmtpSender sender(relay);
    TestClock clock(kNow);
    DeliveryWorker worker(*f.store, *f.store, catalogue, sender, std::ref(clock), TestOptions());
    REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
    CHECK(worker.RunOnce() == 1);
    CHECK(sink.Messages().size() == 1);
  }
  SECTION("wrong password") {
    StoreFixture f;
    const engine::Catalogue catalogue = ShippedCatalogue();
    SmtpOptions relay = Relay(sink.port());
    relay.username = "sportello";
    relay.password = "sbagliata";
    SmtpSender sender(relay);
    TestClock clock(kNow);
    DeliveryWorker worker(*f.store, *f.store, catalogue, sender, std::ref(clock), TestOptions());
    auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
    REQUIRE(booked.has_value());
    CHECK(worker.RunOnce() == 1);
    CHECK(sink.Messages().empty());
    const storage::Delivery delivery = f.store->DeliveriesOf(booked->booking.code).value().at(0);
    CHECK(delivery.status == storage::DeliveryStatus::queued);
    CHECK_FALSE(delivery.last_error.empty());
  }
}

TEST_CASE("a booking without an e-mail address sends nothing and says so to staff") {
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port());
  engine::Application silent = storage::testing::MakeApplication("S-1");
  silent.email.clear();
  REQUIRE(booking::ImportApplications(*rig.f.store, std::vector{silent}, storage::Actor::Cli(), kNow).has_value());
  auto booked = booking::Book(*rig.f.store, ApplicantRequest("S-1"));
  REQUIRE(booked.has_value());
  rig.Drain();
  CHECK(sink.Messages().empty());
  const storage::Delivery delivery = rig.Deliveries(booked->booking.code).at(0);
  CHECK(delivery.status == storage::DeliveryStatus::no_address);
  CHECK(delivery.attempts == 0);
}

TEST_CASE("a freed seat reaches the first in line as an offer, with the link to accept it and no invitation") {
  using storage::testing::NoSeatWastedCalendar;
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port(), TestOptions(), NoSeatWastedCalendar(R"("waitlist_offer_minutes": 30)"));
  const std::vector<std::string> codes = storage::testing::FillWindow(*rig.f.store);
  const booking::JoinedWaitlist joined = storage::testing::Join(*rig.f.store, 10);
  // Wednesday 4 November at 09:40, the last seat of the window, is freed.
  REQUIRE(booking::Cancel(*rig.f.store, codes.back(), storage::Actor::Applicant(), kNow + 5min).has_value());
  rig.clock.Advance(5min);
  rig.Drain();

  const json::value offer = MailWithSubject(sink, "Si è liberato un posto per Lei");
  const std::string id = joined.placed.entry.id;
  const std::string link = "https://prenota.example.it/waitlist#id=" + id + "&token=" + joined.token;
  CHECK_THAT(Str(offer, "text"), Catch::Contains(link));
  CHECK_THAT(Str(offer, "text"), Catch::Contains("fino a lunedì 2 novembre 2026, ore 09:35 (CET)"));
  CHECK_THAT(Str(offer, "text"), Catch::Contains("prema «Accetta»"));
  CHECK_THAT(Str(offer, "text"), Catch::Contains("mercoledì 4 novembre 2026, dalle 09:40 alle 10:00 (CET)"));
  CHECK_THAT(Str(offer, "message_id"), Catch::Contains(".waitlist-" + id + "@prefettura.example"));
  CHECK(json::serialize(offer.at("structure")).find("text/calendar") == std::string::npos);
  // The token left the outbox with the message.
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE kind = 'offer' AND status = 'sent'") == 1);
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE manage_token IS NOT NULL") == 0);
}

TEST_CASE("a booking to reconfirm: asked with the last day, reminded, and released with its invitation withdrawn") {
  // Bookings of kSlot (Tuesday 10 November) are reconfirmed from Thursday 5 November until the end
  // of Sunday 8 November.
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port(), TestOptions(),
          storage::testing::NoSeatWastedCalendar(R"("reconfirm": {"from_days": 5, "until_days": 2})", 60, 1, 1));
  booking::BookRequest request = ApplicantRequest(AppId(1));
  request.lang = "en";
  auto booked = booking::Book(*rig.f.store, request);
  REQUIRE(booked.has_value());
  const std::string code = booked->booking.code;
  for (const char* when : {"2026-11-05T00:00:00+01:00", "2026-11-07T00:00:00+01:00", "2026-11-09T00:00:00+01:00"}) {
    rig.clock.Set(At(when));
    REQUIRE(booking::RunReconfirmations(*rig.f.store, At(when)).has_value());
    rig.Drain();
  }

  const json::value asked = MailWithSubject(sink, "Please confirm your appointment on Tuesday 10 November 2026");
  CHECK_THAT(Str(asked, "text"), Catch::Contains("The last day to confirm is Sunday 8 November 2026."));
  const std::string link = "manage#code=" + code + "&token=" + booked->manage_token + "&confirm=1";
  CHECK_THAT(Str(asked, "text"), Catch::Contains(link));
  CHECK(json::serialize(asked.at("structure")).find("text/calendar") == std::string::npos);
  const json::value reminded = MailWithSubject(sink, "Reminder: confirm your appointment by Sunday 8 November 2026");
  CHECK_THAT(Str(reminded, "text"), Catch::Contains("&confirm=1"));
  CHECK(json::serialize(reminded.at("structure")).find("text/calendar") == std::string::npos);
  const json::value released = MailWithSubject(sink, "Your appointment on Tuesday 10 November 2026 has been released");
  CHECK_THAT(Str(released, "text"), Catch::Contains("To book a new appointment: https://prenota.example.it/\n"));
  CHECK(Str(released.at("calendar"), "method") == "CANCEL");
  CHECK(Str(released.at("calendar"), "status") == "CANCELLED");
  CHECK(Str(released.at("calendar"), "uid") == code + "@sportello");
  const std::vector<storage::Delivery> deliveries = rig.Deliveries(code);
  CHECK(deliveries.size() == 4);  // the confirmation, the request, the reminder, the release
  for (const storage::Delivery& delivery : deliveries) CHECK(delivery.status == storage::DeliveryStatus::sent);
}

TEST_CASE("those who lost a draw are told, with their place, the month and the link to the result") {
  // December 2026 opens on 5 November at 10:00 with a 30-minute draw window; two ask for an
  // afternoon of 1 December, which has no seats, so both lose.
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port(), TestOptions(),
          storage::testing::NoSeatWastedCalendar(
              R"("release": {"day_of_month": 5, "at": "10:00", "months_ahead": 1, "draw_minutes": 30})", 60));
  std::map<std::string, booking::SubmittedDrawRequest> requests;  // by language
  for (const auto& [application, lang] : {std::pair{1, "it"}, std::pair{2, "es"}}) {
    booking::DrawRequestInput input;
    input.desk = "roma";
    input.release_id = "lavoro-documenti.2026-12";
    input.type = "lavoro-documenti";
    input.application_id = AppId(application);
    input.tax_code = std::string(storage::testing::kTaxCode);
    input.preferences = {"2026-12-01Tpm"};
    input.lang = lang;
    input.now = At("2026-11-05T10:10:00+01:00");
    auto submitted = booking::RequestDraw(*rig.f.store, input);
    REQUIRE(submitted.has_value());
    requests.emplace(lang, std::move(*submitted));
  }
  const engine::Instant after = At("2026-11-05T10:31:00+01:00");
  auto draws = booking::RunDraws(*rig.f.store, after);
  REQUIRE(draws.has_value());
  REQUIRE(draws->size() == 1);
  CHECK(draws->front().lost == 2);
  rig.clock.Set(after);
  rig.Drain();

  REQUIRE(sink.Messages().size() == 2);
  const json::value it = MailWithSubject(sink, "Esito del sorteggio");
  const json::value es = MailWithSubject(sink, "Resultado del sorteo");
  for (const auto& [lang, mail] : {std::pair{"it", &it}, std::pair{"es", &es}}) {
    const booking::SubmittedDrawRequest& request = requests.at(lang);
    INFO(lang);
    auto result = booking::FindDrawRequest(*rig.f.store, request.request.id, request.token);
    REQUIRE(result.has_value());
    REQUIRE(result->request.order.has_value());
    const std::string place = std::to_string(*result->request.order);
    const std::string link = "https://prenota.example.it/draw#id=" + request.request.id + "&token=" + request.token;
    CHECK(Str(*mail, "envelope_to") == "persona@example.org");
    CHECK(Str(*mail, "content_language") == lang);
    CHECK_THAT(Str(*mail, "text"), Catch::Contains(link));
    CHECK_THAT(Str(*mail, "html"), Catch::Contains("draw#id=" + request.request.id + "&amp;token=" + request.token));
    CHECK_THAT(Str(*mail, "message_id"), Catch::Contains(".draw-" + request.request.id + "@prefettura.example"));
    CHECK(json::serialize(mail->at("structure")).find("text/calendar") == std::string::npos);  // nothing booked
    if (std::string_view(lang) == "it") {
      CHECK_THAT(Str(*mail, "text"), Catch::Contains("dicembre 2026"));
      CHECK_THAT(Str(*mail, "text"), Catch::Contains("al posto " + place + " su 2"));
    } else {
      CHECK_THAT(Str(*mail, "text"), Catch::Contains("diciembre de 2026"));
      CHECK_THAT(Str(*mail, "text"), Catch::Contains("en el puesto " + place + " de 2"));
    }
  }
  // The tokens left the outbox with the messages.
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE kind = 'draw_lost' AND status = 'sent'") == 2);
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE manage_token IS NOT NULL") == 0);
}

TEST_CASE("a status event the catalogue marks for e-mail reaches the applicant, in the language they booked in") {
  TempDir inbox;
  SmtpSink sink(inbox.path());
  Rig rig(sink.port());
  const engine::StatusEventCatalogue catalogue = ShippedStatusEvents();
  booking::BookRequest french = ApplicantRequest(AppId(1));
  french.lang = "fr";
  REQUIRE(booking::Book(*rig.f.store, french).has_value());
  rig.Drain();
  REQUIRE(sink.Messages().size() == 1);  // the confirmation

  auto key = booking::IssueApiKey(*rig.f.store, "spi", "", storage::Actor::Cli(), kNow);
  REQUIRE(key.has_value());
  for (const std::string_view code : {"under_review", "documents_requested"}) {  // only the second is e-mailed
    REQUIRE(booking::AppendStatusEvent(*rig.f.store, AppId(1), {std::string(code), std::nullopt, std::nullopt},
                                       catalogue, key->key, kNow + 1h)
                ->created);
  }
  rig.clock.Set(kNow + 1h);
  rig.Drain();

  REQUIRE(sink.Messages().size() == 2);
  const json::value mail = MailWithSubject(sink, "Du nouveau sur votre dossier " + AppId(1));
  const std::string expected = catalogue.Find("documents_requested")->text.In(engine::Language::fr);
  CHECK(Str(mail, "envelope_to") == "persona@example.org");
  CHECK(Str(mail, "content_language") == "fr");
  CHECK_THAT(Str(mail, "text"), Catch::Contains(expected));
  CHECK_THAT(Str(mail, "text"), Catch::Contains("https://prenota.example.it/status"));
  CHECK_THAT(Str(mail, "message_id"), Catch::Contains(".event-"));
  CHECK(json::serialize(mail.at("structure")).find("text/calendar") == std::string::npos);
  CHECK(QueryInt(rig.f.db, "SELECT count(*) FROM notifications WHERE kind = 'status_event' AND status = 'sent'") == 1);
}

}  // namespace
}  // namespace sportello::mail::testing
