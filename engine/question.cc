#include "engine/question.h"

#include "engine/utf8.h"

#include <fmt/core.h>

#include <array>

namespace sportello::engine {

namespace {

constexpr std::array kStates = {QuestionState::open, QuestionState::claimed, QuestionState::escalated,
                                QuestionState::waiting_applicant, QuestionState::answered, QuestionState::closed};

bool IsStaffAction(QuestionAction action) { return action != QuestionAction::reply; }

// May `role` act on `ticket` at all?
bool MayAct(const QuestionFacts& ticket, QuestionAction action, QuestionRole role) {
  switch (role) {
    case QuestionRole::applicant: return !IsStaffAction(action);
    case QuestionRole::front_office: return IsStaffAction(action);
    case QuestionRole::back_office:
      return IsStaffAction(action) && ticket.escalated && action != QuestionAction::escalate;
  }
  return false;
}

// The state a ticket goes to when its holder claims it, answers it or asks back.
QuestionState HeldState(QuestionAction action) {
  if (action == QuestionAction::answer) return QuestionState::answered;
  if (action == QuestionAction::ask_back) return QuestionState::waiting_applicant;
  return QuestionState::claimed;
}

// The state of a ticket nobody holds: in its desk's back-office queue once escalated, else in the
// front office's.
QuestionState QueueState(const QuestionFacts& ticket) {
  return ticket.escalated ? QuestionState::escalated : QuestionState::open;
}

}  // namespace

std::string_view QuestionStateName(QuestionState state) {
  switch (state) {
    case QuestionState::open: return "open";
    case QuestionState::claimed: return "claimed";
    case QuestionState::escalated: return "escalated";
    case QuestionState::waiting_applicant: return "waiting_applicant";
    case QuestionState::answered: return "answered";
    case QuestionState::closed: return "closed";
  }
  return "open";
}

std::optional<QuestionState> ParseQuestionState(std::string_view name) {
  for (QuestionState state : kStates) {
    if (QuestionStateName(state) == name) return state;
  }
  return std::nullopt;
}

Result<QuestionFacts> ApplyQuestionAction(const QuestionFacts& ticket, QuestionAction action, QuestionRole role,
                                          std::string_view actor) {
  if (!MayAct(ticket, action, role)) return Error::forbidden;
  if (ticket.state == QuestionState::closed) return Error::question_closed;
  QuestionFacts next = ticket;
  switch (action) {
    case QuestionAction::claim:
    case QuestionAction::answer:
    case QuestionAction::ask_back:
      // An unheld ticket is taken, one's own is kept, another's is refused.
      if (!ticket.assignee.empty() && ticket.assignee != actor) return Error::already_claimed;
      next.assignee = std::string(actor);
      next.state = HeldState(action);
      return next;
    case QuestionAction::note:
    case QuestionAction::set_urgent:
      return next;
    case QuestionAction::escalate:
      next.escalated = true;
      next.assignee.clear();
      next.state = QuestionState::escalated;
      return next;
    case QuestionAction::transfer:
      next.assignee.clear();
      next.state = QueueState(next);
      return next;
    case QuestionAction::close:
      next.state = QuestionState::closed;
      return next;
    case QuestionAction::reply:
      next.state = ticket.assignee.empty() ? QueueState(ticket) : QuestionState::claimed;
      return next;
  }
  return Error::invalid_request;
}

Result<std::string> CleanQuestionText(std::string_view text, std::string_view field) {
  const std::string name(field);
  if (!IsValidUtf8(text)) return Problem(Error::invalid_request, name, "must be UTF-8 text");
  std::string clean;
  clean.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\r') {
      clean += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;  // "\r\n" is one line end
    } else if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
      return Problem(Error::invalid_request, name, "must be plain text, without control characters");
    } else {
      clean += static_cast<char>(byte);
    }
  }
  constexpr std::string_view kBlanks = " \t\n";
  const std::size_t first = clean.find_first_not_of(kBlanks);
  if (first == std::string::npos) return Problem(Error::invalid_request, name, "must not be empty");
  clean = clean.substr(first, clean.find_last_not_of(kBlanks) - first + 1);
  if (*Utf8Length(clean) > kMaxQuestionText) {
    return Problem(Error::invalid_request, name, "must be at most " + std::to_string(kMaxQuestionText) + " characters");
  }
  return clean;
}

const date::time_zone& HelpDeskZone() {
  static const date::time_zone& zone = *FindTimeZone("Europe/Rome");
  return zone;
}

std::string QuestionNumber(std::int64_t sequence) { return fmt::format("Q-{:06}", sequence); }

bool IsOverdue(QuestionState state, std::optional<Instant> waiting_since, Instant now,
               std::chrono::minutes service_level) {
  if (state == QuestionState::closed || state == QuestionState::waiting_applicant) return false;
  return waiting_since && now - *waiting_since > service_level;
}

}  // namespace sportello::engine
