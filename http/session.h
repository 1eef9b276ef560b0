// One client connection: reads HTTP/1.1 requests, lets the Handler answer each at once or on the
// worker pool, and writes the answers back in request order (keep-alive and pipelining).
//
// Every session runs on its own strand; all its state is touched only there. The handler's answer
// comes back to the strand by post. Limits (ServerConfig): `read_timeout` bounds reading one whole
// request, counted from its first byte (a slow sender is cut off), `idle_timeout` the wait for the
// next request, `write_timeout` writing one answer; `header_limit` and `body_limit` bound the
// request (431, 413), a malformed request gets 400; after those answers the connection is closed.
// At most `max_pipelined` requests are read ahead of their answers; beyond, reading pauses.
// An answer that opens an event stream (RouteInfo::event_feed) ends the reading of requests: the
// connection then carries the stream's events (session_stream.cc) until either side closes it.
// Thread-safe: the public members may be called from any thread.
#pragma once

#include "http/message.h"
#include "http/prepared_answer.h"
#include "http/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::http {

class Session;

// Everything a session shares with the server; owned by the Server, outlives every session.
struct SessionEnvironment {
  const ServerConfig& config;
  const Handler& handler;
  WorkerPool& workers;
  Metrics& metrics;
  AccessLog* access_log;  // may be null
  SessionRegistry& registry;
  const std::atomic<bool>& server_stopping;
  std::string common_header_lines;  // CommonHeaderLines(config)
};

// The header lines (each "Name: value" and CRLF) the server adds to every answer under `config`.
std::string CommonHeaderLines(const ServerConfig& config);

// The live sessions, so that Stop() can reach them and the listener can count them, in all and
// per client address. Thread-safe.
class SessionRegistry {
 public:
  // `address` is the key the session's peer is counted under (LimitKey of its address).
  void Add(const std::shared_ptr<Session>& session, const std::string& address);
  void Remove(const Session* session);
  std::size_t size() const;
  std::size_t CountFrom(const std::string& address) const;
  // Closes every session waiting for a next request on a kept-alive connection; how many.
  std::size_t CloseIdle();
  // Calls `action` on every live session, outside the registry's lock.
  template <class Action>
  void ForEach(Action action) const;

 private:
  std::vector<std::shared_ptr<Session>> Snapshot() const;

  struct Entry {
    std::weak_ptr<Session> session;
    std::string address;
  };
  mutable std::mutex mutex_;
  std::unordered_map<const Session*, Entry> sessions_;
  std::unordered_map<std::string, std::size_t> per_address_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, const SessionEnvironment& environment);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // Registers the session and starts reading. Call once, right after construction by make_shared.
  void Start();
  // The server is stopping: finish the requests already read (answers say `Connection: close`),
  // read no new ones, and close; an idle connection closes at once.
  void NotifyStopping();
  // Closes the connection now, whatever it is doing (the drain timeout has passed).
  void ForceClose();
  // Waiting for the next request of a kept-alive connection, nothing in flight. Any thread.
  bool idle() const { return idle_.load(); }

 private:
  // One request read and not yet answered on the wire.
  struct PendingAnswer {
    Response response;
    std::optional<PreparedAnswer> prepared;  // when set, written instead of `response`
    RouteInfo route;
    std::string_view method = "-";  // a static name, never request text
    std::chrono::steady_clock::time_point started;
    unsigned version = 11;
    bool keep_alive = false;
    bool is_head = false;
    bool close_after = false;  // an error answer: the connection closes once it is written
    bool ready = false;        // `response` holds the answer
  };

  void AwaitRequest();
  void OnFirstBytes(boost::beast::error_code error, std::size_t bytes);
  void ReadRequest();
  void OnHeaderRead(boost::beast::error_code error, std::size_t bytes);
  void OnRequestRead(boost::beast::error_code error, std::size_t bytes);
  void RejectRequest(boost::beast::error_code error);
  void AnswerAndClose(Response response, unsigned version, std::string_view method);
  void Dispatch(Request request);
  // The answer to request `sequence` is ready: a message, or bytes prepared once (prepared_answer.h).
  void OnAnswered(std::uint64_t sequence, AtOnceAnswer given, RouteInfo route);
  void WriteNextAnswer();
  void WritePrepared(const PreparedAnswer& prepared);
  void OnWritten(boost::beast::error_code error, std::size_t bytes);
  void RecordAnswer(const PendingAnswer& answer);
  void CloseWhenDone();
  void CloseGracefully();
  void Drain();
  void CloseNow();
  bool ReadingARequest() const { return reading_ && !awaiting_first_byte_; }
  void UpdateIdle();  // sets idle_ from the state of the connection
  bool NothingInFlight() const { return answers_.empty() && !writing_ && !ReadingARequest(); }

  // The event stream (session_stream.cc).
  void StartEventStream();
  void QueueEvents(std::string events);
  void WriteNextEvent();
  void WatchForClose();

  boost::beast::tcp_stream stream_;
  const SessionEnvironment& environment_;
  boost::beast::flat_buffer buffer_;  // bounded (ReadBufferLimit): an endless line cannot grow it
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::size_t chunk_extension_bytes_ = 0;  // of the request being read; counted against header_limit
  // Given to parser_ by reference (Beast keeps no copy), so it lives here.
  std::function<void(std::uint64_t, boost::beast::string_view, boost::beast::error_code&)> on_chunk_header_;
  std::deque<PendingAnswer> answers_;  // in request order; front() is the next to write
  std::uint64_t first_sequence_ = 0;   // sequence number of answers_.front()
  boost::asio::ip::address peer_;  // the address the connection comes from
  std::atomic<bool> idle_{false};

  bool first_request_ = true;
  bool reading_ = false;
  bool awaiting_first_byte_ = false;  // reading, but no byte of the next request has come yet
  bool writing_ = false;
  bool stop_reading_ = false;         // no further request will be read
  bool stopping_ = false;             // the server is stopping
  bool closing_ = false;              // our side is shut down; draining what the client still sends
  bool closed_ = false;
  bool draining_ = false;
  std::size_t drained_bytes_ = 0;
  std::array<char, 4096> drain_buffer_{};

  bool streaming_ = false;              // the connection carries an event stream
  std::shared_ptr<void> subscription_;  // to the stream's feed, while streaming
  std::deque<std::string> events_;      // written in order; front() is being written
  std::size_t queued_event_bytes_ = 0;
};

template <class Action>
void SessionRegistry::ForEach(Action action) const {
  for (const std::shared_ptr<Session>& session : Snapshot()) action(*session);
}

}  // namespace sportello::http
