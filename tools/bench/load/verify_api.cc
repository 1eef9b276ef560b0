#include "tools/bench/load/verify_api.h"

#include "tools/bench/load/api_requests.h"
#include "tools/bench/load/api_shapes.h"
#include "tools/bench/load/client_connection.h"

#include <boost/asio/io_context.hpp>

#include <map>
#include <memory>

namespace sportello::bench {
namespace {

// GET one availability answer, synchronously (for the check, not for timing).
std::optional<std::vector<SlotSeats>> FetchAvailability(const boost::asio::ip::tcp::endpoint& server,
                                                        const SurgeOptions& surge, std::string& problem) {
  boost::asio::io_context io_context(1);
  std::optional<std::vector<SlotSeats>> slots;
  auto connection = std::make_shared<ClientConnection>(io_context, server);
  connection->Send(AvailabilityRequest(surge.desk, surge.type, surge.from, surge.to), [&](const Exchange& exchange) {
    if (exchange.error) {
      problem = "availability: " + exchange.error.message();
    } else if (exchange.response->result_int() != 200) {
      problem = "availability: status " + std::to_string(exchange.response->result_int());
    } else {
      slots = ReadAvailability(exchange.response->body(), surge.desk, surge.type, problem);
    }
  });
  io_context.run();
  return slots;
}

void CheckSeats(const std::vector<SlotSeats>& slots, const BenchDesk& desk, const SurgeOptions& surge,
                const std::vector<Acknowledged>& acknowledged, ApiVerification& out) {
  const auto capacities = SlotCapacities(desk, *engine::ParseDate(surge.from), *engine::ParseDate(surge.to));
  std::map<std::int64_t, std::int64_t> booked;  // acknowledged per slot start
  for (const Acknowledged& booking : acknowledged) ++booked[UnixSeconds(booking.start).value_or(0)];
  std::map<std::int64_t, std::int64_t> listed;
  for (const SlotSeats& slot : slots) {
    ++out.slots_listed;
    if (slot.free < 0) ++out.negative_free;
    const std::int64_t start = UnixSeconds(slot.start).value_or(0);
    const auto capacity = capacities.find(start);
    if (capacity == capacities.end()) {
      ++out.errors["availability lists a slot the calendar does not have"];
      continue;
    }
    const std::int64_t taken = booked[start];
    listed[start] = taken;
    if (taken > capacity->second) ++out.overbooked_slots;
    const std::int64_t expected_free = capacity->second - taken;
    if (slot.free < expected_free) out.unacknowledged_seats += static_cast<std::uint64_t>(expected_free - slot.free);
    if (slot.free > expected_free) out.missing_seats += static_cast<std::uint64_t>(slot.free - expected_free);
  }
  for (const auto& [start, count] : booked) {
    if (!listed.contains(start)) out.not_listed += static_cast<std::uint64_t>(count);
  }
}

// Fetches every acknowledged booking over `connections` connections.
class Fetcher : public std::enable_shared_from_this<Fetcher> {
 public:
  Fetcher(boost::asio::io_context& io_context, const boost::asio::ip::tcp::endpoint& server,
          const std::vector<Acknowledged>& acknowledged, std::size_t& next, ApiVerification& out)
      : connection_(std::make_shared<ClientConnection>(io_context, server)),
        acknowledged_(acknowledged),
        next_(next),
        out_(out) {}

  void Next() {
    if (next_ >= acknowledged_.size()) return;
    current_ = &acknowledged_[next_++];
    connection_->Send(FetchBookingRequest(current_->code, current_->manage_token),
                      [self = shared_from_this()](const Exchange& exchange) { self->OnAnswer(exchange); });
  }

 private:
  void OnAnswer(const Exchange& exchange) {
    std::string problem;
    if (exchange.error) {
      problem = "fetch: " + exchange.error.message();
    } else if (exchange.response->result_int() != 200) {
      problem = "fetch: status " + std::to_string(exchange.response->result_int());
    } else if (auto booking = ReadBooking(exchange.response->body(), false, problem); !booking) {
      problem = "fetch: bad shape: " + problem;
    } else if (booking->code != current_->code || booking->start != current_->start ||
               booking->application_id != current_->application_id || booking->status != "booked") {
      problem = "fetch: not the booking acknowledged";
    }
    if (!exchange.error) out_.fetch.Add(exchange.latency);
    if (problem.empty()) {
      ++out_.fetched;
    } else {
      ++out_.not_fetched;
      ++out_.errors[problem];
    }
    Next();
  }

  std::shared_ptr<ClientConnection> connection_;
  const std::vector<Acknowledged>& acknowledged_;
  std::size_t& next_;
  ApiVerification& out_;
  const Acknowledged* current_ = nullptr;
};

}  // namespace

ApiVerification VerifyThroughApi(const boost::asio::ip::tcp::endpoint& server, const BenchDesk& desk,
                                 const SurgeOptions& surge, const std::vector<Acknowledged>& acknowledged) {
  ApiVerification out;
  std::string problem;
  const auto slots = FetchAvailability(server, surge, problem);
  if (slots) {
    CheckSeats(*slots, desk, surge, acknowledged, out);
  } else {
    ++out.errors[problem];
  }
  boost::asio::io_context io_context(1);
  std::size_t next = 0;
  for (int i = 0; i < surge.connections; ++i) {
    std::make_shared<Fetcher>(io_context, server, acknowledged, next, out)->Next();
  }
  io_context.run();
  return out;
}

}  // namespace sportello::bench
