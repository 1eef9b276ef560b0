#include "tools/bench/load/hammer.h"

#include "tools/bench/load/api_requests.h"
#include "tools/bench/load/api_shapes.h"
#include "tools/bench/load/client_connection.h"

#include <boost/asio/io_context.hpp>

#include <memory>

namespace sportello::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct HammerRun {
  const HammerOptions& options;
  HammerResult& result;
  Clock::time_point measure_from;
  Clock::time_point end;
};

class HammerWorker : public std::enable_shared_from_this<HammerWorker> {
 public:
  HammerWorker(boost::asio::io_context& io_context, const boost::asio::ip::tcp::endpoint& server, HammerRun& run)
      : connection_(std::make_shared<ClientConnection>(io_context, server)), run_(run) {}

  void Send() {
    sent_at_ = Clock::now();
    if (sent_at_ >= run_.end) return;
    connection_->Send(PlainGet(run_.options.target),
                      [self = shared_from_this()](const Exchange& exchange) { self->OnAnswer(exchange); });
  }

 private:
  void OnAnswer(const Exchange& exchange) {
    const std::string problem = Check(exchange);
    if (!problem.empty()) {
      ++run_.result.errors[problem];
    } else if (sent_at_ >= run_.measure_from && Clock::now() <= run_.end) {
      ++run_.result.answers;
      run_.result.body_bytes += exchange.response->body().size();
      run_.result.latency.Add(exchange.latency);
    }
    Send();
  }

  // Empty when the answer is right, else what is wrong with it.
  std::string Check(const Exchange& exchange) {
    if (exchange.error) return "transport: " + exchange.error.message();
    const HttpResponse& response = *exchange.response;
    if (response.result_int() != 200) return "status " + std::to_string(response.result_int());
    if (run_.options.check != HammerOptions::Check::availability) return {};
    if (++answers_seen_ % static_cast<std::uint64_t>(run_.options.check_every) != 0) return {};
    std::string problem;
    if (!ReadAvailability(response.body(), run_.options.desk, run_.options.type, problem)) {
      return "bad shape: " + problem;
    }
    return {};
  }

  std::shared_ptr<ClientConnection> connection_;
  HammerRun& run_;
  Clock::time_point sent_at_;
  std::uint64_t answers_seen_ = 0;
};

}  // namespace

HammerResult RunHammer(const boost::asio::ip::tcp::endpoint& server, const HammerOptions& options) {
  HammerResult result;
  boost::asio::io_context io_context(1);
  const Clock::time_point measure_from = Clock::now() + options.warm_up;
  HammerRun run{options, result, measure_from, measure_from + options.seconds};
  for (int i = 0; i < options.connections; ++i) std::make_shared<HammerWorker>(io_context, server, run)->Send();
  io_context.run();
  result.seconds = std::chrono::duration<double>(options.seconds).count();
  return result;
}

}  // namespace sportello::bench
