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

// Validates one data row; the reasons it is bad go to `reasons`.
engine::Application ReadRow(const CsvRecord& record, const DeskTypes& desks, std::vector<std::string>& reasons) {
  engine::Application application;
  const auto field = [&](std::size_t i) { return Trim(record.fields[i]); };
  application.id = field(0);
  application.desk = field(1);
  application.email = field(3);
  application.phone = field(4);
  application.status = field(6);

  if (application.id.empty()) {
    reasons.push_back("application_id is empty");
  } else if (application.id.size() > kMaxApplicationIdLength || HasControl(application.id) ||
             application.id.find('|') != std::string::npos) {
    reasons.push_back(fmt::format("invalid application_id {} (at most {} characters, no control characters)",
                                  Quote(application.id), kMaxApplicationIdLength));
  }
  const auto desk = desks.find(application.desk);
  if (desk == desks.end()) reasons.push_back(fmt::format("unknown desk {}", Quote(application.desk)));

  application.tax_code = engine::NormalizeTaxCode(field(2));
  if (application.tax_code.empty()) {
    reasons.push_back("tax_code is empty");
  } else if (!engine::IsValidTaxCode(application.tax_code)) {
    reasons.push_back(fmt::format("invalid tax code {}", Quote(application.tax_code)));
  }
  if (!application.email.empty() && !IsPlausibleEmail(application.email)) {
    reasons.push_back(fmt::format("invalid e-mail {}", Quote(application.email)));
  }
  if (!application.phone.empty() && !IsPlausiblePhone(application.phone)) {
    reasons.push_back(fmt::format("invalid phone {}", Quote(application.phone)));
  }

  const std::string_view types = field(5);
  for (std::size_t begin = 0; begin <= types.size();) {
    std::size_t end = types.find('|', begin);
    if (end == std::string_view::npos) end = types.size();
    const std::string_view type = Trim(types.substr(begin, end - begin));
    begin = end + 1;
    if (type.empty()) {
      if (!types.empty()) reasons.push_back("empty type id in types");
      continue;
    }
    if (desk != desks.end() && !desk->second.contains(type)) {
      reasons.push_back(fmt::format("unknown type {} for desk {}", Quote(type), Quote(application.desk)));
    } else if (std::find(application.types.begin(), application.types.end(), type) == application.types.end()) {
      application.types.emplace_back(type);
    }
  }
  if (application.status.size() > kMaxStatusLength || HasControl(application.status)) {
    reasons.push_back(fmt::format("status longer than {} characters or with control characters", kMaxStatusLength));
  }
  return application;
}

}  // namespace

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
