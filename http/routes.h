// The route handlers, one per endpoint of SPEC.md (and the additions docs/decisions.md lists),
// grouped by audience in applicant_routes.cc, booking_routes.cc, staff_routes.cc,
// calendar_routes.cc, admin_routes.cc and user_routes.cc. Internal to http/: only router.cc calls them.
#pragma once

#include "engine/seats.h"
#include "http/call.h"
#include "http/password_gate.h"
#include "http/prepared_answer.h"

#include <boost/json/array.hpp>

#include <memory>
#include <optional>
#include <string_view>

namespace sportello::http::routes {

// A route answers on a worker in one of three ways:
// - `Response Name(Call&)`: at once, blocking the worker while it reads or writes;
// - `void Name(const std::shared_ptr<Call>&, Answer)`: later, from the thread that finishes the
//   work (a booking: the one that commits it), without a worker waiting for it;
// - `std::optional<AtOnceAnswer> NameAtOnce(Call&)`: on the I/O thread, only when nothing needs to be
//   read (nullopt: the route's worker part answers).

// Applicants
Response ListDesks(Call& call);
Response GetDesk(Call& call);
Response GetAvailability(Call& call);                  // availability_routes.cc
std::optional<AtOnceAnswer> AvailabilityAtOnce(Call& call);
void CreateBooking(const std::shared_ptr<Call>& call, Answer answer);
Response LookupApplication(Call& call);
// Fresh manage links for an application's booked bookings (booking::RenewManageLinks).
Response ManageApplication(Call& call);
// The same links mailed to the address on file (booking::ResendLinks).
Response ResendManageLinks(Call& call);
// The national system (system_routes.cc), with an API key
Response PutSystemApplications(Call& call);
Response PostSystemEvent(Call& call);
Response GetSystemBookings(Call& call);
Response GetBookingChanges(Call& call);

// Applicants holding a booking's manage token
Response GetBooking(Call& call);
Response CancelBooking(Call& call);
Response RescheduleBooking(Call& call);
Response GetBookingIcs(Call& call);
Response ConfirmBooking(Call& call);  // reconfirmation (booking/reconfirmation.h)
// The waitlist (waitlist_routes.cc, booking/waitlist.h).
Response JoinWaitlist(Call& call);
Response GetWaitlistEntry(Call& call);
Response LeaveWaitlist(Call& call);
Response AcceptOffer(Call& call);
Response StaffWaitlist(Call& call);
Response ListReleases(Call& call);  // release_routes.cc
Response RequestDraw(Call& call);
Response GetDrawRequest(Call& call);
Response GetDrawOrder(Call& call);
Response StaffReleases(Call& call);
// The active waitlist entries of an application, with their tokens, for the applicant's own views.
engine::Result<boost::json::array> ActiveEntriesJson(Call& call, std::string_view application_id);
// Questions (question_routes.cc, booking/questions.h).
Response ListTopics(Call& call);
Response AskQuestion(Call& call);
Response GetQuestion(Call& call);
Response ReplyToQuestion(Call& call);
Response StaffQuestionQueue(Call& call);
Response StaffGetQuestion(Call& call);
Response StaffActOnQuestion(Call& call);  // the {action} of the path: claim, answer, note, escalate, …
Response QuestionStats(Call& call);  // stats_routes.cc
// The FAQ (faq_routes.cc, booking/faq.h).
Response ListFaq(Call& call);
Response StaffListFaq(Call& call);
Response StaffCreateFaq(Call& call);
Response StaffUpdateFaq(Call& call);
Response StaffDeleteFaq(Call& call);
// The tickets of an application, with their tokens, for an applicant who proved who they are.
engine::Result<boost::json::array> QuestionsJson(Call& call, std::string_view application_id);
// Staff (SPEC.md, "Staff")
Response StaffLogin(Call& call);
Response StaffLogout(Call& call);
Response StaffMe(Call& call);
Response DaySheet(Call& call);
Response StaffAvailability(Call& call);
Response Convene(Call& call);
Response RecordAttendance(Call& call);  // attendance_routes.cc
Response UndoAttendance(Call& call);
Response CloseDay(Call& call);
// The day of the visit (visit_routes.cc, booking/visit.h).
Response CheckIn(Call& call);
Response AddWalkIn(Call& call);
Response GetQueue(Call& call);
Response CallNext(Call& call);
Response GiveFeedback(Call& call);  // booking_routes.cc: the applicant rates the visit
Response GetDisplay(Call& call);
Response DisplayEvents(Call& call);
Response RecallTicket(Call& call);
Response TicketDone(Call& call);
Response TicketMissed(Call& call);
Response StaffFindBooking(Call& call);
Response StaffFindApplication(Call& call);
// Staff acting for the applicant: cancel, move, send the manage link again (booking/booking.h).
Response StaffCancelBooking(Call& call);
Response StaffRescheduleBooking(Call& call);
Response StaffResendLink(Call& call);
// Everything held about one application, as a JSON download (booking/application_data.h).
Response ExportApplication(Call& call);
Response GetCalendar(Call& call);      // calendar_routes.cc
Response PutCalendar(Call& call);
Response PreviewCalendar(Call& call);
Response DeskStats(Call& call);
Response DeskFeedback(Call& call);
Response BookingDeliveries(Call& call);  // delivery_routes.cc
// Administrators
Response SetFlags(Call& call);
Response ListAudit(Call& call);
// The national overview of the pilot, per desk and month, as JSON or CSV (overview_routes.cc).
Response NationalOverview(Call& call);
Response ListUsers(Call& call);        // user_routes.cc
Response CreateUser(Call& call);
Response DisableUser(Call& call);

// Operations
Response Health(Call& call);
std::optional<AtOnceAnswer> HealthAtOnce(Call& call);
Response Metrics(Call& call);

// The availability answer for the desk in the path and the `type`, `from`, `to` query, as
// `view` sees it (applicants: only on desks with self_booking, inside their window).
Response AnswerAvailability(Call& call, engine::View view);

// A 429 rate_limited answer with Retry-After when `key` has used up `bucket`, else nullopt.
// Takes a token when allowed. No limiter configured: always nullopt.
std::optional<Response> CheckRate(Call& call, std::string_view bucket, std::string_view key);
// For the failed-verification limit: refuses (429) while `application_id` is blocked, without
// charging; ChargeFailedVerification charges one failure.
std::optional<Response> CheckVerificationAllowed(Call& call, std::string_view application_id);
void ChargeFailedVerification(Call& call, std::string_view application_id);
// A place among the password checks under way (PasswordGate) in `ticket`, held until it is
// destroyed; or a 503 unavailable answer with Retry-After when they are all taken.
std::optional<Response> EnterPasswordCheck(Call& call, std::optional<PasswordGate::Ticket>& ticket);

}  // namespace sportello::http::routes
