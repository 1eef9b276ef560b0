#include "http/availability_cache.h"

#include <fmt/core.h>

namespace sportello::http {
namespace {

std::string KeyOf(const AvailabilityCache::Question& question) {
  return fmt::format("{}\n{}\n{}\n{}\n{}", question.desk, question.type, engine::FormatDate(question.from),
                     engine::FormatDate(question.to), question.view == engine::View::staff ? "staff" : "applicant");
}

}  // namespace

std::shared_ptr<const std::string> AvailabilityCache::Answer(
    const Question& question, const std::shared_ptr<const engine::DeskCalendar>& calendar,
    const engine::SeatLedger& seats, engine::Instant now, const std::function<std::string()>& build) {
  std::string key = KeyOf(question);
  if (seats.stamp() != 0) {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found != entries_.end() && found->second.calendar == calendar && found->second.seat_stamp == seats.stamp() &&
        found->second.now == now) {
      return found->second.body;
    }
  }
  auto body = std::make_shared<const std::string>(build());
  if (seats.stamp() != 0) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
    entries_.insert_or_assign(std::move(key), Entry{calendar, seats.stamp(), now, body});
  }
  return body;
}

}  // namespace sportello::http
