// JSON shapes of SPEC.md's resources (desks, bookings) in the caller's language, and the desk
// look-ups the routes share. Internal to http/. Thread-safe: pure functions over their inputs.
#pragma once

#include "booking/visit.h"
#include "booking/waitlist.h"
#include "engine/application.h"
#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/language.h"
#include "engine/ticket.h"
#include "storage/store.h"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sportello::http {

// The zone of staff-facing instants that belong to no desk (sessions, accounts, the audit log):
// Italy's, where the ministry and every desk are.
const date::time_zone& StaffTimeZone();

// {"id","name","province","timezone","self_booking","proof_of_work","proof_of_work_reads","address",
// "contact"}; "contact" is {"phone","email","hours"} with the hours in `language` and "" for parts
// not set, or null.
boost::json::object DeskSummaryJson(const engine::DeskCalendar& desk, engine::Language language);
// The summary plus "types":[{"id","name","slot_minutes","min_notice_hours","cancel_notice_hours",
// "waitlist_offer_minutes" (0: the type keeps no waitlist),"documents":[…]}].
boost::json::object DeskDetailJson(const engine::DeskCalendar& desk, const engine::Catalogue& catalogue,
                                   engine::Language language);
// {"code","desk","type","start","end","status","application_id","created_at"}, at the offset of
// the booking's desk; "reconfirm_from","reconfirm_until","confirmed_at" (null until confirmed) when
// the desk asks it to be reconfirmed; and, when given, "manage_token" (only in the answer that
// created the booking, or that gives it again).
boost::json::object BookingJson(const storage::BookingRecord& booking, const engine::DeskCalendar& desk,
                                const std::optional<std::string>& manage_token = std::nullopt);

// SPEC.md's ticket: {"ticket","desk","date","number","booking_code"?,"application_id","state",
// "counter"?,"position"?,"estimated_wait_minutes"?,"checked_in_at","called_at"?,"calls","urgent"}.
boost::json::object TicketJson(const booking::QueuedTicket& queued, const date::time_zone& zone);
// A call as the waiting room sees it: {"number","counter","called_at"}; no name, no application.
boost::json::object DisplayedCallJson(const engine::Ticket& ticket, const date::time_zone& zone);

// A waitlist entry (SPEC.md, "No seat wasted"): {"id","desk","type","application_id","state",
// "position"? (while in line),"before"?,"created_at","offer"?:{"start","end","expires_at"}} and,
// when given, "token".
boost::json::object WaitlistEntryJson(const booking::PlacedEntry& placed, const date::time_zone& zone,
                                      const std::optional<std::string>& token = std::nullopt);

// BookingJson plus what staff need: "email","phone","lang","channel" ("online"|"staff"),
// "created_by","updated_at".
boost::json::object StaffBookingJson(const storage::BookingRecord& booking, const engine::DeskCalendar& desk);
// {"username","role","desk"} (desk null for an admin).
boost::json::object UserJson(const storage::User& user);
// UserJson plus "disabled" and "created_at" (at the offset of `zone`).
boost::json::object AccountJson(const storage::UserAccount& account, const date::time_zone& zone);
// An application as staff see it: {"application_id","desk","status","email","phone",
// "types":[{"id","name"}], "bookings":[StaffBookingJson…]} (no tax code).
boost::json::object StaffApplicationJson(const engine::Application& application,
                                         const std::vector<storage::BookingRecord>& bookings,
                                         const engine::Catalogue& catalogue, engine::Language language,
                                         const engine::DeskCalendar& desk);

// One message about a booking as staff see it (docs/notifications.md): {"id","kind","channel",
// "recipient","lang","appointment_start","sequence","status","attempts","last_error","created_at",
// "last_attempt_at","next_attempt_at","sent_at"}.
boost::json::object DeliveryJson(const storage::Delivery& delivery, const date::time_zone& zone);
// {"id","at","actor","desk","action","subject","before","after"} (before/after as documents, null
// when empty), instants in StaffTimeZone().
boost::json::object AuditEntryJson(const storage::AuditEntry& entry);

}  // namespace sportello::http
