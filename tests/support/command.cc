#include "tests/support/command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sportello::testing {

CommandOutcome RunCommand(const std::string& command_line, const std::string& input) {
  const std::string input_file =
      (std::filesystem::temp_directory_path() / ("sportello-test-stdin-" + std::to_string(getpid()))).string();
  std::ofstream(input_file) << input;
  FILE* pipe = popen((command_line + " < " + input_file + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command_line);
  CommandOutcome outcome;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(input_file);
  return outcome;
}

}  // namespace sportello::testing
