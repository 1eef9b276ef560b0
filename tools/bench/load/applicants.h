// The applicants of a surge, read from the applications CSV that `sportello import-applications`
// took in (SPEC.md, "Application import"), so the load uses exactly the imported ids and codes.
// Reads only the plain files bench_applications writes: no quoted fields. Thread-safe: pure.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sportello::bench {

struct Applicant {
  std::string application_id;
  std::string tax_code;
};

// The rows of `csv` in file order; nullopt (and `problem`) when the file cannot be read, its
// header is not SPEC.md's, or a row has a quoted field or the wrong number of fields.
std::optional<std::vector<Applicant>> ReadApplicants(const std::filesystem::path& csv, std::string& problem);

}  // namespace sportello::bench
