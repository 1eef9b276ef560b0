// The waiting-room displays' event streams (SPEC.md, "The day of the visit": GET
// /api/v1/desks/{desk}/display/events). One watcher thread reads, for each desk that has a display
// connected, the desk's tickets of today: every `poll`, so that calls made on any node appear, and
// at once when this node changed the desk's queue (Changed()). It sends each connection
//   event `call`  data {"number","counter","called_at"}  for every new call (a recall too);
//   event `queue` data {"waiting": n}                    when the queue changed in any way;
//   a comment line every `heartbeat`, so proxies keep the connection and a dead one is noticed.
// A display reads GET …/display when its stream opens, so the first look at a desk takes note of
// what is there and sends `queue`: a call made between a display's read and that look is then read
// again rather than taken as old. Thread-safe. Must outlive the server whose connections subscribe.
#pragma once

#include "engine/time.h"
#include "http/event_feed.h"
#include "storage/store.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace sportello::http {

class DisplayFeeds {
 public:
  struct Options {
    std::chrono::milliseconds poll{500};
    std::chrono::milliseconds heartbeat{15'000};
  };

  DisplayFeeds(storage::Store& store, std::function<engine::Instant()> clock, Options options);
  DisplayFeeds(const DisplayFeeds&) = delete;
  DisplayFeeds& operator=(const DisplayFeeds&) = delete;
  ~DisplayFeeds();  // stops the watcher

  // The feed of `desk`'s display; the caller has checked that the desk exists.
  std::shared_ptr<EventFeed> FeedOf(std::string_view desk);
  // This node changed `desk`'s queue: look now rather than at the next poll. Never blocks long.
  void Changed(std::string_view desk);

 private:
  class DeskFeed;
  struct Watched {
    std::map<std::uint64_t, EventFeed::Deliver> subscribers;
    bool seen = false;                                // the first look has been taken
    std::set<std::pair<std::string, int>> calls;      // (ticket id, calls) of today
    std::string queue;                                // the queue's state at the last look
  };

  // Who listens to which desk; shared with the subscriptions, which may outlive this object.
  struct Subscribers {
    std::mutex mutex;
    std::map<std::string, Watched, std::less<>> desks;
  };

  std::shared_ptr<void> Subscribe(const std::string& desk, EventFeed::Deliver deliver);
  void Watch(const std::stop_token& stop);
  void Look(const std::string& desk);
  void Heartbeat();

  storage::Store& store_;
  std::function<engine::Instant()> clock_;
  Options options_;
  std::shared_ptr<Subscribers> subscribers_ = std::make_shared<Subscribers>();
  std::mutex mutex_;  // guards changed_ and next_subscriber_
  std::condition_variable_any wake_;
  std::set<std::string, std::less<>> changed_;
  std::uint64_t next_subscriber_ = 1;
  std::jthread watcher_;  // last: starts after the members it reads
};

}  // namespace sportello::http
