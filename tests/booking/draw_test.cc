// Fair release (booking/draw.h) on a real SQLite file and on PostgreSQL: a month that opens at its
// announced instant, a draw window in which seats are requested and not booked, the draw that
// books the winners in the order its published seed gives, and first come again afterwards.
#include "booking/draw.h"
#include "engine/draw.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <atomic>
#include <map>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;
using std::chrono::minutes;

// December 2026 opens on Thursday 5 November at 10:00 with a 30-minute draw window (kNow is
// Monday 2 November); one seat per slot, three slots a weekday morning.
const std::string_view kRelease =
    R"("release": {"day_of_month": 5, "at": "10:00", "months_ahead": 1, "draw_minutes": 30})";
const date::year_month kDecember = date::year{2026} / 12;
const std::string kReleaseId = "lavoro-documenti.2026-12";
const Instant kOpens = At("2026-11-05T10:00:00+01:00");
const Instant kInWindow = At("2026-11-05T10:10:00+01:00");
const Instant kCloses = At("2026-11-05T10:30:00+01:00");
const Instant kFirstOfDecember = At("2026-12-01T09:00:00+01:00");

struct DrawFixture : StoreFixture {
  DrawFixture() : StoreFixture(20, NoSeatWastedCalendar(kRelease, 60)) {}
};

booking::DrawRequestInput RequestOf(int application, std::vector<std::string> preferences, Instant now = kInWindow) {
  booking::DrawRequestInput input;
  input.desk = "roma";
  input.release_id = kReleaseId;
  input.type = std::string(kType);
  input.application_id = AppId(application);
  input.tax_code = std::string(kTaxCode);
  input.preferences = std::move(preferences);
  input.now = now;
  return input;
}

booking::SubmittedDrawRequest Request(Store& store, int application, std::vector<std::string> preferences) {
  auto submitted = booking::RequestDraw(store, RequestOf(application, std::move(preferences)));
  REQUIRE(submitted.has_value());
  return *submitted;
}

booking::ReleaseView December(Store& store, Instant now) {
  auto releases = booking::ReleasesFor(store, "roma", kType, now);
  REQUIRE(releases.has_value());
  for (const booking::ReleaseView& view : *releases) {
    if (view.id == kReleaseId) return view;
  }
  FAIL("December is not among the releases shown");
  return {};
}

booking::BookRequest ApplicantAt(int application, Instant start, Instant now) {
  booking::BookRequest request = ApplicantRequest(AppId(application), start);
  request.now = now;
  return request;
}

TEST_CASE("a month opens at its announced instant, not day by day with the horizon") {
  DrawFixture f;
  CHECK(booking::Book(*f.store, ApplicantAt(1, kFirstOfDecember, kNow)).error() == Error::outside_booking_window);
  CHECK(booking::Book(*f.store, ApplicantAt(1, At("2026-11-10T09:00:00+01:00"), kNow)).has_value());

  const booking::ReleaseView scheduled = December(*f.store, kNow);
  CHECK(scheduled.state == "scheduled");
  CHECK(scheduled.release.opens_at == kOpens);
  CHECK(scheduled.release.draw_closes_at == kCloses);
  CHECK(scheduled.seed_hash.size() == 64);  // committed before the window opens
  CHECK(scheduled.seed.empty());
  CHECK(December(*f.store, kNow + minutes{5}).seed_hash == scheduled.seed_hash);  // stored once, kept
}

TEST_CASE("in the draw window seats are requested, not booked, one request per application") {
  DrawFixture f;
  CHECK(December(*f.store, kInWindow).state == "drawing");
  CHECK(booking::Book(*f.store, ApplicantAt(1, kFirstOfDecember, kInWindow)).error() == Error::draw_in_progress);

  const booking::SubmittedDrawRequest first = Request(*f.store, 1, {"2026-12-01", "2026-12-02Tam", "any"});
  CHECK(first.request.state == DrawRequestState::waiting);
  CHECK(first.request.preferences == std::vector<std::string>{"2026-12-01", "2026-12-02Tam", "any"});
  CHECK(booking::RequestDraw(*f.store, RequestOf(1, {"any"})).error() == Error::already_requested);

  booking::DrawRequestInput wrong_tax_code = RequestOf(2, {"any"});
  wrong_tax_code.tax_code = "MRARSS85T10A562S";
  CHECK(booking::RequestDraw(*f.store, wrong_tax_code).error() == Error::application_not_verified);
  const auto other_month = booking::RequestDraw(*f.store, RequestOf(2, {"any", "2027-01-04"}));
  CHECK(other_month.error() == Error::invalid_request);
  CHECK(other_month.error().field == "preferences[1]");
  CHECK(booking::RequestDraw(*f.store, RequestOf(2, {})).error().field == "preferences");
  CHECK(booking::RequestDraw(*f.store, RequestOf(2, {"2026-12-01Tnoon"})).error().field == "preferences[0]");
  booking::DrawRequestInput other_release = RequestOf(2, {"any"});
  other_release.release_id = "lavoro-nulla-osta.2026-12";
  CHECK(booking::RequestDraw(*f.store, other_release).error() == Error::not_found);
  CHECK(booking::RequestDraw(*f.store, RequestOf(2, {"any"}, kOpens - minutes{1})).error() == Error::draw_closed);
  CHECK(booking::RequestDraw(*f.store, RequestOf(2, {"any"}, kCloses)).error() == Error::draw_closed);

  auto found = booking::FindDrawRequest(*f.store, first.request.id, first.token);
  REQUIRE(found.has_value());
  CHECK(found->request.id == first.request.id);
  CHECK(booking::FindDrawRequest(*f.store, first.request.id, "not-the-token").error() == Error::not_found);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'draw.request'") == 1);
}

TEST_CASE("the draw books each request in the seed's order into its best preference left") {
  DrawFixture f;
  // Five people want 1 December (three seats); application 5 an afternoon that day (none), else 2 December.
  std::vector<booking::SubmittedDrawRequest> requests;
  for (int i = 0; i < 5; ++i) requests.push_back(Request(*f.store, i, {"2026-12-01"}));
  requests.push_back(Request(*f.store, 5, {"2026-12-01Tpm", "2026-12-02"}));

  // Closed but not drawn yet: still not first come.
  const Instant after = kCloses + minutes{1};
  CHECK(December(*f.store, after).state == "drawing");
  CHECK(booking::Book(*f.store, ApplicantAt(10, kFirstOfDecember, after)).error() == Error::draw_in_progress);

  auto draws = booking::RunDraws(*f.store, after);
  REQUIRE(draws.has_value());
  REQUIRE(draws->size() == 1);
  CHECK(draws->front().requests == 6);
  CHECK(draws->front().won == 4);
  CHECK(draws->front().lost == 2);

  // The seed is revealed and anyone re-runs the order from it and the request ids.
  const booking::ReleaseView drawn = December(*f.store, after);
  CHECK(drawn.state == "drawn");
  CHECK(engine::SeedHash(drawn.seed) == drawn.seed_hash);
  std::vector<std::string> ids;
  for (const auto& submitted : requests) ids.push_back(submitted.request.id);
  const std::vector<std::string> order = engine::DrawOrder(drawn.seed, ids);

  int december_first_won = 0;
  for (const auto& submitted : requests) {
    auto result = booking::FindDrawRequest(*f.store, submitted.request.id, submitted.token);
    REQUIRE(result.has_value());
    const auto place = std::find(order.begin(), order.end(), submitted.request.id);
    const int position = static_cast<int>(place - order.begin()) + 1;
    CHECK(result->request.order == position);
    if (submitted.request.application_id == AppId(5)) {
      // No afternoon seats on 1 December: the second preference, its earliest seat.
      CHECK(result->request.state == DrawRequestState::won);
      REQUIRE(result->booking.has_value());
      CHECK(result->booking->start == At("2026-12-02T09:00:00+01:00"));
      continue;
    }
    // Among those who asked only for 1 December, the first three in the order won it.
    const bool wins = position - 1 - (std::find(order.begin(), order.end(), requests[5].request.id) - order.begin() <
                                      position - 1) < 3;
    CHECK(result->request.state == (wins ? DrawRequestState::won : DrawRequestState::lost));
    CHECK(result->booking.has_value() == wins);
    if (result->booking) {
      CHECK(engine::LocalDate(result->booking->start, *date::locate_zone("Europe/Rome")) ==
            engine::Date{date::year{2026} / 12 / 1});
      CHECK(result->booking->status == BookingStatus::booked);
      ++december_first_won;
    }
  }
  CHECK(december_first_won == 3);
  CHECK(MessagesOf(f.db, "confirmation") == 4);  // booked as usual: confirmed by e-mail
  CHECK(MessagesOf(f.db, "draw_lost") == 2);      // the two left without a seat are told
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'draw.run'") == 1);

  // Drawn once only; what is left is first come.
  auto again = booking::RunDraws(*f.store, after + minutes{1});
  REQUIRE(again.has_value());
  CHECK(again->empty());
  CHECK(booking::Book(*f.store, ApplicantAt(10, At("2026-12-03T09:00:00+01:00"), after)).has_value());
  CHECK(booking::Book(*f.store, ApplicantAt(11, kFirstOfDecember, after)).error() == Error::slot_full);
}

TEST_CASE("those left without a seat are told by e-mail with their place in the draw order, the winners are not") {
  DrawFixture f;
  // Four ask for 1 December (three seats); application 4 only for an afternoon that day (none), and
  // its application has no e-mail address.
  std::vector<booking::SubmittedDrawRequest> requests;
  for (int i = 0; i < 4; ++i) requests.push_back(Request(*f.store, i, {"2026-12-01"}));
  requests.push_back(Request(*f.store, 4, {"2026-12-01Tpm"}));
  ExecSql(f.db, fmt::format("UPDATE applications SET email = '' WHERE id = '{}'", AppId(4)));

  const Instant after = kCloses + minutes{1};
  auto draws = booking::RunDraws(*f.store, after);
  REQUIRE(draws.has_value());
  REQUIRE(draws->size() == 1);
  CHECK(draws->front().lost == 2);
  CHECK(MessagesOf(f.db, "draw_lost") == 2);

  std::map<std::string, booking::SubmittedDrawRequest> lost;  // by request id
  for (const booking::SubmittedDrawRequest& submitted : requests) {
    auto result = booking::FindDrawRequest(*f.store, submitted.request.id, submitted.token);
    REQUIRE(result.has_value());
    const std::string id = submitted.request.id;
    INFO(id);
    const auto count = [&](std::string_view condition) {
      return QueryInt(f.db, fmt::format("SELECT count(*) FROM notifications WHERE draw_request_id = '{}'{}", id,
                                        condition));
    };
    if (result->request.state == DrawRequestState::won) {
      CHECK(count("") == 0);
      continue;
    }
    lost.emplace(id, submitted);
    CHECK(count("") == 1);
    CHECK(count(" AND kind = 'draw_lost' AND booking_code IS NULL AND waitlist_id IS NULL") == 1);
    if (submitted.request.application_id == AppId(4)) {
      CHECK(count(" AND recipient = '' AND status = 'no_address'") == 1);
    } else {
      CHECK(count(" AND recipient = 'persona@example.org' AND status = 'queued'") == 1);
    }
  }
  REQUIRE(lost.size() == 2);
  REQUIRE(lost.contains(requests[4].request.id));

  // The delivery worker gets what the message says: the month, the place of how many, the token.
  auto claimed = f.store->ClaimDueNotices(after, 10, std::chrono::minutes{10});
  REQUIRE(claimed.has_value());
  std::vector<PendingNotice> draw_lost;
  for (const PendingNotice& notice : *claimed) {
    if (notice.kind == NoticeKind::draw_lost) draw_lost.push_back(notice);
  }
  REQUIRE(draw_lost.size() == 1);  // the one without an address is not sent
  const PendingNotice& notice = draw_lost.front();
  REQUIRE(lost.contains(notice.draw_request_id));
  const booking::SubmittedDrawRequest& loser = lost.at(notice.draw_request_id);
  auto result = booking::FindDrawRequest(*f.store, loser.request.id, loser.token);
  REQUIRE(result.has_value());
  CHECK(notice.booking_code.empty());
  CHECK(notice.application_id == loser.request.application_id);
  CHECK(notice.recipient == "persona@example.org");
  CHECK(notice.draw_month == kDecember);
  CHECK(notice.draw_place == result->request.order.value_or(0));
  CHECK(notice.draw_size == 5);
  CHECK(notice.manage_token == loser.token);
  CHECK(notice.desk == "roma");
  CHECK(notice.type == kType);
}

TEST_CASE("an application that booked the type meanwhile takes no seat in the draw") {
  DrawFixture f;
  const booking::SubmittedDrawRequest request = Request(*f.store, 1, {"any"});
  REQUIRE(booking::Book(*f.store, ApplicantAt(1, At("2026-11-20T09:00:00+01:00"), kInWindow)).has_value());
  auto draws = booking::RunDraws(*f.store, kCloses);
  REQUIRE(draws.has_value());
  REQUIRE(draws->size() == 1);
  CHECK(draws->front().lost == 1);
  auto result = booking::FindDrawRequest(*f.store, request.request.id, request.token);
  REQUIRE(result.has_value());
  CHECK(result->request.state == DrawRequestState::lost);
  CHECK(result->request.order == 1);
  CHECK(MessagesOf(f.db, "draw_lost") == 0);  // it holds a seat: not told it lost
}

TEST_CASE("two servers drawing one release at once draw it once") {
  DrawFixture f;
  for (int i = 0; i < 8; ++i) Request(*f.store, i, {"2026-12-01", "any"});
  std::unique_ptr<Store> second = OpenStore(f.db);
  std::atomic<int> draws_made{0};
  std::atomic<int> failures{0};
  auto draw = [&](Store& store) {
    auto drawn = booking::RunDraws(store, kCloses);
    if (!drawn) ++failures;
    else draws_made += static_cast<int>(drawn->size());
  };
  std::thread one([&] { draw(*f.store); });
  std::thread two([&] { draw(*second); });
  one.join();
  two.join();
  CHECK(failures == 0);
  CHECK(draws_made == 1);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == 8);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM draw_requests WHERE state = 'won'") == 8);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'draw.run'") == 1);
}

}  // namespace
}  // namespace sportello::storage::testing
