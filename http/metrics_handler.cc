#include "http/metrics_handler.h"

#include "engine/error.h"
#include "http/problem.h"

#include <boost/beast/http/field.hpp>

namespace sportello::http {

namespace beast_http = boost::beast::http;

Response MetricsAnswer(const Request& request, const Metrics& metrics) {
  Response response{beast_http::status::ok, request.version()};
  response.set(beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = metrics.Render();
  response.prepare_payload();
  return response;
}

Handler MetricsHandler(const Metrics& metrics) {
  return Handler([&metrics](const Request& request, const RequestContext&, RouteInfo& route) {
    const bool read = request.method() == beast_http::verb::get || request.method() == beast_http::verb::head;
    if (read && request.target() == "/metrics") {
      route.route = "GET /metrics";
      return MetricsAnswer(request, metrics);
    }
    route.route = "unmatched";
    return ProblemAnswer(engine::Error::not_found, engine::Language::en, request.version(), request.keep_alive());
  });
}

}  // namespace sportello::http
