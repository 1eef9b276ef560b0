// The FAQ, the help desk's statistics and the anonymised archive of tickets (booking/faq.h,
// booking/questions.h, booking/retention.h) on a real SQLite file and on PostgreSQL.
#include "booking/faq.h"
#include "booking/questions.h"
#include "booking/retention.h"
#include "tests/booking/no_seat_wasted_fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Language;
using std::chrono::days;
using std::chrono::hours;

engine::Topics TestTopics() {
  return *engine::ParseTopics(R"({"topics":[
    {"id":"stato-pratica","name":{"it":"Stato","en":"State","fr":"État","es":"Estado"}},
    {"id":"documenti","name":{"it":"Documenti","en":"Documents","fr":"Documents","es":"Documentos"}}]})")
              .value;
}

const User kFront{"front1", Role::helpdesk, ""};
const User kAdmin{"admin", Role::admin, ""};
const User kRomaManager{"mgr.roma", Role::manager, "roma"};

engine::LocalizedText Text(std::string_view it, std::string_view en, std::string_view fr, std::string_view es) {
  engine::LocalizedText text;
  text.In(Language::it) = it;
  text.In(Language::en) = en;
  text.In(Language::fr) = fr;
  text.In(Language::es) = es;
  return text;
}

booking::FaqDraft PassportDraft() {
  return booking::FaqDraft{"", "documenti",
                           Text("Quali documenti porto?", "Which documents do I bring?", "Quels documents ?",
                                "¿Qué documentos llevo?"),
                           Text("Il passaporto e la ricevuta. È tutto.", "Your passport and the receipt.",
                                "Votre passeport et le reçu.", "Su pasaporte y el recibo."),
                           ""};
}

FaqEntry Save(Store& store, const booking::FaqDraft& draft, Instant now = kNow) {
  auto saved = booking::SaveFaq(store, TestTopics(), draft, kFront, now);
  REQUIRE(saved.has_value());
  return *saved;
}

booking::AskedQuestion AskOf(Store& store, int application, Instant now, bool faq_seen = false) {
  booking::AskRequest request{AppId(application), std::string(kTaxCode), "documenti", "Quali documenti?", "it", now};
  request.faq_seen = faq_seen;
  auto asked = booking::Ask(store, TestTopics(), request);
  REQUIRE(asked.has_value());
  return *asked;
}

QuestionRecord Answer(Store& store, const booking::AskedQuestion& asked, Instant now) {
  booking::StaffQuestionRequest request;
  request.id = asked.question.id;
  request.action = engine::QuestionAction::answer;
  request.text = "Il passaporto.";
  request.user = kFront;
  request.now = now;
  auto answered = booking::Act(store, request);
  REQUIRE(answered.has_value());
  return *answered;
}

TEST_CASE("the front office writes the FAQ in four languages, others may not, and bad entries change nothing") {
  StoreFixture f(2);
  const FaqEntry saved = Save(*f.store, PassportDraft());
  CHECK(saved.id.starts_with("F-"));
  CHECK(saved.updated_by == "front1");
  CHECK(f.store->FaqEntries(std::nullopt)->size() == 1);

  booking::FaqDraft missing_french = PassportDraft();
  missing_french.answer.In(Language::fr) = "  ";
  CHECK(booking::SaveFaq(*f.store, TestTopics(), missing_french, kFront, kNow).error().field == "answer.fr");
  booking::FaqDraft unknown_topic = PassportDraft();
  unknown_topic.topic = "meteo";
  CHECK(booking::SaveFaq(*f.store, TestTopics(), unknown_topic, kFront, kNow).error().field == "topic");
  CHECK(booking::SaveFaq(*f.store, TestTopics(), PassportDraft(), kRomaManager, kNow).error() == Error::forbidden);
  booking::FaqDraft ghost = PassportDraft();
  ghost.id = "F-0000-0000-0000";
  CHECK(booking::SaveFaq(*f.store, TestTopics(), ghost, kFront, kNow).error() == Error::not_found);
  booking::FaqDraft from_nowhere = PassportDraft();
  from_nowhere.source_question = "Q-0000-0000-0000";
  CHECK(booking::SaveFaq(*f.store, TestTopics(), from_nowhere, kFront, kNow).error().field == "source_question");
  CHECK(f.store->FaqEntries(std::nullopt)->size() == 1);

  booking::FaqDraft edited = PassportDraft();
  edited.id = saved.id;
  edited.answer.In(Language::en) = "Your passport, the receipt and a photo.";
  const FaqEntry updated = Save(*f.store, edited, kNow + hours{1});
  CHECK(updated.created_at == kNow);
  CHECK(updated.updated_at == kNow + hours{1});
  CHECK(f.store->FaqEntries("documenti")->front().answer.In(Language::en) == "Your passport, the receipt and a photo.");

  CHECK(booking::DeleteFaq(*f.store, saved.id, kRomaManager, kNow).error() == Error::forbidden);
  REQUIRE(booking::DeleteFaq(*f.store, saved.id, kAdmin, kNow).has_value());
  CHECK(booking::DeleteFaq(*f.store, saved.id, kAdmin, kNow).error() == Error::not_found);
  CHECK(f.store->FaqEntries(std::nullopt)->empty());
  for (const std::string_view action : {"faq.create", "faq.update", "faq.delete"}) {
    CHECK(QueryInt(f.db, fmt::format("SELECT count(*) FROM audit WHERE action = '{}'", action)) == 1);
  }
}

TEST_CASE("an answer is promoted into the FAQ, which names the ticket it came from") {
  StoreFixture f(2);
  const booking::AskedQuestion asked = AskOf(*f.store, 0, kNow);
  Answer(*f.store, asked, kNow + hours{2});
  booking::FaqDraft promoted = PassportDraft();
  promoted.source_question = asked.question.id;
  CHECK(Save(*f.store, promoted).source_question == asked.question.id);
}

TEST_CASE("the FAQ is searched word by word in the applicant's language, ignoring case and accents") {
  StoreFixture f(1);
  Save(*f.store, PassportDraft());
  booking::FaqDraft state = PassportDraft();
  state.topic = "stato-pratica";
  state.question = Text("Quando è pronta la pratica?", "When is my file ready?", "Quand ?", "¿Cuándo?");
  state.answer = Text("Entro sei mesi.", "Within six months.", "Sous six mois.", "En seis meses.");
  Save(*f.store, state);
  const auto search = [&](std::string_view topic, std::string_view words, Language language) {
    auto found = booking::SearchFaq(*f.store, topic, words, language);
    REQUIRE(found.has_value());
    return found->size();
  };
  CHECK(search("", "", Language::it) == 2);
  CHECK(search("documenti", "", Language::it) == 1);
  CHECK(search("", "PASSAP", Language::it) == 1);         // a prefix, any case
  CHECK(search("", "e tutto", Language::it) == 1);        // "È tutto": the accent is ignored
  CHECK(search("", "passaporto pronta", Language::it) == 0);  // every word must be there
  CHECK(search("", "passport", Language::it) == 0);       // the English text is not the Italian one
  CHECK(search("", "passport", Language::en) == 1);
  CHECK(search("", "cuando", Language::es) == 1);
  CHECK(booking::SearchWords("Perché l’attesa? È già×fatto «sì»") ==
        std::vector<std::string>{"perche", "l", "attesa", "e", "gia", "fatto", "si"});
}

TEST_CASE("the statistics count tickets per topic, desk and week with their times, and the FAQ's use") {
  StoreFixture f(6);
  // Monday 2 November 2026: three tickets; one answered after 2 hours, one after 9 days, one never.
  const booking::AskedQuestion quick = AskOf(*f.store, 0, kNow, true);
  const booking::AskedQuestion slow = AskOf(*f.store, 1, kNow + hours{1});
  AskOf(*f.store, 2, kNow + hours{2});
  Answer(*f.store, quick, kNow + hours{2});
  Answer(*f.store, slow, kNow + days{9} + hours{1});
  // The next week: one ticket.
  AskOf(*f.store, 3, kNow + days{7});
  REQUIRE(f.store->CountFaqUse("documenti", *engine::ParseDate("2026-11-02"), 3, 0).has_value());

  const Instant now = kNow + days{10};
  const engine::Date from = *engine::ParseDate("2026-11-01");
  const engine::Date to = *engine::ParseDate("2026-11-15");
  CHECK(booking::Statistics(*f.store, kRomaManager, from, to, now, engine::kDefaultServiceLevel).error() ==
        Error::forbidden);
  auto stats = booking::Statistics(*f.store, kFront, from, to, now, engine::kDefaultServiceLevel);
  REQUIRE(stats.has_value());
  REQUIRE(stats->rows.size() == 2);
  const engine::QuestionWeekRow& first = stats->rows[0];
  CHECK(engine::FormatDate(first.week) == "2026-11-02");
  CHECK(first.topic == "documenti");
  CHECK(first.desk == "roma");
  CHECK(first.opened == 3);
  CHECK(first.answered == 2);
  CHECK(first.overdue == 2);  // answered after 9 days, and never answered in 10
  CHECK(first.first_answer_p50_hours == 2.0);
  CHECK(first.first_answer_p90_hours == 9 * 24.0);
  CHECK(stats->rows[1].opened == 1);
  REQUIRE(stats->weeks.size() == 3);  // the weeks of 26 October (1 November is a Sunday), 2 and 9 November
  CHECK(stats->weeks[0].opened == 0);
  CHECK(stats->weeks[1].opened == 3);
  CHECK(stats->weeks[1].overdue_share == Approx(2.0 / 3));
  CHECK_FALSE(stats->weeks[1].opened_change.has_value());  // after a week without tickets
  CHECK(stats->weeks[2].opened_change == Approx(-2.0 / 3));
  REQUIRE(stats->faq.size() == 1);
  CHECK(stats->faq[0].shown == 3);
  CHECK(stats->faq[0].asked == 1);  // the first question was sent after the FAQ was shown

  // A year later the tickets are archived: no text, contact or application, the statistics the same.
  const Instant year_later = kNow + days{9} + hours{1} + days{366};
  auto purged = booking::Purge(*f.store, booking::RetentionPolicy{}, year_later, false);
  REQUIRE(purged.has_value());
  CHECK(QueryInt(f.db, "SELECT count(*) FROM question_messages") == 0);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM questions WHERE archived = 1") == 4);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM questions WHERE email <> '' OR application_id IS NOT NULL "
                       "OR sealed_token IS NOT NULL") == 0);
  CHECK(f.store->QuestionsOfApplication(AppId(0))->empty());
  auto archived = booking::Statistics(*f.store, kFront, from, to, now, engine::kDefaultServiceLevel);
  REQUIRE(archived.has_value());
  CHECK(archived->rows.size() == 2);
  CHECK(archived->rows[0].opened == 3);
  CHECK(archived->rows[0].first_answer_p90_hours == 9 * 24.0);
}

TEST_CASE("a ticket changed within the year keeps its texts") {
  StoreFixture f(2);
  const booking::AskedQuestion asked = AskOf(*f.store, 0, kNow);
  Answer(*f.store, asked, kNow + days{300});
  auto purged = booking::Purge(*f.store, booking::RetentionPolicy{}, kNow + days{400}, false);
  REQUIRE(purged.has_value());
  CHECK(f.store->FindQuestion(asked.question.id)->messages.size() == 2);
  CHECK(f.store->QuestionsOfApplication(AppId(0))->size() == 1);
}

}  // namespace
}  // namespace sportello::storage::testing
