#include "mail/delivery_worker.h"

#include "logging/log.h"

#include <fmt/core.h>

namespace sportello::mail {

namespace {

using storage::DeliveryAttempt;
using Outcome = DeliveryAttempt::Outcome;

}  // namespace

DeliveryWorker::DeliveryWorker(storage::Outbox& outbox, storage::DeskStore& desks, const engine::Catalogue& catalogue,
                               MailSender& sender, std::function<engine::Instant()> clock, DeliveryOptions options)
    : outbox_(outbox),
      desks_(desks),
      catalogue_(catalogue),
      sender_(sender),
      clock_(std::move(clock)),
      options_(std::move(options)) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void DeliveryWorker::Nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_one();
}

bool DeliveryWorker::NudgeAndWaitForPass(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t wanted = passes_started_ + 1;  // a pass in progress now began before the nudge
  nudged_ = true;
  wake_.notify_one();
  return pass_completed_.wait_for(lock, timeout, [&] { return passes_completed_ >= wanted; });
}

void DeliveryWorker::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();  // also wakes wait_for below and aborts a send in progress
  thread_.join();
}

DeliveryWorker::Stats DeliveryWorker::stats() const {
  std::lock_guard lock(mutex_);
  return {sent_.load(), retried_.load(), failed_.load(), passes_completed_};
}

void DeliveryWorker::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mutex_);
      ++passes_started_;
    }
    const int attempted = RunOnce(stop);
    {
      std::lock_guard lock(mutex_);
      ++passes_completed_;
    }
    pass_completed_.notify_all();
    if (attempted >= options_.batch) continue;  // more may be waiting
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, options_.poll_interval, [this] { return nudged_; });
    nudged_ = false;
  }
}

int DeliveryWorker::RunOnce(std::stop_token stop) {
  const auto steady_now = std::chrono::steady_clock::now();
  if (steady_now >= next_reminder_check_) {
    next_reminder_check_ = steady_now + options_.reminder_interval;
    auto queued = outbox_.EnqueueDueReminders(clock_(), options_.reminder_lead);
    if (queued && *queued > 0 && options_.log != nullptr) {
      logging::Write({logging::Level::info, "mail", "reminders_queued", fmt::format("{} reminder(s) queued", *queued),
                      {{"reminders", *queued}}},
                     options_.log);
    }
  }
  if (clock_() < paused_until_) return 0;
  auto claimed = outbox_.ClaimDueNotices(clock_(), options_.batch, options_.lease);
  if (!claimed) return 0;  // the store logged the database error; the next pass tries again
  int attempted = 0;
  bool relay_available = true;
  for (const storage::PendingNotice& notice : *claimed) {
    if (stop.stop_requested() || !relay_available) {
      Record(notice, {Outcome::release, "", {}},
             stop.stop_requested() ? "released at shutdown" : "released: relay unavailable");
      continue;
    }
    relay_available = Deliver(notice, stop);
    ++attempted;
  }
  if (!relay_available) paused_until_ = clock_() + options_.retry.first_delay;
  return attempted;
}

bool DeliveryWorker::Deliver(const storage::PendingNotice& notice, std::stop_token stop) {
  auto desk = desks_.FindDesk(notice.desk);
  if (!desk) {
    if (desk.error() == engine::Error::not_found) {
      Record(notice, {Outcome::give_up, "the desk no longer exists", {}}, "failed");
    } else {
      Retry(notice, "the database could not be read");
    }
    return true;
  }
  std::string error;
  std::optional<OutgoingMail> mail = BuildNoticeMail(notice, *desk, catalogue_, options_.mail, clock_(), error);
  if (!mail) {
    Record(notice, {Outcome::give_up, error, {}}, "failed");
    return true;
  }
  const SendResult result = sender_.Send(*mail, stop);
  switch (result.status) {
    case SendResult::Status::sent: Record(notice, {Outcome::sent, "", {}}, "sent"); break;
    case SendResult::Status::cancelled: Record(notice, {Outcome::release, "", {}}, "released at shutdown"); break;
    case SendResult::Status::permanent: Record(notice, {Outcome::give_up, result.error, {}}, "failed"); break;
    case SendResult::Status::transient: Retry(notice, result.error); break;
  }
  return result.status != SendResult::Status::transient || !result.relay_unavailable;
}

void DeliveryWorker::Retry(const storage::PendingNotice& notice, const std::string& error) {
  const engine::Instant now = clock_();
  const int attempts = notice.attempts + 1;
  const std::optional<engine::Instant> appointment =
      engine::IsAboutAnAppointment(notice.kind) ? std::optional(notice.start) : std::nullopt;
  if (auto next = NextAttempt(options_.retry, notice.created_at, appointment, attempts, now)) {
    Record(notice, {Outcome::retry, error, *next}, "will retry");
  } else {
    Record(notice, {Outcome::give_up, fmt::format("gave up after {} attempts; last: {}", attempts, error), {}},
           "failed");
  }
}

void DeliveryWorker::Record(const storage::PendingNotice& notice, const storage::DeliveryAttempt& attempt,
                            std::string_view what) {
  auto recorded = outbox_.RecordDeliveryAttempt(notice, attempt, clock_());
  switch (attempt.outcome) {
    case Outcome::sent: ++sent_; break;
    case Outcome::retry: ++retried_; break;
    case Outcome::give_up: ++failed_; break;
    case Outcome::release: break;
  }
  if (options_.log == nullptr) return;
  // Row, kind, what it is about (a booking code, never an address) and the outcome; the relay's
  // error as the relay said it.
  const std::string_view kind = engine::NoticeKindName(notice.kind);
  const std::string subject = NoticeSubjectId(notice);
  logging::Level level = attempt.outcome == Outcome::retry ? logging::Level::warning : logging::Level::info;
  if (attempt.outcome == Outcome::give_up || !recorded) level = logging::Level::error;
  logging::Line line{level, "mail", "delivery", fmt::format("#{} {} {}: {}", notice.id, kind, subject, what),
                     {{"row", notice.id}, {"kind", kind}, {"subject", subject}, {"outcome", what}}};
  if (!recorded) {
    const std::string_view code = engine::ErrorCode(recorded.error().code);
    line.message += fmt::format(" but not recorded ({})", code);
    line.fields.emplace_back("not_recorded", code);
  } else if (!attempt.error.empty()) {
    line.message += ": " + attempt.error;
    line.fields.emplace_back("error", attempt.error);
  }
  logging::Write(line, options_.log);
}

}  // namespace sportello::mail
