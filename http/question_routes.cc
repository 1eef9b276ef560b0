// The questions of SPEC.md, "Questions": the national topics; asking (with the applicant's proof,
// limited like a booking); the ticket and the applicant's replies (with the ticket's token: else
// 404, as for an unknown id); the staff queue and a staff member's actions. The rules are
// booking/questions.h's; here the requests are read and the tickets written out. Applicants never
// see the notes nor who answered them; staff see both.
#include "booking/questions.h"
#include "engine/json_reader.h"
#include "engine/language.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

#include <algorithm>
#include <iterator>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::QuestionAction;
using storage::QuestionEntryKind;
using storage::QuestionRecord;

namespace {

constexpr std::string_view kTokenHeader = "X-Question-Token";

// The fields every view of a ticket has.
json::object TicketBaseJson(const QuestionRecord& question, const date::time_zone& zone) {
  return json::object{{"id", question.id},
                      {"number", engine::QuestionNumber(question.sequence)},
                      {"desk", question.desk},
                      {"application_id", question.application_id},
                      {"topic", question.topic},
                      {"language", question.lang},
                      {"state", engine::QuestionStateName(question.state)},
                      {"urgent", question.urgent},
                      {"created_at", engine::FormatInstant(question.created_at, zone)},
                      {"updated_at", engine::FormatInstant(question.updated_at, zone)}};
}

json::object MessageJson(const storage::QuestionMessage& message, const date::time_zone& zone) {
  return json::object{{"from", message.kind == QuestionEntryKind::applicant ? "applicant" : "staff"},
                      {"text", message.text},
                      {"at", engine::FormatInstant(message.at, zone)}};
}

// The ticket as its applicant sees it: the messages, without the notes and without staff names.
json::object ApplicantTicketJson(const QuestionRecord& question, const date::time_zone& zone,
                                 const std::optional<std::string>& token = std::nullopt) {
  json::object object = TicketBaseJson(question, zone);
  json::array messages;
  for (const storage::QuestionMessage& message : question.messages) {
    if (message.kind != QuestionEntryKind::note) messages.push_back(MessageJson(message, zone));
  }
  object["messages"] = std::move(messages);
  if (token) object["token"] = *token;
  return object;
}

// The ticket as staff see it: who holds it, whether it is escalated or overdue, and (when read
// whole) every message with its author and the internal notes.
json::object StaffTicketJson(const QuestionRecord& question, const date::time_zone& zone, engine::Instant now,
                             std::chrono::minutes service_level) {
  json::object object = TicketBaseJson(question, zone);
  object["assignee"] = question.assignee;
  object["escalated"] = question.escalated;
  object["verified"] = question.verified;
  object["overdue"] = engine::IsOverdue(question.state, question.waiting_since, now, service_level);
  if (question.waiting_since) object["waiting_since"] = engine::FormatInstant(*question.waiting_since, zone);
  json::array messages;
  json::array notes;
  for (const storage::QuestionMessage& message : question.messages) {
    json::object entry = MessageJson(message, zone);
    if (message.kind != QuestionEntryKind::applicant) entry["author"] = message.author;
    (message.kind == QuestionEntryKind::note ? notes : messages).push_back(std::move(entry));
  }
  object["messages"] = std::move(messages);
  object["notes"] = std::move(notes);
  return object;
}

Response StaffTicketAnswer(Call& call, const QuestionRecord& question) {
  return call.Json(beast_http::status::ok, StaffTicketJson(question, StaffTimeZone(), call.now(),
                                                           call.services().question_service_level));
}

}  // namespace

Response ListTopics(Call& call) {
  json::array topics;
  for (const engine::Topic& topic : call.services().KnownTopics().topics()) {
    topics.push_back(json::object{{"id", topic.id}, {"name", topic.name.In(call.language())}});
  }
  return call.Json(beast_http::status::ok, json::object{{"topics", std::move(topics)}});
}

Response AskQuestion(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  booking::AskRequest request;
  request.application_id = body.BoundedString("application_id", true, 64).value_or("");
  request.tax_code = body.BoundedString("tax_code", true, 32).value_or("");
  request.topic = body.BoundedString("topic", true, 64).value_or("");
  request.text = body.String("text", true).value_or("");
  const auto lang = body.BoundedString("lang", false, 8);
  request.faq_seen = body.Bool("faq_seen", false).value_or(false);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  request.lang = lang.value_or(std::string(engine::LanguageCode(call.language())));
  request.now = call.now();
  if (auto blocked = CheckVerificationAllowed(call, request.application_id)) return std::move(*blocked);
  auto asked = booking::Ask(call.services().store, call.services().KnownTopics(), request);
  if (!asked) {
    if (asked.error() == Error::application_not_verified) ChargeFailedVerification(call, request.application_id);
    return call.Fail(asked.error());
  }
  Response response = call.Json(beast_http::status::created,
                                json::object{{"id", asked->question.id},
                                             {"number", engine::QuestionNumber(asked->question.sequence)},
                                             {"token", asked->token}});
  response.set(beast_http::field::location, "/api/v1/questions/" + asked->question.id);
  return response;
}

Response GetQuestion(Call& call) {
  auto question = booking::FindForApplicant(call.services().store, call.Param("id"), call.Token(kTokenHeader));
  if (!question) return call.Fail(question.error());
  return call.Json(beast_http::status::ok, ApplicantTicketJson(*question, StaffTimeZone()));
}

Response ReplyToQuestion(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  const std::string text = body.String("text", true).value_or("");
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  auto replied = booking::Reply(call.services().store, call.Param("id"), call.Token(kTokenHeader), text, call.now());
  if (!replied) return call.Fail(replied.error());
  return call.Json(beast_http::status::ok, ApplicantTicketJson(*replied, StaffTimeZone()));
}

Response StaffQuestionQueue(Call& call) {
  storage::QuestionQuery query;
  if (const auto state = call.Query("state")) {
    query.state = engine::ParseQuestionState(*state);
    if (!query.state) return call.Fail(engine::Problem(Error::invalid_request, "state", "is not a ticket state"));
  }
  if (const auto desk = call.Query("desk"); desk && !desk->empty()) query.desk = *desk;
  if (const auto topic = call.Query("topic"); topic && !topic->empty()) query.topic = *topic;
  auto queue = booking::QueueFor(call.services().store, call.user(), query);
  if (!queue) return call.Fail(queue.error());
  json::array questions;
  for (const QuestionRecord& question : *queue) {
    questions.push_back(
        StaffTicketJson(question, StaffTimeZone(), call.now(), call.services().question_service_level));
  }
  return call.Json(beast_http::status::ok, json::object{{"questions", std::move(questions)}});
}

Response StaffGetQuestion(Call& call) {
  auto question = booking::FindForStaff(call.services().store, call.Param("id"), call.user());
  if (!question) return call.Fail(question.error());
  return StaffTicketAnswer(call, *question);
}

Response StaffActOnQuestion(Call& call) {
  static constexpr std::pair<std::string_view, QuestionAction> kActions[] = {
      {"claim", QuestionAction::claim},       {"answer", QuestionAction::answer},
      {"note", QuestionAction::note},         {"escalate", QuestionAction::escalate},
      {"transfer", QuestionAction::transfer}, {"urgent", QuestionAction::set_urgent},
      {"close", QuestionAction::close}};
  booking::StaffQuestionRequest request;
  request.id = call.Param("id");
  const auto action = std::find_if(std::begin(kActions), std::end(kActions),
                                   [&](const auto& entry) { return entry.first == call.Param("action"); });
  if (action == std::end(kActions)) return call.Fail(Error::not_found);
  request.action = action->second;
  request.user = call.user();
  request.now = call.now();
  if (!call.request().body().empty()) {
    std::vector<engine::FieldError> errors;
    std::optional<json::value> document = call.JsonBody(errors);
    if (!document) return call.Fail(errors);
    engine::json_reader::ObjectView body(*document, "", errors);
    const bool takes_text = request.action == QuestionAction::answer || request.action == QuestionAction::note;
    if (takes_text) request.text = body.String("text", true).value_or("");
    if (request.action == QuestionAction::answer && body.Bool("wait_for_reply", false).value_or(false)) {
      request.action = QuestionAction::ask_back;
    }
    if (request.action == QuestionAction::transfer) request.desk = body.BoundedString("desk", true, 64).value_or("");
    if (request.action == QuestionAction::set_urgent) request.urgent = body.Bool("urgent", true).value_or(false);
    body.Finish();
    if (!errors.empty()) return call.Fail(errors);
  } else if (request.action == QuestionAction::answer || request.action == QuestionAction::note ||
             request.action == QuestionAction::transfer || request.action == QuestionAction::set_urgent) {
    return call.Fail(engine::Problem(Error::invalid_request, "", "this action needs a JSON body"));
  }
  auto done = booking::Act(call.services().store, request);
  if (!done) return call.Fail(done.error());
  if (request.action == QuestionAction::answer || request.action == QuestionAction::ask_back) {
    call.services().OutboxChanged();
  }
  return StaffTicketAnswer(call, *done);
}

engine::Result<json::array> QuestionsJson(Call& call, std::string_view application_id) {
  auto opened = call.services().store.QuestionsOfApplication(application_id);
  if (!opened) return opened.error();
  json::array questions;
  for (const storage::OpenedQuestion& entry : *opened) {
    std::optional<std::string> token;
    if (!entry.token.empty()) token = entry.token;
    questions.push_back(ApplicantTicketJson(entry.question, StaffTimeZone(), token));
  }
  return questions;
}

}  // namespace sportello::http::routes
