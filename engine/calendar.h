// A desk and its calendar: the validated, in-memory form of `calendars/<desk>.json` (SPEC.md,
// "Calendar file"), also the body of the staff calendar API.
//
// Times are local wall-clock minutes after midnight in the desk's time zone; `zone` is resolved
// from `timezone` when the file is parsed and points into the process-wide tz database.
// Thread-safe: plain values, read-only after parsing.
#pragma once

#include "engine/catalogue.h"
#include "engine/field_errors.h"
#include "engine/time.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

// Opening hours that repeat every week on some weekdays.
struct WeeklyRule {
  std::uint8_t weekdays = 0;  // bit i set = open on date::weekday{i} (0 = Sunday … 6 = Saturday)
  std::chrono::minutes from{0};
  std::chrono::minutes to{0};
  int capacity = 0;        // seats applicants may book online
  int staff_capacity = 0;  // extra seats only staff may fill

  bool OpenOn(date::weekday day) const { return (weekdays >> day.c_encoding()) & 1U; }
  friend bool operator==(const WeeklyRule&, const WeeklyRule&) = default;
};

// Opening hours on one date, on top of (or instead of, when closed) the weekly rules.
struct ExtraOpening {
  Date date;
  std::chrono::minutes from{0};
  std::chrono::minutes to{0};
  int capacity = 0;
  int staff_capacity = 0;
  friend bool operator==(const ExtraOpening&, const ExtraOpening&) = default;
};

// The days before an appointment's date between which it must be reconfirmed (SPEC.md, "No seat
// wasted"): from the start of the date `from_days` before it to the end of the date `until_days`
// before it (from_days > until_days >= 1).
struct ReconfirmDays {
  int from_days = 0;
  int until_days = 0;
  friend bool operator==(const ReconfirmDays&, const ReconfirmDays&) = default;
};

// When the seats of a calendar month open (SPEC.md, "Fair release"): at local time `at` on
// `day_of_month` of the month `months_ahead` before it. With draw_minutes > 0 the first minutes
// after each opening are a draw window: the month's seats are requested, then drawn.
struct ReleaseRule {
  int day_of_month = 1;              // 1..28
  std::chrono::minutes at{0};        // local time of day
  int months_ahead = 1;              // 0..12
  int draw_minutes = 0;              // 0: the month opens first-come
  friend bool operator==(const ReleaseRule&, const ReleaseRule&) = default;
};

// The calendar of one appointment type at one desk.
struct TypeCalendar {
  int slot_minutes = 0;
  int horizon_days = 0;
  int min_notice_hours = 0;
  int cancel_notice_hours = 0;
  std::vector<WeeklyRule> weekly;
  std::vector<ExtraOpening> extra;
  int waitlist_offer_minutes = 0;          // how long an offer holds a seat; 0: no waitlist
  std::optional<ReconfirmDays> reconfirm;  // none: bookings are not reconfirmed
  bool reconfirm_staff = false;            // convocations (staff, system) must be reconfirmed too
  int auto_convene_after_days = 0;         // 0: applications are never convened automatically
  std::optional<ReleaseRule> release;      // none: slots open day by day with the horizon
  friend bool operator==(const TypeCalendar&, const TypeCalendar&) = default;
};

// Part of one day closed (a training hour, a broken counter): no slot of any type that overlaps
// [from, to) on that date is generated, extra openings included.
struct ClosedHours {
  Date date;
  std::chrono::minutes from{0};
  std::chrono::minutes to{0};
  friend bool operator==(const ClosedHours&, const ClosedHours&) = default;
};

// How applicants reach the desk; each part may be empty.
struct DeskContact {
  std::string phone;
  std::string email;
  std::optional<LocalizedText> hours;  // opening hours of the desk, in every language
  friend bool operator==(const DeskContact&, const DeskContact&) = default;
};

struct DeskFlags {
  bool self_booking = false;
  // Applicants' writes (booking, moving, joining the waitlist, looking up an application, …) need
  // a solved proof-of-work challenge (SPEC.md, "Fair release"); with `proof_of_work_reads` the
  // desk's availability too.
  bool proof_of_work = false;
  bool proof_of_work_reads = false;
  friend bool operator==(const DeskFlags&, const DeskFlags&) = default;
};

struct DeskCalendar {
  std::string desk;      // id, e.g. "roma"
  std::string name;
  std::string province;  // two letters, e.g. "RM"
  std::string timezone;  // IANA name, e.g. "Europe/Rome"
  const date::time_zone* zone = nullptr;
  std::string address;   // optional street address shown to applicants; may be empty
  std::optional<DeskContact> contact;
  std::optional<date::month_day> patron;
  DeskFlags flags;
  std::vector<Date> closures;                  // whole days closed; sorted, unique
  std::vector<ClosedHours> closed_hours;       // parts of days closed; sorted
  std::map<std::string, TypeCalendar> types;   // by catalogue type id

  // The calendar of `type_id`, or nullptr when the desk does not offer it.
  const TypeCalendar* FindType(std::string_view type_id) const;
  friend bool operator==(const DeskCalendar&, const DeskCalendar&) = default;
};

// Parses and validates a calendar document. With a catalogue, every type id must be in it.
// Every problem is reported with its field path; nothing is returned unless all is valid.
Parsed<DeskCalendar> ParseCalendar(std::string_view json_text, const Catalogue* catalogue);

// The calendar as a JSON document in the file format; ParseCalendar(SerializeCalendar(c)) == c.
std::string SerializeCalendar(const DeskCalendar& calendar);

}  // namespace sportello::engine
