#include "engine/question.h"

#include "engine/utf8.h"

#include <array>

namespace sportello::engine {

namespace {

constexpr std::array<std::pair<QuestionState, std::string_view>, 6> kStateNames{{
    {QuestionState::open, "open"},
    {QuestionState::claimed, "claimed"},
    {QuestionState::escalated, "escalated"},
    {QuestionState::waiting_applicant, "waiting_applicant"},
    {QuestionState::answered, "answered"},
    {QuestionState::closed, "closed"},
}};

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

// The ticket held by `actor`: unheld ones are taken, one's own is kept, another's is refused.
Result<QuestionFacts> Claimed(QuestionFacts ticket, std::string_view actor) {
  if (!ticket.assignee.empty() && ticket.assignee != actor) return Error::already_claimed;
  ticket.assignee = std::string(actor);
  return ticket;
}

}  // namespace

std::string_view QuestionStateName(QuestionState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "open";
}

std::optional<QuestionState> ParseQuestionState(std::string_view name) {
  for (const auto& [value, state_name] : kStateNames) {
    if (state_name == name) return value;
  }
  return std::nullopt;
}

Result<QuestionFacts> ApplyQuestionAction(const QuestionFacts& ticket, QuestionAction action, QuestionRole role,
                                          std::string_view actor) {
  if (!MayAct(ticket, action, role)) return Error::forbidden;
  if (ticket.state == QuestionState::closed) return Error::question_closed;
  QuestionFacts next = ticket;
  switch (action) {
    case QuestionAction::claim: {
      auto claimed = Claimed(ticket, actor);
      if (!claimed) return claimed.error();
      next = std::move(*claimed);
      next.state = QuestionState::claimed;
      return next;
    }
    case QuestionAction::answer:
    case QuestionAction::ask_back: {
      auto claimed = Claimed(ticket, actor);
      if (!claimed) return claimed.error();
      next = std::move(*claimed);
      next.state = action == QuestionAction::answer ? QuestionState::answered : QuestionState::waiting_applicant;
      return next;
    }
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
      next.state = ticket.escalated ? QuestionState::escalated : QuestionState::open;
      return next;
    case QuestionAction::close:
      next.state = QuestionState::closed;
      return next;
    case QuestionAction::reply:
      if (!ticket.assignee.empty()) {
        next.state = QuestionState::claimed;
      } else {
        next.state = ticket.escalated ? QuestionState::escalated : QuestionState::open;
      }
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

bool IsOverdue(QuestionState state, std::optional<Instant> waiting_since, Instant now,
               std::chrono::minutes service_level) {
  if (state == QuestionState::closed || state == QuestionState::waiting_applicant) return false;
  return waiting_since && now - *waiting_since > service_level;
}

}  // namespace sportello::engine
