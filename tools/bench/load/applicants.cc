#include "tools/bench/load/applicants.h"

#include <fstream>

namespace sportello::bench {
namespace {

constexpr std::string_view kHeader = "application_id,desk,tax_code,email,phone,types,status";
constexpr std::size_t kColumns = 7;

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t begin = 0;
  for (std::size_t comma; (comma = line.find(',', begin)) != std::string::npos; begin = comma + 1) {
    fields.push_back(line.substr(begin, comma - begin));
  }
  fields.push_back(line.substr(begin));
  return fields;
}

}  // namespace

std::optional<std::vector<Applicant>> ReadApplicants(const std::filesystem::path& csv, std::string& problem) {
  std::ifstream file(csv);
  if (!file) {
    problem = "cannot read " + csv.string();
    return std::nullopt;
  }
  std::string line;
  std::getline(file, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kHeader) {
    problem = csv.string() + ": the header is not `" + std::string(kHeader) + "`";
    return std::nullopt;
  }
  std::vector<Applicant> applicants;
  for (std::size_t number = 2; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitFields(line);
    if (fields.size() != kColumns || line.find('"') != std::string::npos) {
      problem = csv.string() + ": line " + std::to_string(number) + ": not a plain row of 7 fields";
      return std::nullopt;
    }
    applicants.push_back({fields[0], fields[2]});
  }
  return applicants;
}

}  // namespace sportello::bench
