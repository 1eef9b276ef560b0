#include "booking/application_import.h"

#include "booking/csv.h"
#include "engine/tax_code.h"
#include "engine/utf8.h"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <unordered_map>

namespace sportello::booking {
namespace {

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

bool IsHeader(const CsvRecord& record) {
  if (record.fields.size() != kApplicationColumns.size()) return false;
  for (std::size_t i = 0; i < kApplicationColumns.size(); ++i) {
    if (Trim(record.fields[i]) != kApplicationColumns[i]) return false;
  }
  return true;
}

// `text` in quotes for a problem line: at most 80 bytes, control characters escaped (\x0A).
std::string Quote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text.substr(0, 80)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      quoted += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Splits a CSV row's `types` field ("a|b") into its ids, trimmed; an empty id is kept (and refused).
std::vector<std::string> SplitTypes(std::string_view types) {
  std::vector<std::string> ids;
  if (types.empty()) return ids;
  for (std::size_t begin = 0; begin <= types.size();) {
    std::size_t end = types.find('|', begin);
    if (end == std::string_view::npos) end = types.size();
    ids.emplace_back(Trim(types.substr(begin, end - begin)));
    begin = end + 1;
  }
  return ids;
}

// Reads one data row; the reasons it is bad go to `reasons`.
engine::Application ReadRow(const CsvRecord& record, const DeskTypes& desks, std::vector<std::string>& reasons) {
  const auto field = [&](std::size_t i) { return std::string(Trim(record.fields[i])); };
  engine::Application application{field(0), field(1), field(2), field(3), field(4), {}, field(6)};
  for (engine::FieldError& problem : CheckApplication(application, SplitTypes(Trim(record.fields[5])), desks)) {
    reasons.push_back(std::move(problem.message));
  }
  return application;
}

}  // namespace

DeskTypes DeskTypesOf(const std::vector<engine::DeskCalendar>& desks) {
  DeskTypes known;
  for (const engine::DeskCalendar& desk : desks) {
    auto& types = known[desk.desk];
    for (const auto& [type, calendar] : desk.types) types.insert(type);
  }
  return known;
}

std::string ImportProblem::ToString() const { return fmt::format("line {}: {}", line, reason); }

ImportFile ParseApplicationsCsv(std::string_view text, const DeskTypes& desks) {
  ImportFile file;
  CsvReader reader(text);
  CsvRecord record;
  std::string error;
  const std::string expected_header = fmt::format("{}", fmt::join(kApplicationColumns, ","));
  const CsvReader::Status first = reader.Next(record, error);
  if (first != CsvReader::Status::record || !IsHeader(record)) {
    file.problems.push_back({first == CsvReader::Status::end ? 1 : record.line,
                             fmt::format("the header must be `{}`", expected_header)});
    return file;
  }
  file.header_ok = true;
  std::unordered_map<std::string, std::size_t> first_line;  // id → line it was first seen on
  for (;;) {
    const CsvReader::Status status = reader.Next(record, error);
    if (status == CsvReader::Status::end) break;
    if (status == CsvReader::Status::error) {
      file.problems.push_back({record.line, error});
      continue;
    }
    if (record.fields.size() != kApplicationColumns.size()) {
      file.problems.push_back({record.line, fmt::format("expected {} fields, found {}", kApplicationColumns.size(),
                                                        record.fields.size())});
      continue;
    }
    if (!std::all_of(record.fields.begin(), record.fields.end(), engine::IsValidUtf8)) {
      file.problems.push_back({record.line, "not valid UTF-8"});
      continue;
    }
    std::vector<std::string> reasons;
    engine::Application application = ReadRow(record, desks, reasons);
    if (reasons.empty() && !application.id.empty()) {
      auto [seen, inserted] = first_line.try_emplace(application.id, record.line);
      if (!inserted) {
        reasons.push_back(fmt::format("duplicate application_id {} (first on line {})", Quote(application.id),
                                      seen->second));
      }
    }
    if (!reasons.empty()) {
      file.problems.push_back({record.line, fmt::format("{}", fmt::join(reasons, "; "))});
      continue;
    }
    file.rows.push_back({record.line, std::move(application)});
  }
  return file;
}

std::vector<engine::FieldError> CheckApplication(engine::Application& application,
                                                 const std::vector<std::string>& types, const DeskTypes& desks) {
  std::vector<engine::FieldError> problems;
  const auto problem = [&](std::string_view field, std::string detail) {
    problems.push_back({std::string(field), std::move(detail)});
  };
  if (application.id.empty()) {
    problem("application_id", "application_id is empty");
  } else if (application.id.size() > kMaxApplicationIdLength || HasControl(application.id) ||
             application.id.find('|') != std::string::npos) {
    problem("application_id", fmt::format("invalid application_id {} (at most {} characters, no control characters)",
                                          Quote(application.id), kMaxApplicationIdLength));
  }
  const auto desk = desks.find(application.desk);
  if (desk == desks.end()) problem("desk", fmt::format("unknown desk {}", Quote(application.desk)));

  application.tax_code = engine::NormalizeTaxCode(application.tax_code);
  if (application.tax_code.empty()) {
    problem("tax_code", "tax_code is empty");
  } else if (!engine::IsValidTaxCode(application.tax_code)) {
    problem("tax_code", fmt::format("invalid tax code {}", Quote(application.tax_code)));
  }
  if (!application.email.empty() && !IsPlausibleEmail(application.email)) {
    problem("email", fmt::format("invalid e-mail {}", Quote(application.email)));
  }
  if (!application.phone.empty() && !IsPlausiblePhone(application.phone)) {
    problem("phone", fmt::format("invalid phone {}", Quote(application.phone)));
  }
  application.types.clear();
  for (const std::string& type : types) {
    if (type.empty()) {
      problem("types", "empty type id in types");
    } else if (desk != desks.end() && !desk->second.contains(type)) {
      problem("types", fmt::format("unknown type {} for desk {}", Quote(type), Quote(application.desk)));
    } else if (std::find(application.types.begin(), application.types.end(), type) == application.types.end()) {
      application.types.push_back(type);
    }
  }
  if (application.status.size() > kMaxStatusLength || HasControl(application.status)) {
    problem("status",
            fmt::format("status longer than {} characters or with control characters", kMaxStatusLength));
  }
  return problems;
}

bool IsPlausibleEmail(std::string_view email) {
  if (email.size() > 254 || HasControl(email) || email.find_first_of(" \t\"(),:;<>[\\]") != std::string_view::npos) {
    return false;
  }
  const std::size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at > 64 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && !domain.ends_with('.') &&
         domain.find("..") == std::string_view::npos && !domain.starts_with('-');
}

bool IsPlausiblePhone(std::string_view phone) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (std::string_view(" -./()").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= 6 && digits <= 15;
}

}  // namespace sportello::booking
