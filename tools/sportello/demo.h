// `sportello serve --demo`: three demo applications in the database (two at Roma, one at Latina)
// and, once the server listens, what a newcomer needs on stdout: the demo applications, the pages
// to open in a browser, the command that makes the first administrator, and a booking with curl.
// Not thread-safe (prints); used once at start.
#pragma once

#include "engine/time.h"
#include "storage/store.h"

#include <cstdint>
#include <string>

namespace sportello::tools {

struct DemoServer {
  std::string url;    // where a browser on this machine reaches the server, e.g. http://127.0.0.1:8080
  std::string db;     // --db, as given
  bool pages = true;  // the applicant pages and the staff console are served
};

// Upserts the demo applications. False (after logging) on a database error.
bool LoadDemo(storage::Store& store, engine::Instant now);

// Prints on stdout how to try the demo on `server`.
void PrintDemo(storage::Store& store, const DemoServer& server, engine::Instant now);

// The address a browser on this machine opens for a server bound to `bind` and `port`: a wildcard
// bind (0.0.0.0, ::) is reached on the loopback address; an IPv6 address goes in brackets.
std::string BrowserUrl(const std::string& bind, std::uint16_t port);

}  // namespace sportello::tools
