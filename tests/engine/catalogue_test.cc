#include "engine/catalogue.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace sportello::engine;

namespace {

const std::string kTypeEntry = R"({"id":"lavoro-documenti",
  "name":{"it":"Lavoro: documenti","en":"Work: documents","fr":"Travail : documents","es":"Trabajo: documentos"},
  "documents":[{"it":"Passaporto","en":"Passport","fr":"Passeport","es":"Pasaporte"}]})";
const std::string kOneType = R"({"types":[)" + kTypeEntry + "]}";

std::vector<std::string> ErrorsOf(const std::string& text) {
  std::vector<std::string> errors;
  for (const FieldError& error : ParseCatalogue(text).errors) errors.push_back(error.ToString());
  return errors;
}

}  // namespace

TEST_CASE("a catalogue type has a name and documents in four languages", "[catalogue]") {
  const Parsed<Catalogue> parsed = ParseCatalogue(kOneType);
  REQUIRE(parsed.ok());
  const AppointmentType* type = parsed.value->Find("lavoro-documenti");
  REQUIRE(type != nullptr);
  CHECK(type->name.In(Language::fr) == "Travail : documents");
  REQUIRE(type->documents.size() == 1);
  CHECK(type->documents[0].In(Language::es) == "Pasaporte");
  CHECK(parsed.value->Find("lavoro-nulla-osta") == nullptr);
}

TEST_CASE("catalogue errors are named by path", "[catalogue][validation]") {
  CHECK(ErrorsOf(R"({"types":[{"id":"x","name":{"it":"X","en":"X","fr":"X"},"documents":[{"it":"a","en":"a","fr":"a","es":"a"}]}]})") ==
        std::vector<std::string>{"types[0].name.es: is required"});
  CHECK(ErrorsOf(R"({"types":[{"id":"x","name":{"it":"X","en":"X","fr":"X","es":""},"documents":[]}]})") ==
        std::vector<std::string>{"types[0].name.es: must not be empty", "types[0].documents: must list at least one document"});
  const std::string twice = R"({"types":[)" + kTypeEntry + "," + kTypeEntry + "]}";
  CHECK(ErrorsOf(twice) == std::vector<std::string>{"types[1].id: duplicate id lavoro-documenti"});
  CHECK(ErrorsOf(R"({"types":[]})") == std::vector<std::string>{"types: must list at least one appointment type"});
}

TEST_CASE("the shipped national catalogue is valid and has the four SPEC types", "[catalogue][data]") {
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const Parsed<Catalogue> parsed = ParseCatalogue(text.str());
  INFO((parsed.errors.empty() ? std::string() : parsed.errors.front().ToString()));
  REQUIRE(parsed.ok());
  for (const char* id : {"lavoro-documenti", "lavoro-nulla-osta", "ricongiungimento-documenti", "ricongiungimento-nulla-osta"}) {
    CAPTURE(id);
    CHECK(parsed.value->Find(id) != nullptr);
  }
}
