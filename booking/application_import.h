// Reading and validating an applications CSV file (SPEC.md, "Application import"): pure, no
// database, so it can be unit-tested and fuzzed. The command `sportello import-applications`
// reads the file, calls ParseApplicationsCsv and upserts the good rows through the Store.
//
// Header (exactly, after an optional UTF-8 BOM): application_id,desk,tax_code,email,phone,types,status
// Each bad row is reported as `line N: reason[; reason…]` and skipped; the good rows are kept.
// A second row with an id already seen in the file is a problem too (which one is meant?).
// Thread-safe: pure function.
#pragma once

#include "engine/application.h"
#include "engine/calendar.h"
#include "engine/field_errors.h"

#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

inline constexpr std::array<std::string_view, 7> kApplicationColumns = {
    "application_id", "desk", "tax_code", "email", "phone", "types", "status"};
inline constexpr std::size_t kMaxApplicationIdLength = 64;
inline constexpr std::size_t kMaxStatusLength = 200;

struct ImportProblem {
  std::size_t line = 0;
  std::string reason;
  std::string ToString() const;  // "line N: reason"
};

struct ImportRow {
  std::size_t line = 0;
  engine::Application application;  // tax code normalised, types de-duplicated in file order
};

struct ImportFile {
  bool header_ok = false;  // false: nothing was read beyond the header
  std::vector<ImportRow> rows;
  std::vector<ImportProblem> problems;  // in line order
};

// Desk id → the appointment types that desk offers; rows naming another desk or type are bad.
using DeskTypes = std::map<std::string, std::set<std::string, std::less<>>, std::less<>>;

// Each of `desks` with the types its calendar offers.
DeskTypes DeskTypesOf(const std::vector<engine::DeskCalendar>& desks);

ImportFile ParseApplicationsCsv(std::string_view text, const DeskTypes& desks);

// The problems of one application record, checked alike for a CSV row and a record of the system API
// (SPEC.md, "Integration"), each under its field (application_id, desk, tax_code, email, phone, types,
// status); empty when it is good. Normalises the tax code and sets `types`, de-duplicated in order,
// from `types` as given. The caller checks that the text is UTF-8.
std::vector<engine::FieldError> CheckApplication(engine::Application& application,
                                                 const std::vector<std::string>& types, const DeskTypes& desks);

// Checks used by the reader, exposed for tests.
bool IsPlausibleEmail(std::string_view email);
bool IsPlausiblePhone(std::string_view phone);

}  // namespace sportello::booking
