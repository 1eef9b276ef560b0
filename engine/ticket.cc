#include "engine/ticket.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>

namespace sportello::engine {

namespace {

constexpr std::string_view kStateNames[] = {"waiting", "called", "done", "missed"};

// The minute a ticket counts from in the queue: its appointment, or its arrival for a walk-in.
std::chrono::sys_seconds QueueMinute(const Ticket& ticket) {
  return std::chrono::floor<std::chrono::minutes>(ticket.appointment.value_or(ticket.checked_in_at));
}

}  // namespace

std::string_view TicketStateName(TicketState state) { return kStateNames[static_cast<int>(state)]; }

std::optional<TicketState> ParseTicketState(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (kStateNames[i] == name) return static_cast<TicketState>(i);
  }
  return std::nullopt;
}

std::string Ticket::Number() const { return fmt::format("{}{:03}", walk_in() ? 'W' : 'A', sequence); }

std::string Ticket::Id() const {
  return fmt::format("{}-{:04}{:02}{:02}-{}", desk, static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                     static_cast<unsigned>(day.day()), Number());
}

std::optional<TicketKey> ParseTicketId(std::string_view id) {
  // From the right: the number, then the date; the desk id may itself contain '-'.
  const std::size_t last = id.rfind('-');
  if (last == std::string_view::npos || last < 10) return std::nullopt;
  const std::string_view number = id.substr(last + 1);
  const std::string_view day = id.substr(last - 8, 8);
  if (id[last - 9] != '-' || number.size() < 4 || (number[0] != 'A' && number[0] != 'W')) return std::nullopt;
  int sequence = 0;
  const auto [end, error] = std::from_chars(number.data() + 1, number.data() + number.size(), sequence);
  if (error != std::errc{} || end != number.data() + number.size() || sequence <= 0) return std::nullopt;
  const std::optional<Date> date =
      ParseDate(fmt::format("{}-{}-{}", day.substr(0, 4), day.substr(4, 2), day.substr(6, 2)));
  if (!date) return std::nullopt;
  TicketKey key{std::string(id.substr(0, last - 9)), *date, sequence};
  if (key.desk.empty()) return std::nullopt;
  return key;
}

Result<void> CheckCheckinWindow(Instant start, Instant now) {
  if (now < start - kCheckinOpensBefore || now > start + kCheckinClosesAfter) return Error::outside_checkin_window;
  return {};
}

bool ServedBefore(const Ticket& a, const Ticket& b) {
  return std::make_tuple(!a.urgent, QueueMinute(a), a.walk_in(), a.checked_in_at, a.sequence) <
         std::make_tuple(!b.urgent, QueueMinute(b), b.walk_in(), b.checked_in_at, b.sequence);
}

std::vector<Ticket> QueueOrder(std::vector<Ticket> tickets) {
  std::erase_if(tickets, [](const Ticket& ticket) {
    return ticket.state != TicketState::waiting && ticket.state != TicketState::called;
  });
  std::sort(tickets.begin(), tickets.end(), ServedBefore);
  return tickets;
}

int EstimateWaitMinutes(const std::vector<Ticket>& day, int position, Instant now) {
  std::vector<std::chrono::seconds> service_times;
  std::set<std::string> open_counters;
  for (const Ticket& ticket : day) {
    if (ticket.state == TicketState::done && ticket.first_called_at && ticket.finished_at) {
      service_times.push_back(std::chrono::duration_cast<std::chrono::seconds>(*ticket.finished_at - *ticket.first_called_at));
    }
    if (ticket.called_at && now - *ticket.called_at <= kCounterActiveWithin) open_counters.insert(ticket.counter);
  }
  std::chrono::seconds service = kAssumedServiceTime;
  if (!service_times.empty()) {
    const auto middle = service_times.begin() + static_cast<std::ptrdiff_t>(service_times.size() / 2);
    std::nth_element(service_times.begin(), middle, service_times.end());
    service = *middle;
  }
  const auto counters = static_cast<std::int64_t>(std::max<std::size_t>(open_counters.size(), 1));
  const std::int64_t seconds = service.count() * std::max(position, 0) / counters;
  return static_cast<int>((seconds + 59) / 60);
}

}  // namespace sportello::engine
