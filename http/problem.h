// Errors on the wire: the single mapping from an engine::Problem to an HTTP status and the
// application/problem+json body of RFC 9457: {"type","title","status","detail","code"}, plus
// "field" when the problem names the field at fault. Thread-safe: pure functions.
#pragma once

#include "engine/error.h"
#include "engine/language.h"
#include "http/message.h"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>

#include <string_view>

namespace sportello::http {

// The HTTP status SPEC.md gives `error`.
boost::beast::http::status StatusOf(engine::Error error);
// The HTTP status of `problem`: its code's, or 409 when it is a conflict.
boost::beast::http::status StatusOf(const engine::Problem& problem);

// The problem+json response for `problem`: its detail ("field: detail"; without one, a standard
// sentence in `language`), its field, and, when given, extension members (e.g. "errors",
// "bookings") added to the body. `keep_alive` and `version` are copied from the request answered.
Response ProblemAnswer(const engine::Problem& problem, engine::Language language, unsigned version, bool keep_alive,
                       const boost::json::object* extensions = nullptr);

// As above, for the few answers whose HTTP status is not the one the problem gives (431 for
// headers, 405 for a method, 422 for a too-long range, 503 when overloaded); the body's "status"
// agrees.
Response ProblemAnswer(const engine::Problem& problem, boost::beast::http::status status, engine::Language language,
                       unsigned version, bool keep_alive);

}  // namespace sportello::http
