#include "tools/sportello/demo.h"

#include "booking/applications.h"
#include "engine/availability.h"
#include "logging/log.h"
#include "storage/open_store.h"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

namespace sportello::tools {

namespace {

struct DemoApplication {
  const char* id;
  const char* desk;
  const char* tax_code;
  const char* type;
};

constexpr DemoApplication kDemo[] = {
    {"DEMO-RM-0001", "roma", "RSSMRA85T10A562S", "lavoro-documenti"},
    {"DEMO-RM-0002", "roma", "BNCLRA90A41H501F", "ricongiungimento-documenti"},
    {"DEMO-LT-0001", "latina", "VRDGPP80A01E472Z", "lavoro-nulla-osta"},
};

// The pages a newcomer opens, with what each is for.
constexpr std::pair<const char*, const char*> kPages[] = {
    {"/", "book an appointment (applicants)"},
    {"/manage", "see, move or cancel a booking"},
    {"/status", "where is my application?"},
    {"/questions", "ask the desk, read the answers"},
    {"/staff", "the staff console (sign in as the administrator below)"},
};

// `word` as one word of a POSIX shell command line.
std::string ShellWord(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_./:@%+=,-") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// This very program, by a path that works from any directory; else its name.
std::string ThisProgram() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "sportello" : self.string();
}

// The database as another command names it from any directory: a file by its absolute path.
std::string DatabaseArgument(const std::string& db) {
  if (storage::IsPostgresUri(db)) return storage::Printable(db);
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(db, error);
  return error ? db : absolute.string();
}

// The first free online seat of the first demo application, as an RFC 3339 start; a placeholder
// when there is none within the longest range one availability answer covers.
std::string FirstFreeStart(storage::Store& store, engine::Instant now) {
  const DemoApplication& first = kDemo[0];
  auto desk = store.FindDesk(first.desk);
  if (!desk) return "<a slot start from the availability answer>";
  auto seats = store.Seats(first.desk, first.type, now, now + std::chrono::days{62});
  if (!seats) return "<a slot start from the availability answer>";
  const engine::Date today = engine::LocalDate(now, *desk->zone);
  const engine::Date until{date::sys_days{today} + date::days{engine::kMaxRangeDays - 1}};
  auto days = engine::Availability(*desk, first.type, today, until, now, engine::View::applicant, *seats);
  for (const auto& day : days ? *days : std::vector<engine::DayAvailability>{}) {
    for (const auto& slot : day.slots) {
      if (slot.free > 0) return engine::FormatInstant(slot.slot.start, *desk->zone);
    }
  }
  return "<a slot start from the availability answer>";
}

}  // namespace

bool LoadDemo(storage::Store& store, engine::Instant now) {
  std::vector<engine::Application> applications;
  for (const DemoApplication& demo : kDemo) {
    applications.push_back({demo.id, demo.desk, demo.tax_code, "", "", {demo.type}, "In istruttoria (demo)"});
  }
  if (!booking::ImportApplications(store, applications, storage::Actor::Cli(), now)) {
    logging::Error("serve", "demo_failed", "cannot load the demo applications");
    return false;
  }
  return true;
}

void PrintDemo(storage::Store& store, const DemoServer& server, engine::Instant now) {
  fmt::print("\nDemo applications loaded:\n");
  for (const DemoApplication& demo : kDemo) {
    fmt::print("  {}  tax code {}  desk {}  type {}\n", demo.id, demo.tax_code, demo.desk, demo.type);
  }
  if (server.pages) {
    fmt::print("\nOpen in a browser:\n");
    for (const auto& [path, what] : kPages) fmt::print("  {:<40}{}\n", server.url + path, what);
  } else {
    fmt::print("\nThe pages are not served (see the note on stderr); the API answers at {}/api/v1/\n", server.url);
  }
  fmt::print("\nMake the first administrator (the command asks for a password of 12 characters or more):\n"
             "  {} user add --db {} --username admin --role admin\nthen sign in at {}/staff.\n",
             ShellWord(ThisProgram()), ShellWord(DatabaseArgument(server.db)), server.url);
  const DemoApplication& first = kDemo[0];
  const std::string start = FirstFreeStart(store, now);
  fmt::print("\nOr try a booking with curl:\n  curl -s '{}/api/v1/desks/{}/availability?type={}&from={}&to={}'\n",
             server.url, first.desk, first.type, start.substr(0, 10), start.substr(0, 10));
  fmt::print("  curl -s -X POST {}/api/v1/desks/{}/bookings -H 'Content-Type: application/json' \\\n"
             "    -d '{{\"type\":\"{}\",\"start\":\"{}\",\"application_id\":\"{}\",\"tax_code\":\"{}\"}}'\n\n",
             server.url, first.desk, first.type, start, first.id, first.tax_code);
  std::fflush(stdout);
}

std::string BrowserUrl(const std::string& bind, std::uint16_t port) {
  std::string host = bind;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return fmt::format("http://{}:{}", host, port);
}

}  // namespace sportello::tools
