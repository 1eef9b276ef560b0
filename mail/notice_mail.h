// The e-mail for one outbox message: the facts of the claimed row, the desk (name, address, time
// zone, change notice) and the catalogue (type names, documents) rendered by engine/notice.h and
// composed by mime.h, from the configured sender address. Thread-safe: pure function.
#pragma once

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "mail/mail_sender.h"
#include "storage/store.h"

#include <optional>
#include <string>

namespace sportello::mail {

struct NoticeMailSettings {
  std::string from_address;  // envelope and header sender, e.g. "sportello@prefettura.example"
  std::string public_url;    // base of the manage link, e.g. "https://prenota.example.it"
};

// The message for `notice`, or nullopt with `error` set when it cannot be sent at all (the
// recipient is not a valid address): a permanent failure.
std::optional<OutgoingMail> BuildNoticeMail(const storage::PendingNotice& notice, const engine::DeskCalendar& desk,
                                            const engine::Catalogue& catalogue, const NoticeMailSettings& settings,
                                            engine::Instant now, std::string& error);

}  // namespace sportello::mail
