// The whole HTTP API of SPEC.md as functions from a request to a response. They parse, call booking/,
// engine/ and storage/, and map results; they hold no business rule. They never throw: a bug inside
// a handler becomes a 500 problem+json with code `internal`.
// - RouteAtOnce() answers, without blocking, what needs no database: a fresh cached availability,
//   /healthz while its last check is fresh, /metrics, the web pages, and refusals of bad input.
// - RouteLater() answers everything, possibly blocking, and possibly from another thread: a
//   booking answers from the thread that committed it (Store::BookTogether).
// MakeHandler() gives the server both; Route() runs them one after the other and waits (tests).
// Thread-safe: each may run on many threads at once (Services must be thread-safe).
#pragma once

#include "http/handler.h"
#include "http/message.h"
#include "http/services.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sportello::http {

// The answer to `request` when it can be given at once, else nullopt; sets `route` to the matched
// route template for metrics and logging.
std::optional<AtOnceAnswer> RouteAtOnce(const Request& request, const RequestContext& context, Services& services,
                                        RouteInfo& route);

// Answers `request` through `reply`, exactly once, with the matched route template.
void RouteLater(std::shared_ptr<const Request> request, const RequestContext& context, Services& services,
                const Reply& reply);

// Answers `request`, at once or by waiting for RouteLater(); sets `route`.
Response Route(const Request& request, const RequestContext& context, Services& services, RouteInfo& route);

// The server's handler: RouteAtOnce() on the I/O thread, RouteLater() on a worker.
Handler MakeHandler(Services& services);

// Every route template of the API, as Route() names them ("GET /api/v1/desks/{desk}"), in table order.
std::vector<std::string> RouteTemplates();

}  // namespace sportello::http
