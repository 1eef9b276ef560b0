#include "engine/long_date.h"

#include <fmt/core.h>

#include <array>

namespace sportello::engine {

namespace {

using Names7 = std::array<std::string_view, 7>;    // Sunday first, as date::weekday::c_encoding()
using Names12 = std::array<std::string_view, 12>;  // January first

constexpr std::array<Names7, kLanguages.size()> kWeekdays = {{
    {"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
}};

constexpr std::array<Names12, kLanguages.size()> kMonths = {{
    {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
     "novembre", "dicembre"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"},
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre"},
}};

std::size_t Index(Language language) { return static_cast<std::size_t>(language); }

}  // namespace

std::string FormatLongMonth(date::year_month month, Language language) {
  const std::string_view name = kMonths[Index(language)][static_cast<unsigned>(month.month()) - 1];
  const int year = static_cast<int>(month.year());
  return language == Language::es ? fmt::format("{} de {}", name, year) : fmt::format("{} {}", name, year);
}

std::string FormatLongDate(Date day, Language language) {
  const std::string_view weekday = kWeekdays[Index(language)][date::weekday{day}.c_encoding()];
  const std::string_view month = kMonths[Index(language)][static_cast<unsigned>(day.month()) - 1];
  const unsigned number = static_cast<unsigned>(day.day());
  const int year = static_cast<int>(day.year());
  switch (language) {
    case Language::it: return fmt::format("{} {} {} {}", weekday, number, month, year);
    case Language::en: return fmt::format("{} {} {} {}", weekday, number, month, year);
    case Language::fr: return fmt::format("{} {}{} {} {}", weekday, number, number == 1 ? "er" : "", month, year);
    case Language::es: return fmt::format("{}, {} de {} de {}", weekday, number, month, year);
  }
  return {};
}

std::string FormatLocalClock(Instant instant, const date::time_zone& zone) {
  const date::local_seconds local = zone.to_local(instant);
  const date::hh_mm_ss clock{local - date::floor<date::days>(local)};
  return fmt::format("{:02}:{:02}", clock.hours().count(), clock.minutes().count());
}

std::string FormatAppointmentTime(Instant start, Instant end, const date::time_zone& zone, Language language) {
  const std::string day = FormatLongDate(LocalDate(start, zone), language);
  const std::string from = FormatLocalClock(start, zone);
  const std::string to = FormatLocalClock(end, zone);
  const std::string abbrev = zone.get_info(start).abbrev;
  switch (language) {
    case Language::it: return fmt::format("{}, dalle {} alle {} ({})", day, from, to, abbrev);
    case Language::en: return fmt::format("{}, {}–{} ({})", day, from, to, abbrev);
    case Language::fr: return fmt::format("{}, de {} à {} ({})", day, from, to, abbrev);
    case Language::es: return fmt::format("{}, de {} a {} ({})", day, from, to, abbrev);
  }
  return {};
}

std::string FormatLocalDateTime(Instant instant, const date::time_zone& zone, Language language) {
  const std::string day = FormatLongDate(LocalDate(instant, zone), language);
  const std::string clock = FormatLocalClock(instant, zone);
  const std::string abbrev = zone.get_info(instant).abbrev;
  switch (language) {
    case Language::it: return fmt::format("{}, ore {} ({})", day, clock, abbrev);
    case Language::en: return fmt::format("{} at {} ({})", day, clock, abbrev);
    case Language::fr: return fmt::format("{} à {} ({})", day, clock, abbrev);
    case Language::es: return fmt::format("{}, a las {} ({})", day, clock, abbrev);
  }
  return {};
}

}  // namespace sportello::engine
