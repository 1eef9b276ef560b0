#include "tools/bench/load/api_requests.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <string>

namespace sportello::bench {

namespace beast_http = boost::beast::http;

namespace {

std::string Encoded(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

}  // namespace

HttpRequest PlainGet(std::string_view target) {
  HttpRequest request{beast_http::verb::get, target, 11};
  request.set(beast_http::field::accept, "application/json");
  return request;
}

HttpRequest AvailabilityRequest(std::string_view desk, std::string_view type, std::string_view from,
                                std::string_view to, bool accept_gzip) {
  HttpRequest request = PlainGet("/api/v1/desks/" + Encoded(desk) + "/availability?type=" + Encoded(type) +
                                 "&from=" + Encoded(from) + "&to=" + Encoded(to));
  if (accept_gzip) request.set(beast_http::field::accept_encoding, "gzip");
  return request;
}

HttpRequest BookRequest(std::string_view desk, std::string_view type, std::string_view start,
                        const Applicant& applicant) {
  HttpRequest request{beast_http::verb::post, "/api/v1/desks/" + Encoded(desk) + "/bookings", 11};
  request.set(beast_http::field::accept, "application/json");
  request.set(beast_http::field::content_type, "application/json");
  const boost::json::object body{{"type", type},
                                 {"start", start},
                                 {"application_id", applicant.application_id},
                                 {"tax_code", applicant.tax_code}};
  request.body() = boost::json::serialize(body);
  return request;
}

HttpRequest FetchBookingRequest(std::string_view code, std::string_view manage_token) {
  return PlainGet("/api/v1/bookings/" + Encoded(code) + "?token=" + Encoded(manage_token));
}

}  // namespace sportello::bench
