// The handler of the separate metrics listener (`sportello serve --metrics-bind`): GET or HEAD
// /metrics gives the Prometheus text of `metrics`; anything else is 404. The applicant and staff
// API are not served there, and /metrics is not served on the public port then.
#pragma once

#include "http/handler.h"
#include "http/metrics.h"

namespace sportello::http {

// `metrics` must outlive the handler. Its gauges may read the database: it answers on a worker.
Handler MetricsHandler(const Metrics& metrics);

// The Prometheus text answer to `request`.
Response MetricsAnswer(const Request& request, const Metrics& metrics);

}  // namespace sportello::http
