// An API under test: a real store (a SQLite file in a temporary directory, or a fresh PostgreSQL
// database: tests/support/test_database.h) holding one pilot desk (`roma`), one desk without
// self-booking (`milano`), a few applications, the shipped national catalogue, and a clock the
// test sets. Requests go straight to Route(), no socket; every answer is also given to
// RecordAnswer() (recorded_answers.h), like the answers read through a socket.
#pragma once

#include "booking/accounts.h"
#include "booking/applications.h"
#include "booking/desks.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "http/api_document.h"
#include "http/display_feeds.h"
#include "http/metrics.h"
#include "http/proof_of_work.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/open_store.h"
#include "tests/http/recorded_answers.h"
#include "tests/support/test_database.h"

#include <catch2/catch.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace sportello::http::testing {

inline constexpr const char* kTaxCode = "RSSMRA85T10A562S";
inline constexpr const char* kOtherTaxCode = "00743110157";
inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kTestSecret = "a test secret of the api fixture, 32+ characters";

// Tuesdays and Thursdays 09:00-10:00, 20-minute slots, 2 online seats and 1 staff seat each.
inline std::string DeskJson(std::string_view id, std::string_view province, bool self_booking) {
  return fmt::format(R"({{"desk":"{}","name":"Sportello {}","province":"{}","timezone":"Europe/Rome",
    "address":"Via di prova 1","flags":{{"self_booking":{}}},
    "contact":{{"phone":"+39 06 0000 0000","hours":{{"it":"lun-ven 9-13","en":"Mon-Fri 9am-1pm","fr":"lun-ven 9h-13h","es":"lun-vie 9-13"}}}},
    "types":{{"lavoro-documenti":{{"slot_minutes":20,"horizon_days":60,"min_notice_hours":24,"cancel_notice_hours":24,
      "weekly":[{{"days":["tue","thu"],"from":"09:00","to":"10:00","capacity":2,"staff_capacity":1}}]}},
      "lavoro-nulla-osta":{{"slot_minutes":30,"horizon_days":60,"min_notice_hours":24,"cancel_notice_hours":24,
      "weekly":[{{"days":["tue"],"from":"11:00","to":"12:00","capacity":1}}]}}}}}})",
                     id, id, province, self_booking ? "true" : "false");
}

struct Answer {
  unsigned status = 0;
  std::string content_type;
  std::string location;
  std::string retry_after;
  std::string headers;  // every header field as "Name: value\n"
  std::string body;
  boost::json::value json;  // null unless the body is JSON

  std::string Code() const { return json.is_object() && json.as_object().contains("code") ? std::string(json.at("code").as_string()) : ""; }
};

class Api {
 public:
  Api() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-api-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
    std::stringstream text;
    text << in.rdbuf();
    catalogue_ = *engine::ParseCatalogue(text.str()).value;
    std::ifstream topics_in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/topics.json");
    std::stringstream topics_text;
    topics_text << topics_in.rdbuf();
    topics_ = *engine::ParseTopics(topics_text.str()).value;
    std::ifstream events_in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/status_events.json");
    std::stringstream events_text;
    events_text << events_in.rdbuf();
    status_events_ = *engine::ParseStatusEventCatalogue(events_text.str()).value;
    store_ = storage::OpenStore(sportello::testing::NewDatabase(dir_, "sportello.db"));
    now_ = *engine::ParseInstant("2026-11-23T10:00:00+01:00");  // Monday
    for (auto [id, province, on] : {std::tuple{"roma", "RM", true}, std::tuple{"milano", "MI", false}}) {
      auto calendar = engine::ParseCalendar(DeskJson(id, province, on), &catalogue_);
      REQUIRE(calendar.ok());
      REQUIRE(booking::SeedDesk(*store_, *calendar.value, now_).has_value());
    }
    std::vector<engine::Application> applications = {
        {"A-1", "roma", kTaxCode, "a1@example.org", "", {"lavoro-documenti"}, "In istruttoria"},
        {"A-2", "roma", kOtherTaxCode, "", "", {"lavoro-documenti", "lavoro-nulla-osta"}, "Nulla osta rilasciato"},
        {"A-3", "roma", kTaxCode, "", "", {"lavoro-documenti"}, "In istruttoria"},
        {"A-4", "roma", kTaxCode, "", "", {"lavoro-documenti"}, "In istruttoria"},
        {"M-1", "milano", kTaxCode, "", "", {"lavoro-documenti"}, "In istruttoria"},
    };
    REQUIRE(booking::ImportApplications(*store_, applications, storage::Actor::Cli(), now_).has_value());
    const std::tuple<const char*, storage::Role, const char*> users[] = {
        {"admin", storage::Role::admin, ""},
        {"op.roma", storage::Role::operator_, "roma"},
        {"mgr.roma", storage::Role::manager, "roma"},
        {"op.milano", storage::Role::operator_, "milano"},
        {"mgr.milano", storage::Role::manager, "milano"},
        {"kiosk.roma", storage::Role::kiosk, "roma"},
    };
    for (const auto& [name, role, desk] : users) {
      REQUIRE(booking::AddUser(*store_, {name, role, desk}, kPassword, storage::Actor::Cli(), now_).has_value());
    }
  }

  // A bearer token for `username` (password kPassword), signed in now.
  std::string Token(const std::string& username) {
    const Answer answer = Post("/api/v1/staff/login",
                               boost::json::serialize(boost::json::object{{"username", username}, {"password", kPassword}}));
    REQUIRE(answer.status == 200);
    return std::string(answer.json.at("token").as_string());
  }
  static std::map<std::string, std::string> Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  ServerConfig serve_config;  // what Serve() starts with (its port and workers aside)

  void StopServing() {
    if (server_) {
      server_->Stop();
      server_->Wait();
    }
    server_.reset();
    display_.reset();
  }
  ~Api() {
    StopServing();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void SetNow(const char* rfc3339) { now_ = *engine::ParseInstant(rfc3339); }
  // Rate limits on a clock that stands still, so a test counts refusals exactly whatever its speed.
  void UseRateLimits(const std::map<std::string, RateLimit>& limits) {
    limiter_ = std::make_unique<RateLimiter>(limits, RateLimiter::kDefaultMaxKeysPerBucket,
                                             [] { return RateLimiter::Clock::time_point{}; });
  }
  void SetClientAddress(std::string address) { client_address_ = std::move(address); }
  // Password checks through `gate` (which must outlive the Api) instead of unbounded.
  void UsePasswordGate(PasswordGate& gate) { password_gate_ = &gate; }
  // GET /api/v1/openapi.yaml answers `document` (which must outlive the Api) instead of 404.
  void ServeApiDocument(const ApiDocument& document) { api_document_ = &document; }
  storage::Store& store() { return *store_; }

  Answer Send(boost::beast::http::verb method, const std::string& target, const std::string& body = "",
              const std::map<std::string, std::string>& headers = {}) {
    RouteInfo route;
    const Response response =
        Route(MakeRequest(method, target, body, headers), RequestContext{client_address_, {}}, *NewServices(), route);
    RecordAnswer(boost::beast::http::to_string(method), target, response);
    last_route_ = route.route;
    return Answered(response);
  }
  // What RouteAtOnce() gives to a GET of `target` without reading the store, if anything.
  std::optional<AtOnceAnswer> AtOnceAnswered(const std::string& target,
                                             const std::map<std::string, std::string>& headers = {}) {
    auto services = NewServices();
    RouteInfo route;
    return RouteAtOnce(MakeRequest(boost::beast::http::verb::get, target, "", headers),
                       RequestContext{client_address_, {}}, *services, route);
  }
  // The same, as an answer.
  std::optional<Answer> AtOnce(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    auto at_once = AtOnceAnswered(target, headers);
    if (!at_once) return std::nullopt;
    const Response response = ToResponse(std::move(*at_once));
    RecordAnswer("GET", target, response);
    return Answered(response);
  }
  Answer Get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::get, target, "", headers);
  }
  Answer Post(const std::string& target, const std::string& body, const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::post, target, body, headers);
  }
  Answer Put(const std::string& target, const std::string& body, const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::put, target, body, headers);
  }
  const std::string& last_route() const { return last_route_; }

  // Starts a real server on 127.0.0.1 (any free port) answering through MakeHandler() with this
  // store and clock, and the displays' event streams (looking every `display_poll`); returns its
  // port. It stops when the Api is destroyed, or at StopServing(). The clock must not be set while
  // it serves (the displays' watcher reads it).
  std::uint16_t Serve(int workers = 4, std::chrono::milliseconds display_poll = std::chrono::milliseconds(100)) {
    served_.reset(new Services{*store_, catalogue_, [this] { return now_; }});
    served_->limiter = limiter_.get();
    served_->topics = &topics_;
    served_->status_events = &status_events_;
    served_->availability = &availability_cache_;
    served_->proof_of_work = &proof_of_work_;
    served_->api_document = api_document_;
    display_ = std::make_unique<DisplayFeeds>(*store_, [this] { return now_; },
                                              DisplayFeeds::Options{display_poll, std::chrono::milliseconds(15'000)});
    served_->display = display_.get();
    ServerConfig config = serve_config;
    config.port = 0;
    config.worker_threads = workers;
    server_ = std::make_unique<Server>(config, MakeHandler(*served_), metrics_);
    server_->Start();
    return server_->port();
  }

 private:
  static Request MakeRequest(boost::beast::http::verb method, const std::string& target, const std::string& body,
                             const std::map<std::string, std::string>& headers) {
    Request request{method, target, 11};
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) request.set(boost::beast::http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    return request;
  }
  std::unique_ptr<Services> NewServices() {
    std::unique_ptr<Services> services(new Services{*store_, catalogue_, [this] { return now_; }});
    services->limiter = limiter_.get();
    services->availability = &availability_cache_;  // every test's availability goes through it
    services->password_checks = password_gate_;
    services->metrics = &metrics_;
    services->proof_of_work = &proof_of_work_;
    services->topics = &topics_;
    services->status_events = &status_events_;
    services->api_document = api_document_;
    return services;
  }
  static Answer Answered(const Response& response) {
    Answer answer;
    answer.status = response.result_int();
    answer.content_type = std::string(response[boost::beast::http::field::content_type]);
    answer.location = std::string(response[boost::beast::http::field::location]);
    answer.retry_after = std::string(response[boost::beast::http::field::retry_after]);
    for (const auto& field : response) {
      answer.headers += std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
    }
    answer.body = response.body();
    boost::system::error_code ec;
    auto parsed = boost::json::parse(answer.body, ec);
    if (!ec) answer.json = parsed;
    return answer;
  }

  std::filesystem::path dir_;
  engine::Catalogue catalogue_;
  engine::Topics topics_;
  engine::StatusEventCatalogue status_events_;
  std::unique_ptr<storage::Store> store_;
  engine::Instant now_;
  std::string last_route_;
  std::unique_ptr<RateLimiter> limiter_;
  PasswordGate* password_gate_ = nullptr;
  const ApiDocument* api_document_ = nullptr;
  AvailabilityCache availability_cache_;
  // Challenges of a thousand numbers at most when all is quiet, so a test solves one at once.
  ProofOfWork proof_of_work_{kTestSecret, booking::Difficulty{.base = 1000, .cap = 64'000}};
  Metrics metrics_;
  std::unique_ptr<Services> served_;
  std::unique_ptr<DisplayFeeds> display_;
  std::unique_ptr<Server> server_;
  std::string client_address_ = "127.0.0.1";
};

// A booking body for application `id` at `start`.
inline std::string BookingBody(const std::string& id, const std::string& start, const std::string& tax_code = kTaxCode,
                               const std::string& type = "lavoro-documenti") {
  return boost::json::serialize(boost::json::object{{"type", type}, {"start", start}, {"application_id", id}, {"tax_code", tax_code}});
}

}  // namespace sportello::http::testing
