#include "http/session.h"

#include "engine/error.h"
#include "engine/language.h"
#include "http/access_log.h"
#include "http/client_address.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/worker_pool.h"
#include "logging/log.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <iterator>
#include <optional>
#include <string_view>
#include <variant>

namespace sportello::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using Clock = std::chrono::steady_clock;
using engine::Error;

constexpr std::size_t kFirstReadBytes = 16 * 1024;
// Beast reads at most this much at once while parsing a message.
constexpr std::size_t kParserReadBytes = 64 * 1024;

// What the read buffer may hold: a whole header, or one read of a body, after a first read. A line
// longer than that (a header, a chunk size with its extensions) fails the read instead of growing
// the buffer without end.
std::size_t ReadBufferLimit(const ServerConfig& config) {
  return std::max(config.header_limit, kParserReadBytes) + kFirstReadBytes;
}
// After answering with `Connection: close`, keep reading (and discarding) what the client still
// sends for a moment, so that closing does not reset the connection before it read the answer.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 1024 * 1024;

std::string_view MethodName(const Request& request) {
  if (request.method() == beast_http::verb::unknown) return "OTHER";  // never echo a made-up method
  return beast_http::to_string(request.method());
}

engine::Language LanguageOf(const Request& request) {
  return engine::PickLanguage(request[beast_http::field::accept_language]);
}

// The handler's answer given on the I/O thread, if it has one; a failure inside it is a 500.
std::optional<AtOnceAnswer> RunAtOnce(const Handler& handler, const Request& request, const RequestContext& context,
                                      RouteInfo& route) {
  if (!handler.at_once) return std::nullopt;
  try {
    return handler.at_once(request, context, route);
  } catch (const std::exception& error) {
    logging::Error("http", "handler_failed", "handler of " + std::string(route.route) + " failed: " + error.what(),
                   {{"route", route.route}, {"error", error.what()}});
  } catch (...) {
    logging::Error("http", "handler_failed",
                   "handler of " + std::string(route.route) + " failed with an unknown exception",
                   {{"route", route.route}});
  }
  return ProblemAnswer(Error::internal, LanguageOf(request), request.version(), request.keep_alive());
}

// Runs the handler's worker part; should it throw before answering, the answer is a 500.
void RunLater(const Handler& handler, const std::shared_ptr<const Request>& request, const RequestContext& context,
              const Reply& reply) {
  try {
    handler.later(request, context, reply);
    return;
  } catch (const std::exception& error) {
    logging::Error("http", "handler_failed", std::string("a handler failed: ") + error.what(),
                   {{"error", error.what()}});
  } catch (...) {
    logging::Error("http", "handler_failed", "a handler failed with an unknown exception");
  }
  reply(ProblemAnswer(Error::internal, LanguageOf(*request), request->version(), request->keep_alive()), RouteInfo{});
}

// The one place that sets the headers every answer carries.
void AddSecurityHeaders(Response& response, const ServerConfig& config) {
  if (config.strict_transport_security) response.set("Strict-Transport-Security", "max-age=31536000");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  if (response.find("Content-Security-Policy") == response.end()) {
    response.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  }
}

}  // namespace

std::string CommonHeaderLines(const ServerConfig& config) {
  Response response;
  AddSecurityHeaders(response, config);
  return HeaderLines(response);
}

namespace {

// What makes a request's framing or target unsafe to act on (RFC 9112), or nullopt:
// - a Transfer-Encoding other than exactly `chunked` (§6.3): its body's length cannot be known, and
//   reading it as empty would run the rest of the body as a request of its own (smuggling);
// - an HTTP/1.1 request without exactly one Host (§3.2), or an HTTP/1.0 one with several;
// - a target that is not origin-form (`/path?query`, §3.2.1): no absolute URIs, no `*`.
std::optional<engine::Problem> FramingProblem(const Request& request) {
  if (request.count(beast_http::field::transfer_encoding) > 0) {
    const auto codings = request.equal_range(beast_http::field::transfer_encoding);
    const bool only_chunked =
        std::next(codings.first) == codings.second && beast::iequals(codings.first->value(), "chunked");
    if (!only_chunked) return engine::Problem(Error::invalid_request, "Transfer-Encoding", "only chunked is accepted");
  }
  const std::size_t hosts = request.count(beast_http::field::host);
  if (hosts > 1 || (request.version() == 11 && hosts == 0)) {
    return engine::Problem(Error::invalid_request, "Host", "must be given once");
  }
  if (!request.target().starts_with('/')) {
    return engine::Problem(Error::invalid_request, "target", "must be a path, e.g. /api/v1/desks");
  }
  return std::nullopt;
}

bool SaysClose(const Response& response) {
  return beast_http::token_list{response[beast_http::field::connection]}.exists("close");
}

}  // namespace

// ---- SessionRegistry ----

void SessionRegistry::Add(const std::shared_ptr<Session>& session, const std::string& address) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), Entry{session, address});
  ++per_address_[address];
}

void SessionRegistry::Remove(const Session* session) {
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(session);
  if (found == sessions_.end()) return;
  const auto count = per_address_.find(found->second.address);
  if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  sessions_.erase(found);
}

std::size_t SessionRegistry::CountFrom(const std::string& address) const {
  std::lock_guard lock(mutex_);
  const auto found = per_address_.find(address);
  return found == per_address_.end() ? 0 : found->second;
}

std::size_t SessionRegistry::CloseIdle() {
  std::size_t closed = 0;
  ForEach([&closed](Session& session) {
    if (!session.idle()) return;
    session.ForceClose();
    ++closed;
  });
  return closed;
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::vector<std::shared_ptr<Session>> SessionRegistry::Snapshot() const {
  std::vector<std::shared_ptr<Session>> live;
  std::lock_guard lock(mutex_);
  live.reserve(sessions_.size());
  for (const auto& [key, entry] : sessions_) {
    if (auto session = entry.session.lock()) live.push_back(std::move(session));
  }
  return live;
}

// ---- Session: lifetime ----

Session::Session(asio::ip::tcp::socket socket, const SessionEnvironment& environment)
    : stream_(std::move(socket)), environment_(environment), buffer_(ReadBufferLimit(environment.config)) {
  beast::error_code error;
  const auto remote = stream_.socket().remote_endpoint(error);
  if (!error) peer_ = remote.address();
  environment_.metrics.ConnectionOpened();
}

Session::~Session() {
  environment_.registry.Remove(this);
  environment_.metrics.ConnectionClosed();
}

void Session::Start() {
  environment_.registry.Add(shared_from_this(), LimitKey(peer_.to_string()));
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->environment_.server_stopping.load()) {  // accepted while the server stops
      self->CloseNow();
      return;
    }
    self->AwaitRequest();
  });
}

void Session::NotifyStopping() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    self->stop_reading_ = true;
    if (self->streaming_) return self->CloseNow();  // the client reconnects to a node still running
    self->CloseWhenDone();
  });
}

void Session::ForceClose() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->CloseNow(); });
}

// ---- Session: reading ----

void Session::AwaitRequest() {
  if (closed_ || closing_ || stop_reading_ || reading_) return;
  if (answers_.size() >= environment_.config.max_pipelined) return;  // resumed when answers go out
  reading_ = true;
  if (buffer_.size() > 0) {  // a pipelined request has already begun
    ReadRequest();
    return;
  }
  awaiting_first_byte_ = true;
  UpdateIdle();
  const ServerConfig& config = environment_.config;
  stream_.expires_after(first_request_ ? config.read_timeout : config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
}

void Session::OnFirstBytes(beast::error_code error, std::size_t bytes) {
  reading_ = false;
  awaiting_first_byte_ = false;
  UpdateIdle();
  if (closed_) return;
  if (streaming_) return error ? CloseNow() : WatchForClose();  // read ahead before the stream began
  if (closing_) return Drain();
  if (error) {  // the client went away or stayed silent: answer what is pending, then close
    stop_reading_ = true;
    if (error == asio::error::eof || error == beast::error::timeout) return CloseWhenDone();
    return CloseNow();
  }
  buffer_.commit(bytes);
  if (stop_reading_) return CloseWhenDone();
  reading_ = true;
  ReadRequest();
}

void Session::ReadRequest() {
  const ServerConfig& config = environment_.config;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(config.header_limit));
  // The larger limit until the target is known (OnHeaderRead): Beast checks a Content-Length against
  // the limit as soon as the header is parsed.
  parser_->body_limit(std::max(config.body_limit, config.system_body_limit));
  // Chunk extensions are headers in all but name: together they count against the header limit.
  chunk_extension_bytes_ = 0;
  on_chunk_header_ = [this, limit = config.header_limit](std::uint64_t /*size*/, beast::string_view extensions,
                                                         beast::error_code& error) {
    chunk_extension_bytes_ += extensions.size();
    if (chunk_extension_bytes_ > limit) error = beast_http::error::header_limit;
  };
  parser_->on_chunk_header(on_chunk_header_);
  stream_.expires_after(config.read_timeout);
  beast_http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::OnHeaderRead, shared_from_this()));
}

// The national system's batches are larger than anything else: only its routes get the larger
// body limit, so that no other client can make the server hold that much.
void Session::OnHeaderRead(beast::error_code error, std::size_t bytes) {
  if (error || closed_ || parser_->is_done()) return OnRequestRead(error, bytes);
  if (!parser_->get().target().starts_with(kSystemApiPrefix)) {
    const std::size_t limit = environment_.config.body_limit;
    if (parser_->content_length().value_or(0) > limit) return OnRequestRead(beast_http::error::body_limit, bytes);
    parser_->body_limit(limit);  // a chunked body is counted as it arrives
  }
  beast_http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::OnRequestRead, shared_from_this()));
}

void Session::OnRequestRead(beast::error_code error, std::size_t /*bytes*/) {
  reading_ = false;
  first_request_ = false;
  if (closed_) return;
  if (streaming_) {  // a pipelined request behind the stream: never answered
    parser_.reset();
    return error ? CloseNow() : WatchForClose();
  }
  if (closing_) return Drain();
  if (error) return RejectRequest(error);
  Request request = parser_->release();
  parser_.reset();
  if (std::optional<engine::Problem> problem = FramingProblem(request)) {
    return AnswerAndClose(ProblemAnswer(*problem, LanguageOf(request), request.version(), false), request.version(),
                          MethodName(request));
  }
  Dispatch(std::move(request));
  // Read ahead only what the client already sent (pipelined requests, handled while this one runs).
  // A client that sent nothing more waits for this answer: reading now would only find the socket
  // empty, one wasted system call per request; OnWritten() reads on once the answer is out.
  if (buffer_.size() > 0) AwaitRequest();
}

// A request that could not be read: answer 400, 413 or 431 and close, or just close.
void Session::RejectRequest(beast::error_code error) {
  stop_reading_ = true;
  const bool parse_error = error.category() == beast_http::make_error_code(beast_http::error::bad_target).category();
  if (error == beast_http::error::end_of_stream) return CloseWhenDone();
  if (!parse_error) return CloseNow();  // timeout (a slow sender), reset
  const bool header_done = parser_ && parser_->is_header_done();
  const engine::Language language = header_done ? LanguageOf(parser_->get()) : engine::Language::it;
  const unsigned version = header_done ? parser_->get().version() : 11;
  Response response;
  if (error == beast_http::error::body_limit) {
    response = ProblemAnswer(Error::payload_too_large, language, version, false);
  } else if (error == beast_http::error::header_limit) {
    response = ProblemAnswer(Error::invalid_request, beast_http::status::request_header_fields_too_large, language,
                             version, false);
  } else {
    response = ProblemAnswer(Error::invalid_request, language, version, false);
  }
  AnswerAndClose(std::move(response), version, header_done ? MethodName(parser_->get()) : std::string_view("-"));
}

// Queues an answer from the server itself, after which the connection closes.
void Session::AnswerAndClose(Response response, unsigned version, std::string_view method) {
  stop_reading_ = true;
  parser_.reset();
  PendingAnswer& answer = answers_.emplace_back();
  answer.response = std::move(response);
  answer.version = version;
  answer.method = method;
  answer.started = Clock::now();
  answer.close_after = true;
  answer.ready = true;
  WriteNextAnswer();
}

// ---- Session: handing requests to the workers and writing the answers ----

void Session::Dispatch(Request request) {
  const std::uint64_t sequence = first_sequence_ + answers_.size();
  PendingAnswer& answer = answers_.emplace_back();
  answer.version = request.version();  // the parser accepts only 1.0 and 1.1
  answer.keep_alive = request.keep_alive();
  answer.is_head = request.method() == beast_http::verb::head;
  answer.method = MethodName(request);
  answer.started = Clock::now();

  const RequestContext context{ClientAddress(request, peer_, environment_.config.trusted_proxies),
                               std::chrono::system_clock::now()};
  RouteInfo route;
  if (std::optional<AtOnceAnswer> at_once = RunAtOnce(environment_.handler, request, context, route)) {
    return OnAnswered(sequence, std::move(*at_once), std::move(route));
  }

  auto shared_request = std::make_shared<const Request>(std::move(request));
  // The answer on its way back from the handler. Keeps the I/O threads running until it is back on
  // the strand, even while stopping. The first answer counts; a handler that drops every copy of its
  // Reply without answering (a bug) gets a 500 in its place, so neither the client nor Stop() waits
  // for an answer that will never come.
  using TrackedExecutor = decltype(asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked));
  struct Pending {
    std::shared_ptr<Session> session;
    std::uint64_t sequence = 0;
    std::shared_ptr<const Request> request;
    std::atomic<bool> answered{false};
    std::optional<TrackedExecutor> strand;

    void Answer(Response response, RouteInfo matched) {
      if (answered.exchange(true)) return;  // answered already: a handler bug, never a second answer
      auto tracked = std::move(*strand);
      strand.reset();
      asio::post(tracked, [session = session, sequence = sequence, response = std::move(response),
                           matched = std::move(matched)]() mutable {
        session->OnAnswered(sequence, std::move(response), std::move(matched));
      });
    }

    ~Pending() {
      if (answered.load()) return;
      logging::Error("http", "request_dropped", "a handler dropped a request without answering it");
      try {
        Answer(ProblemAnswer(Error::internal, LanguageOf(*request), request->version(), request->keep_alive()),
               RouteInfo{});
      } catch (...) {  // no memory left to answer with: the connection is closed when the server stops
      }
    }
  };
  auto pending = std::make_shared<Pending>();
  pending->session = shared_from_this();
  pending->sequence = sequence;
  pending->request = shared_request;
  pending->strand.emplace(asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked));
  Reply reply = [pending](Response response, RouteInfo matched) {
    pending->Answer(std::move(response), std::move(matched));
  };
  const Handler& handler = environment_.handler;
  const bool queued = environment_.workers.TryPost(
      [&handler, shared_request, context, reply] { RunLater(handler, shared_request, context, reply); });
  if (!queued) {
    pending->answered = true;  // answered here, by the server
    Response busy = ProblemAnswer(Error::unavailable, beast_http::status::service_unavailable,
                                  LanguageOf(*shared_request), answer.version, answer.keep_alive);
    busy.set(beast_http::field::retry_after, "1");
    OnAnswered(sequence, std::move(busy), RouteInfo{});
  }
}

void Session::OnAnswered(std::uint64_t sequence, AtOnceAnswer given, RouteInfo route) {
  if (closed_ || closing_ || sequence < first_sequence_ || sequence - first_sequence_ >= answers_.size()) return;
  PendingAnswer& answer = answers_[sequence - first_sequence_];
  if (auto* prepared = std::get_if<PreparedAnswer>(&given)) {
    answer.prepared = std::move(*prepared);
  } else {
    answer.response = std::get<Response>(std::move(given));
  }
  answer.route = std::move(route);
  answer.ready = true;
  WriteNextAnswer();
}

void Session::WriteNextAnswer() {
  if (writing_ || closed_ || closing_ || answers_.empty() || !answers_.front().ready) return;
  PendingAnswer& answer = answers_.front();
  const bool last_before_close = stop_reading_ && answers_.size() == 1 && !ReadingARequest();
  if (answer.prepared) {
    // Its bytes fit an HTTP/1.1 GET on a connection kept open; anything else gets the same answer
    // as a message.
    if (answer.version == 11 && answer.keep_alive && !answer.close_after && !last_before_close && !answer.is_head) {
      return WritePrepared(*answer.prepared);
    }
    answer.response = ToResponse(*answer.prepared);
    answer.prepared.reset();
  }
  Response& response = answer.response;
  answer.keep_alive = answer.keep_alive && !answer.close_after && !SaysClose(response) && !last_before_close;
  response.version(answer.version);
  response.keep_alive(answer.keep_alive);
  AddSecurityHeaders(response, environment_.config);
  if (answer.route.event_feed && !answer.is_head && !stopping_) return StartEventStream();
  response.prepare_payload();
  if (answer.is_head) response.body().clear();  // Content-Length still tells the size of the GET answer
  RecordAnswer(answer);

  writing_ = true;
  stream_.expires_after(environment_.config.write_timeout);
  beast_http::async_write(stream_, response, beast::bind_front_handler(&Session::OnWritten, shared_from_this()));
}

void Session::WritePrepared(const PreparedAnswer& prepared) {
  RecordAnswer(answers_.front());
  writing_ = true;
  stream_.expires_after(environment_.config.write_timeout);
  constexpr std::string_view kEndOfHeader = "\r\n";
  const std::array<asio::const_buffer, 4> wire{asio::buffer(prepared.head),
                                               asio::buffer(environment_.common_header_lines),
                                               asio::buffer(kEndOfHeader), asio::buffer(prepared.body)};
  asio::async_write(stream_, wire, beast::bind_front_handler(&Session::OnWritten, shared_from_this()));
}

void Session::OnWritten(beast::error_code error, std::size_t /*bytes*/) {
  writing_ = false;
  if (closed_) return;
  if (error) return CloseNow();
  const bool keep_alive = answers_.front().keep_alive;
  answers_.pop_front();
  ++first_sequence_;
  UpdateIdle();
  if (!keep_alive || (stop_reading_ && NothingInFlight())) return CloseGracefully();
  WriteNextAnswer();
  AwaitRequest();
}

void Session::RecordAnswer(const PendingAnswer& answer) {
  const auto duration = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - answer.started);
  const unsigned status = answer.prepared ? answer.prepared->status : answer.response.result_int();
  environment_.metrics.RecordRequest(answer.route.route, status, duration);
  if (environment_.access_log != nullptr) {
    environment_.access_log->Write(AccessLogEntry{std::chrono::system_clock::now(), answer.method,
                                                  answer.route.route, status, duration});
  }
}

void Session::UpdateIdle() {
  idle_ = awaiting_first_byte_ && !first_request_ && answers_.empty() && !writing_;
}

// ---- Session: closing ----

void Session::CloseWhenDone() {
  if (closed_ || closing_) return;
  if (NothingInFlight()) CloseGracefully();
}

void Session::CloseGracefully() {
  if (closed_ || closing_) return;
  closing_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  if (reading_) {
    stream_.cancel();  // the read's handler sees closing_ and drains
    return;
  }
  Drain();
}

void Session::Drain() {
  if (closed_) return;
  if (!draining_) {
    draining_ = true;
    stream_.expires_after(kLingerTimeout);
  }
  reading_ = true;
  stream_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code error,
                                                                                  std::size_t bytes) {
    self->reading_ = false;
    if (self->closed_) return;
    self->drained_bytes_ += bytes;
    if (error || self->drained_bytes_ > kLingerMaxBytes) return self->CloseNow();
    self->Drain();
  });
}

void Session::CloseNow() {
  if (closed_) return;
  closed_ = true;
  closing_ = true;
  subscription_.reset();
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace sportello::http
