// The questions of SPEC.md, "Questions": an applicant, with the same proof as for booking, asks
// under a national topic and gets a ticket; the front office (helpdesk, admin) claims, answers,
// notes, escalates to the application's desk, transfers to another desk and closes; the desk's back
// office does the same once a ticket is escalated to it; the applicant reads the answers and replies
// with the ticket's token. Who may do what in which state is engine/question.h's rule; here it is
// applied inside the store's write transaction, on the ticket as it is when the change commits, so
// two people can never both claim or answer one ticket. Every change is audited ("question.ask",
// "question.reply", "question.<action>"), never with its text; an answer queues the e-mail
// telling the applicant (a link, no content). Each function returns once its change is durably
// committed, or an error with nothing changed (any may also return Error::internal).
// Thread-safe, like booking.h; every rule holds across nodes sharing one database.
#pragma once

#include "engine/question.h"
#include "engine/question_stats.h"
#include "engine/topics.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::QuestionRecord;

// The most tickets an application may have open (not closed) at once: an applicant asks again in
// the ticket they have, and a leaked tax code cannot flood the front office.
inline constexpr int kMaxOpenQuestions = 5;

struct AskRequest {
  std::string application_id;
  std::string tax_code;  // as typed
  std::string topic;
  std::string text;
  std::string lang = "it";
  Instant now;
  bool faq_seen = false;  // the page showed the topic's FAQ before: counted as asked all the same
};

struct AskedQuestion {
  QuestionRecord question;
  std::string token;  // opens the ticket (read, reply); shown once, and again to a verified look-up
};

// Opens a ticket. Checks, in order: lang (invalid_request); topic (invalid_request, field
// "topic"); text (engine::CleanQuestionText, field "text"); the applicant's proof
// (application_not_verified, the same for an unknown id and a wrong tax code); at most
// kMaxOpenQuestions open (too_many_questions). The ticket is `open`, at the application's desk, with the
// application's e-mail for the notice of an answer.
Result<AskedQuestion> Ask(storage::Store& store, const engine::Topics& topics, const AskRequest& request);

// The ticket `id` when `token` is its token, else not_found. Its notes are the caller's to leave out.
Result<QuestionRecord> FindForApplicant(storage::Store& store, std::string_view id, std::string_view token);

// The applicant writes again on their ticket. Errors: not_found (id or token), question_closed,
// invalid_request (text).
Result<QuestionRecord> Reply(storage::Store& store, std::string_view id, std::string_view token, std::string_view text,
                             Instant now);

// A staff member's action on ticket `id`. `text` is the answer or the note (answer, ask_back,
// note); `desk` the desk a transfer goes to; `urgent` the flag set_urgent sets.
struct StaffQuestionRequest {
  std::string id;
  engine::QuestionAction action = engine::QuestionAction::claim;
  std::string text;
  std::string desk;
  bool urgent = false;
  storage::User user;
  Instant now;
};

// Applies a staff action. Errors: not_found (unknown ticket, or one `user` may not see: another
// desk's, or a kiosk); forbidden, already_claimed, question_closed (engine::ApplyQuestionAction);
// invalid_request (text; a transfer to an unknown desk or to the ticket's own; action reply).
Result<QuestionRecord> Act(storage::Store& store, const StaffQuestionRequest& request);

// The ticket `id` with its notes, for `user`. Error: not_found, also for a ticket they may not see
// (the back office sees its desk's tickets once escalated; a kiosk none).
Result<QuestionRecord> FindForStaff(storage::Store& store, std::string_view id, const storage::User& user);

// The queue `user` works from, urgent first, then oldest: the front office's is every ticket
// `query` selects; the back office's only its desk's escalated tickets (its desk and escalated
// filters are set). Error: forbidden for a kiosk.
Result<std::vector<QuestionRecord>> QueueFor(storage::Store& store, const storage::User& user,
                                             storage::QuestionQuery query);

// The help desk's statistics of the tickets opened from `from` to `to` (engine/question_stats.h),
// for the front office (helpdesk, admin). Errors: forbidden for anyone else; invalid_request for the
// range.
Result<engine::QuestionStats> Statistics(storage::Store& store, const storage::User& user, engine::Date from,
                                         engine::Date to, Instant now, std::chrono::minutes service_level);

// True for the national front office: a helpdesk member or an admin.
bool IsFrontOffice(const storage::User& user);

// Which part of the help desk `user` is for `question`; nullopt when they may not see it at all.
std::optional<engine::QuestionRole> StaffRoleFor(const storage::User& user, const QuestionRecord& question);

}  // namespace sportello::booking
