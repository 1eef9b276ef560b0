// The questions of SPEC.md, "Questions": an applicant opens a ticket under a topic; the national
// front office (role helpdesk) answers it, or escalates it to the back office of the application's
// desk, which follows it to the end. The rules here need no storage: who may do what to a ticket in
// which state, the state it goes to, what a question's text may be, and when a ticket is overdue.
// The use cases that apply them inside a transaction are in booking/questions.h. Thread-safe: plain
// values, pure functions.
#pragma once

#include "engine/error.h"
#include "engine/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::engine {

// open: in the front office's queue, held by nobody; claimed: held by its assignee, who alone may
// answer; escalated: in the back office's queue of its desk, held by nobody; waiting_applicant:
// answered with a question back; answered: answered; closed: over, nothing more may be written.
enum class QuestionState { open, claimed, escalated, waiting_applicant, answered, closed };

// "open", "claimed", "escalated", "waiting_applicant", "answered", "closed".
std::string_view QuestionStateName(QuestionState state);
std::optional<QuestionState> ParseQuestionState(std::string_view name);

// What can happen to a ticket. reply: the applicant writes again; the others are staff's.
enum class QuestionAction { claim, answer, ask_back, note, escalate, transfer, set_urgent, close, reply };

// Who acts, as far as tickets go. front_office: a helpdesk member or an admin, on every ticket;
// back_office: an operator or manager of the ticket's desk, on tickets escalated to it; applicant:
// the holder of the ticket's token. Which of these a caller is, is the use case's to say.
enum class QuestionRole { front_office, back_office, applicant };

// A ticket as the rules see it.
struct QuestionFacts {
  QuestionState state = QuestionState::open;
  bool escalated = false;  // sent to its desk's back office (it stays so until closed or transferred)
  std::string assignee;    // the username holding it; empty: nobody
};

// The ticket after `actor` (a username; empty for the applicant) in `role` does `action`:
// - claim: an unheld ticket becomes `claimed` by the actor (claiming one's own is a no-op);
// - answer / ask_back: claims an unheld ticket on the way, then `answered` / `waiting_applicant`;
//   the assignee stays, so a reply comes back to them;
// - note, set_urgent: no change of state;
// - escalate (front office): `escalated`, held by nobody, for the desk's back office;
// - transfer (to another desk): held by nobody; `escalated` for the new desk's back office when it
//   was escalated, else `open` again for the front office;
// - close: `closed`;
// - reply (applicant): back to the assignee (`claimed`) when someone holds it, else to the queue it
//   was in (`escalated` or `open`).
// Errors: forbidden (the back office on a ticket not escalated to it, the applicant doing a staff
// action or staff replying as the applicant, the back office escalating); already_claimed (held by
// someone else, for claim, answer and ask_back); question_closed (anything on a closed ticket).
Result<QuestionFacts> ApplyQuestionAction(const QuestionFacts& ticket, QuestionAction action, QuestionRole role,
                                          std::string_view actor);

// The zone of the national help desk, Europe/Rome: the days and weeks of its statistics and of the
// FAQ's use are counted in it.
const date::time_zone& HelpDeskZone();

// The number a ticket is known by (SPEC.md's "number"), from the sequence the store gives it:
// "Q-" and at least six digits, e.g. "Q-000042". Short enough to read out on the phone.
std::string QuestionNumber(std::int64_t sequence);

// The text of a question, answer, reply or note, cleaned: valid UTF-8, line ends made "\n",
// control characters but "\n" and "\t" refused, blanks at both ends trimmed, 1 to
// kMaxQuestionText characters (code points). Errors: invalid_request with field `field`.
inline constexpr std::size_t kMaxQuestionText = 2000;
Result<std::string> CleanQuestionText(std::string_view text, std::string_view field);

// The service level: a ticket whose applicant has waited longer than `service_level` for a staff
// answer is overdue. `waiting_since` is when the applicant's oldest message not yet followed by a
// staff answer was written (none: nobody is waiting for staff). Closed tickets and tickets waiting
// for the applicant are never overdue.
inline constexpr std::chrono::hours kDefaultServiceLevel{7 * 24};
bool IsOverdue(QuestionState state, std::optional<Instant> waiting_since, Instant now,
               std::chrono::minutes service_level);

}  // namespace sportello::engine
