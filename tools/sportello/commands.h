// The subcommands of `sportello`. Each takes the words after its name and returns the process
// exit code: 0 success, 1 the work failed (e.g. an invalid file), 2 the command line was wrong.
// Each prints its own `--help`.
#pragma once

#include <string>
#include <vector>

namespace sportello::tools {

using Words = std::vector<std::string>;

int RunCalendar(const Words& words);  // calendar check | slots | load

}  // namespace sportello::tools
