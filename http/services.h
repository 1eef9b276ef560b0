// What the routes need from the rest of Sportello: storage, the national catalogue, the clock,
// and optionally the rate limiter and the metrics. Owned by the caller (`sportello serve` or a
// test); must outlive every request. Thread-safe as its parts are: Store, RateLimiter and Metrics
// are, the catalogue is read-only, the clock must be.
#pragma once

#include "engine/catalogue.h"
#include "engine/question.h"
#include "engine/status_event.h"
#include "engine/topics.h"
#include "engine/time.h"
#include "http/availability_cache.h"
#include "http/metrics.h"
#include "http/password_gate.h"
#include "http/rate_limiter.h"
#include "storage/store.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace sportello::http {

class ApiDocument;
class DisplayFeeds;
class ProofOfWork;
class StaticFiles;

// When the database last passed a health check: /healthz gives a pass again, from memory, for a
// second, and asks the database again after that. Thread-safe.
class HealthMemory {
 public:
  static constexpr std::chrono::seconds kFresh{1};
  void Passed() { passed_at_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed); }
  bool PassedRecently() const {
    const auto passed = passed_at_.load(std::memory_order_relaxed);
    return passed != 0 && Clock::now() - Clock::time_point(Clock::duration(passed)) < kFresh;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> passed_at_{0};  // 0: never
};

struct Services {
  storage::Store& store;
  const engine::Catalogue& catalogue;
  std::function<engine::Instant()> clock;
  // Per-client limits on the buckets "booking", "lookup", "login", "challenge", and the
  // failed-verification limit per application id ("verification"). Null: no limits (tests of
  // other things).
  RateLimiter* limiter = nullptr;
  // Serves GET /metrics and counts bookings made. Null: /metrics answers 404.
  Metrics* metrics = nullptr;
  const Metrics::Counter* bookings_made = nullptr;
  // The applicant web pages, answered for GET and HEAD outside /api/. Null: API only.
  const StaticFiles* web = nullptr;
  // The OpenAPI document, answered at GET /api/v1/openapi.yaml. Null: 404 there.
  const ApiDocument* api_document = nullptr;
  // Called after a booking change has committed a message to the outbox (book, convocation,
  // reschedule, cancel), to wake the delivery worker. Must be cheap and never block. Empty: the
  // worker finds the message at its next poll (or no worker runs).
  std::function<void()> outbox_changed = nullptr;
  // Reuses availability answers while their inputs are unchanged. Null: every answer is built.
  AvailabilityCache* availability = nullptr;
  // Bounds the password checks and hashes under way (sign-in, new users). Null: unbounded (tests).
  PasswordGate* password_checks = nullptr;
  // The waiting-room displays' event streams. Null: GET …/display/events answers 404.
  DisplayFeeds* display = nullptr;
  // Signs and checks the proof-of-work challenges (proof_of_work.h). Null: GET /api/v1/challenge
  // answers 404, and a desk asking proof of work accepts no solution.
  ProofOfWork* proof_of_work = nullptr;
  // The national topics of questions (calendars/topics.json). Null: none is known, so no question
  // can be asked (the rest of the help desk works).
  const engine::Topics* topics = nullptr;
  // The catalogue of status events (calendars/status_events.json): the text of a code sent without
  // one. Null: every event must bring its text.
  const engine::StatusEventCatalogue* status_events = nullptr;
  // A ticket whose applicant has waited longer than this for staff is overdue (engine/question.h).
  std::chrono::minutes question_service_level = engine::kDefaultServiceLevel;
  HealthMemory health{};  // the last passed /healthz check

  // The topics of questions; none when `topics` is null.
  const engine::Topics& KnownTopics() const {
    static const engine::Topics kNone;
    return topics != nullptr ? *topics : kNone;
  }
  // The catalogue of status events; empty when `status_events` is null.
  const engine::StatusEventCatalogue& KnownStatusEvents() const {
    static const engine::StatusEventCatalogue kNone;
    return status_events != nullptr ? *status_events : kNone;
  }
  void OutboxChanged() const {
    if (outbox_changed) outbox_changed();
  }
  // Tells the displays that `desk`'s queue changed on this node (display_feeds.h).
  void QueueChanged(std::string_view desk) const;
};

// The rate-limit buckets the routes use, with Sportello's default limits.
std::map<std::string, RateLimit> DefaultRateLimits();

}  // namespace sportello::http
