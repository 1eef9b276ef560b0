// The catalogue of status events (engine/status_event.h, calendars/status_events.json): codes, texts in
// four languages, which steps are e-mailed; every problem named by path.
#include "engine/status_event.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace sportello::engine {
namespace {

std::vector<std::string> ErrorsOf(const std::string& json) {
  std::vector<std::string> errors;
  for (const FieldError& error : ParseStatusEventCatalogue(json).errors) errors.push_back(error.ToString());
  return errors;
}

const std::string kText = R"({"it":"Pronto","en":"Ready","fr":"Prêt","es":"Listo"})";

TEST_CASE("an event code is a short word of a-z, 0-9 and _", "[status_event]") {
  CHECK(IsValidEventCode("nulla_osta_issued"));
  CHECK(IsValidEventCode("a"));
  CHECK(IsValidEventCode(std::string(40, 'a')));
  CHECK_FALSE(IsValidEventCode(std::string(41, 'a')));
  CHECK_FALSE(IsValidEventCode(""));
  CHECK_FALSE(IsValidEventCode("1st"));
  CHECK_FALSE(IsValidEventCode("Ready"));
  CHECK_FALSE(IsValidEventCode("nulla-osta"));
}

TEST_CASE("a catalogue of status events is read whole or not at all", "[status_event]") {
  const Parsed<StatusEventCatalogue> parsed =
      ParseStatusEventCatalogue(R"({"events":[{"code":"ready","text":)" + kText + R"(,"email":true},)" +
                                R"({"code":"closed","text":)" + kText + "}]}");
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value->Find("ready") != nullptr);
  CHECK(parsed.value->Find("ready")->email);
  CHECK(parsed.value->Find("ready")->text.In(Language::fr) == "Prêt");
  CHECK_FALSE(parsed.value->Find("closed")->email);  // no e-mail unless asked
  CHECK(parsed.value->Find("other") == nullptr);

  CHECK(ErrorsOf(R"({"events":[{"code":"Ready","text":)" + kText + "}]}") ==
        std::vector<std::string>{"events[0].code: must be 1 to 40 characters of a-z, 0-9 and _, starting with a letter"});
  CHECK(ErrorsOf(R"({"events":[{"code":"a","text":)" + kText + R"(},{"code":"a","text":)" + kText + "}]}") ==
        std::vector<std::string>{"events[1].code: appears twice"});
  CHECK(ErrorsOf(R"({"events":[{"code":"a","text":{"it":"x","en":"x","fr":"x","es":""}}]})") ==
        std::vector<std::string>{"events[0].text.es: must not be empty"});
  CHECK(ErrorsOf(R"({"events":[{"code":"a","text":)" + kText + R"(,"mail":true}]})") ==
        std::vector<std::string>{"events[0].mail: unknown field"});
}

TEST_CASE("the shipped catalogue is valid and e-mails the steps an applicant must act on", "[status_event][data]") {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/status_events.json");
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const Parsed<StatusEventCatalogue> parsed = ParseStatusEventCatalogue(text.str());
  INFO((parsed.errors.empty() ? std::string() : parsed.errors.front().ToString()));
  REQUIRE(parsed.ok());
  for (const char* code : {"documents_requested", "nulla_osta_issued", "rejected"}) {
    CAPTURE(code);
    REQUIRE(parsed.value->Find(code) != nullptr);
    CHECK(parsed.value->Find(code)->email);
  }
  REQUIRE(parsed.value->Find("under_review") != nullptr);
  CHECK_FALSE(parsed.value->Find("under_review")->email);
  CHECK(parsed.value->Find(kStatusChangedCode) == nullptr);  // the import's own code brings its text
}

}  // namespace
}  // namespace sportello::engine
