// What `sportello serve --imap` runs in the background: every minute, the help desk's mailbox is
// read (mail/mailbox_reader.h) and each new e-mail opens a ticket (booking::AskByEmail). On a thread
// of its own; a pass that opens any ticket prints one line on stderr. Several servers may read one
// mailbox: an e-mail opens one ticket whoever reads it (its Message-ID is kept).
#pragma once

#include "engine/time.h"
#include "engine/topics.h"
#include "mail/imap_client.h"
#include "storage/store.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sportello::tools {

class MailboxKeeper {
 public:
  MailboxKeeper(mail::ImapOptions options, storage::Store& store, const engine::Topics& topics,
                std::function<engine::Instant()> now);
  // Stops the thread, after the pass it may be running.
  ~MailboxKeeper();
  MailboxKeeper(const MailboxKeeper&) = delete;
  MailboxKeeper& operator=(const MailboxKeeper&) = delete;

 private:
  void Loop();
  void Pass();

  const mail::ImapClient mailbox_;
  storage::Store& store_;
  const engine::Topics& topics_;
  const std::function<engine::Instant()> now_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace sportello::tools
