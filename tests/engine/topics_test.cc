// The national classification of questions (calendars/topics.json).
#include "engine/topics.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace sportello::engine;

namespace {

std::vector<std::string> ErrorsOf(const std::string& text) {
  std::vector<std::string> errors;
  for (const FieldError& error : ParseTopics(text).errors) errors.push_back(error.ToString());
  return errors;
}

const std::string kOther = R"({"id":"altro","name":{"it":"Altro","en":"Other","fr":"Autre","es":"Otro"}})";

}  // namespace

TEST_CASE("a topic has an id and a name in four languages, in the file's order", "[topics]") {
  const std::string text = R"({"topics":[{"id":"cittadinanza",
    "name":{"it":"Cittadinanza","en":"Citizenship","fr":"Nationalité","es":"Ciudadanía"}},)" + kOther + "]}";
  const Parsed<Topics> parsed = ParseTopics(text);
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value->topics().size() == 2);
  CHECK(parsed.value->topics()[0].id == "cittadinanza");
  CHECK(parsed.value->topics()[1].id == "altro");
  const Topic* topic = parsed.value->Find("cittadinanza");
  REQUIRE(topic != nullptr);
  CHECK(topic->name.In(Language::es) == "Ciudadanía");
  CHECK(parsed.value->Find("visti") == nullptr);
}

TEST_CASE("topics errors are named by path, and nothing is returned with one", "[topics][validation]") {
  CHECK(ErrorsOf(R"({"topics":[]})") == std::vector<std::string>{"topics: must list at least one topic"});
  CHECK(ErrorsOf(R"({"topics":[)" + kOther + "," + kOther + "]}") ==
        std::vector<std::string>{"topics[1].id: duplicate id altro"});
  CHECK(ErrorsOf(R"({"topics":[{"id":"Altro!","name":{"it":"A","en":"A","fr":"A","es":""}}]})") ==
        std::vector<std::string>{"topics[0].id: must be 1-40 characters of a-z, 0-9 and -",
                                 "topics[0].name.es: must not be empty"});
  CHECK(ErrorsOf(R"({"topics":[{"id":"altro","name":{"it":"A","en":"A","fr":"A","es":"A"},"icon":"x"}]})") ==
        std::vector<std::string>{"topics[0].icon: unknown field"});
  CHECK_FALSE(ParseTopics(R"({"topics":[)" + kOther + "," + kOther + "]}").value);
}

TEST_CASE("the shipped classification is valid and has the topics applicants ask about most", "[topics][data]") {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/topics.json");
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const Parsed<Topics> parsed = ParseTopics(text.str());
  INFO((parsed.errors.empty() ? std::string() : parsed.errors.front().ToString()));
  REQUIRE(parsed.ok());
  for (const char* id : {"stato-pratica", "appuntamento", "documenti", "permesso-soggiorno", "ricongiungimento",
                         "cittadinanza", "altro"}) {
    CAPTURE(id);
    CHECK(parsed.value->Find(id) != nullptr);
  }
}
