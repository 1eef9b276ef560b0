#include "http/availability_cache.h"

#include <array>
#include <charconv>

namespace sportello::http {
namespace {

// The entry's key: desk, type, the two dates as day numbers and the view. Made for every request,
// so appended in place rather than formatted.
std::string KeyOf(const AvailabilityCache::Question& question) {
  std::string key;
  key.reserve(question.desk.size() + question.type.size() + 32);
  key.append(question.desk).append(1, '\n').append(question.type);
  for (const engine::Date date : {question.from, question.to}) {
    std::array<char, 16> digits{};
    const auto day = date::sys_days(date).time_since_epoch().count();
    const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), day).ptr;
    key.append(1, '\n').append(digits.data(), static_cast<std::size_t>(end - digits.data()));
  }
  key.append(question.view == engine::View::staff ? "\nstaff" : "\napplicant");
  return key;
}

}  // namespace

std::shared_ptr<const Representation> AvailabilityCache::Answer(
    const Question& question, const std::shared_ptr<const engine::DeskCalendar>& calendar,
    const engine::SeatLedger& seats, engine::Instant now, std::uint64_t changes,
    const std::function<Representation()>& build) {
  std::string key = KeyOf(question);
  std::unique_lock lock(mutex_);
  while (seats.stamp() != 0) {
    const auto found = entries_.find(key);
    if (found != entries_.end() && found->second.calendar == calendar && found->second.seat_stamp == seats.stamp() &&
        found->second.now == now) {
      found->second.changes = std::max(found->second.changes, changes);  // confirmed as of `changes`
      return found->second.answer;
    }
    if (!building_.contains(key)) break;
    built_.wait(lock);  // another worker is building this question: its answer may be this one
  }
  building_.insert(key);
  lock.unlock();
  std::shared_ptr<const Representation> answer;
  try {
    answer = std::make_shared<const Representation>(build());
  } catch (...) {
    lock.lock();
    building_.erase(key);
    built_.notify_all();
    throw;
  }
  lock.lock();
  building_.erase(key);
  if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
  auto& entry = entries_[std::move(key)];
  if (entry.answer == nullptr || entry.now < now || (entry.now == now && entry.changes <= changes)) {
    entry = Entry{calendar, seats.stamp(), now, changes, answer};  // never replaced by an older reading
  }
  built_.notify_all();
  return answer;
}

std::shared_ptr<const Representation> AvailabilityCache::Fresh(const Question& question, engine::Instant now,
                                                               std::uint64_t changes,
                                                               std::shared_ptr<const engine::DeskCalendar>* calendar) {
  const std::string key = KeyOf(question);
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(key);
  if (found == entries_.end() || found->second.now != now || found->second.changes != changes) return nullptr;
  if (calendar != nullptr) *calendar = found->second.calendar;
  return found->second.answer;
}

}  // namespace sportello::http
