// The delivery worker: one thread that empties the outbox. Each pass it queues the reminders
// that fell due (at most every `reminder_interval`), claims due messages with a lease, renders
// and sends each through the MailSender, and records the attempt: sent; failed for now, retried
// with exponential backoff (retry_policy.h); or given up, with the reason kept for staff. Between
// passes it sleeps `poll_interval`, or less when nudged (after a booking change in this process;
// changes by other processes are found by the poll). Booking requests never wait for it: their
// message is a row written in their own transaction. When the relay itself is unreachable, the
// worker gives the rest of its claim back and pauses claiming for `retry.first_delay`: one probe
// per pause instead of one failed attempt (and two database writes) per message.
//
// Several workers (threads or processes) may run on one database: the lease keeps a message in
// one worker's hands, and the lease (default 10 minutes) outlasts a send (SMTP timeout 2 minutes).
// A message is sent more than once only if a worker dies between the relay accepting it and the
// attempt being recorded; it then carries the same Message-ID.
//
// Thread-safety: Start, Stop and the destructor belong to the owner's thread; Nudge,
// NudgeAndWaitForPass and stats() may be called from any thread. The outbox, desks, catalogue, sender and clock must outlive the worker.
#pragma once

#include "engine/catalogue.h"
#include "mail/mail_sender.h"
#include "mail/notice_mail.h"
#include "mail/retry_policy.h"
#include "storage/store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace sportello::mail {

struct DeliveryOptions {
  NoticeMailSettings mail;
  RetryPolicy retry;
  std::chrono::seconds reminder_lead{std::chrono::hours{48}};  // a reminder is due this long before
  std::chrono::milliseconds poll_interval{std::chrono::seconds{5}};
  std::chrono::milliseconds reminder_interval{std::chrono::minutes{1}};
  std::chrono::seconds lease{std::chrono::minutes{10}};
  int batch = 10;          // messages claimed per pass (1..100)
  std::FILE* log = stderr; // one line per attempt (no addresses), as logging/log.h writes; nullptr: silent
};

class DeliveryWorker {
 public:
  struct Stats {
    std::uint64_t sent = 0;
    std::uint64_t retried = 0;  // failed attempts that will be tried again
    std::uint64_t failed = 0;   // messages given up
    std::uint64_t passes = 0;   // passes of the thread completed
  };

  // Sends what `outbox` holds, rendered with the desks of `desks` (usually both one Store).
  DeliveryWorker(storage::Outbox& outbox, storage::DeskStore& desks, const engine::Catalogue& catalogue,
                 MailSender& sender, std::function<engine::Instant()> clock, DeliveryOptions options);
  ~DeliveryWorker();  // Stop()
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts the thread. Call once.
  void Start();
  // Wakes the thread for a pass now (cheap, never blocks on mail or the database).
  void Nudge();
  // Nudges, then waits until the thread has completed a whole pass that began after the nudge.
  // False when that takes longer than `timeout` (or the thread is not running).
  bool NudgeAndWaitForPass(std::chrono::milliseconds timeout);
  // Asks the thread to stop, aborts a send in progress (the message goes back to the queue
  // unchanged), gives back claimed messages not yet sent, and waits for it. Idempotent.
  void Stop();

  // One pass on the calling thread (the thread's body; also for tests): reminders when due,
  // claim, send, record. Returns how many messages were attempted.
  int RunOnce(std::stop_token stop = {});

  Stats stats() const;

 private:
  void Loop(std::stop_token stop);
  // Sends one message and records the attempt; false when the relay is unavailable.
  bool Deliver(const storage::PendingNotice& notice, std::stop_token stop);
  void Retry(const storage::PendingNotice& notice, const std::string& error);
  void Record(const storage::PendingNotice& notice, const storage::DeliveryAttempt& attempt, std::string_view what);

  storage::Outbox& outbox_;
  storage::DeskStore& desks_;
  const engine::Catalogue& catalogue_;
  MailSender& sender_;
  std::function<engine::Instant()> clock_;
  DeliveryOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  bool nudged_ = false;
  std::uint64_t passes_started_ = 0;    // guarded by mutex_
  std::uint64_t passes_completed_ = 0;  // guarded by mutex_
  std::condition_variable pass_completed_;
  std::chrono::steady_clock::time_point next_reminder_check_{};
  engine::Instant paused_until_{};  // no claims before this (relay unavailable); worker's clock
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> retried_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::jthread thread_;
};

}  // namespace sportello::mail
