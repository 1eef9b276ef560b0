#include "tools/sportello/args.h"

namespace sportello::tools {

Args::Args(const std::vector<std::string>& words, const std::set<std::string, std::less<>>& value_options,
           const std::set<std::string, std::less<>>& flag_options) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--help" || word == "-h") {
      help_ = true;
    } else if (word.starts_with("--")) {
      std::string name = word.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name.resize(eq);
      }
      if (value_options.contains(name)) {
        if (inline_value) {
          values_[name].push_back(*inline_value);
        } else if (i + 1 < words.size()) {
          values_[name].push_back(words[++i]);
        } else if (error_.empty()) {
          error_ = "option --" + name + " needs a value";
        }
      } else if (flag_options.contains(name) && !inline_value) {
        flags_.insert(name);
      } else if (error_.empty()) {
        error_ = "unknown option " + word;
      }
    } else {
      positional_.push_back(word);
    }
  }
}

std::optional<std::string> Args::Value(std::string_view name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second.back();
  return std::nullopt;
}

std::vector<std::string> Args::Values(std::string_view name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  return {};
}

bool Args::Flag(std::string_view name) const { return flags_.contains(name); }

}  // namespace sportello::tools
