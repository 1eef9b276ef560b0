#include "tools/bench/nsw/outcome.h"

#include "engine/slots.h"
#include "engine/stats.h"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace sportello::bench::nsw {

namespace {

template <class T>
T Must(engine::Result<T> result, std::string_view what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, engine::ErrorCode(result.error().code)));
  return std::move(*result);
}

void CountSeats(storage::Store& store, const engine::DeskCalendar& desk, const Period& period, Outcome& outcome) {
  const engine::TypeCalendar& type = *desk.FindType(kType);
  for (const engine::Slot& slot : engine::GenerateSlots(desk, type, engine::LocalDate(period.month_begin, *desk.zone),
                                                        engine::LocalDate(period.month_end, *desk.zone))) {
    if (period.InMonth(slot.start)) outcome.seats += slot.total_seats();
  }
  for (const storage::BookingRecord& booking :
       Must(store.BookingsBetween(kDesk, period.month_begin, period.month_end), "BookingsBetween")) {
    const bool attended = booking.status == engine::BookingStatus::attended;
    const bool missed = booking.status == engine::BookingStatus::no_show;
    outcome.used += attended ? 1 : 0;
    outcome.no_show += missed ? 1 : 0;
    if (booking.created_by == storage::Actor::System().who) {
      outcome.convened_came += attended ? 1 : 0;
      outcome.convened_missed += missed ? 1 : 0;
    }
  }
  outcome.empty = outcome.seats - outcome.used - outcome.no_show;
}

void FollowCohort(storage::Store& store, const Period& period, std::span<const Applicant> people, Outcome& outcome) {
  for (const Applicant& person : people) {
    if (!period.InMonth(person.bookable_at)) continue;
    ++outcome.cohort;
    const auto bookings = Must(store.BookingsOfApplication(person.id), "BookingsOfApplication");
    std::optional<engine::Instant> visit;
    for (const storage::BookingRecord& booking : bookings) {
      if (booking.status == engine::BookingStatus::attended && (!visit || booking.start < *visit)) visit = booking.start;
    }
    if (visit) {
      ++outcome.seen;
      outcome.days.push_back(std::chrono::duration<double>(*visit - person.bookable_at).count() / 86400.0);
    } else {
      (bookings.empty() ? outcome.never_booked : outcome.booked_never_seen) += 1;
    }
  }
}

void CountActions(storage::Store& store, const Period& period, Outcome& outcome) {
  storage::AuditQuery query;
  query.desk = std::string(kDesk);
  query.limit = storage::kMaxAuditPage;
  for (;;) {
    const auto page = Must(store.Audit(query), "Audit");
    for (const storage::AuditEntry& entry : page) {
      if (!period.InMonth(entry.at)) continue;
      const std::string& action = entry.action;
      outcome.joins += action == "waitlist.join" ? 1 : 0;
      outcome.offers += action == "waitlist.offer" ? 1 : 0;
      outcome.accepts += action == "waitlist.accept" ? 1 : 0;
      outcome.expiries += action == "waitlist.expire" ? 1 : 0;
      outcome.releases += action == "booking.release" ? 1 : 0;
      outcome.confirmations += action == "booking.confirm" ? 1 : 0;
      outcome.convocations += action == "booking.create" && entry.actor == "system" ? 1 : 0;
    }
    if (page.size() < static_cast<std::size_t>(query.limit) || page.back().at < period.month_begin) return;
    query.before_id = page.back().id;
  }
}

std::string Share(int part, int whole) {
  return whole == 0 ? "–" : fmt::format("{:.1f}%", 100.0 * part / whole);
}

std::string Quantiles(const std::vector<double>& values, std::string_view unit) {
  if (values.empty()) return "–";
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  return fmt::format("{:.1f} / {:.1f} / {:.1f}{}", mean, engine::Percentile(values, 50).value_or(0),
                     engine::Percentile(values, 90).value_or(0), unit);
}

}  // namespace

Outcome ReadOutcome(storage::Store& store, const engine::DeskCalendar& desk, const Period& period,
                    std::span<const Applicant> people, const ApplicantTally& tally) {
  Outcome outcome;
  outcome.tally = tally;
  CountSeats(store, desk, period, outcome);
  FollowCohort(store, period, people, outcome);
  CountActions(store, period, outcome);
  return outcome;
}

std::string OutcomeTable(std::span<const Outcome> outcomes) {
  std::string table = "| |";
  std::string rule = "|---|";
  for (const Outcome& o : outcomes) {
    table += fmt::format(" {} |", o.name);
    rule += "---:|";
  }
  table += "\n" + rule + "\n";
  const auto row = [&](std::string_view label, const std::function<std::string(const Outcome&)>& cell) {
    table += fmt::format("| {} |", label);
    for (const Outcome& o : outcomes) table += fmt::format(" {} |", cell(o));
    table += "\n";
  };
  const auto number = [](int value) { return fmt::format("{}", value); };
  row("seats offered in the month", [&](const Outcome& o) { return number(o.seats); });
  row("seats used (attended)", [&](const Outcome& o) { return number(o.used); });
  row("wasted: empty at the hour", [&](const Outcome& o) { return number(o.empty); });
  row("wasted: no-show", [&](const Outcome& o) { return number(o.no_show); });
  row("**share used**", [&](const Outcome& o) { return "**" + Share(o.used, o.seats) + "**"; });
  row("… of them convocations by the system: came / missed", [&](const Outcome& o) {
    return fmt::format("{} / {}", o.convened_came, o.convened_missed);
  });
  row("cases bookable in the month", [&](const Outcome& o) { return number(o.cohort); });
  row("… seen by the end of the run", [&](const Outcome& o) { return number(o.seen); });
  row("… days to the visit: mean / median / p90", [&](const Outcome& o) { return Quantiles(o.days, ""); });
  row("… booked, but no visit by the end", [&](const Outcome& o) { return number(o.booked_never_seen); });
  row("… never had a booking", [&](const Outcome& o) { return number(o.never_booked); });
  row("bookings made by applicants", [&](const Outcome& o) { return number(o.tally.bookings_made); });
  row("searches that found no seat in the horizon", [&](const Outcome& o) { return number(o.tally.no_seat_found); });
  row("late cancellations (too late to cancel)", [&](const Outcome& o) {
    return fmt::format("{} ({})", o.tally.late_cancels, o.tally.cancel_too_late);
  });
  row("waitlist: joined", [&](const Outcome& o) { return number(o.joins); });
  row("waitlist: offers", [&](const Outcome& o) { return number(o.offers); });
  row("waitlist: accepted", [&](const Outcome& o) { return number(o.accepts); });
  row("waitlist: expired (answered too late)", [&](const Outcome& o) {
    return fmt::format("{} ({})", o.expiries, o.tally.answered_too_late);
  });
  row("waitlist: offers made while applicants sleep (accepted)", [&](const Outcome& o) {
    return fmt::format("{} ({})", o.tally.offers_seen_at_night, o.tally.night_offers_accepted);
  });
  row("waitlist: offers to cases already seen or missed", [&](const Outcome& o) {
    return number(o.tally.offers_after_visit);
  });
  row("waitlist: hours from joining to an accepted offer: mean / median / p90",
      [&](const Outcome& o) { return Quantiles(o.tally.waited_hours, ""); });
  row("reconfirmation: asked / confirmed", [&](const Outcome& o) {
    return fmt::format("{} / {}", o.tally.asked, o.confirmations);
  });
  row("reconfirmation: released (would have come / would not)", [&](const Outcome& o) {
    return fmt::format("{} ({} / {})", o.releases, o.tally.released_would_come, o.tally.released_would_not);
  });
  row("convocations by the system (after the case's own booking was released / cancelled)", [&](const Outcome& o) {
    return fmt::format("{} ({} / {})", o.convocations, o.tally.convened_after_release, o.tally.convened_after_cancel);
  });
  row("wall time of the configuration (s)", [&](const Outcome& o) { return fmt::format("{:.1f}", o.wall_seconds); });
  const auto mean_ms = [](const Outcome& o, const char* what) {
    const auto found = o.tally.time_in.find(what);
    if (found == o.tally.time_in.end() || found->second.second == 0) return std::string("–");
    return fmt::format("{:.2f}", 1000 * found->second.first / found->second.second);
  };
  row("MatchWaitlists: mean wall time per pass (ms)", [&](const Outcome& o) { return mean_ms(o, "MatchWaitlists"); });
  row("JoinWaitlist: mean wall time per call (ms)", [&](const Outcome& o) { return mean_ms(o, "JoinWaitlist"); });
  row("MatchWaitlists: mean entries waiting / seats free at a pass", [&](const Outcome& o) {
    if (o.tally.match_passes == 0 || o.tally.waiting_per_pass + o.tally.free_seats_per_pass == 0) return std::string("–");
    return fmt::format("{:.0f} / {:.0f}", o.tally.waiting_per_pass / o.tally.match_passes,
                       o.tally.free_seats_per_pass / o.tally.match_passes);
  });
  return table;
}

}  // namespace sportello::bench::nsw
