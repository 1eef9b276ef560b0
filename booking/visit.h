// The day of the visit (SPEC.md, "The day of the visit"): check-in, walk-ins and the calling
// queue. Every rule of a ticket is here (engine/ticket.h holds the window and the order); each
// change runs in one transaction that holds the desk's queue of the day (BookingTransaction::
// TicketsOf), so two counters pressing "next" at once, on one node or two, never get the same
// person, and two check-ins never get the same number. Every change is audited ("ticket.*").
// Thread-safe, like booking.h. Besides the errors listed, any may return Error::internal.
#pragma once

#include "engine/ticket.h"
#include "storage/store.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sportello::booking {

// A ticket with its place among those waiting (1 = next) and the minutes it may still wait
// (engine::EstimateWaitMinutes); both 0 when it is not waiting.
struct QueuedTicket {
  engine::Ticket ticket;
  int position = 0;
  int estimated_wait_minutes = 0;
};

struct CheckInOutcome {
  QueuedTicket ticket;
  bool created = false;  // false: the booking had checked in already; the same ticket
};

// Checks in booking `code` (read as typed) at `desk`. Errors: not_found (unknown code, or another
// desk's booking); not_checkable (not today at the desk, or no longer booked) unless it has a
// ticket already, which is returned; outside_checkin_window (engine::CheckCheckinWindow).
engine::Result<CheckInOutcome> CheckIn(storage::Store& store, std::string_view desk, std::string_view code,
                                       const storage::Actor& actor, engine::Instant now);

// Adds a walk-in for application `application_id` of `desk` (an urgent case without a booking).
// Error: not_found for an application unknown at that desk.
engine::Result<QueuedTicket> AddWalkIn(storage::Store& store, std::string_view desk, std::string_view application_id,
                                       bool urgent, const storage::Actor& actor, engine::Instant now);

// The reads below take the desk the caller has already read (Store::FindDesk), for its time zone.

// Every ticket of `desk` today (its local date), by sequence, read without locking the queue.
// Error: not_found.
engine::Result<std::vector<engine::Ticket>> TodaysTickets(storage::Store& store, const engine::DeskCalendar& desk,
                                                          engine::Instant now);

// The tickets of `desk` today still waiting or called, in queue order. Error: not_found.
engine::Result<std::vector<QueuedTicket>> TodaysQueue(storage::Store& store, const engine::DeskCalendar& desk,
                                                      engine::Instant now);

// The day of the visit as the holder of a booking sees it.
struct VisitOfBooking {
  std::optional<QueuedTicket> ticket;  // once checked in
  bool rated = false;                  // the visit has been rated (GiveFeedback)
};

// The ticket of `booking` (of `desk`), with its place and wait while waiting, and whether it was
// rated. Error: not_found for a desk that is gone.
engine::Result<VisitOfBooking> VisitOf(storage::Store& store, const engine::DeskCalendar& desk,
                                       const storage::BookingRecord& booking, engine::Instant now);

// How many calls the waiting-room display shows.
inline constexpr std::size_t kDisplayedCalls = 10;

// The last kDisplayedCalls tickets of `desk` called today, the latest first: what the waiting room
// shows. Error: not_found.
engine::Result<std::vector<engine::Ticket>> RecentCalls(storage::Store& store, const engine::DeskCalendar& desk,
                                                        engine::Instant now);

// Calls the first waiting ticket to `counter` (1-20 characters): it becomes `called`, its first
// call. nullopt when nobody waits. Errors: not_found; invalid_request for a bad counter.
engine::Result<std::optional<QueuedTicket>> CallNext(storage::Store& store, std::string_view desk,
                                                     std::string_view counter, const storage::Actor& actor,
                                                     engine::Instant now);

enum class TicketAction { recall, done, missed };

// Acts on a called ticket (by its id): recall calls it once more, and after engine::kMaxCalls
// unanswered calls makes it missed; done marks its booking attended, missed marks it no_show.
// Errors: not_found; invalid_request when the ticket is not called.
engine::Result<QueuedTicket> ActOnTicket(storage::Store& store, std::string_view ticket_id, TicketAction action,
                                         const storage::Actor& actor, engine::Instant now);

// The longest comment a rating may carry, in characters (code points).
inline constexpr std::size_t kMaxFeedbackComment = 500;

// Records the applicant's rating (1-5) of the visit of booking `code` (whose manage token the
// caller has checked), with an optional plain-text comment. Errors: invalid_request naming
// "rating" or "comment"; not_found; not_attended before the booking is marked attended;
// already_rated the second time. Audited ("booking.feedback", by the applicant; the comment is not
// copied into the audit log).
engine::Result<storage::Feedback> GiveFeedback(storage::Store& store, std::string_view code, int rating,
                                               std::string comment, engine::Instant now);

}  // namespace sportello::booking
