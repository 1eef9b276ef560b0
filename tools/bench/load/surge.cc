#include "tools/bench/load/surge.h"

#include "tools/bench/load/api_requests.h"
#include "tools/bench/load/api_shapes.h"
#include "tools/bench/load/client_connection.h"
#include "tools/bench/load/inflate.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sportello::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPauseAfterBusy = std::chrono::milliseconds{50};

// The latest availability answer read, as it came (compressed or not), and its slots. Between two
// commits every applicant gets the same bytes: an answer equal to the latest one is not inflated and
// parsed again, so the load generator's core goes to requests, not to reading the same calendar.
struct LatestAnswer {
  std::string body;
  bool gzip = false;
  std::vector<SlotSeats> slots;
};

// What all workers share; everything runs on one thread.
struct SurgeRun {
  const std::vector<Applicant>& applicants;
  const SurgeOptions& options;
  SurgeResult& result;
  std::size_t next_applicant = 0;
  LatestAnswer latest;
};

// One connection working through applicants, one at a time.
class SurgeWorker : public std::enable_shared_from_this<SurgeWorker> {
 public:
  SurgeWorker(boost::asio::io_context& io_context, const boost::asio::ip::tcp::endpoint& server, SurgeRun& run)
      : connection_(std::make_shared<ClientConnection>(io_context, server)), pause_(io_context), run_(run) {}

  void NextApplicant() {
    if (run_.next_applicant >= run_.applicants.size()) return;
    applicant_ = &run_.applicants[run_.next_applicant++];
    lost_.clear();
    attempts_ = 0;
    FetchAvailability();
  }

 private:
  void FetchAvailability() {
    ++run_.result.requests;
    const SurgeOptions& o = run_.options;
    connection_->Send(AvailabilityRequest(o.desk, o.type, o.from, o.to, o.accept_gzip),
                      [self = shared_from_this()](const Exchange& exchange) { self->OnAvailability(exchange); });
  }

  void OnAvailability(const Exchange& exchange) {
    if (exchange.error) return RetryLater("transport: " + exchange.error.message());
    run_.result.availability.Add(exchange.latency);
    const HttpResponse& response = *exchange.response;
    if (response.result_int() != 200) return Unexpected("availability", response);
    if (auto problem = Read(response)) return Fail(*problem);
    const SlotSeats* earliest = nullptr;
    for (const SlotSeats& slot : run_.latest.slots) {
      if (slot.free < 0) ++run_.result.negative_free;
      if (earliest == nullptr && slot.free > 0 && !lost_.contains(slot.start)) earliest = &slot;
    }
    if (earliest == nullptr) return Fail("no free slot left in the range");
    Book(earliest->start);
  }

  // Reads an availability answer into run_.latest, unless it is the one there already; else why not.
  std::optional<std::string> Read(const HttpResponse& response) {
    LatestAnswer& latest = run_.latest;
    const bool gzip = response[boost::beast::http::field::content_encoding] == "gzip";
    if (!latest.body.empty() && gzip == latest.gzip && response.body() == latest.body) return std::nullopt;
    latest.body.clear();  // until this answer is read whole
    std::optional<std::string_view> inflated;
    if (gzip) {
      inflated = Gunzip(response.body());
      if (!inflated) return "availability: not valid gzip";
    }
    std::string problem;
    if (!ReadAvailabilityInto(inflated ? *inflated : response.body(), run_.options.desk, run_.options.type,
                              latest.slots, problem)) {
      return "availability bad shape: " + problem;
    }
    latest.body = response.body();
    latest.gzip = gzip;
    return std::nullopt;
  }

  void Book(const std::string& start) {
    ++run_.result.requests;
    ++attempts_;
    chosen_ = start;
    const SurgeOptions& o = run_.options;
    connection_->Send(BookRequest(o.desk, o.type, start, *applicant_),
                      [self = shared_from_this()](const Exchange& exchange) { self->OnBooked(exchange); });
  }

  void OnBooked(const Exchange& exchange) {
    if (exchange.error) return RetryLater("transport: " + exchange.error.message());
    run_.result.book.Add(exchange.latency);
    const HttpResponse& response = *exchange.response;
    if (response.result_int() == 201) return Acknowledge(response);
    if (response.result_int() != 409) return Unexpected("book", response);
    std::string problem;
    const auto code = ReadProblemCode(response.body(), 409, problem);
    if (!code) return Fail("book 409 bad shape: " + problem);
    if (*code != "slot_full") return Fail("book 409 " + *code);
    ++run_.result.slot_full;
    lost_.insert(chosen_);
    if (attempts_ >= run_.options.max_attempts) return Fail("gave up after max attempts");
    FetchAvailability();
  }

  void Acknowledge(const HttpResponse& response) {
    std::string problem;
    auto booking = ReadBooking(response.body(), true, problem);
    if (!booking) return Fail("book 201 bad shape: " + problem);
    if (booking->start != chosen_ || booking->application_id != applicant_->application_id ||
        booking->desk != run_.options.desk || booking->type != run_.options.type || booking->status != "booked") {
      return Fail("book 201 is not the booking asked for");
    }
    if (response[boost::beast::http::field::location].empty()) return Fail("book 201 without Location");
    run_.result.acknowledged.push_back(
        {std::move(booking->code), std::move(booking->manage_token), applicant_->application_id, chosen_});
    NextApplicant();
  }

  // A status the surge does not expect: tallied with its problem code when it has one.
  void Unexpected(const std::string& what, const HttpResponse& response) {
    const int status = response.result_int();
    std::string problem;
    const auto code = ReadProblemCode(response.body(), status, problem);
    const std::string kind = what + " " + std::to_string(status) + " " + code.value_or("(no problem body)");
    if (status == 503) return RetryLater(kind);
    Fail(kind);
  }

  void Fail(const std::string& kind) {
    ++run_.result.errors[kind];
    NextApplicant();
  }

  // A busy server or a broken connection: the person tries again after a pause.
  void RetryLater(const std::string& kind) {
    ++run_.result.errors[kind];
    if (++attempts_ >= run_.options.max_attempts) return Fail("gave up after max attempts");
    pause_.expires_after(kPauseAfterBusy);
    pause_.async_wait([self = shared_from_this()](boost::system::error_code) { self->FetchAvailability(); });
  }

  std::shared_ptr<ClientConnection> connection_;
  boost::asio::steady_timer pause_;
  SurgeRun& run_;
  const Applicant* applicant_ = nullptr;
  std::set<std::string> lost_;  // slots this applicant got 409 slot_full for
  std::string chosen_;
  int attempts_ = 0;
};

}  // namespace

SurgeResult RunSurge(const std::vector<boost::asio::ip::tcp::endpoint>& servers, const std::vector<Applicant>& applicants,
                     const SurgeOptions& options) {
  SurgeResult result;
  result.acknowledged.reserve(applicants.size());
  SurgeRun run{applicants, options, result, 0, {}};
  boost::asio::io_context io_context(1);
  const auto start = Clock::now();
  for (int i = 0; i < options.connections; ++i) {
    const auto& server = servers[static_cast<std::size_t>(i) % servers.size()];
    std::make_shared<SurgeWorker>(io_context, server, run)->NextApplicant();
  }
  io_context.run();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace sportello::bench
