#include "engine/draw.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <utility>

namespace sportello::engine {

namespace {

// libsodium's SHA-256 is one portable implementation: no CPU dispatch, no randomness, so it needs no
// sodium_init() (which would read the system's entropy source) and the engine stays free of I/O.
std::string Sha256Hex(std::string_view text) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();  // the terminating NUL sodium_bin2hex writes
  return hex;
}

// The seats still free, with a cursor per line of seats a preference can ask for: every seat, and
// each half of each day. A line's seats are in start order and free places only ever decrease, so a
// cursor only moves forward: a whole draw costs O(seats log seats + requests × preferences).
class SeatPool {
 public:
  explicit SeatPool(std::vector<DrawSeat> seats) : seats_(std::move(seats)) {
    std::stable_sort(seats_.begin(), seats_.end(),
                     [](const DrawSeat& a, const DrawSeat& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < seats_.size(); ++i) {
      all_.seats.push_back(i);
      halves_[{seats_[i].day, seats_[i].morning}].seats.push_back(i);
    }
  }

  // Takes a place in the earliest seat `preference` asks for that has one; nullopt when none has.
  std::optional<Instant> Take(const DrawPreference& preference) {
    std::optional<std::size_t> seat;
    switch (preference.kind) {
      case DrawPreference::Kind::any: seat = Front(all_); break;
      case DrawPreference::Kind::morning: seat = FrontOfHalf(preference.day, true); break;
      case DrawPreference::Kind::afternoon: seat = FrontOfHalf(preference.day, false); break;
      case DrawPreference::Kind::day: {
        const auto morning = FrontOfHalf(preference.day, true);
        const auto afternoon = FrontOfHalf(preference.day, false);
        seat = !afternoon || (morning && seats_[*morning].start <= seats_[*afternoon].start) ? morning : afternoon;
        break;
      }
    }
    if (!seat) return std::nullopt;
    --seats_[*seat].free;
    return seats_[*seat].start;
  }

 private:
  struct Line {
    std::vector<std::size_t> seats;  // indices into seats_, in start order
    std::size_t next = 0;            // no seat before it has a free place
  };

  std::optional<std::size_t> Front(Line& line) const {
    while (line.next < line.seats.size() && seats_[line.seats[line.next]].free <= 0) ++line.next;
    if (line.next == line.seats.size()) return std::nullopt;
    return line.seats[line.next];
  }

  std::optional<std::size_t> FrontOfHalf(Date day, bool morning) {
    const auto it = halves_.find({day, morning});
    return it == halves_.end() ? std::nullopt : Front(it->second);
  }

  std::vector<DrawSeat> seats_;
  Line all_;
  std::map<std::pair<Date, bool>, Line> halves_;
};

DrawResult Assign(const DrawRequest& request, int order, SeatPool& pool) {
  DrawResult result{.request_id = request.id, .order = order, .start = std::nullopt, .preference = 0};
  for (std::size_t rank = 0; rank < request.preferences.size(); ++rank) {
    if (auto start = pool.Take(request.preferences[rank])) {
      result.start = start;
      result.preference = static_cast<int>(rank) + 1;
      break;
    }
  }
  return result;
}

std::vector<DrawResult> AssignEach(std::span<const DrawRequest* const> requests, std::vector<DrawSeat> seats) {
  SeatPool pool(std::move(seats));
  std::vector<DrawResult> results;
  results.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    results.push_back(Assign(*requests[i], static_cast<int>(i) + 1, pool));
  }
  return results;
}

}  // namespace

std::string SeedHash(std::string_view seed) { return Sha256Hex(seed); }

std::vector<std::string> DrawOrder(std::string_view seed, std::span<const std::string> request_ids) {
  std::vector<std::pair<std::string, std::string>> keyed;  // (hash of seed and id, id)
  keyed.reserve(request_ids.size());
  std::string text(seed);
  text += '\n';
  for (const std::string& id : request_ids) {
    text.resize(seed.size() + 1);
    text += id;
    keyed.emplace_back(Sha256Hex(text), id);
  }
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
  std::vector<std::string> order;
  order.reserve(keyed.size());
  for (auto& [hash, id] : keyed) order.push_back(std::move(id));
  return order;
}

std::optional<DrawPreference> ParseDrawPreference(std::string_view text) {
  if (text == "any") return DrawPreference{.kind = DrawPreference::Kind::any, .day = Date{}};
  DrawPreference::Kind kind = DrawPreference::Kind::day;
  if (text.size() == 13 && text[10] == 'T') {
    const std::string_view half = text.substr(11);
    if (half == "am") kind = DrawPreference::Kind::morning;
    else if (half == "pm") kind = DrawPreference::Kind::afternoon;
    else return std::nullopt;
    text = text.substr(0, 10);
  }
  const std::optional<Date> day = ParseDate(text);
  if (!day) return std::nullopt;
  return DrawPreference{.kind = kind, .day = *day};
}

std::string FormatDrawPreference(const DrawPreference& preference) {
  switch (preference.kind) {
    case DrawPreference::Kind::any: return "any";
    case DrawPreference::Kind::day: return FormatDate(preference.day);
    case DrawPreference::Kind::morning: return FormatDate(preference.day) + "Tam";
    case DrawPreference::Kind::afternoon: return FormatDate(preference.day) + "Tpm";
  }
  return "any";
}

DrawSeat MakeDrawSeat(Instant start, const date::time_zone& zone, int free) {
  const date::local_seconds local = zone.to_local(start);
  const auto midnight = date::floor<date::days>(local);
  const bool morning = local - midnight < std::chrono::hours{kDrawAfternoonFromHour};
  return DrawSeat{.start = start, .day = Date{midnight}, .morning = morning, .free = free};
}

bool SeatMatches(const DrawPreference& preference, const DrawSeat& seat) {
  switch (preference.kind) {
    case DrawPreference::Kind::any: return true;
    case DrawPreference::Kind::day: return seat.day == preference.day;
    case DrawPreference::Kind::morning: return seat.day == preference.day && seat.morning;
    case DrawPreference::Kind::afternoon: return seat.day == preference.day && !seat.morning;
  }
  return false;
}

std::vector<DrawResult> AssignInOrder(std::span<const DrawRequest> requests, std::vector<DrawSeat> seats) {
  std::vector<const DrawRequest*> in_order;
  in_order.reserve(requests.size());
  for (const DrawRequest& request : requests) in_order.push_back(&request);
  return AssignEach(in_order, std::move(seats));
}

std::vector<DrawResult> AssignDraw(std::string_view seed, std::span<const DrawRequest> requests,
                                   std::vector<DrawSeat> seats) {
  std::unordered_map<std::string_view, const DrawRequest*> by_id;
  std::vector<std::string> ids;
  for (const DrawRequest& request : requests) {
    if (by_id.emplace(request.id, &request).second) ids.push_back(request.id);
  }
  std::vector<const DrawRequest*> in_order;
  in_order.reserve(ids.size());
  for (const std::string& id : DrawOrder(seed, ids)) in_order.push_back(by_id.at(id));
  return AssignEach(in_order, std::move(seats));
}

}  // namespace sportello::engine
