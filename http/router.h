// Route(): the whole HTTP API of SPEC.md as one function from a request to a response. It parses,
// calls engine/ and storage/, and maps results; it holds no business rule. It never throws: a
// bug inside a handler becomes a 500 problem+json with code `internal`.
// Thread-safe: may run on many worker threads at once (Services must be thread-safe).
#pragma once

#include "http/message.h"
#include "http/services.h"

#include <string>
#include <vector>

namespace sportello::http {

// Answers `request`; sets `route` to the matched route template for metrics and logging.
Response Route(const Request& request, const RequestContext& context, Services& services, RouteInfo& route);

// Every route template of the API, as Route() names them ("GET /api/v1/desks/{desk}"), in table order.
std::vector<std::string> RouteTemplates();

}  // namespace sportello::http
