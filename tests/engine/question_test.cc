// The rules of a question's ticket (engine/question.h): who may do what in which state, the text a
// question may have, and when a ticket is overdue.
#include "engine/question.h"

#include "tests/support/result_printer.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

QuestionFacts Ticket(QuestionState state, bool escalated = false, std::string assignee = "") {
  return {state, escalated, std::move(assignee)};
}

Result<QuestionFacts> FrontOffice(const QuestionFacts& ticket, QuestionAction action, std::string_view who = "anna") {
  return ApplyQuestionAction(ticket, action, QuestionRole::front_office, who);
}

Result<QuestionFacts> BackOffice(const QuestionFacts& ticket, QuestionAction action, std::string_view who = "bruno") {
  return ApplyQuestionAction(ticket, action, QuestionRole::back_office, who);
}

Result<QuestionFacts> Applicant(const QuestionFacts& ticket) {
  return ApplyQuestionAction(ticket, QuestionAction::reply, QuestionRole::applicant, "");
}

}  // namespace

TEST_CASE("question states have stable names", "[question]") {
  for (QuestionState state : {QuestionState::open, QuestionState::claimed, QuestionState::escalated,
                              QuestionState::waiting_applicant, QuestionState::answered, QuestionState::closed}) {
    CHECK(ParseQuestionState(QuestionStateName(state)) == state);
  }
  CHECK(QuestionStateName(QuestionState::waiting_applicant) == "waiting_applicant");
  CHECK_FALSE(ParseQuestionState("pending"));
}

TEST_CASE("a claimed ticket is held by one member of staff: another can neither claim nor answer it",
          "[question]") {
  const auto claimed = FrontOffice(Ticket(QuestionState::open), QuestionAction::claim, "anna");
  REQUIRE(claimed);
  CHECK(claimed->state == QuestionState::claimed);
  CHECK(claimed->assignee == "anna");
  CHECK(FrontOffice(*claimed, QuestionAction::claim, "carla").error() == Error::already_claimed);
  CHECK(FrontOffice(*claimed, QuestionAction::answer, "carla").error() == Error::already_claimed);
  CHECK(FrontOffice(*claimed, QuestionAction::ask_back, "carla").error() == Error::already_claimed);
  CHECK(FrontOffice(*claimed, QuestionAction::claim, "anna")->assignee == "anna");  // one's own: no change
  // Another may still add a note or flag it urgent: that answers nobody.
  CHECK(FrontOffice(*claimed, QuestionAction::note, "carla")->assignee == "anna");
  CHECK(FrontOffice(*claimed, QuestionAction::set_urgent, "carla")->state == QuestionState::claimed);
}

TEST_CASE("answering an unheld ticket takes it on the way, and the reply comes back to whoever answered",
          "[question]") {
  const auto answered = FrontOffice(Ticket(QuestionState::open), QuestionAction::answer, "anna");
  REQUIRE(answered);
  CHECK(answered->state == QuestionState::answered);
  CHECK(answered->assignee == "anna");
  const auto replied = Applicant(*answered);
  REQUIRE(replied);
  CHECK(replied->state == QuestionState::claimed);
  CHECK(replied->assignee == "anna");
  const auto asked_back = FrontOffice(*replied, QuestionAction::ask_back, "anna");
  REQUIRE(asked_back);
  CHECK(asked_back->state == QuestionState::waiting_applicant);
}

TEST_CASE("an escalated ticket goes to its desk's back office, which alone with the front office acts on it",
          "[question]") {
  const auto open = Ticket(QuestionState::open);
  CHECK(BackOffice(open, QuestionAction::claim).error() == Error::forbidden);  // not escalated to the desk
  CHECK(BackOffice(open, QuestionAction::note).error() == Error::forbidden);
  const auto escalated = FrontOffice(*FrontOffice(open, QuestionAction::claim), QuestionAction::escalate);
  REQUIRE(escalated);
  CHECK(escalated->state == QuestionState::escalated);
  CHECK(escalated->escalated);
  CHECK(escalated->assignee.empty());
  CHECK(BackOffice(*escalated, QuestionAction::escalate).error() == Error::forbidden);
  const auto answered = BackOffice(*escalated, QuestionAction::answer, "bruno");
  REQUIRE(answered);
  CHECK(answered->assignee == "bruno");
  CHECK(answered->escalated);  // a reply stays with the back office
  CHECK(Applicant(*answered)->state == QuestionState::claimed);
  // Once nobody holds it, a reply goes back to the desk's queue.
  CHECK(Applicant(*escalated)->state == QuestionState::escalated);
}

TEST_CASE("a transfer hands the ticket to the queue of the new desk's back office or of the front office",
          "[question]") {
  const auto escalated_held = Ticket(QuestionState::claimed, true, "bruno");
  const auto moved = BackOffice(escalated_held, QuestionAction::transfer);
  REQUIRE(moved);
  CHECK(moved->state == QuestionState::escalated);
  CHECK(moved->assignee.empty());
  const auto front = FrontOffice(Ticket(QuestionState::answered, false, "anna"), QuestionAction::transfer);
  REQUIRE(front);
  CHECK(front->state == QuestionState::open);
  CHECK(front->assignee.empty());
}

TEST_CASE("a closed ticket takes nothing more, and the applicant only replies", "[question]") {
  const auto closed = FrontOffice(Ticket(QuestionState::answered, false, "anna"), QuestionAction::close);
  REQUIRE(closed);
  CHECK(closed->state == QuestionState::closed);
  for (QuestionAction action : {QuestionAction::claim, QuestionAction::answer, QuestionAction::note,
                                QuestionAction::escalate, QuestionAction::transfer, QuestionAction::close}) {
    CHECK(FrontOffice(*closed, action).error() == Error::question_closed);
  }
  CHECK(Applicant(*closed).error() == Error::question_closed);
  CHECK(ApplyQuestionAction(Ticket(QuestionState::open), QuestionAction::answer, QuestionRole::applicant, "")
            .error() == Error::forbidden);
  CHECK(FrontOffice(Ticket(QuestionState::open), QuestionAction::reply).error() == Error::forbidden);
}

TEST_CASE("a question's text is plain UTF-8 of 1 to 2000 characters, trimmed, with one kind of line end",
          "[question][validation]") {
  CHECK(*CleanQuestionText("  Dove si trova la mia pratica?\r\nGrazie\n ", "text") ==
        "Dove si trova la mia pratica?\nGrazie");
  CHECK(*CleanQuestionText("a\rb\tc", "text") == "a\nb\tc");
  CHECK(CleanQuestionText(" \n\t", "text").error().field == "text");
  CHECK(CleanQuestionText(" \n\t", "text").error().detail == "must not be empty");
  CHECK(CleanQuestionText("ciao\x07", "text").error().detail == "must be plain text, without control characters");
  CHECK(CleanQuestionText("\xC0\xAF", "text").error().detail == "must be UTF-8 text");
  // Characters, not bytes: 2000 accented letters (4000 bytes) pass, 2001 do not.
  std::string letters;
  for (int i = 0; i < 2000; ++i) letters += "\xC3\xA8";
  CHECK(CleanQuestionText(letters, "text"));
  CHECK(CleanQuestionText(letters + "e", "text").error().detail == "must be at most 2000 characters");
}

TEST_CASE("a ticket is overdue when its applicant has waited for staff longer than the service level",
          "[question]") {
  const Instant asked = *ParseInstant("2026-12-01T10:00:00Z");
  const minutes week = kDefaultServiceLevel;
  CHECK_FALSE(IsOverdue(QuestionState::open, asked, asked + hours(7 * 24), week));
  CHECK(IsOverdue(QuestionState::open, asked, asked + hours(7 * 24) + minutes(1), week));
  CHECK(IsOverdue(QuestionState::escalated, asked, asked + hours(200), week));
  CHECK_FALSE(IsOverdue(QuestionState::answered, std::nullopt, asked + hours(200), week));
  CHECK_FALSE(IsOverdue(QuestionState::waiting_applicant, asked, asked + hours(200), week));
  CHECK_FALSE(IsOverdue(QuestionState::closed, asked, asked + hours(200), week));
}
