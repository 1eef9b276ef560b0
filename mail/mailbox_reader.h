// One pass over the help desk's mailbox (SPEC.md, "Questions": questions by e-mail): every message
// not seen yet is fetched (the server then marks it seen), read (incoming_mail.h) and handed to
// `take`, which opens the ticket. A message `take` could not keep, for a reason that may pass (the
// database did not answer), is marked unseen again and the pass ends there, so the next pass reads
// it anew; a message refused for what it is (nothing to read) stays seen, counted as refused.
// Thread-safe as ImapClient is; `take` is called on the caller's thread.
#pragma once

#include "engine/error.h"
#include "mail/imap_client.h"
#include "mail/incoming_mail.h"

#include <functional>

namespace sportello::mail {

enum class Taken {
  opened,     // a ticket was opened
  duplicate,  // that message had already opened one
  refused,    // it cannot open one: kept seen, not tried again
  failed,     // it could not be kept now: unseen again, tried at the next pass
};

struct MailboxPass {
  int opened = 0;
  int duplicates = 0;
  int refused = 0;
  bool stopped = false;  // a message failed, or the mailbox could not be read: the rest waits
};

// Reads the mailbox once. Error: unavailable when the unseen messages cannot be listed.
engine::Result<MailboxPass> ReadMailbox(const ImapClient& mailbox,
                                        const std::function<Taken(const IncomingMail&)>& take);

}  // namespace sportello::mail
