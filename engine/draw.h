// The draw of SPEC.md, "Fair release": while a release's draw window is open, applicants request
// seats instead of booking them, each with ranked preferences; when it closes, the requests are put in
// an order nobody could predict or steer, and each in turn gets the best seat still free that it asked
// for. The order comes from a seed the desk commits to before the window opens (publishing only its
// SHA-256, the seed hash) and reveals once drawn: anyone can then recompute the order from the seed
// and the request ids, and check the seed against the hash (docs/draw.md says how, in five lines of
// Python). Pure: no clock, no randomness, no I/O; the seed and the seats are parameters. The use
// cases that run a draw are in booking/. Thread-safe: plain values, pure functions.
#pragma once

#include "engine/time.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

// Lowercase hex SHA-256 of the seed's UTF-8 text: the seed_hash published when a draw window opens.
std::string SeedHash(std::string_view seed);

// The draw order: the request ids sorted by the lowercase hex SHA-256 of (seed + "\n" + id), ties by
// id (byte order). Independent of the order of `request_ids` (duplicates are kept once). Anyone can
// recompute it from the published seed and ids (docs/draw.md gives a five-line Python version).
std::vector<std::string> DrawOrder(std::string_view seed, std::span<const std::string> request_ids);

// A ranked preference: one local day, its morning or afternoon, or any seat.
struct DrawPreference {
  enum class Kind { day, morning, afternoon, any };
  Kind kind = Kind::any;
  Date day{};  // unused for `any`
  friend bool operator==(const DrawPreference&, const DrawPreference&) = default;
};
inline constexpr std::size_t kMaxDrawPreferences = 10;

// "YYYY-MM-DD", "YYYY-MM-DDTam", "YYYY-MM-DDTpm" or "any" (exactly so: lowercase, a real date);
// nullopt otherwise.
std::optional<DrawPreference> ParseDrawPreference(std::string_view text);
// The text ParseDrawPreference reads back as `preference` (`any` forgets its unused day).
std::string FormatDrawPreference(const DrawPreference& preference);

// The hour a desk's afternoon begins, local time: a seat starting before it is a morning seat.
inline constexpr int kDrawAfternoonFromHour = 13;

// A seat the draw may give: its start, its local day and whether it is a morning seat (local start
// before 13:00, the desk's time zone), and how many people it still takes.
struct DrawSeat {
  Instant start;
  Date day;
  bool morning = true;
  int free = 0;
};

// The seat at `start` in `zone` with `free` places: its local day and half of the day filled in.
DrawSeat MakeDrawSeat(Instant start, const date::time_zone& zone, int free);

// True when `seat` is one `preference` asks for (its day; its day and half; or any). Whether the
// seat still has a free place is not asked.
bool SeatMatches(const DrawPreference& preference, const DrawSeat& seat);

struct DrawRequest {
  std::string id;
  std::vector<DrawPreference> preferences;  // best first; at least one
};

struct DrawResult {
  std::string request_id;
  int order = 0;                 // 1-based position in DrawOrder
  std::optional<Instant> start;  // the seat won; nullopt: lost
  int preference = 0;            // 1-based rank of the preference it got; 0 when lost
};

// Each request in draw order takes, for its first preference that still has a matching seat with
// free > 0, the earliest such seat (by start), and that seat's free count drops by one. Results in
// draw order, one per distinct id (a repeated id is drawn once, with its first request); a request
// none of whose preferences has a seat left is lost.
std::vector<DrawResult> AssignDraw(std::string_view seed, std::span<const DrawRequest> requests,
                                   std::vector<DrawSeat> seats);

// The same assignment with the order given: `requests` take their seats as listed, and `order` in
// each result is the request's 1-based position in `requests`. AssignDraw is this on the draw order;
// first come, first served is this on the order of arrival.
std::vector<DrawResult> AssignInOrder(std::span<const DrawRequest> requests, std::vector<DrawSeat> seats);

}  // namespace sportello::engine
