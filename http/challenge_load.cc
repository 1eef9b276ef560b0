#include "http/challenge_load.h"

#include <cmath>
#include <iterator>

namespace sportello::http {

namespace {

constexpr std::int64_t kClientWindow = 60;  // seconds
constexpr std::int64_t kServerWindow = 10;

}  // namespace

double ChallengeLoad::Add(Window& window, std::int64_t seconds, std::int64_t length) {
  const std::int64_t index = seconds / length;
  if (index > window.index) {
    window = Window{index, 0, index == window.index + 1 ? window.current : 0};  // else quiet for a whole window
  } else if (index < window.index - 1) {
    window = Window{index, 0, 0};  // a clock set far back
  }
  ++window.current;
  const double left_of_previous = 1.0 - static_cast<double>(seconds % length) / static_cast<double>(length);
  return window.current + window.previous * left_of_previous;
}

ChallengeLoad::Counts ChallengeLoad::Asked(std::string_view client, engine::Instant now) {
  const std::int64_t seconds = now.time_since_epoch().count();
  std::lock_guard lock(mutex_);
  auto found = clients_.find(std::string(client));
  if (found == clients_.end()) {
    MakeRoom(seconds / kClientWindow);
    found = clients_.emplace(std::string(client), Window{seconds / kClientWindow, 0, 0}).first;
  }
  Counts counts;
  counts.from_client = static_cast<int>(std::lround(Add(found->second, seconds, kClientWindow)));
  counts.per_second = Add(server_, seconds, kServerWindow) / static_cast<double>(kServerWindow);
  return counts;
}

void ChallengeLoad::MakeRoom(std::int64_t minute) {
  if (clients_.size() < kMaxClients) return;
  for (auto it = clients_.begin(); it != clients_.end();) {
    it = it->second.index < minute - 1 ? clients_.erase(it) : std::next(it);
  }
  if (clients_.size() >= kMaxClients) clients_.clear();
}

}  // namespace sportello::http
