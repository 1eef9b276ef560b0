// The staff console's additions to SPEC.md's API through Route(): staff accounts (list, create,
// disable), walk-in look-ups by booking code and application number, and the calendar preview.
#include "api_fixture.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

std::string NewUser(const std::string& username, const std::string& role, const std::string& desk = "") {
  json::object body{{"username", username}, {"password", kPassword}, {"role", role}};
  if (!desk.empty()) body["desk"] = desk;
  return json::serialize(body);
}

const json::object* FindUser(const Answer& list, std::string_view username) {
  for (const auto& user : list.json.at("users").as_array()) {
    if (user.at("username").as_string() == username) return &user.as_object();
  }
  return nullptr;
}

}  // namespace

TEST_CASE("an admin lists staff accounts with role, desk and state, never a password", "[api][admin][users]") {
  Api api;
  const Answer list = api.Get("/api/v1/admin/users", Api::Bearer(api.Token("admin")));
  REQUIRE(list.status == 200);
  REQUIRE(list.json.at("users").as_array().size() == 6);
  CHECK(list.json.at("users").as_array()[0].at("username") == "admin");  // by username
  const json::object* op = FindUser(list, "op.roma");
  REQUIRE(op != nullptr);
  CHECK(op->at("role") == "operator");
  CHECK(op->at("desk") == "roma");
  CHECK(op->at("disabled") == false);
  CHECK(op->at("created_at") == "2026-11-23T10:00:00+01:00");
  CHECK(FindUser(list, "admin")->at("desk").is_null());
  CHECK(FindUser(list, "kiosk.roma")->at("role") == "kiosk");
  CHECK(list.body.find("password") == std::string::npos);
  CHECK(list.body.find("argon") == std::string::npos);
}

TEST_CASE("an admin creates accounts that can sign in, and refuses bad ones by field", "[api][admin][users]") {
  Api api;
  const auto admin = Api::Bearer(api.Token("admin"));
  const Answer created = api.Post("/api/v1/admin/users", NewUser("lucia.bianchi", "manager", "milano"), admin);
  REQUIRE(created.status == 201);
  CHECK(created.json.at("username") == "lucia.bianchi");
  CHECK(created.json.at("role") == "manager");
  CHECK(created.json.at("desk") == "milano");
  CHECK(created.json.at("disabled") == false);
  const Answer me = api.Get("/api/v1/staff/me", Api::Bearer(api.Token("lucia.bianchi")));
  CHECK(me.json.at("desk") == "milano");
  CHECK(api.Post("/api/v1/admin/users", NewUser("capo2", "admin"), admin).status == 201);

  struct Refusal {
    std::string body;
    std::string field;
  };
  const std::vector<Refusal> refusals = {
      {NewUser("Lucia Bianchi", "operator", "roma"), "username"},
      {json::serialize(json::object{{"username", "corto"}, {"password", "short"}, {"role", "operator"}, {"desk", "roma"}}),
       "password"},
      {NewUser("sceriffo", "sheriff", "roma"), "role"},
      {NewUser("senza.sportello", "operator"), "desk"},
      {NewUser("admin.roma", "admin", "roma"), "desk"},
      {NewUser("altrove", "operator", "atlantide"), "desk"},
      {R"({"username":"x","password":"correct horse battery staple","role":"operator","desk":"roma","extra":1})", "extra"},
      {"[]", ""},
  };
  for (const Refusal& refusal : refusals) {
    CAPTURE(refusal.body);
    const Answer answer = api.Post("/api/v1/admin/users", refusal.body, admin);
    CHECK(answer.status == 400);
    CHECK(answer.Code() == "invalid_request");
    const std::string detail(answer.json.at("detail").as_string());
    CHECK_FALSE(detail.empty());
    CHECK(detail.starts_with(refusal.field));
    // The field at fault is also a member of its own, for a form to point at.
    if (refusal.field.empty()) {
      CHECK_FALSE(answer.json.as_object().contains("field"));
    } else {
      CHECK(answer.json.at("field").as_string() == refusal.field);
    }
  }
  const Answer taken = api.Post("/api/v1/admin/users", NewUser("op.roma", "operator", "roma"), admin);
  CHECK(taken.status == 409);
  CHECK(taken.Code() == "invalid_request");
  CHECK(taken.json.at("detail") == "username: is taken");
  CHECK(taken.json.at("field") == "username");

  const Answer log = api.Get("/api/v1/admin/audit", admin);
  REQUIRE(log.status == 200);
  const auto& newest = log.json.at("entries").as_array()[0];
  CHECK(newest.at("action") == "user.add");
  CHECK(newest.at("actor") == "staff:admin");
  CHECK(newest.at("subject") == "capo2");

  // A disabled account keeps its name: the audit log goes on naming it.
  REQUIRE(api.Post("/api/v1/admin/users/op.milano/disable", "", admin).status == 200);
  const Answer reused = api.Post("/api/v1/admin/users", NewUser("op.milano", "operator", "milano"), admin);
  CHECK(reused.status == 409);
  CHECK(reused.json.at("detail") == "username: is taken");
}

TEST_CASE("disabling an account ends its sessions at once, but never the admin's own", "[api][admin][users]") {
  Api api;
  const std::string operator_token = api.Token("op.roma");
  const auto admin = Api::Bearer(api.Token("admin"));
  REQUIRE(api.Get("/api/v1/staff/me", Api::Bearer(operator_token)).status == 200);

  const Answer disabled = api.Post("/api/v1/admin/users/op.roma/disable", "", admin);
  REQUIRE(disabled.status == 200);
  CHECK(disabled.json.at("disabled") == true);
  CHECK(api.Get("/api/v1/staff/me", Api::Bearer(operator_token)).status == 401);
  CHECK(api.Post("/api/v1/staff/login", json::serialize(json::object{{"username", "op.roma"}, {"password", kPassword}}))
            .status == 401);
  CHECK(FindUser(api.Get("/api/v1/admin/users", admin), "op.roma")->at("disabled") == true);
  CHECK(api.Post("/api/v1/admin/users/op.roma/disable", "", admin).status == 200);  // again: no change

  const Answer self = api.Post("/api/v1/admin/users/admin/disable", "", admin);
  CHECK(self.status == 403);
  CHECK(self.Code() == "forbidden");
  CHECK(api.Get("/api/v1/staff/me", admin).status == 200);
  const Answer unknown = api.Post("/api/v1/admin/users/nessuno/disable", "", admin);
  CHECK(unknown.status == 404);
  CHECK(unknown.Code() == "not_found");

  const Answer log = api.Get("/api/v1/admin/audit?desk=roma", admin);
  const auto& newest = log.json.at("entries").as_array()[0];
  CHECK(newest.at("action") == "user.disable");
  CHECK(newest.at("subject") == "op.roma");
  CHECK(newest.at("after").at("disabled") == true);
}

TEST_CASE("walk-in: staff find a booking by code and an application by number on their own desk", "[api][staff]") {
  Api api;
  const Answer booked = api.Post("/api/v1/desks/roma/bookings",
                                 BookingBody("A-1", "2026-11-26T09:00:00+01:00"));
  REQUIRE(booked.status == 201);
  const std::string code(booked.json.at("code").as_string());
  const auto roma = Api::Bearer(api.Token("op.roma"));

  const Answer booking = api.Get("/api/v1/staff/bookings/" + code, roma);
  REQUIRE(booking.status == 200);
  CHECK(booking.json.at("code").as_string() == code);
  CHECK(booking.json.at("application_id") == "A-1");
  CHECK(booking.json.at("email") == "a1@example.org");
  CHECK_FALSE(booking.json.as_object().contains("manage_token"));
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(api.Get("/api/v1/staff/bookings/" + lower, roma).status == 200);  // as typed at the desk
  CHECK(api.Get("/api/v1/staff/bookings/RM-XXXX-XXXX-XXXX", roma).Code() == "not_found");

  const Answer application = api.Get("/api/v1/staff/applications/A-2?lang=en", roma);
  REQUIRE(application.status == 200);
  CHECK(application.json.at("desk") == "roma");
  CHECK(application.json.at("status") == "Nulla osta rilasciato");
  CHECK(application.json.at("types").as_array().size() == 2);
  CHECK(application.json.at("types").as_array()[0].at("id") == "lavoro-documenti");
  CHECK(application.json.at("bookings").as_array().empty());
  CHECK(application.body.find(kOtherTaxCode) == std::string::npos);
  const Answer with_booking = api.Get("/api/v1/staff/applications/A-1", roma);
  REQUIRE(with_booking.json.at("bookings").as_array().size() == 1);
  CHECK(with_booking.json.at("bookings").as_array()[0].at("code").as_string() == code);
  CHECK(api.Get("/api/v1/staff/applications/NO-SUCH", roma).Code() == "not_found");

  const auto milano = Api::Bearer(api.Token("op.milano"));
  CHECK(api.Get("/api/v1/staff/bookings/" + code, milano).Code() == "not_found");  // as if unknown
  CHECK(api.Get("/api/v1/staff/applications/A-1", milano).Code() == "not_found");
  CHECK(api.Get("/api/v1/staff/applications/M-1", milano).status == 200);
}

TEST_CASE("a manager previews the slots of an unsaved calendar for a week", "[api][staff][calendar]") {
  Api api;
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  json::value calendar = json::parse(api.Get("/api/v1/staff/desks/roma/calendar", manager).body);
  auto& rule = calendar.at("types").at("lavoro-documenti").at("weekly").as_array()[0].as_object();
  rule["days"] = json::array{"mon"};
  rule["to"] = "09:40";
  rule["capacity"] = 3;

  const Answer preview = api.Post("/api/v1/staff/desks/roma/calendar/preview?from=2026-11-30&to=2026-12-06",
                                  json::serialize(calendar), manager);
  REQUIRE(preview.status == 200);
  CHECK(preview.json.at("timezone") == "Europe/Rome");
  const auto& types = preview.json.at("types").as_array();
  REQUIRE(types.size() == 2);
  CHECK(types[0].at("type") == "lavoro-documenti");
  const auto& days = types[0].at("days").as_array();
  REQUIRE(days.size() == 7);  // every day of the week, closed ones with no slot
  CHECK(days[0].at("date") == "2026-11-30");
  const auto& monday = days[0].at("slots").as_array();
  REQUIRE(monday.size() == 2);
  CHECK(monday[0].at("start") == "2026-11-30T09:00:00+01:00");
  CHECK(monday[0].at("end") == "2026-11-30T09:20:00+01:00");
  CHECK(monday[0].at("capacity") == 3);
  CHECK(monday[0].at("staff_capacity") == 1);
  CHECK(days[1].at("slots").as_array().empty());  // Tuesday no longer open
  CHECK(types[1].at("days").as_array()[1].at("slots").as_array().size() == 2);  // nulla osta, Tuesday 11-12

  // Nothing was saved.
  const Answer stored = api.Get("/api/v1/staff/desks/roma/calendar", manager);
  CHECK(stored.json.at("types").at("lavoro-documenti").at("weekly").as_array()[0].at("capacity") == 2);

  rule["to"] = "08:00";
  const Answer invalid = api.Post("/api/v1/staff/desks/roma/calendar/preview?from=2026-11-30&to=2026-12-06",
                                  json::serialize(calendar), manager);
  CHECK(invalid.status == 400);
  CHECK(invalid.json.at("errors").as_array()[0].at("path") == "types.lavoro-documenti.weekly[0].to");
  CHECK(api.Post("/api/v1/staff/desks/roma/calendar/preview?from=2026-11-30&to=2027-03-01", stored.body, manager).status ==
        422);
  CHECK(api.Post("/api/v1/staff/desks/roma/calendar/preview?from=2026-11-30", stored.body, manager).Code() ==
        "invalid_request");
  const Answer other_desk = api.Post("/api/v1/staff/desks/roma/calendar/preview?from=2026-11-30&to=2026-12-06",
                                     api.Get("/api/v1/staff/desks/milano/calendar", Api::Bearer(api.Token("admin"))).body,
                                     manager);
  CHECK(other_desk.status == 400);
}
