// The kinds of message Sportello sends an applicant about a booking (docs/notifications.md):
// a confirmation of their own booking, a convocation made by staff (the electronic replacement
// of the registered letter), a reschedule, a cancellation, a reminder before the day, and after a
// visit marked attended an invitation to rate it. "No seat wasted" adds the offer of a seat to a
// waitlist entry, the request to reconfirm a booking (and its one reminder), and the notice that an
// unconfirmed booking was released. "Fair release" adds the notice that a draw request lost (there
// were more requests than seats). "Questions" adds the notice that a question was answered (a link
// to read it, never its content). "Integration" adds the notice of a status event of the application
// whose code the catalogue marks for e-mail (calendars/status_events.json).
// Thread-safe: plain values.
#pragma once

#include <optional>
#include <string_view>

namespace sportello::engine {

enum class NoticeKind {
  confirmation, convocation, reschedule, cancellation, reminder, feedback,
  offer, reconfirm, reconfirm_reminder, released, draw_lost, question_answered, status_event,
};

// "confirmation", "convocation", "reschedule", "cancellation", "reminder", "feedback", "offer", "reconfirm",
// "reconfirm_reminder", "released", "draw_lost", "question_answered", "status_event".
std::string_view NoticeKindName(NoticeKind kind);
// The kind named `name`, or nullopt.
std::optional<NoticeKind> ParseNoticeKind(std::string_view name);

// Whether a message of `kind` is about an appointment at its `start`: every kind but draw_lost,
// question_answered and status_event. Only those name a time, and lose their point when it comes.
bool IsAboutAnAppointment(NoticeKind kind);

}  // namespace sportello::engine
