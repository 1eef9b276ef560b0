#include "http/display_feeds.h"

#include "booking/visit.h"
#include "http/resources.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <tuple>
#include <vector>

namespace sportello::http {

namespace {

using engine::Ticket;

std::string Event(std::string_view name, const boost::json::object& data) {
  return fmt::format("event: {}\ndata: {}\n\n", name, boost::json::serialize(data));
}

// Every ticket's id, state and calls: any change to the queue changes this text.
std::string QueueState(const std::vector<Ticket>& tickets) {
  std::string state;
  for (const Ticket& ticket : tickets) {
    state += fmt::format("{}:{}:{};", ticket.sequence, engine::TicketStateName(ticket.state), ticket.calls);
  }
  return state;
}

}  // namespace

class DisplayFeeds::DeskFeed : public EventFeed {
 public:
  DeskFeed(DisplayFeeds& feeds, std::string desk) : feeds_(feeds), desk_(std::move(desk)) {}
  std::shared_ptr<void> Subscribe(Deliver deliver) override { return feeds_.Subscribe(desk_, std::move(deliver)); }

 private:
  DisplayFeeds& feeds_;
  std::string desk_;
};

DisplayFeeds::DisplayFeeds(storage::Store& store, std::function<engine::Instant()> clock, Options options)
    : store_(store), clock_(std::move(clock)), options_(options),
      watcher_([this](const std::stop_token& stop) { Watch(stop); }) {}

DisplayFeeds::~DisplayFeeds() {
  watcher_.request_stop();
  wake_.notify_all();
}

std::shared_ptr<EventFeed> DisplayFeeds::FeedOf(std::string_view desk) {
  return std::make_shared<DeskFeed>(*this, std::string(desk));
}

void DisplayFeeds::Changed(std::string_view desk) {
  {
    std::lock_guard watched(subscribers_->mutex);
    if (!subscribers_->desks.contains(desk)) return;  // nobody watches it
  }
  {
    std::lock_guard lock(mutex_);
    changed_.emplace(desk);
  }
  wake_.notify_all();
}

std::shared_ptr<void> DisplayFeeds::Subscribe(const std::string& desk, EventFeed::Deliver deliver) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_subscriber_++;
  }
  {
    std::lock_guard watched(subscribers_->mutex);
    subscribers_->desks[desk].subscribers.emplace(id, std::move(deliver));
  }
  {
    std::lock_guard lock(mutex_);
    changed_.insert(desk);  // take the first look now
  }
  wake_.notify_all();
  return std::shared_ptr<void>(nullptr, [weak = std::weak_ptr<Subscribers>(subscribers_), desk, id](void*) {
    const std::shared_ptr<Subscribers> subscribers = weak.lock();
    if (!subscribers) return;
    std::lock_guard lock(subscribers->mutex);
    const auto watched = subscribers->desks.find(desk);
    if (watched == subscribers->desks.end()) return;
    watched->second.subscribers.erase(id);
    if (watched->second.subscribers.empty()) subscribers->desks.erase(watched);
  });
}

void DisplayFeeds::Watch(const std::stop_token& stop) {
  auto next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
  auto next_poll = std::chrono::steady_clock::now() + options_.poll;
  while (!stop.stop_requested()) {
    std::vector<std::string> to_look;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, stop, std::min(next_poll, next_heartbeat), [this] { return !changed_.empty(); });
      if (stop.stop_requested()) return;
      if (std::chrono::steady_clock::now() < next_poll) to_look.assign(changed_.begin(), changed_.end());
      changed_.clear();
    }
    if (std::chrono::steady_clock::now() >= next_poll) {
      std::lock_guard watched(subscribers_->mutex);
      for (const auto& [desk, subscribed] : subscribers_->desks) to_look.push_back(desk);
      next_poll = std::chrono::steady_clock::now() + options_.poll;
    }
    for (const std::string& desk : to_look) Look(desk);
    if (std::chrono::steady_clock::now() >= next_heartbeat) {
      Heartbeat();
      next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
    }
  }
}

void DisplayFeeds::Look(const std::string& desk_id) {
  const engine::Result<engine::DeskCalendar> desk = store_.FindDesk(desk_id);
  if (!desk) return;
  const engine::Result<std::vector<Ticket>> tickets = booking::TodaysTickets(store_, *desk, clock_());
  if (!tickets) return;  // the database is away: look again at the next poll

  std::set<std::pair<std::string, int>> calls;
  std::vector<const Ticket*> called;
  int waiting = 0;
  for (const Ticket& ticket : *tickets) {
    waiting += ticket.state == engine::TicketState::waiting ? 1 : 0;
    if (!ticket.called_at) continue;
    calls.emplace(ticket.Id(), ticket.calls);
    called.push_back(&ticket);
  }
  std::sort(called.begin(), called.end(), [](const Ticket* a, const Ticket* b) {
    return std::tie(*a->called_at, a->sequence) < std::tie(*b->called_at, b->sequence);
  });
  const std::string queue = QueueState(*tickets);

  std::vector<EventFeed::Deliver> subscribers;
  std::string events;
  {
    std::lock_guard lock(subscribers_->mutex);
    const auto found = subscribers_->desks.find(desk_id);
    if (found == subscribers_->desks.end()) return;  // the last display left meanwhile
    Watched& watched = found->second;
    if (watched.seen) {
      for (const Ticket* ticket : called) {
        if (!watched.calls.contains({ticket->Id(), ticket->calls})) {
          events += Event("call", DisplayedCallJson(*ticket, *desk->zone));
        }
      }
    }
    // At the first look, a call made between a display's read and it would be taken as old and
    // never sent: the displays read again now, after it.
    if (!watched.seen || queue != watched.queue) events += Event("queue", boost::json::object{{"waiting", waiting}});
    watched.seen = true;
    watched.calls = std::move(calls);
    watched.queue = queue;
    if (events.empty()) return;
    for (const auto& [id, deliver] : watched.subscribers) subscribers.push_back(deliver);
  }
  for (const EventFeed::Deliver& deliver : subscribers) deliver(events);
}

void DisplayFeeds::Heartbeat() {
  std::vector<EventFeed::Deliver> subscribers;
  {
    std::lock_guard lock(subscribers_->mutex);
    for (const auto& [desk, watched] : subscribers_->desks) {
      for (const auto& [id, deliver] : watched.subscribers) subscribers.push_back(deliver);
    }
  }
  for (const EventFeed::Deliver& deliver : subscribers) deliver(": still here\n\n");
}

}  // namespace sportello::http
