// The command line of surge_load: a mode, then `--name value` flags. Not thread-safe (used once
// at start).
//
//   surge_load surge        --port P[,P2…] --calendar FILE --type T --applications CSV [--db DB]
//                           [--connections 64] [--days 14] [--from YYYY-MM-DD] [--max-attempts 100]
//                           [--encoding identity|gzip]  (gzip: availability asked for compressed)
//                           [--after-surge COMMAND]  (run by the shell once every applicant is done,
//                           before the verification: e.g. to read the server's counters)
//   surge_load availability --port P --calendar FILE --type T [--connections 64] [--days 14]
//                           [--seconds 10] [--warm-up 1] [--check-every 1]
//   surge_load get          --port P [--target /] [--connections 64] [--seconds 10] [--warm-up 1]
//   surge_load wait-ready   --port P [--timeout 10]
//
// Every mode also takes --host (default 127.0.0.1).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sportello::bench {

struct LoadOptions {
  std::string mode;
  std::string host = "127.0.0.1";
  int port = 0;            // the first of `ports`
  std::vector<int> ports;  // --port P or P1,P2,…: surge connections are spread over them (several nodes)
  std::string calendar;
  std::string type;
  std::string applications;
  std::string db;
  std::string from;  // empty: the desk's today
  std::string target = "/";
  std::string encoding = "identity";  // identity or gzip
  std::string after_surge;            // a shell command; empty: none
  int connections = 64;
  int days = 14;
  int seconds = 10;
  int warm_up = 1;
  int max_attempts = 100;
  int timeout = 10;
  int check_every = 1;
};

// nullopt (and `problem`) on an unknown mode or flag, a missing value, or a missing required flag.
std::optional<LoadOptions> ParseLoadOptions(int argc, char** argv, std::string& problem);

}  // namespace sportello::bench
