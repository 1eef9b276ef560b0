// Reading the answers of SPEC.md's applicant API and checking their shape, as a strict client
// would: every field present with the right JSON type. Pure functions; thread-safe.
//
// Each reader returns nullopt and sets `problem` (one short sentence naming the field) when the
// body is not the documented shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::bench {

struct SlotSeats {
  std::string start;  // RFC 3339 with the desk's offset, as the server wrote it
  std::int64_t free = 0;
};

// `{"desk","type","timezone","days":[{"date","slots":[{"start","end","free"}]}]}`, slots in
// answer order (the server lists them by start). `desk` and `type` must be the ones asked for.
std::optional<std::vector<SlotSeats>> ReadAvailability(std::string_view body, std::string_view desk,
                                                       std::string_view type, std::string& problem);
// The same into `slots`, whose memory is reused from one answer to the next (the surge reads one
// per attempt); false on a bad shape, `slots` then unspecified.
bool ReadAvailabilityInto(std::string_view body, std::string_view desk, std::string_view type,
                          std::vector<SlotSeats>& slots, std::string& problem);

struct BookingAnswer {
  std::string code;
  std::string desk;
  std::string type;
  std::string start;
  std::string end;
  std::string status;
  std::string application_id;
  std::string manage_token;  // only in a 201
};

// A booking `{"code","desk","type","start","end","status","application_id","created_at"}`, plus
// `manage_token` when `with_token`.
std::optional<BookingAnswer> ReadBooking(std::string_view body, bool with_token, std::string& problem);

// The `code` of an RFC 9457 problem `{"type","title","status","detail","code"}` whose `status`
// is `http_status`.
std::optional<std::string> ReadProblemCode(std::string_view body, int http_status, std::string& problem);

}  // namespace sportello::bench
