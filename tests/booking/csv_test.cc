// The RFC 4180 reader: quoting, line breaks, BOM, and how malformed records are reported.
#include "booking/csv.h"

#include <catch2/catch.hpp>

namespace sportello::booking {
namespace {

struct Read {
  std::vector<CsvRecord> records;
  std::vector<std::pair<std::size_t, std::string>> errors;
};

Read ReadAll(std::string_view text) {
  Read out;
  CsvReader reader(text);
  CsvRecord record;
  std::string error;
  for (;;) {
    const CsvReader::Status status = reader.Next(record, error);
    if (status == CsvReader::Status::end) break;
    if (status == CsvReader::Status::error) {
      out.errors.emplace_back(record.line, error);
    } else {
      out.records.push_back(record);
    }
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST_CASE("csv: plain fields, CRLF and LF, blank lines skipped, last line without a break") {
  const Read read = ReadAll("a,b,c\r\n1,2,3\n\n,,\r\nx,y,z");
  REQUIRE(read.errors.empty());
  REQUIRE(read.records.size() == 4);
  CHECK(read.records[0].fields == Fields{"a", "b", "c"});
  CHECK(read.records[1].fields == Fields{"1", "2", "3"});
  CHECK(read.records[2].fields == Fields{"", "", ""});
  CHECK(read.records[2].line == 4);
  CHECK(read.records[3].fields == Fields{"x", "y", "z"});
  CHECK(read.records[3].line == 5);
}

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks") {
  const Read read = ReadAll("\"a,b\",\"say \"\"ciao\"\"\",\"two\r\nlines\"\r\nnext,\"\",end\r\n");
  REQUIRE(read.errors.empty());
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].fields == Fields{"a,b", "say \"ciao\"", "two\r\nlines"});
  CHECK(read.records[1].line == 3);  // the record above spans lines 1 and 2
  CHECK(read.records[1].fields == Fields{"next", "", "end"});
}

TEST_CASE("csv: a UTF-8 byte order mark at the start is skipped") {
  const Read read = ReadAll("\xEF\xBB\xBF" "id,città\n1,Forlì\n");
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].fields[0] == "id");
  CHECK(read.records[1].fields[1] == "Forl\xC3\xAC");
}

TEST_CASE("csv: malformed records are reported with their line and the reader carries on") {
  const Read read = ReadAll("ok,1\nbad\"quote,2\n\"closed\"junk,3\nfine,4\n\"never closed,5\nstill,inside\n");
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].fields == Fields{"ok", "1"});
  CHECK(read.records[1].fields == Fields{"fine", "4"});
  REQUIRE(read.errors.size() == 3);
  CHECK(read.errors[0] == std::pair<std::size_t, std::string>{2, "quote inside an unquoted field"});
  CHECK(read.errors[1] == std::pair<std::size_t, std::string>{3, "unexpected text after a closing quote"});
  CHECK(read.errors[2] == std::pair<std::size_t, std::string>{5, "unterminated quoted field"});
}

TEST_CASE("csv: empty input and a lone line break have no records") {
  CHECK(ReadAll("").records.empty());
  CHECK(ReadAll("\r\n\n").records.empty());
  CHECK(ReadAll("\xEF\xBB\xBF").records.empty());
}

}  // namespace
}  // namespace sportello::booking
