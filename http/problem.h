// Errors on the wire: the single mapping from engine::Error to an HTTP status, and the
// application/problem+json body of RFC 9457 ({"type","title","status","detail","code"}).
// Thread-safe: pure functions.
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

// A problem+json response for `error` with `detail` (empty: a standard sentence in `language`)
// and, when given, extension members (e.g. "errors", "bookings") added to the body.
// `keep_alive` and `version` are copied from the request being answered.
Response Problem(engine::Error error, engine::Language language, std::string_view detail, unsigned version,
                 bool keep_alive, const boost::json::object* extensions = nullptr);

// As above, for the few answers whose HTTP status is not the one `error` gives (431 for headers,
// 405 for a method, 422 for a too-long range, 503 when overloaded); the body's "status" agrees.
Response Problem(engine::Error error, boost::beast::http::status status, engine::Language language,
                 std::string_view detail, unsigned version, bool keep_alive);

}  // namespace sportello::http
