// An answer that stays open: a stream of Server-Sent Events (text/event-stream). A route that opens
// one answers with the stream's header and first bytes, and hands the connection an EventFeed
// (Call::StreamEvents); the connection writes the answer, subscribes, then writes every event the
// feed delivers, until the client leaves, a write fails or times out, or the server stops.
// Thread-safe: Subscribe() and the delivery may run on any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace sportello::http {

class EventFeed {
 public:
  // Takes the text of one or more whole events ("event: call\ndata: {…}\n\n"); must not block.
  using Deliver = std::function<void(std::string events)>;

  virtual ~EventFeed() = default;
  // Calls `deliver` with every event from now on, until the returned subscription is destroyed.
  virtual std::shared_ptr<void> Subscribe(Deliver deliver) = 0;
};

}  // namespace sportello::http
