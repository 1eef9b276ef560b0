// Dates and times written out for people in it/en/fr/es ("martedì 10 novembre 2026, dalle 09:00
// alle 09:20 (CET)"), with the names of days and months kept here rather than taken from the C++
// or C locale, so the output is the same on every machine. Times are the desk's local wall time.
// Thread-safe: pure functions.
#pragma once

#include "engine/language.h"
#include "engine/time.h"

#include <string>

namespace sportello::engine {

// "martedì 10 novembre 2026", "Tuesday 10 November 2026", "mardi 10 novembre 2026",
// "martes, 10 de noviembre de 2026" (French writes the first of the month "1er").
std::string FormatLongDate(Date date, Language language);

// A month and its year: "gennaio 2027", "January 2027", "janvier 2027", "enero de 2027".
std::string FormatLongMonth(date::year_month month, Language language);

// The local wall time of `instant` in `zone` as "HH:MM".
std::string FormatLocalClock(Instant instant, const date::time_zone& zone);

// Date and time span of an appointment in `zone`, with the zone's abbreviation in force at
// `start` (CET/CEST for Europe/Rome), e.g. "martedì 10 novembre 2026, dalle 09:00 alle 09:20 (CET)".
std::string FormatAppointmentTime(Instant start, Instant end, const date::time_zone& zone, Language language);

// One moment in `zone`, with the zone's abbreviation in force then: "martedì 10 novembre 2026, ore
// 09:30 (CET)", "Tuesday 10 November 2026 at 09:30 (CET)", "mardi 10 novembre 2026 à 09:30 (CET)",
// "martes, 10 de noviembre de 2026, a las 09:30 (CET)".
std::string FormatLocalDateTime(Instant instant, const date::time_zone& zone, Language language);

}  // namespace sportello::engine
