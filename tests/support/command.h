// Runs a command line through the shell for tests, the way a person types it: `input` on its
// standard input, stdout and stderr captured together, the exit code. Not thread-safe (one temporary
// input file per process).
#pragma once

#include <string>

namespace sportello::testing {

struct CommandOutcome {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs `command_line` with `input` on its standard input.
CommandOutcome RunCommand(const std::string& command_line, const std::string& input = "");

}  // namespace sportello::testing
