// The seam between the network server and the application: a Handler turns one complete request
// into one response. The server calls it on a worker thread (never on an I/O thread), so a
// handler may block on the database. Handlers must be safe to call from several threads at once.
#pragma once

#include "http/message.h"

#include <functional>

namespace sportello::http {

using Handler = std::function<Response(const Request& request, const RequestContext& context, RouteInfo& route)>;

}  // namespace sportello::http
