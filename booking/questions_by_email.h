// Questions by e-mail (SPEC.md, "Questions": Polo Orienta's questions arrive by certified e-mail):
// a message read from the help desk's mailbox (mail/mailbox_reader.h) opens a ticket like a question
// asked on the page, but e-mail proves nothing about its sender. The rules of a ticket are then
// booking/questions.h's. Thread-safe, like booking.h; one message opens one ticket across nodes.
#pragma once

#include "booking/questions.h"

#include <optional>
#include <string>

namespace sportello::booking {

// A question read from the help desk's mailbox (mail/incoming_mail.h).
struct EmailQuestion {
  std::string from_address;  // lower case; where the notice of an answer goes
  std::string subject;
  std::string text;
  std::string message_id;  // one e-mail opens one ticket; empty: not checked
  Instant now;
};

// Opens a ticket from an e-mail. E-mail proves nothing about its sender, so the ticket is
// unverified, and it names an application only when the subject or the text holds the number of one
// (the first found, subject first); then it is that application's desk's ticket, else nobody's
// until the front office transfers it. It is verified only when the sender's address is the one
// on file for that application. Topic "altro" (the last topic when there is none such); the text
// is the subject and the body, made valid (bytes that are not UTF-8 and control characters left
// out) and cut to kMaxQuestionText characters. nullopt when the e-mail with that Message-ID
// already opened a ticket. Errors: invalid_request (field "text") when nothing is left to read;
// forbidden when no topic is known.
Result<std::optional<QuestionRecord>> AskByEmail(storage::Store& store, const engine::Topics& topics,
                                                 const EmailQuestion& mail);

}  // namespace sportello::booking
