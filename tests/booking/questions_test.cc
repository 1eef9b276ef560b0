// The questions of SPEC.md (booking/questions.h) on a real SQLite file and on PostgreSQL: asking
// with the applicant's proof, the ticket's token, the front office and the back office, two people
// on one ticket at once, the e-mail of an answer, transfers, the queue's order and the audit.
#include "booking/questions.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <thread>

namespace sportello::storage::testing {
namespace {

using booking::AskedQuestion;
using engine::QuestionAction;
using std::chrono::minutes;

engine::Topics TestTopics() {
  auto topics = engine::ParseTopics(R"({"topics":[
    {"id":"stato-pratica","name":{"it":"Stato","en":"State","fr":"État","es":"Estado"}},
    {"id":"documenti","name":{"it":"Documenti","en":"Documents","fr":"Documents","es":"Documentos"}}]})");
  REQUIRE(topics.ok());
  return *topics.value;
}

const User kFront{"front1", Role::helpdesk, ""};
const User kFront2{"front2", Role::helpdesk, ""};
const User kRomaOperator{"op.roma", Role::operator_, "roma"};
const User kLatinaOperator{"op.latina", Role::operator_, "latina"};

booking::AskRequest AskOf(int application, std::string text = "Dov'è la mia pratica?", Instant now = kNow) {
  return booking::AskRequest{AppId(application), std::string(kTaxCode), "stato-pratica", std::move(text), "en", now};
}

AskedQuestion Ask(Store& store, int application = 0, Instant now = kNow) {
  auto asked = booking::Ask(store, TestTopics(), AskOf(application, "Dov'è la mia pratica?", now));
  REQUIRE(asked.has_value());
  return *asked;
}

booking::StaffQuestionRequest ActionOf(const AskedQuestion& asked, QuestionAction action, const User& user,
                                       std::string text = "", Instant now = kNow + minutes{10}) {
  booking::StaffQuestionRequest request;
  request.id = asked.question.id;
  request.action = action;
  request.text = std::move(text);
  request.user = user;
  request.now = now;
  return request;
}

QuestionRecord Acted(Store& store, const booking::StaffQuestionRequest& request) {
  auto done = booking::Act(store, request);
  REQUIRE(done.has_value());
  return *done;
}

struct QuestionFixture : StoreFixture {
  QuestionFixture() : StoreFixture(8) {
    REQUIRE(booking::SeedDesk(*store, ParseTestCalendar(CalendarJson("latina", "LT")), kNow).value());
  }
};

TEST_CASE("a verified applicant asks and gets an open ticket with a number and a token") {
  QuestionFixture f;
  const AskedQuestion asked = Ask(*f.store, 3);
  const QuestionRecord& question = asked.question;
  CHECK(question.state == QuestionState::open);
  CHECK(question.desk == "roma");
  CHECK(question.application_id == AppId(3));
  CHECK(question.topic == "stato-pratica");
  CHECK(question.lang == "en");
  CHECK(question.email == "persona@example.org");
  CHECK(question.waiting_since == kNow);
  CHECK(engine::QuestionNumber(question.sequence) == "Q-000001");
  REQUIRE(question.messages.size() == 1);
  CHECK(question.messages[0].kind == QuestionEntryKind::applicant);
  CHECK(question.messages[0].text == "Dov'è la mia pratica?");
  CHECK(Ask(*f.store, 4).question.sequence == 2);

  auto read = booking::FindForApplicant(*f.store, question.id, asked.token);
  REQUIRE(read.has_value());
  CHECK(*read == question);
  CHECK(booking::FindForApplicant(*f.store, question.id, "wrong").error() == Error::not_found);
  CHECK(booking::FindForApplicant(*f.store, question.id, "").error() == Error::not_found);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'question.ask' AND actor = 'applicant'") == 2);
  // The audit keeps the classification, never the text.
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE after LIKE '%pratica?%'") == 0);
}

TEST_CASE("a question with a wrong proof, an unknown topic or a bad text is refused and stores nothing") {
  QuestionFixture f;
  booking::AskRequest wrong_tax = AskOf(0);
  wrong_tax.tax_code = "BNCLRD80A01H501Y";
  booking::AskRequest unknown = AskOf(0);
  unknown.application_id = "A-99999";
  booking::AskRequest topic = AskOf(0);
  topic.topic = "lottery";
  booking::AskRequest lang = AskOf(0);
  lang.lang = "de";
  const engine::Topics topics = TestTopics();
  CHECK(booking::Ask(*f.store, topics, wrong_tax).error() == Error::application_not_verified);
  CHECK(booking::Ask(*f.store, topics, unknown).error() == Error::application_not_verified);
  CHECK(booking::Ask(*f.store, topics, topic).error().field == "topic");
  CHECK(booking::Ask(*f.store, topics, lang).error().field == "lang");
  CHECK(booking::Ask(*f.store, topics, AskOf(0, " \n ")).error().field == "text");
  CHECK(booking::Ask(*f.store, topics, AskOf(0, std::string(2001, 'x'))).error().field == "text");
  CHECK(QueryInt(f.db, "SELECT count(*) FROM questions") == 0);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action LIKE 'question.%'") == 0);
}

TEST_CASE("an application has at most five questions open at once") {
  QuestionFixture f;
  std::vector<AskedQuestion> asked;
  for (int i = 0; i < booking::kMaxOpenQuestions; ++i) asked.push_back(Ask(*f.store));
  CHECK(booking::Ask(*f.store, TestTopics(), AskOf(0)).error() == Error::too_many_questions);
  Acted(*f.store, ActionOf(asked[0], QuestionAction::close, kFront));
  CHECK(booking::Ask(*f.store, TestTopics(), AskOf(0)).has_value());
}

TEST_CASE("a question travels from the front office to the desk's back office and back to the applicant") {
  QuestionFixture f;
  const AskedQuestion asked = Ask(*f.store);
  // Before it is escalated the desk's staff neither see nor touch it.
  CHECK(booking::FindForStaff(*f.store, asked.question.id, kRomaOperator).error() == Error::not_found);
  CHECK(booking::Act(*f.store, ActionOf(asked, QuestionAction::claim, kRomaOperator)).error() == Error::not_found);
  CHECK(booking::QueueFor(*f.store, kRomaOperator, {})->empty());
  CHECK(booking::QueueFor(*f.store, kFront, {})->size() == 1);

  CHECK(Acted(*f.store, ActionOf(asked, QuestionAction::claim, kFront)).assignee == "front1");
  Acted(*f.store, ActionOf(asked, QuestionAction::note, kFront, "Caso complesso: serve l'ufficio"));
  const QuestionRecord escalated = Acted(*f.store, ActionOf(asked, QuestionAction::escalate, kFront));
  CHECK(escalated.state == QuestionState::escalated);
  CHECK(escalated.assignee.empty());

  // The back office of roma sees it now; latina's does not.
  auto queue = booking::QueueFor(*f.store, kRomaOperator, {});
  REQUIRE(queue->size() == 1);
  CHECK(queue->front().id == asked.question.id);
  CHECK(booking::QueueFor(*f.store, kLatinaOperator, {})->empty());
  CHECK(booking::FindForStaff(*f.store, asked.question.id, kLatinaOperator).error() == Error::not_found);
  CHECK(booking::Act(*f.store, ActionOf(asked, QuestionAction::escalate, kRomaOperator)).error() == Error::forbidden);

  const QuestionRecord answered =
      Acted(*f.store, ActionOf(asked, QuestionAction::answer, kRomaOperator, "La pratica è in istruttoria."));
  CHECK(answered.state == QuestionState::answered);
  CHECK(answered.assignee == "op.roma");
  CHECK(answered.first_answer_at == kNow + minutes{10});
  CHECK_FALSE(answered.waiting_since.has_value());
  CHECK(MessagesOf(f.db, "question_answered") == 1);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications WHERE kind = 'question_answered' AND status = 'queued' "
                       "AND recipient = 'persona@example.org' AND manage_token IS NULL") == 1);

  // The applicant reads the answer, never the note, and replies: it goes back to whoever answered.
  auto seen = booking::FindForApplicant(*f.store, asked.question.id, asked.token);
  REQUIRE(seen->messages.size() == 3);
  CHECK(seen->messages[1].kind == QuestionEntryKind::note);
  CHECK(seen->messages[2].kind == QuestionEntryKind::staff);
  auto replied = booking::Reply(*f.store, asked.question.id, asked.token, "Grazie, e i documenti?", kNow + minutes{30});
  REQUIRE(replied.has_value());
  CHECK(replied->state == QuestionState::claimed);
  CHECK(replied->assignee == "op.roma");
  CHECK(replied->waiting_since == kNow + minutes{30});
  CHECK(replied->first_answer_at == kNow + minutes{10});

  Acted(*f.store, ActionOf(asked, QuestionAction::close, kRomaOperator, "", kNow + minutes{40}));
  CHECK(booking::Reply(*f.store, asked.question.id, asked.token, "Ancora?", kNow + minutes{50}).error() ==
        Error::question_closed);
  CHECK(booking::Reply(*f.store, asked.question.id, "wrong", "Ancora?", kNow).error() == Error::not_found);
  const QuestionRecord closed = *f.store->FindQuestion(asked.question.id);
  CHECK(closed.state == QuestionState::closed);
  CHECK(closed.closed_at == kNow + minutes{40});
  CHECK(closed.messages.size() == 4);
  for (const std::string_view action : {"question.ask", "question.claim", "question.note", "question.escalate",
                                        "question.answer", "question.reply", "question.close"}) {
    CHECK(QueryInt(f.db, fmt::format("SELECT count(*) FROM audit WHERE action = '{}'", action)) == 1);
  }
}

TEST_CASE("two helpdesk members claiming or answering one ticket at once: exactly one of them holds it") {
  QuestionFixture f;
  for (const QuestionAction action : {QuestionAction::claim, QuestionAction::answer}) {
    const AskedQuestion asked = Ask(*f.store);
    std::vector<engine::Result<QuestionRecord>> outcomes(2, Error::internal);
    std::vector<std::thread> staff;
    const User users[] = {kFront, kFront2};
    for (std::size_t i = 0; i < 2; ++i) {
      staff.emplace_back([&, i] { outcomes[i] = booking::Act(*f.store, ActionOf(asked, action, users[i], "Risposta")); });
    }
    for (std::thread& thread : staff) thread.join();
    const int won = (outcomes[0].has_value() ? 1 : 0) + (outcomes[1].has_value() ? 1 : 0);
    CHECK(won == 1);
    const engine::Result<QuestionRecord>& lost = outcomes[0].has_value() ? outcomes[1] : outcomes[0];
    REQUIRE_FALSE(lost.has_value());
    CHECK(lost.error() == Error::already_claimed);
    const QuestionRecord stored = *f.store->FindQuestion(asked.question.id);
    CHECK(stored.assignee == (outcomes[0].has_value() ? "front1" : "front2"));
    CHECK(stored.messages.size() == (action == QuestionAction::answer ? 2U : 1U));
  }
}

TEST_CASE("a transfer moves a ticket to another desk with its history") {
  QuestionFixture f;
  const AskedQuestion asked = Ask(*f.store);
  Acted(*f.store, ActionOf(asked, QuestionAction::escalate, kFront));
  booking::StaffQuestionRequest to_nowhere = ActionOf(asked, QuestionAction::transfer, kFront);
  to_nowhere.desk = "atlantide";
  CHECK(booking::Act(*f.store, to_nowhere).error().field == "desk");
  booking::StaffQuestionRequest to_same = ActionOf(asked, QuestionAction::transfer, kFront);
  to_same.desk = "roma";
  CHECK(booking::Act(*f.store, to_same).error().field == "desk");

  booking::StaffQuestionRequest to_latina = ActionOf(asked, QuestionAction::transfer, kFront);
  to_latina.desk = "latina";
  const QuestionRecord moved = Acted(*f.store, to_latina);
  CHECK(moved.desk == "latina");
  CHECK(moved.state == QuestionState::escalated);
  CHECK(moved.messages.size() == 1);
  CHECK(booking::QueueFor(*f.store, kRomaOperator, {})->empty());
  CHECK(booking::QueueFor(*f.store, kLatinaOperator, {})->size() == 1);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'question.transfer' AND desk = 'latina'") == 1);
}

TEST_CASE("the queue lists urgent tickets first, then the oldest, and leaves closed ones out") {
  QuestionFixture f;
  const AskedQuestion first = Ask(*f.store, 0, kNow);
  const AskedQuestion second = Ask(*f.store, 1, kNow + minutes{1});
  const AskedQuestion third = Ask(*f.store, 2, kNow + minutes{2});
  const AskedQuestion fourth = Ask(*f.store, 3, kNow + minutes{3});
  booking::StaffQuestionRequest urgent = ActionOf(third, QuestionAction::set_urgent, kFront);
  urgent.urgent = true;
  CHECK(Acted(*f.store, urgent).urgent);
  Acted(*f.store, ActionOf(fourth, QuestionAction::close, kFront));

  auto queue = booking::QueueFor(*f.store, kFront, {});
  REQUIRE(queue->size() == 3);
  CHECK((*queue)[0].id == third.question.id);
  CHECK((*queue)[1].id == first.question.id);
  CHECK((*queue)[2].id == second.question.id);
  CHECK((*queue)[0].messages.empty());
  QuestionQuery closed;
  closed.state = QuestionState::closed;
  CHECK(booking::QueueFor(*f.store, kFront, closed)->size() == 1);
  QuestionQuery by_topic;
  by_topic.topic = "documenti";
  CHECK(booking::QueueFor(*f.store, kFront, by_topic)->empty());
  CHECK(booking::QueueFor(*f.store, User{"kiosk", Role::kiosk, "roma"}, {}).error() == Error::forbidden);
}

TEST_CASE("a verified applicant finds every ticket of the application with its token") {
  QuestionFixture f;
  const AskedQuestion older = Ask(*f.store, 0, kNow);
  const AskedQuestion newer = Ask(*f.store, 0, kNow + minutes{1});
  auto opened = f.store->QuestionsOfApplication(AppId(0));
  REQUIRE(opened->size() == 2);
  CHECK((*opened)[0].question.id == newer.question.id);
  CHECK((*opened)[0].token == newer.token);
  CHECK((*opened)[1].token == older.token);
  CHECK((*opened)[1].question.messages.size() == 1);
  CHECK(f.store->QuestionsOfApplication(AppId(1))->empty());
}

}  // namespace
}  // namespace sportello::storage::testing
