// The HTTP messages Sportello's handlers see, and what the server tells them about a request.
// Thread-safe: plain values.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace sportello::http {

class EventFeed;

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Facts about one request that are not in the message itself.
struct RequestContext {
  // The client's IP address as text, e.g. "127.0.0.1" or "::1": the peer's, or the one a trusted
  // proxy reports (client_address.h).
  std::string client_address;
  std::chrono::system_clock::time_point received_at;
};

// What the router tells the server about an answered request, for metrics and the access log:
// the route template (never the concrete path, which may carry booking codes), e.g.
// "GET /api/v1/bookings/{code}", or "unmatched". It names text that lives as long as the server: a
// string literal or the router's table, never a string made for the request (no allocation per request).
struct RouteInfo {
  std::string_view route = "unmatched";
  // Set when the answer opens an event stream (event_feed.h): the response is its beginning.
  std::shared_ptr<EventFeed> event_feed;
};

}  // namespace sportello::http
