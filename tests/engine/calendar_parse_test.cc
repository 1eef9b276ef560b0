#include "engine/calendar.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;
namespace json = boost::json;

namespace {

// The SPEC example with one change applied at a JSON pointer-like path.
std::string Edited(const std::function<void(json::object&)>& edit) {
  json::value value = json::parse(kSpecCalendar);
  edit(value.as_object());
  return json::serialize(value);
}

json::object& Type(json::object& root) { return root["types"].as_object()["lavoro-documenti"].as_object(); }
json::object& Weekly(json::object& root, std::size_t i) { return Type(root)["weekly"].as_array()[i].as_object(); }

std::vector<std::string> ErrorsOf(const std::string& text, const Catalogue* catalogue = nullptr) {
  Parsed<DeskCalendar> parsed = ParseCalendar(text, catalogue);
  CHECK_FALSE(parsed.ok());
  std::vector<std::string> errors;
  for (const FieldError& error : parsed.errors) errors.push_back(error.ToString());
  return errors;
}

}  // namespace

TEST_CASE("the SPEC example calendar parses into its parts", "[calendar]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  CHECK(roma.desk == "roma");
  CHECK(roma.province == "RM");
  CHECK(roma.zone == FindTimeZone("Europe/Rome"));
  CHECK(roma.patron == date::June / 29);
  CHECK(roma.flags.self_booking);
  CHECK(roma.closures.size() == 2);
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  CHECK(type.slot_minutes == 20);
  REQUIRE(type.weekly.size() == 2);
  CHECK(type.weekly[0].OpenOn(date::Monday));
  CHECK_FALSE(type.weekly[0].OpenOn(date::Friday));
  CHECK(type.weekly[1].staff_capacity == 0);
  REQUIRE(type.extra.size() == 1);
  CHECK(type.extra[0].date == date::year{2026} / 12 / 19);
}

TEST_CASE("a calendar survives serialisation unchanged", "[calendar]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  CHECK(MustParse(SerializeCalendar(roma)) == roma);
  DeskCalendar with_address = roma;
  with_address.address = "Via Ostiense 131/L, Roma";
  CHECK(MustParse(SerializeCalendar(with_address)) == with_address);
}

TEST_CASE("a desk's contact and its closed hours survive serialisation", "[calendar]") {
  const DeskCalendar roma = MustParse(Edited([](json::object& r) {
    r["contact"] = json::object{{"phone", "+39 06 1234 5678"},
                                {"hours", json::object{{"it", "lun-ven 9-13"}, {"en", "Mon-Fri 9am-1pm"},
                                                       {"fr", "lun-ven 9h-13h"}, {"es", "lun-vie 9-13"}}}};
    r["closures"].as_array().push_back(json::object{{"date", "2026-12-15"}, {"from", "10:00"}, {"to", "11:00"}});
  }));
  REQUIRE(roma.contact.has_value());
  CHECK(roma.contact->phone == "+39 06 1234 5678");
  CHECK(roma.contact->email.empty());
  CHECK(roma.contact->hours->In(Language::en) == "Mon-Fri 9am-1pm");
  CHECK(roma.closures.size() == 2);
  REQUIRE(roma.closed_hours.size() == 1);
  CHECK(roma.closed_hours[0] == ClosedHours{Day("2026-12-15"), std::chrono::hours{10}, std::chrono::hours{11}});
  CHECK(MustParse(SerializeCalendar(roma)) == roma);
}

TEST_CASE("every field error is named by its path", "[calendar][validation]") {
  using Edit = std::function<void(json::object&)>;
  const std::vector<std::pair<Edit, std::string>> cases = {
      {[](json::object& r) { r.erase("desk"); }, "desk: is required"},
      {[](json::object& r) { r["desk"] = "Roma!"; }, "desk: must be 1-40 characters of a-z, 0-9 and -"},
      {[](json::object& r) { r["name"] = ""; }, "name: must not be empty"},
      {[](json::object& r) { r["province"] = "Rm"; }, "province: must be two capital letters, e.g. RM"},
      {[](json::object& r) { r["timezone"] = "Europe/Atlantis"; }, "timezone: is not a known time zone, e.g. Europe/Rome"},
      {[](json::object& r) { r["patron"] = "02-30"; }, "patron: must be a day of the year MM-DD, e.g. 06-29"},
      {[](json::object& r) { r["closures"].as_array()[1] = "2026-12-32"; }, "closures[1]: must be a date YYYY-MM-DD"},
      {[](json::object& r) { r["closures"].as_array()[1] = json::object{{"date", "2026-12-15"}, {"from", "11:00"}, {"to", "10:00"}}; },
       "closures[1].to: must be after from"},
      {[](json::object& r) { r["closures"].as_array()[1] = json::object{{"date", "2026-12-15"}, {"from", "10:00"}}; },
       "closures[1].to: is required"},
      {[](json::object& r) { r["contact"] = json::object{{"phone", 39}}; }, "contact.phone: must be a string"},
      {[](json::object& r) { r["contact"] = json::object{{"hours", json::object{{"it", "9-13"}, {"en", "9-13"}, {"fr", "9h-13h"}}}}; },
       "contact.hours.es: is required"},
      {[](json::object& r) { r["flags"].as_object()["self_booking"] = "yes"; }, "flags.self_booking: must be true or false"},
      {[](json::object& r) { r["flags"].as_object()["sms"] = true; }, "flags.sms: unknown field"},
      {[](json::object& r) { r["colour"] = "blue"; }, "colour: unknown field"},
      {[](json::object& r) { r["types"] = json::object{}; }, "types: must offer at least one appointment type"},
      {[](json::object& r) { Type(r)["slot_minutes"] = 2; }, "types.lavoro-documenti.slot_minutes: must be from 5 to 480"},
      {[](json::object& r) { Type(r)["slot_minutes"] = 20.5; },
       "types.lavoro-documenti.slot_minutes: must be a whole number from 5 to 480"},
      {[](json::object& r) { Type(r).erase("horizon_days"); }, "types.lavoro-documenti.horizon_days: is required"},
      {[](json::object& r) { Type(r)["min_notice_hours"] = -1; },
       "types.lavoro-documenti.min_notice_hours: must be from 0 to 1440"},
      {[](json::object& r) { Weekly(r, 1)["to"] = "14:00"; }, "types.lavoro-documenti.weekly[1].to: must be after from"},
      {[](json::object& r) { Weekly(r, 1)["to"] = "14:40"; },
       "types.lavoro-documenti.weekly[1].to: must leave room for at least one slot of 20 minutes"},
      {[](json::object& r) { Weekly(r, 0)["from"] = "9:00"; }, "types.lavoro-documenti.weekly[0].from: must be a time HH:MM"},
      {[](json::object& r) { Weekly(r, 0)["days"].as_array()[2] = "mer"; },
       "types.lavoro-documenti.weekly[0].days[2]: must be one of mon, tue, wed, thu, fri, sat, sun"},
      {[](json::object& r) { Weekly(r, 1)["days"].as_array().push_back("tue"); },
       "types.lavoro-documenti.weekly[1].days[2]: is listed twice"},
      {[](json::object& r) { Weekly(r, 1)["days"] = json::array{}; },
       "types.lavoro-documenti.weekly[1].days: must name at least one day"},
      {[](json::object& r) { Weekly(r, 1)["capacity"] = 0; },
       "types.lavoro-documenti.weekly[1].capacity: must offer at least one seat (capacity or staff_capacity)"},
      {[](json::object& r) { Weekly(r, 1)["capacty"] = 3; }, "types.lavoro-documenti.weekly[1].capacty: unknown field"},
      {[](json::object& r) { Weekly(r, 1)["from"] = "12:00"; }, "types.lavoro-documenti.weekly[1]: overlaps weekly[0] on tue"},
      {[](json::object& r) { Type(r)["extra"].as_array()[0].as_object()["date"] = "2026-12-31"; },
       "types.lavoro-documenti.extra[0]: falls on a date listed in closures"},
      {[](json::object& r) { Type(r)["extra"].as_array()[0].as_object()["date"] = "2026-12-02"; },
       "types.lavoro-documenti.extra[0]: overlaps the weekly hours of weekly[0]"},
  };
  for (const auto& [edit, expected] : cases) {
    CAPTURE(expected);
    const std::vector<std::string> errors = ErrorsOf(Edited(edit));
    CHECK(errors == std::vector<std::string>{expected});
  }
}

TEST_CASE("an extra opening may fall on a holiday, where weekly hours do not apply", "[calendar][validation]") {
  const std::string on_holiday =
      Edited([](json::object& r) { Type(r)["extra"].as_array()[0].as_object()["date"] = "2026-12-08"; });
  CHECK(ParseCalendar(on_holiday, nullptr).ok());
}

TEST_CASE("all errors are reported at once and nothing is returned", "[calendar][validation]") {
  const std::string broken = Edited([](json::object& r) {
    r["province"] = "Roma";
    Weekly(r, 0)["to"] = "08:00";
    Type(r)["horizon_days"] = 0;
  });
  const Parsed<DeskCalendar> parsed = ParseCalendar(broken, nullptr);
  CHECK_FALSE(parsed.value.has_value());
  CHECK(parsed.errors.size() == 3);
}

TEST_CASE("malformed documents are refused with a message", "[calendar][validation]") {
  CHECK(ErrorsOf("{").size() == 1);
  CHECK(ErrorsOf("[]") == std::vector<std::string>{"must be an object"});
  CHECK(ErrorsOf(std::string(100, '[') + std::string(100, ']')).size() == 1);  // too deep, not a crash
}

TEST_CASE("with a catalogue, types must be national catalogue ids", "[calendar][validation]") {
  AppointmentType known;
  known.id = "lavoro-nulla-osta";
  const Catalogue catalogue({known});
  CHECK(ErrorsOf(kSpecCalendar, &catalogue) ==
        std::vector<std::string>{"types.lavoro-documenti: is not in the national catalogue of appointment types"});
}
