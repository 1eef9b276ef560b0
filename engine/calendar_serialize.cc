#include "engine/calendar.h"

#include <boost/json.hpp>
#include <fmt/core.h>

namespace sportello::engine {

namespace json = boost::json;

namespace {

constexpr std::string_view kWeekdayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

json::array Weekdays(const WeeklyRule& rule) {
  json::array days;
  // Monday first, as people read a week in Italy.
  for (unsigned i = 1; i <= 7; ++i) {
    const date::weekday day{i % 7};
    if (rule.OpenOn(day)) days.emplace_back(kWeekdayNames[day.c_encoding()]);
  }
  return days;
}

void PutOpening(json::object& object, std::chrono::minutes from, std::chrono::minutes to, int capacity,
                int staff_capacity) {
  object["from"] = FormatClockTime(from);
  object["to"] = FormatClockTime(to);
  object["capacity"] = capacity;
  if (staff_capacity != 0) object["staff_capacity"] = staff_capacity;
}

json::object TypeObject(const TypeCalendar& type) {
  json::object object;
  object["slot_minutes"] = type.slot_minutes;
  object["horizon_days"] = type.horizon_days;
  object["min_notice_hours"] = type.min_notice_hours;
  object["cancel_notice_hours"] = type.cancel_notice_hours;
  json::array weekly;
  for (const WeeklyRule& rule : type.weekly) {
    json::object item;
    item["days"] = Weekdays(rule);
    PutOpening(item, rule.from, rule.to, rule.capacity, rule.staff_capacity);
    weekly.push_back(std::move(item));
  }
  object["weekly"] = std::move(weekly);
  if (!type.extra.empty()) {
    json::array extra;
    for (const ExtraOpening& opening : type.extra) {
      json::object item;
      item["date"] = FormatDate(opening.date);
      PutOpening(item, opening.from, opening.to, opening.capacity, opening.staff_capacity);
      extra.push_back(std::move(item));
    }
    object["extra"] = std::move(extra);
  }
  if (type.waitlist_offer_minutes != 0) object["waitlist_offer_minutes"] = type.waitlist_offer_minutes;
  if (type.reconfirm) {
    object["reconfirm"] = json::object{{"from_days", type.reconfirm->from_days}, {"until_days", type.reconfirm->until_days}};
  }
  if (type.reconfirm_staff) object["reconfirm_staff"] = true;
  if (type.auto_convene_after_days != 0) object["auto_convene_after_days"] = type.auto_convene_after_days;
  if (type.release) {
    object["release"] = json::object{{"day_of_month", type.release->day_of_month},
                                     {"at", FormatClockTime(type.release->at)},
                                     {"months_ahead", type.release->months_ahead},
                                     {"draw_minutes", type.release->draw_minutes}};
  }
  return object;
}

json::object ContactObject(const DeskContact& contact) {
  json::object object;
  if (!contact.phone.empty()) object["phone"] = contact.phone;
  if (!contact.email.empty()) object["email"] = contact.email;
  if (contact.hours) {
    json::object hours;
    for (Language language : kLanguages) hours[LanguageCode(language)] = contact.hours->In(language);
    object["hours"] = std::move(hours);
  }
  return object;
}

}  // namespace

std::string SerializeCalendar(const DeskCalendar& calendar) {
  json::object root;
  root["desk"] = calendar.desk;
  root["name"] = calendar.name;
  root["province"] = calendar.province;
  root["timezone"] = calendar.timezone;
  if (!calendar.address.empty()) root["address"] = calendar.address;
  if (calendar.contact) root["contact"] = ContactObject(*calendar.contact);
  if (calendar.patron) {
    root["patron"] = fmt::format("{:02}-{:02}", static_cast<unsigned>(calendar.patron->month()),
                                 static_cast<unsigned>(calendar.patron->day()));
  }
  json::object flags{{"self_booking", calendar.flags.self_booking}};
  // Written only when on, so a calendar that never asked for proof of work reads as it always did.
  if (calendar.flags.proof_of_work) flags["proof_of_work"] = true;
  if (calendar.flags.proof_of_work_reads) flags["proof_of_work_reads"] = true;
  root["flags"] = std::move(flags);
  json::array closures;
  for (const Date& day : calendar.closures) closures.emplace_back(FormatDate(day));
  for (const ClosedHours& part : calendar.closed_hours) {
    closures.push_back(json::object{{"date", FormatDate(part.date)},
                                    {"from", FormatClockTime(part.from)},
                                    {"to", FormatClockTime(part.to)}});
  }
  root["closures"] = std::move(closures);
  json::object types;
  for (const auto& [id, type] : calendar.types) types[id] = TypeObject(type);
  root["types"] = std::move(types);
  return json::serialize(root);
}

}  // namespace sportello::engine
