// A small command-line reader for the `sportello` subcommands: positional words and
// `--name value` / `--flag` options, with the error text a person needs when they are wrong.
// Not thread-safe; one per command invocation.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::tools {

class Args {
 public:
  // `value_options` take a value (`--db FILE`); `flag_options` do not (`--staff`).
  // Anything else starting with `--` is an error, reported by error().
  Args(const std::vector<std::string>& words, const std::set<std::string, std::less<>>& value_options,
       const std::set<std::string, std::less<>>& flag_options);

  bool help() const { return help_; }
  const std::string& error() const { return error_; }  // empty when the words were understood
  const std::vector<std::string>& positional() const { return positional_; }
  // The value of `--name` (the last one when given several times).
  std::optional<std::string> Value(std::string_view name) const;
  // Every value of a repeatable `--name`, in the order given.
  std::vector<std::string> Values(std::string_view name) const;
  bool Flag(std::string_view name) const;

 private:
  bool help_ = false;
  std::string error_;
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
};

}  // namespace sportello::tools
