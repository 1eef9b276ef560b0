// The national system's API (booking/system_api.h) on both backends: keys, batches of
// applications, status events and the feed of booking changes, exactly once across pages, also
// while bookings are being made on other threads.
#include "booking/booking.h"
#include "booking/system_api.h"
#include "tests/storage/fixture.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;

booking::DeskTypes RomaTypes() { return {{"roma", {std::string(kType), std::string(kOtherType)}}}; }

ApiKey Issue(Store& store, std::string_view name, std::string_view desk = "") {
  auto issued = booking::IssueApiKey(store, name, desk, Actor::Cli(), kNow);
  REQUIRE(issued.has_value());
  return issued->key;
}

booking::SystemRecord Record(std::string id, std::string status = "In istruttoria", std::string desk = "roma") {
  booking::SystemRecord record;
  record.application = MakeApplication(std::move(id), std::move(desk));
  record.application.status = std::move(status);
  record.types = {std::string(kType)};
  return record;
}

// Every change of the feed from the beginning, `page` at a time.
std::vector<FeedChange> ReadFeed(Store& store, const ApiKey& key, int page) {
  std::vector<FeedChange> all;
  std::string after;
  for (;;) {
    auto next = booking::BookingChangesAfter(store, after, page, key);
    REQUIRE(next.has_value());
    if (next->changes.empty()) {
      CHECK(next->next == (after.empty() ? "0" : after));
      return all;
    }
    all.insert(all.end(), next->changes.begin(), next->changes.end());
    after = next->next;
  }
}

TEST_CASE("an API key is shown once, kept hashed, and stops working when revoked") {
  StoreFixture f(0);
  auto issued = booking::IssueApiKey(*f.store, "spi", "", Actor::Cli(), kNow);
  REQUIRE(issued.has_value());
  CHECK(issued->secret.starts_with("spk_"));
  auto found = booking::AuthenticateApiKey(*f.store, issued->secret);
  REQUIRE(found.has_value());
  CHECK(found->name == "spi");
  CHECK(booking::AuthenticateApiKey(*f.store, issued->secret + "x").error() == Error::unauthorized);

  CHECK(booking::IssueApiKey(*f.store, "spi", "", Actor::Cli(), kNow).error().field == "name");  // taken
  CHECK(booking::IssueApiKey(*f.store, "S P I", "", Actor::Cli(), kNow).error().field == "name");
  CHECK(booking::IssueApiKey(*f.store, "spi-latina", "atlantide", Actor::Cli(), kNow).error().field == "desk");

  auto revoked = f.store->RevokeApiKey("spi", Actor::Cli(), kNow + std::chrono::hours(1));
  REQUIRE(revoked.has_value());
  CHECK(revoked->revoked_at == kNow + std::chrono::hours(1));
  CHECK(booking::AuthenticateApiKey(*f.store, issued->secret).error() == Error::unauthorized);
  CHECK(f.store->RevokeApiKey("nobody", Actor::Cli(), kNow).error() == Error::not_found);

  auto audit = f.store->Audit(AuditQuery{std::nullopt, std::nullopt, std::nullopt, 10});
  REQUIRE(audit.has_value());
  std::vector<std::string> actions;
  for (const AuditEntry& entry : *audit) {
    if (entry.action.starts_with("key.")) actions.push_back(entry.action);
  }
  CHECK(actions == std::vector<std::string>{"key.revoke", "key.add"});
  for (const AuditEntry& entry : *audit) CHECK(entry.after.find(issued->secret) == std::string::npos);
}

TEST_CASE("a batch keeps its good records, reports each bad one by index, and is idempotent") {
  StoreFixture f(0);
  const ApiKey key = Issue(*f.store, "spi");
  std::vector<booking::SystemRecord> batch = {Record("S-1"), Record("S-2", "", "atlantide"), Record("S-3"),
                                              Record("S-1")};
  batch[2].application.tax_code = "NOT A CODE";
  auto outcome = booking::UpsertApplications(*f.store, batch, RomaTypes(), key, kNow);
  REQUIRE(outcome.has_value());
  CHECK(outcome->counts.inserted == 1);
  REQUIRE(outcome->errors.size() == 3);
  CHECK(outcome->errors[0].index == 1);
  CHECK(outcome->errors[0].field == "desk");
  CHECK(outcome->errors[1].index == 2);
  CHECK(outcome->errors[1].field == "tax_code");
  CHECK(outcome->errors[2].index == 3);
  CHECK(outcome->errors[2].field == "application_id");
  CHECK(f.store->FindApplication("S-1").has_value());
  CHECK(f.store->FindApplication("S-3").error() == Error::not_found);

  // Sent again: updated, and no second status event for the same text.
  auto again = booking::UpsertApplications(*f.store, {Record("S-1")}, RomaTypes(), key, kNow + std::chrono::hours(1));
  REQUIRE(again.has_value());
  CHECK(again->counts.updated == 1);
  CHECK(again->counts.events == 0);
  auto changed = booking::UpsertApplications(*f.store, {Record("S-1", "Nulla osta pronto")}, RomaTypes(), key,
                                             kNow + std::chrono::hours(2));
  REQUIRE(changed.has_value());
  CHECK(changed->counts.events == 1);
  auto events = f.store->EventsOf("S-1");
  REQUIRE(events.has_value());
  REQUIRE(events->size() == 2);
  CHECK(events->at(0).text.In(engine::Language::en) == "In istruttoria");
  CHECK(events->at(1).text.In(engine::Language::fr) == "Nulla osta pronto");
  CHECK(events->at(1).code == engine::kStatusChangedCode);

  // A key bound to a desk pushes only that desk's applications.
  const ApiKey latina = Issue(*f.store, "spi-latina", "roma");
  booking::SystemRecord elsewhere = Record("S-9");
  auto bound = booking::UpsertApplications(*f.store, {elsewhere}, {{"roma", {std::string(kType)}},
                                                                    {"latina", {std::string(kType)}}},
                                           ApiKey{"spi-milano", "milano", kNow, std::nullopt}, kNow);
  REQUIRE(bound.has_value());
  REQUIRE(bound->errors.size() == 1);
  CHECK(bound->errors[0].detail == "is not the desk of this key");
  CHECK(booking::UpsertApplications(*f.store, {Record("S-9")}, RomaTypes(), latina, kNow)->counts.inserted == 1);
}

TEST_CASE("a status event takes the catalogue's text, is recorded once, and stays within its key's desk") {
  StoreFixture f(1);
  const ApiKey key = Issue(*f.store, "spi");
  engine::LocalizedText ready;
  for (const engine::Language language : engine::kLanguages) ready.In(language) = "Pronto";
  const engine::StatusEventCatalogue catalogue({{"nulla_osta_issued", ready, true}});

  booking::EventRequest request{"nulla_osta_issued", std::nullopt, kNow - std::chrono::hours(3)};
  auto first = booking::AppendStatusEvent(*f.store, AppId(0), request, catalogue, key, kNow);
  REQUIRE(first.has_value());
  CHECK(first->created);
  CHECK(first->event.text == ready);
  auto retry = booking::AppendStatusEvent(*f.store, AppId(0), request, catalogue, key, kNow);
  REQUIRE(retry.has_value());
  CHECK_FALSE(retry->created);
  CHECK(retry->event.at == first->event.at);

  CHECK(booking::AppendStatusEvent(*f.store, AppId(0), {"Bad Code", std::nullopt, std::nullopt}, catalogue, key, kNow)
            .error()
            .field == "code");
  CHECK(booking::AppendStatusEvent(*f.store, AppId(0), {"unknown_code", std::nullopt, std::nullopt}, catalogue, key,
                                   kNow)
            .error()
            .field == "text");
  engine::LocalizedText half = ready;
  half.In(engine::Language::es) = "";
  CHECK(booking::AppendStatusEvent(*f.store, AppId(0), {"custom", half, std::nullopt}, catalogue, key, kNow)
            .error()
            .field == "text.es");
  CHECK(booking::AppendStatusEvent(*f.store, AppId(0), {"custom", ready, kNow + std::chrono::hours(1)}, catalogue,
                                   key, kNow)
            .error()
            .field == "at");
  CHECK(booking::AppendStatusEvent(*f.store, "A-99999", request, catalogue, key, kNow).error() == Error::not_found);
  const ApiKey milano{"spi-milano", "milano", kNow, std::nullopt};
  CHECK(booking::AppendStatusEvent(*f.store, AppId(0), request, catalogue, milano, kNow).error() == Error::not_found);
  CHECK(booking::BookingsForSystem(*f.store, AppId(0), milano).error() == Error::not_found);

  auto events = f.store->EventsOf(AppId(0));
  REQUIRE(events.has_value());
  REQUIRE(events->size() == 2);  // the import's status, then the event, by instant
  CHECK(events->at(0).code == "nulla_osta_issued");
  CHECK(events->at(1).code == engine::kStatusChangedCode);
}

// The messages of kind status_event that are due at `now`, claimed.
std::vector<PendingNotice> DueStatusEventMessages(Store& store, Instant now) {
  auto claimed = store.ClaimDueNotices(now, 100, std::chrono::minutes(10));
  REQUIRE(claimed.has_value());
  std::vector<PendingNotice> events;
  for (PendingNotice& notice : *claimed) {
    if (notice.kind == engine::NoticeKind::status_event) events.push_back(std::move(notice));
  }
  std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.application_id < b.application_id; });
  return events;
}

TEST_CASE("an event the catalogue marks for e-mail queues one message, to the applicant, in their language") {
  StoreFixture f(2);
  const ApiKey key = Issue(*f.store, "spi");
  engine::LocalizedText ready;
  for (const engine::Language language : engine::kLanguages) {
    ready.In(language) = "Pronto " + std::string(engine::LanguageCode(language));
  }
  const engine::StatusEventCatalogue catalogue({{"nulla_osta_issued", ready, true}, {"under_review", ready, false}});
  engine::Application unreachable = MakeApplication("A-NOMAIL");
  unreachable.email.clear();
  const std::vector<engine::Application> more = {unreachable, MakeApplication("A-SILENT")};
  REQUIRE(booking::ImportApplications(*f.store, more, Actor::Cli(), kNow).has_value());
  const std::vector<Instant> slots = SlotStarts();
  BookRequest french = ApplicantRequest(AppId(0), slots[0]);
  french.lang = "fr";
  REQUIRE(booking::Book(*f.store, french).has_value());
  BookRequest spanish = ApplicantRequest("A-NOMAIL", slots[1]);
  spanish.lang = "es";
  spanish.email = "dato@example.org";
  REQUIRE(booking::Book(*f.store, spanish).has_value());
  unreachable.id = "A-NOMAIL-2";
  REQUIRE(booking::ImportApplications(*f.store, std::vector{unreachable}, Actor::Cli(), kNow).has_value());

  const booking::EventRequest issued{"nulla_osta_issued", std::nullopt, kNow};
  for (const std::string& id : {AppId(0), AppId(1), std::string("A-NOMAIL"), std::string("A-NOMAIL-2")}) {
    REQUIRE(booking::AppendStatusEvent(*f.store, id, issued, catalogue, key, kNow)->created);
    CHECK_FALSE(booking::AppendStatusEvent(*f.store, id, issued, catalogue, key, kNow)->created);  // a retry
  }
  REQUIRE(booking::AppendStatusEvent(*f.store, "A-SILENT", {"under_review", std::nullopt, kNow}, catalogue, key, kNow)
              ->created);  // the catalogue does not ask for e-mail
  REQUIRE(booking::AppendStatusEvent(*f.store, "A-SILENT", {"custom", ready, kNow}, catalogue, key, kNow)->created);

  const std::vector<PendingNotice> due = DueStatusEventMessages(*f.store, kNow + std::chrono::seconds(1));
  REQUIRE(due.size() == 3);  // A-NOMAIL-2 has no address: its message is kept as no_address, not sent
  CHECK(due[0].application_id == AppId(0));
  CHECK(due[0].lang == "fr");  // its booking's language
  CHECK(due[0].recipient == "persona@example.org");
  CHECK(due[0].event_text == "Pronto fr");
  CHECK(due[0].type == "nulla_osta_issued");
  CHECK(due[0].desk == "roma");
  CHECK(due[0].booking_code.empty());
  CHECK(due[0].event_id > 0);
  CHECK(due[1].application_id == AppId(1));
  CHECK(due[1].lang == "it");  // no booking: Italian
  CHECK(due[1].event_text == "Pronto it");
  CHECK(due[2].application_id == "A-NOMAIL");
  CHECK(due[2].recipient == "dato@example.org");  // the address given with the booking
  CHECK(due[2].lang == "es");
  CHECK(due[2].event_text == "Pronto es");
  CHECK(due[0].event_id != due[1].event_id);
}

TEST_CASE("the feed gives every booking change once, in order, across pages") {
  StoreFixture f(3);
  const ApiKey key = Issue(*f.store, "spi");
  auto first = booking::Book(*f.store, ApplicantRequest(AppId(0)));
  auto second = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  REQUIRE(booking::Cancel(*f.store, first->booking.code, Actor::Applicant(), kNow).has_value());

  const std::vector<FeedChange> feed = ReadFeed(*f.store, key, 2);
  REQUIRE(feed.size() == 3);
  CHECK(feed[0].code == first->booking.code);
  CHECK(feed[0].change == "created");
  CHECK(feed[1].code == second->booking.code);
  CHECK(feed[2].code == first->booking.code);
  CHECK(feed[2].change == "cancelled");
  CHECK(feed[2].status == engine::BookingStatus::cancelled);

  CHECK(booking::BookingChangesAfter(*f.store, "not-a-cursor", 10, key).error().field == "after");
  CHECK(booking::BookingChangesAfter(*f.store, "", 0, key).error().field == "limit");
  CHECK(booking::BookingChangesAfter(*f.store, "", 1001, key).error().field == "limit");
  const ApiKey milano{"spi-milano", "milano", kNow, std::nullopt};
  CHECK(ReadFeed(*f.store, milano, 10).empty());
}

TEST_CASE("a reader of the feed misses no change committed while it reads") {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 15;
  StoreFixture f(kWriters * kPerWriter);
  const ApiKey key = Issue(*f.store, "spi");
  const std::vector<Instant> starts = SlotStarts();
  std::atomic<int> failures = 0;
  std::atomic<int> writing = kWriters;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        const int n = w * kPerWriter + i;
        if (!booking::Book(*f.store, ApplicantRequest(AppId(n), starts.at(static_cast<std::size_t>(n)))).has_value()) {
          ++failures;
        }
      }
      --writing;
    });
  }
  // Read while they write, a few changes at a time, then once more after the last commit.
  std::vector<FeedChange> seen;
  std::string after;
  bool done = false;
  while (!done) {
    done = writing.load() == 0;  // read on once more after the writers finished
    for (;;) {
      auto page = booking::BookingChangesAfter(*f.store, after, 3, key);
      if (!page.has_value()) {
        ++failures;
        break;
      }
      seen.insert(seen.end(), page->changes.begin(), page->changes.end());
      after = page->next;
      if (page->changes.empty()) break;
    }
  }
  for (std::thread& writer : writers) writer.join();
  auto last = booking::BookingChangesAfter(*f.store, after, 1000, key);
  REQUIRE(last.has_value());
  seen.insert(seen.end(), last->changes.begin(), last->changes.end());

  CHECK(failures == 0);
  std::set<std::string> codes;
  for (const FeedChange& change : seen) codes.insert(change.code);
  CHECK(seen.size() == static_cast<std::size_t>(kWriters * kPerWriter));  // none twice
  CHECK(codes.size() == static_cast<std::size_t>(kWriters * kPerWriter));  // none missed
}

}  // namespace
}  // namespace sportello::storage::testing
