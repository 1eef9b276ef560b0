// The e-mail for one outbox message: the facts of the claimed row, the desk (name, address, time
// zone, change notice, reconfirmation window) and the catalogue (type names, documents) rendered by
// engine/notice.h and composed by mime.h, from the configured sender address. Thread-safe: pure
// functions.
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

// The message for `notice`, or nullopt with `error` set when it cannot be sent at all: a permanent
// failure. That is when the recipient is not a valid address, an offer lacks its entry or expiry,
// or a request to reconfirm is about a type the desk's calendar no longer asks to reconfirm (the
// last day to confirm cannot be named).
std::optional<OutgoingMail> BuildNoticeMail(const storage::PendingNotice& notice, const engine::DeskCalendar& desk,
                                            const engine::Catalogue& catalogue, const NoticeMailSettings& settings,
                                            engine::Instant now, std::string& error);

// What the message is about, for Message-IDs and log lines: the booking code, or for an offer
// (which has none) "waitlist-<entry id>", for draw_lost "draw-<request id>", for question_answered
// "question-<ticket id>", for status_event "event-<event id>".
std::string NoticeSubjectId(const storage::PendingNotice& notice);

}  // namespace sportello::mail
