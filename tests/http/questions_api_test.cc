// Questions through Route() (SPEC.md, "Questions"): the topics, asking with the applicant's proof,
// the ticket behind its token, the front office's queue and actions, the desk's back office once a
// ticket is escalated, what the applicant sees (never the notes nor staff names), and the tickets in
// the applicant's look-up.
#include "api_fixture.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

constexpr const char* kFixtureNow = "2026-11-23T10:00:00+01:00";

std::string Str(const json::value& value) { return std::string(value.as_string()); }

std::string AskBody(const char* application, const char* tax_code, const char* topic, const std::string& text) {
  return json::serialize(json::object{
      {"application_id", application}, {"tax_code", tax_code}, {"topic", topic}, {"text", text}, {"lang", "en"}});
}

// A helpdesk member of the national front office, signed in.
std::map<std::string, std::string> FrontOffice(Api& api, const char* username = "front.office") {
  REQUIRE(sportello::booking::AddUser(api.store(), {username, sportello::storage::Role::helpdesk, ""}, kPassword,
                                      sportello::storage::Actor::Cli(), *sportello::engine::ParseInstant(kFixtureNow))
              .has_value());
  return Api::Bearer(api.Token(username));
}

struct Asked {
  std::string id;
  std::string path;  // the applicant's: /api/v1/questions/{id}?token=…
};

Asked AskA1(Api& api, const std::string& text = "Where is my application?") {
  const Answer asked = api.Post("/api/v1/questions", AskBody("A-1", kTaxCode, "stato-pratica", text));
  REQUIRE(asked.status == 201);
  const std::string id = Str(asked.json.at("id"));
  CHECK(asked.location == "/api/v1/questions/" + id);
  CHECK(Str(asked.json.at("number")).starts_with("Q-"));
  return Asked{id, "/api/v1/questions/" + id + "?token=" + Str(asked.json.at("token"))};
}

std::string Action(const Asked& asked, std::string_view action) {
  return fmt::format("/api/v1/staff/questions/{}/{}", asked.id, action);
}

}  // namespace

TEST_CASE("the national topics are listed in the request's language", "[api][questions]") {
  Api api;
  const Answer topics = api.Get("/api/v1/topics?lang=en");
  REQUIRE(topics.status == 200);
  const json::array& list = topics.json.at("topics").as_array();
  REQUIRE(list.size() >= 7);
  CHECK(list[0].at("id") == "stato-pratica");
  CHECK(list[0].at("name") == "State of the application");
}

TEST_CASE("asking needs the applicant's proof, a known topic and a text, and changes nothing otherwise",
          "[api][questions]") {
  Api api;
  CHECK(api.Post("/api/v1/questions", AskBody("A-1", kOtherTaxCode, "stato-pratica", "Hello")).Code() ==
        "application_not_verified");
  CHECK(api.Post("/api/v1/questions", AskBody("A-404", kTaxCode, "stato-pratica", "Hello")).Code() ==
        "application_not_verified");
  const Answer topic = api.Post("/api/v1/questions", AskBody("A-1", kTaxCode, "lottery", "Hello"));
  CHECK(topic.status == 400);
  CHECK(topic.json.at("field") == "topic");
  const Answer empty = api.Post("/api/v1/questions", AskBody("A-1", kTaxCode, "stato-pratica", "  "));
  CHECK(empty.json.at("field") == "text");
  CHECK(api.Post("/api/v1/questions", R"({"application_id":"A-1"})").Code() == "invalid_request");
  CHECK(api.Post("/api/v1/questions", "not json").Code() == "invalid_request");
  const auto front = FrontOffice(api);
  CHECK(api.Get("/api/v1/staff/questions", front).json.at("questions").as_array().empty());
}

TEST_CASE("a question through the API: front office, escalation, the desk's answer, the applicant's reply",
          "[api][questions]") {
  Api api;
  const Asked asked = AskA1(api);
  const auto front = FrontOffice(api);
  const auto roma = Api::Bearer(api.Token("op.roma"));
  const auto milano = Api::Bearer(api.Token("op.milano"));

  // The ticket opens with its token only.
  CHECK(api.Get("/api/v1/questions/" + asked.id).status == 404);
  CHECK(api.Get("/api/v1/questions/" + asked.id + "?token=wrong").status == 404);
  const Answer opened = api.Get(asked.path);
  REQUIRE(opened.status == 200);
  CHECK(opened.json.at("state") == "open");
  CHECK(opened.json.at("language") == "en");
  CHECK(opened.json.at("messages").as_array().size() == 1);

  // The front office's queue has it; roma's back office does not until it is escalated.
  const Answer queue = api.Get("/api/v1/staff/questions", front);
  REQUIRE(queue.status == 200);
  REQUIRE(queue.json.at("questions").as_array().size() == 1);
  CHECK(queue.json.at("questions").as_array()[0].at("overdue") == false);
  CHECK(api.Get("/api/v1/staff/questions", roma).json.at("questions").as_array().empty());
  CHECK(api.Get("/api/v1/staff/questions/" + asked.id, roma).status == 404);
  CHECK(api.Get("/api/v1/staff/questions?state=lost", front).json.at("field") == "state");

  REQUIRE(api.Post(Action(asked, "claim"), "", front).status == 200);
  const auto second = FrontOffice(api, "front.two");
  CHECK(api.Post(Action(asked, "claim"), "", second).Code() == "already_claimed");
  CHECK(api.Post(Action(asked, "answer"), R"({"text":"Me too"})", second).Code() == "already_claimed");
  REQUIRE(api.Post(Action(asked, "note"), R"({"text":"Needs the desk's file"})", front).status == 200);
  const Answer urgent = api.Post(Action(asked, "urgent"), R"({"urgent":true})", front);
  CHECK(urgent.json.at("urgent") == true);
  const Answer escalated = api.Post(Action(asked, "escalate"), "", front);
  REQUIRE(escalated.status == 200);
  CHECK(escalated.json.at("state") == "escalated");
  CHECK(escalated.json.at("assignee") == "");

  // Now roma's back office sees it, milano's does not.
  CHECK(api.Get("/api/v1/staff/questions", roma).json.at("questions").as_array().size() == 1);
  CHECK(api.Get("/api/v1/staff/questions/" + asked.id, milano).status == 404);
  CHECK(api.Post(Action(asked, "claim"), "", milano).status == 404);
  const Answer staff_view = api.Get("/api/v1/staff/questions/" + asked.id, roma);
  REQUIRE(staff_view.status == 200);
  CHECK(staff_view.json.at("notes").as_array().size() == 1);
  CHECK(staff_view.json.at("notes").as_array()[0].at("author") == "front.office");

  const Answer answered =
      api.Post(Action(asked, "answer"), R"({"text":"Your file is being examined.","wait_for_reply":true})", roma);
  REQUIRE(answered.status == 200);
  CHECK(answered.json.at("state") == "waiting_applicant");
  CHECK(answered.json.at("assignee") == "op.roma");

  // The applicant sees the answer, neither the note nor who wrote it, and replies.
  const Answer seen = api.Get(asked.path);
  const json::array& messages = seen.json.at("messages").as_array();
  REQUIRE(messages.size() == 2);
  CHECK(messages[1].at("from") == "staff");
  CHECK(messages[1].at("text") == "Your file is being examined.");
  CHECK_FALSE(messages[1].as_object().contains("author"));
  CHECK_FALSE(seen.json.as_object().contains("notes"));
  CHECK(seen.body.find("Needs the desk") == std::string::npos);
  const Answer replied = api.Post("/api/v1/questions/" + asked.id + "/messages?token=" +
                                      asked.path.substr(asked.path.find("token=") + 6),
                                  R"({"text":"Thank you. Which documents?"})");
  REQUIRE(replied.status == 200);
  CHECK(replied.json.at("state") == "claimed");

  // The look-up lists the ticket with its token.
  const Answer lookup =
      api.Post("/api/v1/applications/lookup", json::serialize(json::object{{"application_id", "A-1"}, {"tax_code", kTaxCode}}));
  REQUIRE(lookup.status == 200);
  REQUIRE(lookup.json.at("questions").as_array().size() == 1);
  CHECK(Str(lookup.json.at("questions").as_array()[0].at("id")) == asked.id);
  CHECK(asked.path.ends_with(Str(lookup.json.at("questions").as_array()[0].at("token"))));

  REQUIRE(api.Post(Action(asked, "close"), "", roma).status == 200);
  CHECK(api.Post("/api/v1/questions/" + asked.id + "/messages?token=" + asked.path.substr(asked.path.find("token=") + 6),
                 R"({"text":"One more thing"})")
            .Code() == "question_closed");
}

TEST_CASE("staff question routes refuse kiosks, unknown actions and bodies that do not fit", "[api][questions]") {
  Api api;
  const Asked asked = AskA1(api);
  const auto front = FrontOffice(api);
  CHECK(api.Get("/api/v1/staff/questions").status == 401);
  CHECK(api.Get("/api/v1/staff/questions", Api::Bearer(api.Token("kiosk.roma"))).status == 403);
  CHECK(api.Post(Action(asked, "delete"), "", front).status == 404);
  CHECK(api.Post(Action(asked, "answer"), "", front).Code() == "invalid_request");
  CHECK(api.Post(Action(asked, "answer"), R"({"text":""})", front).json.at("field") == "text");
  CHECK(api.Post(Action(asked, "transfer"), R"({"desk":"atlantide"})", front).json.at("field") == "desk");
  const Answer moved = api.Post(Action(asked, "transfer"), R"({"desk":"milano"})", front);
  REQUIRE(moved.status == 200);
  CHECK(moved.json.at("desk") == "milano");
  CHECK(api.Get("/api/v1/staff/questions/" + asked.id, Api::Bearer(api.Token("admin"))).status == 200);
}

TEST_CASE("the FAQ through the API: the front office writes it, applicants search it, the statistics count its use",
          "[api][questions]") {
  Api api;
  const auto front = FrontOffice(api);
  const auto roma = Api::Bearer(api.Token("op.roma"));
  const json::object entry{
      {"topic", "documenti"},
      {"question", json::object{{"it", "Quali documenti porto?"}, {"en", "Which documents do I bring?"},
                                {"fr", "Quels documents ?"}, {"es", "¿Qué documentos?"}}},
      {"answer", json::object{{"it", "Il passaporto."}, {"en", "Your passport."}, {"fr", "Votre passeport."},
                              {"es", "Su pasaporte."}}}};
  CHECK(api.Post("/api/v1/staff/faq", json::serialize(entry), roma).status == 403);
  const Answer created = api.Post("/api/v1/staff/faq", json::serialize(entry), front);
  REQUIRE(created.status == 201);
  const std::string id = Str(created.json.at("id"));
  CHECK(created.json.at("answer").at("fr") == "Votre passeport.");
  json::object no_spanish = entry;
  no_spanish["answer"].as_object().erase("es");
  CHECK(api.Post("/api/v1/staff/faq", json::serialize(no_spanish), front).Code() == "invalid_request");

  // Shown before asking, in English; the applicant asks all the same.
  const Answer shown = api.Get("/api/v1/faq?topic=documenti&lang=en&before_asking=1");
  REQUIRE(shown.status == 200);
  REQUIRE(shown.json.at("entries").as_array().size() == 1);
  CHECK(shown.json.at("entries").as_array()[0].at("answer") == "Your passport.");
  CHECK(api.Get("/api/v1/faq?q=passeport&lang=fr").json.at("entries").as_array().size() == 1);
  CHECK(api.Get("/api/v1/faq?q=visa&lang=fr").json.at("entries").as_array().empty());
  json::object ask = json::parse(AskBody("A-1", kTaxCode, "documenti", "And a photo?")).as_object();
  ask["faq_seen"] = true;
  REQUIRE(api.Post("/api/v1/questions", json::serialize(ask)).status == 201);

  CHECK(api.Get("/api/v1/staff/questions/stats?from=2026-11-23&to=2026-11-29", roma).status == 403);
  CHECK(api.Get("/api/v1/staff/questions/stats?from=2026-11-23&to=2027-12-29", front).Code() == "invalid_request");
  const Answer stats = api.Get("/api/v1/staff/questions/stats?from=2026-11-23&to=2026-11-29", front);
  REQUIRE(stats.status == 200);
  REQUIRE(stats.json.at("rows").as_array().size() == 1);
  CHECK(stats.json.at("rows").as_array()[0].at("opened") == 1);
  CHECK(stats.json.at("rows").as_array()[0].at("desk") == "roma");
  REQUIRE(stats.json.at("faq").as_array().size() == 1);
  CHECK(stats.json.at("faq").as_array()[0].at("shown") == 1);
  CHECK(stats.json.at("faq").as_array()[0].at("asked") == 1);
  CHECK(stats.json.at("faq").as_array()[0].at("not_asked") == 0);
  CHECK(stats.json.at("service_level_hours") == 168.0);

  CHECK(api.Send(boost::beast::http::verb::delete_, "/api/v1/staff/faq/" + id, "", roma).status == 403);
  CHECK(api.Send(boost::beast::http::verb::delete_, "/api/v1/staff/faq/" + id, "", front).status == 204);
  CHECK(api.Get("/api/v1/faq?topic=documenti").json.at("entries").as_array().empty());
}
