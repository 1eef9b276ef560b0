// The event stream of a connection (session.h). The answer that opens it is written without a
// length, and the stream ends when the connection closes (RFC 9112 §6.3), which every HTTP/1.0 and
// 1.1 client and proxy reads; then each event the feed delivers, in order. The client sends nothing
// more: a read stays pending only to notice it leave.
#include "http/event_feed.h"
#include "http/session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include <sstream>

namespace sportello::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

// Events a client has not read yet, beyond which it is let go (it reconnects when it can read).
constexpr std::size_t kMaxQueuedEventBytes = 256 * 1024;

}  // namespace

void Session::StartEventStream() {
  PendingAnswer& answer = answers_.front();
  std::shared_ptr<EventFeed> feed = answer.route.event_feed;
  streaming_ = true;
  stop_reading_ = true;
  Response& response = answer.response;
  response.keep_alive(false);
  response.erase(beast_http::field::content_length);
  RecordAnswer(answer);
  std::ostringstream header;
  header << response.base();
  std::string beginning = header.str() + response.body();
  answers_.clear();  // requests pipelined behind the stream are not answered
  ++first_sequence_;
  // The read that notices the client leave starts without a time limit, before any write sets one
  // (a stream's time limit applies to each operation it starts, read or write, while none is pending).
  stream_.expires_never();
  WatchForClose();
  QueueEvents(std::move(beginning));
  std::weak_ptr<Session> weak = shared_from_this();
  subscription_ = feed->Subscribe([weak](std::string events) {
    if (std::shared_ptr<Session> self = weak.lock()) {
      asio::post(self->stream_.get_executor(),
                 [self, events = std::move(events)]() mutable { self->QueueEvents(std::move(events)); });
    }
  });
}

void Session::QueueEvents(std::string events) {
  if (closed_ || closing_) return;
  queued_event_bytes_ += events.size();
  if (queued_event_bytes_ > kMaxQueuedEventBytes) return CloseNow();
  events_.push_back(std::move(events));  // a deque: the text being written stays where it is
  WriteNextEvent();
}

void Session::WriteNextEvent() {
  if (writing_ || closed_ || events_.empty()) return;
  writing_ = true;
  stream_.expires_after(environment_.config.write_timeout);
  asio::async_write(stream_, asio::buffer(events_.front()), [self = shared_from_this()](beast::error_code error,
                                                                                        std::size_t /*bytes*/) {
    self->writing_ = false;
    if (self->closed_) return;
    if (error) return self->CloseNow();
    self->queued_event_bytes_ -= self->events_.front().size();
    self->events_.pop_front();
    self->WriteNextEvent();
  });
}

void Session::WatchForClose() {
  if (closed_ || reading_) return;  // a read under way already notices the close (OnFirstBytes)
  reading_ = true;
  stream_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code error,
                                                                                  std::size_t /*bytes*/) {
    self->reading_ = false;
    if (self->closed_) return;
    if (error) return self->CloseNow();
    self->WatchForClose();  // whatever a client sends on a stream is dropped
  });
}

}  // namespace sportello::http
