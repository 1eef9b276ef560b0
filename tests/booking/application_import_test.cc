// Applications CSV: row validation with line numbers, duplicates, and imports through the
// store (idempotent re-import, a 100k-row file).
#include "booking/applications.h"
#include "tests/storage/fixture.h"

#include "booking/application_import.h"
#include "engine/utf8.h"

namespace sportello::storage::testing {
namespace {

using booking::ImportFile;
using booking::ImportProblem;
using booking::ImportRow;
using booking::DeskTypes;
using booking::IsPlausibleEmail;
using booking::IsPlausiblePhone;
using engine::IsValidUtf8;
using booking::ParseApplicationsCsv;

constexpr std::string_view kHeader = "application_id,desk,tax_code,email,phone,types,status\r\n";

DeskTypes Desks() {
  return {{"roma", {std::string(kType), std::string(kOtherType)}}, {"latina", {std::string(kType)}}};
}

std::vector<std::string> Problems(const ImportFile& file) {
  std::vector<std::string> lines;
  for (const ImportProblem& problem : file.problems) lines.push_back(problem.ToString());
  return lines;
}

TEST_CASE("import: good rows are read, normalised and de-duplicated") {
  const std::string text = std::string("\xEF\xBB\xBF") + std::string(kHeader) +
                           "A-1,roma,rssmra85t10a562s,a@example.org,+39 06 123456,lavoro-documenti|lavoro-nulla-osta,"
                           "In istruttoria\r\n"
                           "\"A-2\",latina,00743110157,,,lavoro-documenti|lavoro-documenti,\"Pronto, venga\"\r\n"
                           "A-3,roma,RSSMRA85T10A562S,,,,Concluso\r\n";
  const ImportFile file = ParseApplicationsCsv(text, Desks());
  CHECK(file.header_ok);
  CHECK(Problems(file).empty());
  REQUIRE(file.rows.size() == 3);
  const engine::Application& first = file.rows[0].application;
  CHECK(file.rows[0].line == 2);
  CHECK(first.id == "A-1");
  CHECK(first.tax_code == "RSSMRA85T10A562S");
  CHECK(first.types == std::vector<std::string>{"lavoro-documenti", "lavoro-nulla-osta"});
  CHECK(file.rows[1].application.types == std::vector<std::string>{"lavoro-documenti"});
  CHECK(file.rows[1].application.status == "Pronto, venga");
  CHECK(file.rows[2].application.types.empty());
}

TEST_CASE("import: every bad row is reported with its line number and reason, and skipped") {
  const std::string text = std::string(kHeader) +
                           "A-1,roma,RSSMRA85T10A562S,,,lavoro-documenti,ok\r\n"                 // 2 good
                           "A-2,atlantide,RSSMRA85T10A562S,,,lavoro-documenti,x\r\n"             // 3
                           "A-3,roma,RSSMRA85T10A562X,,,lavoro-documenti,x\r\n"                  // 4
                           "A-4,roma,RSSMRA85T10A562S,,,pesca,x\r\n"                             // 5
                           ",roma,RSSMRA85T10A562S,,,lavoro-documenti,x\r\n"                     // 6
                           "A-6,roma,RSSMRA85T10A562S\r\n"                                       // 7
                           "A-7,roma,RSSMRA85T10A562S,not-an-email,,lavoro-documenti,x\r\n"      // 8
                           "A-8,roma,RSSMRA85T10A562S,,call me,lavoro-documenti,x\r\n"           // 9
                           "A-1,roma,RSSMRA85T10A562S,,,lavoro-documenti,again\r\n"              // 10
                           "A-10,latina,RSSMRA85T10A562S,,,lavoro-nulla-osta,x\r\n"              // 11
                           "A-11,roma,RSSMRA85T10A562S,,,lavoro-documenti,\xC3\x28\r\n"          // 12
                           "A-12,roma,\"RSSMRA85T10A562S\"x,,,lavoro-documenti,x\r\n"            // 13
                           "A-13,atlantide,123,,,lavoro-documenti,x\r\n"                         // 14
                           "\"A-14\nX\",roma,RSSMRA85T10A562S,,,lavoro-documenti,x\r\n"          // 15-16
                           "A-15,roma,RSSMRA85T10A562S,,,lavoro-documenti,ok\r\n";               // 17 good
  const ImportFile file = ParseApplicationsCsv(text, Desks());
  REQUIRE(file.header_ok);
  REQUIRE(file.rows.size() == 2);
  CHECK(file.rows[0].application.id == "A-1");
  CHECK(file.rows[1].application.id == "A-15");
  CHECK(file.rows[1].line == 17);
  CHECK(Problems(file) == std::vector<std::string>{
                              "line 3: unknown desk 'atlantide'",
                              "line 4: invalid tax code 'RSSMRA85T10A562X'",
                              "line 5: unknown type 'pesca' for desk 'roma'",
                              "line 6: application_id is empty",
                              "line 7: expected 7 fields, found 3",
                              "line 8: invalid e-mail 'not-an-email'",
                              "line 9: invalid phone 'call me'",
                              "line 10: duplicate application_id 'A-1' (first on line 2)",
                              "line 11: unknown type 'lavoro-nulla-osta' for desk 'latina'",
                              "line 12: not valid UTF-8",
                              "line 13: unexpected text after a closing quote",
                              "line 14: unknown desk 'atlantide'; invalid tax code '123'",
                              "line 15: invalid application_id 'A-14\\x0AX' (at most 64 characters, no control characters)",
                          });
}

TEST_CASE("import: a wrong or missing header refuses the whole file") {
  for (std::string_view text : {"", "id,desk\r\nA-1,roma\r\n", "application_id,desk,tax_code,email,phone,status,types\n"}) {
    const ImportFile file = ParseApplicationsCsv(text, Desks());
    CHECK_FALSE(file.header_ok);
    CHECK(file.rows.empty());
    REQUIRE(file.problems.size() == 1);
    CHECK(file.problems[0].ToString() ==
          "line 1: the header must be `application_id,desk,tax_code,email,phone,types,status`");
  }
}

TEST_CASE("import: e-mail and phone plausibility") {
  CHECK(IsPlausibleEmail("mario.rossi+sui@example.co.uk"));
  CHECK(IsPlausibleEmail("nadia@posta.it"));
  CHECK_FALSE(IsPlausibleEmail("nadia@posta"));
  CHECK_FALSE(IsPlausibleEmail("@posta.it"));
  CHECK_FALSE(IsPlausibleEmail("a@b@posta.it"));
  CHECK_FALSE(IsPlausibleEmail("nadia rossi@posta.it"));
  CHECK_FALSE(IsPlausibleEmail("nadia@posta..it"));
  CHECK(IsPlausiblePhone("+39 333 123 4567"));
  CHECK(IsPlausiblePhone("06/1234567"));
  CHECK_FALSE(IsPlausiblePhone("123"));
  CHECK_FALSE(IsPlausiblePhone("06 123+4567"));
  CHECK(IsValidUtf8("Forl\xC3\xAC \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

TEST_CASE("import through the store: re-importing the same file updates, inserting nothing twice") {
  StoreFixture f(0);
  const std::string text = std::string(kHeader) + "I-1,roma,RSSMRA85T10A562S,,,lavoro-documenti,uno\r\n" +
                           "I-2,roma,RSSMRA85T10A562S,,,lavoro-documenti,due\r\n";
  const DeskTypes desks = {{"roma", {std::string(kType)}}};
  std::vector<engine::Application> rows;
  for (const ImportRow& row : ParseApplicationsCsv(text, desks).rows) rows.push_back(row.application);
  auto first = booking::ImportApplications(*f.store, rows, Actor::Cli(), kNow);
  REQUIRE(first.has_value());
  CHECK(first->inserted == 2);
  auto second = booking::ImportApplications(*f.store, rows, Actor::Cli(), kNow);
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->updated == 2);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM applications") == 2);
  CHECK(f.store->FindApplication("I-2")->status == "due");
}

TEST_CASE("import: a 100k-row file is read and stored whole") {
  constexpr int kRows = 100'000;
  std::string text(kHeader);
  text.reserve(kRows * 80);
  for (int i = 0; i < kRows; ++i) {
    text += fmt::format("P-{:06},roma,RSSMRA85T10A562S,p{}@example.org,+39 06 {:07},lavoro-documenti,\"In "
                        "istruttoria, fase {}\"\r\n",
                        i, i, i, i % 7);
    if (i % 25'000 == 0) text += fmt::format("P-bad-{},roma,XXXX,,,lavoro-documenti,x\r\n", i);  // 4 bad rows
  }
  StoreFixture f(0);
  const ImportFile file = ParseApplicationsCsv(text, {{"roma", {std::string(kType)}}});
  REQUIRE(file.header_ok);
  CHECK(file.rows.size() == kRows);
  CHECK(file.problems.size() == 4);
  std::vector<engine::Application> rows;
  rows.reserve(file.rows.size());
  for (const ImportRow& row : file.rows) rows.push_back(row.application);
  UpsertCounts total;
  for (std::size_t begin = 0; begin < rows.size(); begin += 20'000) {
    const std::size_t count = std::min<std::size_t>(20'000, rows.size() - begin);
    auto counts = booking::ImportApplications(*f.store, std::span(rows).subspan(begin, count), Actor::Cli(), kNow);
    REQUIRE(counts.has_value());
    total.inserted += counts->inserted;
    total.updated += counts->updated;
  }
  CHECK(total.inserted == kRows);
  CHECK(total.updated == 0);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM applications") == kRows);
  CHECK(f.store->FindApplication("P-099999")->email == "p99999@example.org");
}

}  // namespace
}  // namespace sportello::storage::testing
