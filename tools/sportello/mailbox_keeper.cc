#include "tools/sportello/mailbox_keeper.h"

#include "booking/questions_by_email.h"
#include "logging/log.h"
#include "mail/mailbox_reader.h"

#include <fmt/core.h>

#include <chrono>
#include <utility>

namespace sportello::tools {
namespace {

inline constexpr std::chrono::minutes kPassEvery{1};

}  // namespace

MailboxKeeper::MailboxKeeper(mail::ImapOptions options, storage::Store& store, const engine::Topics& topics,
                             std::function<engine::Instant()> now)
    : mailbox_(std::move(options)), store_(store), topics_(topics), now_(std::move(now)), thread_([this] { Loop(); }) {}

MailboxKeeper::~MailboxKeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MailboxKeeper::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Pass();
    lock.lock();
    wake_.wait_for(lock, kPassEvery, [this] { return stopping_; });
  }
}

void MailboxKeeper::Pass() {
  const auto take = [this](const mail::IncomingMail& mail) {
    auto opened = booking::AskByEmail(store_, topics_,
                                      booking::EmailQuestion{mail.from_address, mail.subject, mail.text,
                                                             mail.message_id, now_()});
    if (!opened) {
      const bool lasting = opened.error().code == engine::Error::invalid_request;
      const std::string_view outcome = lasting ? "opens no question" : "waits for the next pass";
      logging::Write({lasting ? logging::Level::warning : logging::Level::error, "serve", "mailbox_message",
                      // The Message-ID finds the e-mail in the mailbox; the sender's address stays out of the log.
                      fmt::format("the e-mail {} {}: {}", mail.message_id, outcome, opened.error().ToString()),
                      {{"message_id", mail.message_id}, {"outcome", outcome}, {"error", opened.error().ToString()}}});
      return lasting ? mail::Taken::refused : mail::Taken::failed;
    }
    return opened->has_value() ? mail::Taken::opened : mail::Taken::duplicate;
  };
  auto pass = mail::ReadMailbox(mailbox_, take);
  if (!pass) {
    logging::Error("serve", "mailbox_unreadable",
                   fmt::format("the help desk's mailbox cannot be read ({}); it is read again in a minute",
                               pass.error().detail),
                   {{"error", pass.error().detail}});
    return;
  }
  if (pass->opened > 0) {
    logging::Info("serve", "questions_from_email", fmt::format("questions opened from e-mail: {}", pass->opened),
                  {{"questions_opened", pass->opened}});
  }
}

}  // namespace sportello::tools
