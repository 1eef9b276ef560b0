// One request on its way through the routes: the parsed target, the path parameters, the
// language chosen, and helpers that build the answers. Internal to http/; one per request.
#pragma once

#include "engine/error.h"
#include "engine/json_reader.h"
#include "engine/language.h"
#include "http/message.h"
#include "http/services.h"
#include "storage/store.h"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::http {

// Gives the answer of a call that answers later, from any thread (routes.h); call it once.
using Answer = std::function<void(Response)>;

class Call {
 public:
  Call(const Request& request, const RequestContext& context, Services& services, boost::urls::url_view target);

  const Request& request() const { return request_; }
  const RequestContext& context() const { return context_; }
  Services& services() const { return services_; }
  engine::Language language() const { return language_; }
  engine::Instant now() const { return now_; }

  // A path parameter captured by the route pattern, e.g. Param("desk").
  const std::string& Param(std::string_view name) const;
  void SetParam(std::string name, std::string value) { params_[std::move(name)] = std::move(value); }
  // A query parameter (decoded), or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // A bearer secret of the applicant (a manage, waitlist or draw token): the value of `header`,
  // else of `token` in the query; empty when neither is given.
  std::string Token(std::string_view header) const;

  // What Authorize() (access.h) found: the signed-in staff user of a staff route, and the booking
  // or application whose desk it checked. Calling one the route's access did not find is a bug.
  const storage::User& user() const { return user_.value(); }
  const storage::BookingRecord& booking() const { return booking_.value(); }
  const engine::Application& application() const { return application_.value(); }
  void SetUser(storage::User user) { user_ = std::move(user); }
  void SetBooking(storage::BookingRecord booking) { booking_ = std::move(booking); }
  void SetApplication(engine::Application application) { application_ = std::move(application); }
  // The national system's key of a system route (access.h, kSystem).
  const storage::ApiKey& api_key() const { return api_key_.value(); }
  void SetApiKey(storage::ApiKey key) { api_key_ = std::move(key); }

  // Makes the answer the beginning of an event stream fed by `feed` (event_feed.h).
  void StreamEvents(std::shared_ptr<EventFeed> feed) { event_feed_ = std::move(feed); }
  const std::shared_ptr<EventFeed>& event_feed() const { return event_feed_; }

  // `value` as application/json with `status`.
  Response Json(boost::beast::http::status status, const boost::json::value& value) const;
  // An answer without a body (204, 202).
  Response Empty(boost::beast::http::status status) const;
  // `json`, already serialised, as application/json with `status`.
  Response JsonText(boost::beast::http::status status, std::string json) const;
  // The problem+json answer for `problem` (http/problem.h).
  Response Fail(const engine::Problem& problem) const;
  // A problem+json answer; an empty detail gives the standard sentence.
  Response Fail(engine::Error error, std::string_view detail = {}) const;
  // A problem+json answer with an HTTP status other than the error's own (see http/problem.h).
  Response Fail(engine::Error error, boost::beast::http::status status, std::string_view detail) const;
  // A problem+json answer with extension members.
  Response Fail(engine::Error error, std::string_view detail, const boost::json::object& extensions) const;
  // invalid_request naming the first field error (field and detail).
  Response Fail(const std::vector<engine::FieldError>& errors) const;

  // The body as a JSON object; on failure records a FieldError (path empty) and returns nullopt.
  std::optional<boost::json::value> JsonBody(std::vector<engine::FieldError>& errors) const;

 private:
  const Request& request_;
  const RequestContext& context_;
  Services& services_;
  boost::urls::url_view target_;
  engine::Language language_;
  engine::Instant now_;
  std::map<std::string, std::string, std::less<>> params_;
  std::optional<storage::User> user_;
  std::optional<storage::ApiKey> api_key_;
  std::optional<storage::BookingRecord> booking_;
  std::optional<engine::Application> application_;
  std::shared_ptr<EventFeed> event_feed_;
};

}  // namespace sportello::http
