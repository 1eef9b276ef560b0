#include "booking/questions.h"

#include "engine/application.h"
#include "engine/language.h"
#include "storage/question_transaction.h"
#include "storage/secrets.h"

#include <fmt/core.h>


namespace sportello::booking {

namespace {

using engine::Error;
using engine::Problem;
using engine::QuestionAction;
using engine::QuestionRole;
using storage::Actor;
using storage::QuestionEntryKind;
using storage::QuestionMessage;
using storage::QuestionTransaction;
using storage::Role;

std::string_view ActionName(QuestionAction action) {
  switch (action) {
    case QuestionAction::claim: return "claim";
    case QuestionAction::answer: return "answer";
    case QuestionAction::ask_back: return "ask_back";
    case QuestionAction::note: return "note";
    case QuestionAction::escalate: return "escalate";
    case QuestionAction::transfer: return "transfer";
    case QuestionAction::set_urgent: return "urgent";
    case QuestionAction::close: return "close";
    case QuestionAction::reply: return "reply";
  }
  return "claim";
}

bool CarriesText(QuestionAction action) {
  return action == QuestionAction::answer || action == QuestionAction::ask_back || action == QuestionAction::note;
}

bool IsAnswer(QuestionAction action) {
  return action == QuestionAction::answer || action == QuestionAction::ask_back;
}

engine::QuestionFacts FactsOf(const QuestionRecord& question) {
  return engine::QuestionFacts{question.state, question.escalated, question.assignee};
}

// `question` in the state, escalation and holder the rules gave, changed at `now`.
QuestionRecord WithFacts(const QuestionRecord& question, const engine::QuestionFacts& facts, Instant now) {
  QuestionRecord after = question;
  after.state = facts.state;
  after.escalated = facts.escalated;
  after.assignee = facts.assignee;
  after.updated_at = now;
  return after;
}

// `question` after `facts` (the state the rules give) and the action's own effects.
QuestionRecord Apply(const QuestionRecord& question, const engine::QuestionFacts& facts,
                     const StaffQuestionRequest& request, const std::string& text) {
  QuestionRecord after = WithFacts(question, facts, request.now);
  switch (request.action) {
    case QuestionAction::answer:
    case QuestionAction::ask_back:
      after.messages.push_back(QuestionMessage{QuestionEntryKind::staff, request.user.username, text, request.now});
      after.waiting_since.reset();
      if (!after.first_answer_at) after.first_answer_at = request.now;
      break;
    case QuestionAction::note:
      after.messages.push_back(QuestionMessage{QuestionEntryKind::note, request.user.username, text, request.now});
      break;
    case QuestionAction::transfer: after.desk = request.desk; break;
    case QuestionAction::set_urgent: after.urgent = request.urgent; break;
    case QuestionAction::close: after.closed_at = request.now; break;
    case QuestionAction::claim:
    case QuestionAction::escalate:
    case QuestionAction::reply: break;
  }
  return after;
}

Result<void> CheckTransfer(QuestionTransaction& transaction, const QuestionRecord& question, std::string_view desk) {
  if (desk.empty() || !transaction.DeskExists(desk)) return Problem(Error::invalid_request, "desk", "is not a known desk");
  if (desk == question.desk) return Problem(Error::invalid_request, "desk", "is already the ticket's desk");
  return {};
}

// The role in which `user` sees `question`, or nullopt when they do not see it at all: a desk's back
// office sees a ticket only once it is escalated to it; before, it is the front office's alone.
std::optional<QuestionRole> SeeingRole(const storage::User& user, const QuestionRecord& question) {
  const std::optional<QuestionRole> role = StaffRoleFor(user, question);
  if (role == QuestionRole::back_office && !question.escalated) return std::nullopt;
  return role;
}

}  // namespace

Result<engine::QuestionStats> Statistics(storage::Store& store, const storage::User& user, engine::Date from,
                                         engine::Date to, Instant now, std::chrono::minutes service_level) {
  if (!IsFrontOffice(user)) return Error::forbidden;
  const date::time_zone& zone = engine::HelpDeskZone();
  const Instant start = engine::StartOfLocalDay(from, zone);
  const Instant end = engine::StartOfLocalDay(engine::Date(date::sys_days(to) + date::days{1}), zone);
  auto questions = store.QuestionsOpenedBetween(start, end);
  if (!questions) return questions.error();
  auto uses = store.FaqUseBetween(from, to);
  if (!uses) return uses.error();
  std::vector<engine::QuestionFact> facts;
  for (const QuestionRecord& question : *questions) {
    facts.push_back(engine::QuestionFact{question.topic, question.desk, question.state, question.escalated,
                                         question.created_at, question.first_answer_at, question.closed_at});
  }
  std::vector<engine::FaqUseFact> faq;
  for (const storage::FaqUse& use : *uses) faq.push_back(engine::FaqUseFact{use.topic, use.day, use.shown, use.asked});
  return engine::ComputeQuestionStats(facts, faq, from, to, now, service_level);
}

bool IsFrontOffice(const storage::User& user) { return user.role == Role::helpdesk || user.role == Role::admin; }

std::optional<QuestionRole> StaffRoleFor(const storage::User& user, const QuestionRecord& question) {
  switch (user.role) {
    case Role::helpdesk:
    case Role::admin: return QuestionRole::front_office;
    case Role::operator_:
    case Role::manager:
      if (user.desk == question.desk) return QuestionRole::back_office;
      return std::nullopt;
    case Role::kiosk: return std::nullopt;
  }
  return std::nullopt;
}

Result<AskedQuestion> Ask(storage::Store& store, const engine::Topics& topics, const AskRequest& request) {
  if (!engine::ParseLanguage(request.lang)) return Problem(Error::invalid_request, "lang", "must be it, en, fr or es");
  if (topics.Find(request.topic) == nullptr) return Problem(Error::invalid_request, "topic", "is not a known topic");
  auto text = engine::CleanQuestionText(request.text, "text");
  if (!text) return text.error();
  AskedQuestion asked{QuestionRecord{}, storage::NewManageToken()};
  auto stored = store.ChangeQuestion([&](QuestionTransaction& transaction) -> Result<QuestionRecord> {
    const std::optional<engine::Application> application = transaction.Application(request.application_id);
    const engine::Application* found = application ? &*application : nullptr;
    if (auto verified = engine::VerifyApplicant(found, found != nullptr ? found->desk : "", request.tax_code);
        !verified) {
      return verified.error();
    }
    if (transaction.OpenQuestionsOf(application->id) >= kMaxOpenQuestions) {
      return Problem(Error::too_many_questions, "",
                     fmt::format("at most {} questions may be open at once: write in one of them", kMaxOpenQuestions));
    }
    QuestionRecord question;
    question.id = storage::NewQuestionId();
    question.desk = application->desk;
    question.application_id = application->id;
    question.topic = request.topic;
    question.lang = request.lang;
    question.email = application->email;
    question.created_at = request.now;
    question.updated_at = request.now;
    question.waiting_since = request.now;
    question.messages.push_back(QuestionMessage{QuestionEntryKind::applicant, "", *text, request.now});
    QuestionRecord inserted = transaction.InsertQuestion(question, asked.token);
    if (request.faq_seen) {
      transaction.CountFaqUse(request.topic, engine::LocalDate(request.now, engine::HelpDeskZone()), 0, 1);
    }
    transaction.AuditQuestion("question.ask", Actor::Applicant(), nullptr, inserted, request.now);
    return inserted;
  });
  if (!stored) return stored.error();
  asked.question = std::move(*stored);
  return asked;
}

Result<QuestionRecord> FindForApplicant(storage::Store& store, std::string_view id, std::string_view token) {
  return store.VerifyQuestionToken(id, token);
}

Result<QuestionRecord> Reply(storage::Store& store, std::string_view id, std::string_view token, std::string_view text,
                             Instant now) {
  auto verified = store.VerifyQuestionToken(id, token);
  if (!verified) return verified.error();
  auto cleaned = engine::CleanQuestionText(text, "text");
  if (!cleaned) return cleaned.error();
  return store.ChangeQuestion([&](QuestionTransaction& transaction) -> Result<QuestionRecord> {
    const std::optional<QuestionRecord> question = transaction.LockQuestion(id);
    if (!question) return Error::not_found;
    auto facts = engine::ApplyQuestionAction(FactsOf(*question), QuestionAction::reply, QuestionRole::applicant, "");
    if (!facts) return facts.error();
    QuestionRecord after = WithFacts(*question, *facts, now);
    if (!after.waiting_since) after.waiting_since = now;
    after.messages.push_back(QuestionMessage{QuestionEntryKind::applicant, "", *cleaned, now});
    transaction.UpdateQuestion(*question, after);
    transaction.AuditQuestion("question.reply", Actor::Applicant(), &*question, after, now);
    return after;
  });
}

Result<QuestionRecord> Act(storage::Store& store, const StaffQuestionRequest& request) {
  if (request.action == QuestionAction::reply) {
    return Problem(Error::invalid_request, "action", "a reply is the applicant's");
  }
  std::string text;
  if (CarriesText(request.action)) {
    auto cleaned = engine::CleanQuestionText(request.text, "text");
    if (!cleaned) return cleaned.error();
    text = std::move(*cleaned);
  }
  return store.ChangeQuestion([&](QuestionTransaction& transaction) -> Result<QuestionRecord> {
    const std::optional<QuestionRecord> question = transaction.LockQuestion(request.id);
    if (!question) return Error::not_found;
    const std::optional<QuestionRole> role = SeeingRole(request.user, *question);
    if (!role) return Error::not_found;
    auto facts = engine::ApplyQuestionAction(FactsOf(*question), request.action, *role, request.user.username);
    if (!facts) return facts.error();
    if (request.action == QuestionAction::transfer) {
      if (auto checked = CheckTransfer(transaction, *question, request.desk); !checked) return checked.error();
    }
    const QuestionRecord after = Apply(*question, *facts, request, text);
    transaction.UpdateQuestion(*question, after);
    if (IsAnswer(request.action)) transaction.EnqueueQuestionAnswered(after, request.now);
    transaction.AuditQuestion(fmt::format("question.{}", ActionName(request.action)),
                              Actor::Staff(request.user.username), &*question, after, request.now);
    return after;
  });
}

Result<QuestionRecord> FindForStaff(storage::Store& store, std::string_view id, const storage::User& user) {
  auto question = store.FindQuestion(id);
  if (!question) return question.error();
  if (!SeeingRole(user, *question)) return Error::not_found;
  return question;
}

Result<std::vector<QuestionRecord>> QueueFor(storage::Store& store, const storage::User& user,
                                             storage::QuestionQuery query) {
  switch (user.role) {
    case Role::helpdesk:
    case Role::admin: break;
    case Role::operator_:
    case Role::manager:
      query.desk = user.desk;
      query.escalated = true;
      break;
    case Role::kiosk: return Error::forbidden;
  }
  return store.QuestionQueue(query);
}

}  // namespace sportello::booking
