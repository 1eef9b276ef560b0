#include "mail/mailbox_reader.h"

#include "logging/log.h"

#include <fmt/core.h>

namespace sportello::mail {

engine::Result<MailboxPass> ReadMailbox(const ImapClient& mailbox,
                                        const std::function<Taken(const IncomingMail&)>& take) {
  auto uids = mailbox.UnseenUids();
  if (!uids) return uids.error();
  MailboxPass pass;
  for (const std::uint64_t uid : *uids) {
    auto raw = mailbox.Fetch(uid);
    if (!raw) {
      pass.stopped = true;
      break;
    }
    const Taken taken = take(ParseIncomingMail(*raw));
    if (taken == Taken::failed) {
      if (auto unseen = mailbox.MarkUnseen(uid); !unseen) {
        logging::Error("mail", "mailbox_mark_failed",
                       fmt::format("mail {} could not be kept nor marked unseen again: {}", uid, unseen.error().detail),
                       {{"uid", uid}, {"error", unseen.error().detail}});
      }
      pass.stopped = true;
      break;
    }
    pass.opened += taken == Taken::opened ? 1 : 0;
    pass.duplicates += taken == Taken::duplicate ? 1 : 0;
    pass.refused += taken == Taken::refused ? 1 : 0;
  }
  return pass;
}

}  // namespace sportello::mail
