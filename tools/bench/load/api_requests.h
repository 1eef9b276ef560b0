// The requests of SPEC.md's applicant API that the load generator sends. Pure; thread-safe.
#pragma once

#include "tools/bench/load/applicants.h"
#include "tools/bench/load/client_connection.h"

#include <string_view>

namespace sportello::bench {

// GET /api/v1/desks/{desk}/availability?type=T&from=D&to=D (dates YYYY-MM-DD, `to` inclusive).
// With `accept_gzip`, asks for the answer compressed (`Accept-Encoding: gzip`), as browsers do.
HttpRequest AvailabilityRequest(std::string_view desk, std::string_view type, std::string_view from,
                                std::string_view to, bool accept_gzip = false);

// POST /api/v1/desks/{desk}/bookings with {"type","start","application_id","tax_code"}.
HttpRequest BookRequest(std::string_view desk, std::string_view type, std::string_view start,
                        const Applicant& applicant);

// GET /api/v1/bookings/{code}?token=TOKEN
HttpRequest FetchBookingRequest(std::string_view code, std::string_view manage_token);

// GET `target` with no body (the bare server answers any target).
HttpRequest PlainGet(std::string_view target);

}  // namespace sportello::bench
