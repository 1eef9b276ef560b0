// The seam between the network server and the application: a Handler turns one complete request
// into one response, in one of two places.
// - `at_once` runs on the I/O thread that read the request. It answers only what it can without
//   blocking (an answer already in memory, a refusal of bad input) and returns nullopt for the
//   rest; an answer kept in memory may be given as bytes prepared once (prepared_answer.h). It
//   must be quick, must not throw, and may be empty (nothing is answered at once).
// - `later` runs on a worker thread for every request `at_once` declined. It may block on the
//   database, and it answers through `reply`, exactly once: before it returns, or afterwards from
//   any thread (a booking answers from the thread that committed it, without a worker waiting).
// Both must be safe to call from several threads at once.
#pragma once

#include "http/message.h"
#include "http/prepared_answer.h"

#include <concepts>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace sportello::http {

// Delivers the answer to one request; the server ignores every call after the first.
using Reply = std::function<void(Response response, RouteInfo route)>;

struct Handler {
  using AtOnce = std::function<std::optional<AtOnceAnswer>(const Request&, const RequestContext&, RouteInfo&)>;
  using Later = std::function<void(std::shared_ptr<const Request>, const RequestContext&, Reply)>;

  AtOnce at_once;
  Later later;

  Handler(AtOnce answer_at_once, Later answer_later)
      : at_once(std::move(answer_at_once)), later(std::move(answer_later)) {}

  // A handler that answers every request on a worker, blocking it until the answer is made.
  template <class Blocking>
    requires std::is_invocable_r_v<Response, Blocking&, const Request&, const RequestContext&, RouteInfo&>
  Handler(Blocking blocking)  // NOLINT(google-explicit-constructor): tests pass plain functions
      : later([blocking = std::move(blocking)](std::shared_ptr<const Request> request, const RequestContext& context,
                                               const Reply& reply) mutable {
          RouteInfo route;
          Response response = blocking(*request, context, route);
          reply(std::move(response), std::move(route));
        }) {}
};

}  // namespace sportello::http
