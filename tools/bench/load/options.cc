#include "tools/bench/load/options.h"

#include <charconv>
#include <functional>
#include <set>

namespace sportello::bench {
namespace {

bool ReadInt(const std::string& text, int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size() && out > 0;
}

// The flags each mode needs.
const std::map<std::string, std::set<std::string>>& RequiredFlags() {
  static const std::map<std::string, std::set<std::string>> required = {
      {"surge", {"port", "calendar", "type", "applications"}},
      {"availability", {"port", "calendar", "type"}},
      {"get", {"port"}},
      {"wait-ready", {"port"}},
  };
  return required;
}

}  // namespace

std::optional<LoadOptions> ParseLoadOptions(int argc, char** argv, std::string& problem) {
  LoadOptions options;
  if (argc < 2 || !RequiredFlags().contains(argv[1])) {
    problem = "the first argument must be a mode: surge, availability, get or wait-ready";
    return std::nullopt;
  }
  options.mode = argv[1];
  const std::map<std::string, std::string*> texts = {
      {"host", &options.host}, {"calendar", &options.calendar}, {"type", &options.type},
      {"applications", &options.applications}, {"db", &options.db}, {"from", &options.from},
      {"target", &options.target}, {"encoding", &options.encoding}, {"after-surge", &options.after_surge}};
  const std::map<std::string, int*> numbers = {
      {"connections", &options.connections}, {"days", &options.days},
      {"seconds", &options.seconds}, {"warm-up", &options.warm_up}, {"max-attempts", &options.max_attempts},
      {"timeout", &options.timeout}, {"check-every", &options.check_every}};
  std::set<std::string> given;
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0 || i + 1 >= argc) {
      problem = "expected --flag value, got " + flag;
      return std::nullopt;
    }
    const std::string name = flag.substr(2);
    const std::string value = argv[i + 1];
    if (name == "port") {
      for (std::size_t begin = 0; begin <= value.size();) {
        std::size_t end = value.find(',', begin);
        if (end == std::string::npos) end = value.size();
        int port = 0;
        if (!ReadInt(value.substr(begin, end - begin), port)) {
          problem = flag + ": must be a port or ports separated by commas";
          return std::nullopt;
        }
        options.ports.push_back(port);
        begin = end + 1;
      }
      options.port = options.ports.front();
    } else if (const auto text = texts.find(name); text != texts.end()) {
      *text->second = value;
    } else if (const auto number = numbers.find(name); number != numbers.end()) {
      if (!ReadInt(value, *number->second)) {
        problem = flag + ": must be a positive whole number";
        return std::nullopt;
      }
    } else {
      problem = "unknown flag " + flag;
      return std::nullopt;
    }
    given.insert(name);
  }
  for (const std::string& name : RequiredFlags().at(options.mode)) {
    if (!given.contains(name)) {
      problem = options.mode + " needs --" + name;
      return std::nullopt;
    }
  }
  if (options.encoding != "identity" && options.encoding != "gzip") {
    problem = "--encoding: must be identity or gzip";
    return std::nullopt;
  }
  return options;
}

}  // namespace sportello::bench
