// Set-up shared by the "No seat wasted" tests (waitlist, reconfirmation, convocation): a desk whose
// kType has one online seat per slot, no staff seat and a 3-day horizon, so that at kNow (Monday 2
// November 2026, 09:00) the applicant window holds exactly six slots, Tuesday 3 and Wednesday 4
// November at 09:00, 09:20 and 09:40; the type's no-seat-wasted fields are the test's.
#pragma once

#include "booking/waitlist.h"
#include "tests/storage/fixture.h"

#include <string>
#include <vector>

namespace sportello::storage::testing {

// The fields given (JSON members, e.g. R"("waitlist_offer_minutes": 30)") added to kType, with its
// horizon and seats per slot.
inline engine::DeskCalendar NoSeatWastedCalendar(std::string_view fields, int horizon_days = 3, int capacity = 1,
                                                 int staff_capacity = 0) {
  std::string json = CalendarJson("roma", "RM", capacity, staff_capacity);
  const std::string from = R"("slot_minutes": 20, "horizon_days": 60,)";
  json.replace(json.find(from), from.size(),
               fmt::format(R"("slot_minutes": 20, "horizon_days": {}, {}{})", horizon_days, fields,
                           fields.empty() ? "" : ","));
  return ParseTestCalendar(json);
}

// The six slots of the window at kNow.
inline std::vector<Instant> WindowSlots() {
  const engine::DeskCalendar calendar = NoSeatWastedCalendar("");
  std::vector<Instant> starts;
  for (const engine::Slot& slot : engine::GenerateSlots(calendar, calendar.types.at(std::string(kType)),
                                                        date::year{2026} / 11 / 3, date::year{2026} / 11 / 4)) {
    starts.push_back(slot.start);
  }
  return starts;
}

// Applications A-00000 … A-00005 book the six slots of the window, in order; returns their codes.
inline std::vector<std::string> FillWindow(Store& store) {
  std::vector<std::string> codes;
  const std::vector<Instant> slots = WindowSlots();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto booked = booking::Book(store, ApplicantRequest(AppId(static_cast<int>(i)), slots[i]));
    REQUIRE(booked.has_value());
    codes.push_back(booked->booking.code);
  }
  return codes;
}

inline booking::JoinRequest JoinOf(int application, Instant now = kNow) {
  booking::JoinRequest request;
  request.desk = "roma";
  request.type = std::string(kType);
  request.application_id = AppId(application);
  request.tax_code = std::string(kTaxCode);
  request.now = now;
  return request;
}

// Puts application `application` in line; returns what joining gave.
inline booking::JoinedWaitlist Join(Store& store, int application, Instant now = kNow) {
  auto joined = booking::JoinWaitlist(store, JoinOf(application, now));
  REQUIRE(joined.has_value());
  return *joined;
}

// The entry as its holder sees it now.
inline booking::PlacedEntry EntryOf(Store& store, const booking::JoinedWaitlist& joined) {
  auto placed = booking::FindEntry(store, joined.placed.entry.id, joined.token);
  REQUIRE(placed.has_value());
  return *placed;
}

// How many messages of `kind` the outbox holds.
inline std::int64_t MessagesOf(const std::string& db, std::string_view kind) {
  return QueryInt(db, fmt::format("SELECT count(*) FROM notifications WHERE kind = '{}'", kind));
}

}  // namespace sportello::storage::testing
