// Reading a calendar document field by field; cross-field rules live in calendar_rules.cc.
#include "engine/calendar.h"
#include "engine/internal/calendar_rules.h"
#include "engine/json_reader.h"
#include "engine/internal/localized_text_reader.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace sportello::engine {

namespace json = boost::json;
using json_reader::ChildPath;
using json_reader::Errors;
using json_reader::IndexPath;
using json_reader::ObjectView;

namespace {

constexpr int kMaxCapacity = 1000;
constexpr std::size_t kMaxContactLength = 200;
constexpr std::array<std::string_view, 7> kWeekdayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::optional<std::chrono::minutes> ReadClock(ObjectView& object, std::string_view key) {
  std::optional<std::string> text = object.String(key, true);
  if (!text) return std::nullopt;
  auto time = ParseClockTime(*text);
  if (!time) object.errors().push_back({ChildPath(object.path(), key), "must be a time HH:MM"});
  return time;
}

std::optional<Date> ReadDate(const json::value& value, const std::string& path, Errors& errors) {
  const json::string* text = value.if_string();
  std::optional<Date> day = text ? ParseDate(*text) : std::nullopt;
  if (!day) errors.push_back({path, "must be a date YYYY-MM-DD"});
  return day;
}

std::optional<std::uint8_t> ReadWeekdays(ObjectView& rule) {
  const json::array* days = rule.Array("days", true);
  if (days == nullptr) return std::nullopt;
  const std::string path = ChildPath(rule.path(), "days");
  if (days->empty()) {
    rule.errors().push_back({path, "must name at least one day"});
    return std::nullopt;
  }
  std::uint8_t mask = 0;
  bool ok = true;
  for (std::size_t i = 0; i < days->size(); ++i) {
    const json::string* name = (*days)[i].if_string();
    auto found = name ? std::find(kWeekdayNames.begin(), kWeekdayNames.end(), std::string_view(*name))
                      : kWeekdayNames.end();
    if (found == kWeekdayNames.end()) {
      rule.errors().push_back({IndexPath(path, i), "must be one of mon, tue, wed, thu, fri, sat, sun"});
      ok = false;
      continue;
    }
    const auto bit = static_cast<std::uint8_t>(1U << (found - kWeekdayNames.begin()));
    if (mask & bit) {
      rule.errors().push_back({IndexPath(path, i), "is listed twice"});
      ok = false;
    }
    mask = static_cast<std::uint8_t>(mask | bit);
  }
  if (!ok) return std::nullopt;
  return mask;
}

// The hours and seats common to weekly rules and extra openings. False if any is invalid.
bool ReadOpening(ObjectView& object, int slot_minutes, std::chrono::minutes& from, std::chrono::minutes& to,
                 int& capacity, int& staff_capacity) {
  const std::size_t errors_before = object.errors().size();
  auto start = ReadClock(object, "from");
  auto end = ReadClock(object, "to");
  auto seats = object.Int("capacity", true, 0, kMaxCapacity);
  auto staff_seats = object.Int("staff_capacity", false, 0, kMaxCapacity);
  if (start && end) {
    if (*end <= *start) {
      object.errors().push_back({ChildPath(object.path(), "to"), "must be after from"});
    } else if (slot_minutes > 0 && *end - *start < std::chrono::minutes{slot_minutes}) {
      object.errors().push_back({ChildPath(object.path(), "to"),
                                 "must leave room for at least one slot of " + std::to_string(slot_minutes) + " minutes"});
    }
  }
  if (seats && seats.value_or(0) + staff_seats.value_or(0) == 0) {
    object.errors().push_back({ChildPath(object.path(), "capacity"), "must offer at least one seat (capacity or staff_capacity)"});
  }
  if (object.errors().size() != errors_before) return false;
  from = *start;
  to = *end;
  capacity = *seats;
  staff_capacity = staff_seats.value_or(0);
  return true;
}

std::vector<WeeklyRule> ReadWeekly(ObjectView& type, int slot_minutes) {
  std::vector<WeeklyRule> rules;
  const json::array* list = type.Array("weekly", true);
  if (list == nullptr) return rules;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectView item((*list)[i], IndexPath(ChildPath(type.path(), "weekly"), i), type.errors());
    if (!item.valid()) continue;
    WeeklyRule rule;
    auto days = ReadWeekdays(item);
    if (ReadOpening(item, slot_minutes, rule.from, rule.to, rule.capacity, rule.staff_capacity) && days) {
      rule.weekdays = *days;
      rules.push_back(rule);
    }
    item.Finish();
  }
  return rules;
}

std::vector<ExtraOpening> ReadExtra(ObjectView& type, int slot_minutes) {
  std::vector<ExtraOpening> openings;
  const json::array* list = type.Array("extra", false);
  if (list == nullptr) return openings;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectView item((*list)[i], IndexPath(ChildPath(type.path(), "extra"), i), type.errors());
    if (!item.valid()) continue;
    ExtraOpening opening;
    std::optional<Date> day;
    if (const json::value* value = item.Member("date", true)) {
      day = ReadDate(*value, ChildPath(item.path(), "date"), item.errors());
    }
    if (ReadOpening(item, slot_minutes, opening.from, opening.to, opening.capacity, opening.staff_capacity) && day) {
      opening.date = *day;
      openings.push_back(opening);
    }
    item.Finish();
  }
  return openings;
}

// The "No seat wasted" fields of a type, all optional (SPEC.md).
void ReadNoSeatWasted(ObjectView& type, TypeCalendar& calendar) {
  calendar.waitlist_offer_minutes = type.Int("waitlist_offer_minutes", false, 0, 24 * 60).value_or(0);
  calendar.reconfirm_staff = type.Bool("reconfirm_staff", false).value_or(false);
  calendar.auto_convene_after_days = type.Int("auto_convene_after_days", false, 0, 3660).value_or(0);
  std::optional<ObjectView> reconfirm = type.Object("reconfirm", false);
  if (!reconfirm) return;
  auto from_days = reconfirm->Int("from_days", true, 2, 366);
  auto until_days = reconfirm->Int("until_days", true, 1, 365);
  if (from_days && until_days && *until_days >= *from_days) {
    reconfirm->errors().push_back({ChildPath(reconfirm->path(), "until_days"), "must be fewer days than from_days"});
  }
  reconfirm->Finish();
  if (from_days && until_days) calendar.reconfirm = ReconfirmDays{*from_days, *until_days};
}

// The optional "release" rule of a type (SPEC.md, "Fair release").
void ReadRelease(ObjectView& type, TypeCalendar& calendar) {
  std::optional<ObjectView> release = type.Object("release", false);
  if (!release) return;
  auto day_of_month = release->Int("day_of_month", true, 1, 28);
  auto at = ReadClock(*release, "at");
  auto months_ahead = release->Int("months_ahead", true, 0, 12);
  auto draw_minutes = release->Int("draw_minutes", false, 0, 24 * 60).value_or(0);
  release->Finish();
  if (day_of_month && at && months_ahead) calendar.release = ReleaseRule{*day_of_month, *at, *months_ahead, draw_minutes};
}

std::optional<TypeCalendar> ReadType(ObjectView& type) {
  const std::size_t errors_before = type.errors().size();
  TypeCalendar calendar;
  auto slot_minutes = type.Int("slot_minutes", true, 5, 480);
  auto horizon_days = type.Int("horizon_days", true, 1, 366);
  auto min_notice = type.Int("min_notice_hours", true, 0, 24 * 60);
  auto cancel_notice = type.Int("cancel_notice_hours", true, 0, 24 * 60);
  calendar.weekly = ReadWeekly(type, slot_minutes.value_or(0));
  calendar.extra = ReadExtra(type, slot_minutes.value_or(0));
  ReadNoSeatWasted(type, calendar);
  ReadRelease(type, calendar);
  type.Finish();
  if (type.errors().size() != errors_before) return std::nullopt;
  calendar.slot_minutes = *slot_minutes;
  calendar.horizon_days = *horizon_days;
  calendar.min_notice_hours = *min_notice;
  calendar.cancel_notice_hours = *cancel_notice;
  return calendar;
}

void ReadTypes(ObjectView& root, const Catalogue* catalogue, DeskCalendar& desk) {
  std::optional<ObjectView> types = root.Object("types", true);
  if (!types) return;
  const std::vector<std::string> ids = types->Keys();
  if (ids.empty()) root.errors().push_back({"types", "must offer at least one appointment type"});
  for (const std::string& id : ids) {
    const std::string path = ChildPath("types", id);
    if (catalogue != nullptr && catalogue->Find(id) == nullptr) {
      root.errors().push_back({path, "is not in the national catalogue of appointment types"});
      continue;
    }
    std::optional<ObjectView> type = types->Object(id, true);
    if (!type) continue;
    if (auto calendar = ReadType(*type)) desk.types.emplace(id, std::move(*calendar));
  }
}

void ReadIdentity(ObjectView& root, DeskCalendar& desk) {
  if (auto id = root.String("desk", true)) {
    if (!json_reader::IsValidId(*id)) root.errors().push_back({"desk", "must be 1-40 characters of a-z, 0-9 and -"});
    desk.desk = *id;
  }
  if (auto name = root.String("name", true)) {
    if (name->empty()) root.errors().push_back({"name", "must not be empty"});
    desk.name = *name;
  }
  if (auto province = root.String("province", true)) {
    const bool ok = province->size() == 2 && std::all_of(province->begin(), province->end(),
                                                         [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!ok) root.errors().push_back({"province", "must be two capital letters, e.g. RM"});
    desk.province = *province;
  }
  if (auto timezone = root.String("timezone", true)) {
    desk.zone = FindTimeZone(*timezone);
    if (desk.zone == nullptr) root.errors().push_back({"timezone", "is not a known time zone, e.g. Europe/Rome"});
    desk.timezone = *timezone;
  }
  desk.address = root.BoundedString("address", false, kMaxContactLength).value_or("");
}

void ReadContact(ObjectView& root, DeskCalendar& desk) {
  std::optional<ObjectView> contact = root.Object("contact", false);
  if (!contact) return;
  DeskContact read;
  read.phone = contact->BoundedString("phone", false, kMaxContactLength).value_or("");
  read.email = contact->BoundedString("email", false, kMaxContactLength).value_or("");
  if (const json::value* hours = contact->Member("hours", false)) {
    read.hours = json_reader::ReadLocalizedText(*hours, ChildPath(contact->path(), "hours"), root.errors());
  }
  contact->Finish();
  desk.contact = std::move(read);
}

// A closures item: a date closed all day, or {"date","from","to"} closing part of it.
void ReadClosure(const json::value& item, const std::string& path, DeskCalendar& desk, Errors& errors) {
  if (!item.is_object()) {
    if (auto day = ReadDate(item, path, errors)) desk.closures.push_back(*day);
    return;
  }
  ObjectView part(item, path, errors);
  std::optional<Date> day;
  if (const json::value* value = part.Member("date", true)) day = ReadDate(*value, ChildPath(path, "date"), errors);
  auto from = ReadClock(part, "from");
  auto to = ReadClock(part, "to");
  part.Finish();
  if (from && to && *to <= *from) {
    errors.push_back({ChildPath(path, "to"), "must be after from"});
    return;
  }
  if (day && from && to) desk.closed_hours.push_back(ClosedHours{*day, *from, *to});
}

void ReadDays(ObjectView& root, DeskCalendar& desk) {
  if (auto patron = root.String("patron", false)) {
    // Any leap year validates 02-29 as a month-day.
    auto day = ParseDate("2024-" + *patron);
    if (patron->size() != 5 || !day) {
      root.errors().push_back({"patron", "must be a day of the year MM-DD, e.g. 06-29"});
    } else {
      desk.patron = date::month_day{day->month(), day->day()};
    }
  }
  if (const json::array* closures = root.Array("closures", false)) {
    for (std::size_t i = 0; i < closures->size(); ++i) {
      ReadClosure((*closures)[i], IndexPath("closures", i), desk, root.errors());
    }
    std::sort(desk.closures.begin(), desk.closures.end());
    desk.closures.erase(std::unique(desk.closures.begin(), desk.closures.end()), desk.closures.end());
    std::sort(desk.closed_hours.begin(), desk.closed_hours.end(), [](const ClosedHours& a, const ClosedHours& b) {
      return std::tie(a.date, a.from, a.to) < std::tie(b.date, b.from, b.to);
    });
    desk.closed_hours.erase(std::unique(desk.closed_hours.begin(), desk.closed_hours.end()), desk.closed_hours.end());
  }
  if (std::optional<ObjectView> flags = root.Object("flags", false)) {
    desk.flags.self_booking = flags->Bool("self_booking", false).value_or(false);
    desk.flags.proof_of_work = flags->Bool("proof_of_work", false).value_or(false);
    desk.flags.proof_of_work_reads = flags->Bool("proof_of_work_reads", false).value_or(false);
    flags->Finish();
  }
}

}  // namespace

const TypeCalendar* DeskCalendar::FindType(std::string_view type_id) const {
  auto found = types.find(std::string(type_id));
  return found == types.end() ? nullptr : &found->second;
}

Parsed<DeskCalendar> ParseCalendar(std::string_view json_text, const Catalogue* catalogue) {
  Parsed<DeskCalendar> parsed;
  std::optional<json::value> document = json_reader::ParseDocument(json_text, parsed.errors);
  if (!document) return parsed;
  ObjectView root(*document, "", parsed.errors);
  if (!root.valid()) return parsed;
  DeskCalendar desk;
  ReadIdentity(root, desk);
  ReadContact(root, desk);
  ReadDays(root, desk);
  ReadTypes(root, catalogue, desk);
  root.Finish();
  if (parsed.errors.empty()) CheckCalendarRules(desk, parsed.errors);
  if (parsed.errors.empty()) parsed.value = std::move(desk);
  return parsed;
}

}  // namespace sportello::engine
