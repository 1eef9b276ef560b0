#include "http/resources.h"

#include "booking/reconfirmation.h"

#include <boost/json.hpp>

namespace sportello::http {

const date::time_zone& StaffTimeZone() {
  static const date::time_zone& zone = *engine::FindTimeZone("Europe/Rome");
  return zone;
}

namespace json = boost::json;

namespace {

json::value ContactJson(const std::optional<engine::DeskContact>& contact, engine::Language language) {
  if (!contact) return nullptr;
  return json::object{{"phone", contact->phone},
                      {"email", contact->email},
                      {"hours", contact->hours ? contact->hours->In(language) : std::string()}};
}

}  // namespace

json::object DeskSummaryJson(const engine::DeskCalendar& desk, engine::Language language) {
  return json::object{{"id", desk.desk},
                      {"name", desk.name},
                      {"province", desk.province},
                      {"timezone", desk.timezone},
                      {"self_booking", desk.flags.self_booking},
                      {"proof_of_work", desk.flags.proof_of_work},
                      {"proof_of_work_reads", desk.flags.proof_of_work_reads},
                      {"address", desk.address},
                      {"contact", ContactJson(desk.contact, language)}};
}

json::object DeskDetailJson(const engine::DeskCalendar& desk, const engine::Catalogue& catalogue,
                            engine::Language language) {
  json::object detail = DeskSummaryJson(desk, language);
  json::array types;
  for (const auto& [id, calendar] : desk.types) {
    const engine::AppointmentType* type = catalogue.Find(id);
    json::array documents;
    if (type != nullptr) {
      for (const engine::LocalizedText& document : type->documents) documents.emplace_back(document.In(language));
    }
    types.push_back(json::object{{"id", id},
                                 {"name", type != nullptr ? type->name.In(language) : id},
                                 {"slot_minutes", calendar.slot_minutes},
                                 {"min_notice_hours", calendar.min_notice_hours},
                                 {"cancel_notice_hours", calendar.cancel_notice_hours},
                                 {"waitlist_offer_minutes", calendar.waitlist_offer_minutes},
                                 {"documents", std::move(documents)}});
  }
  detail["types"] = std::move(types);
  return detail;
}

json::object BookingJson(const storage::BookingRecord& booking, const engine::DeskCalendar& desk,
                         const std::optional<std::string>& manage_token) {
  const date::time_zone& zone = *desk.zone;
  json::object object{{"code", booking.code},
                      {"desk", booking.desk},
                      {"type", booking.type},
                      {"start", engine::FormatInstant(booking.start, zone)},
                      {"end", engine::FormatInstant(booking.end, zone)},
                      {"status", storage::StatusName(booking.status)},
                      {"application_id", booking.application_id},
                      {"created_at", engine::FormatInstant(booking.created_at, zone)}};
  if (const std::optional<engine::ReconfirmWindow> window = booking::ReconfirmWindowOf(desk, booking)) {
    object["reconfirm_from"] = engine::FormatInstant(window->from, zone);
    object["reconfirm_until"] = engine::FormatInstant(window->until, zone);
    object["confirmed_at"] = booking.confirmed_at ? json::value(engine::FormatInstant(*booking.confirmed_at, zone))
                                                  : json::value(nullptr);
  }
  if (manage_token) object["manage_token"] = *manage_token;
  return object;
}

json::object TicketJson(const booking::QueuedTicket& queued, const date::time_zone& zone) {
  const engine::Ticket& ticket = queued.ticket;
  json::object object{{"ticket", ticket.Id()},
                      {"desk", ticket.desk},
                      {"date", engine::FormatDate(ticket.day)},
                      {"number", ticket.Number()},
                      {"application_id", ticket.application_id},
                      {"state", engine::TicketStateName(ticket.state)},
                      {"checked_in_at", engine::FormatInstant(ticket.checked_in_at, zone)},
                      {"calls", ticket.calls},
                      {"urgent", ticket.urgent}};
  if (!ticket.walk_in()) object["booking_code"] = ticket.booking_code;
  if (!ticket.counter.empty()) object["counter"] = ticket.counter;
  if (queued.position > 0) {
    object["position"] = queued.position;
    object["estimated_wait_minutes"] = queued.estimated_wait_minutes;
  }
  if (ticket.called_at) object["called_at"] = engine::FormatInstant(*ticket.called_at, zone);
  return object;
}

json::object DisplayedCallJson(const engine::Ticket& ticket, const date::time_zone& zone) {
  return json::object{{"number", ticket.Number()},
                      {"counter", ticket.counter},
                      {"called_at", engine::FormatInstant(ticket.called_at.value_or(ticket.checked_in_at), zone)}};
}

json::object WaitlistEntryJson(const booking::PlacedEntry& placed, const date::time_zone& zone,
                               const std::optional<std::string>& token) {
  const storage::WaitlistEntry& entry = placed.entry;
  json::object object{{"id", entry.id},
                      {"desk", entry.desk},
                      {"type", entry.type},
                      {"application_id", entry.application_id},
                      {"state", engine::WaitlistStateName(entry.state)},
                      {"created_at", engine::FormatInstant(entry.created_at, zone)}};
  if (placed.position > 0) object["position"] = placed.position;
  if (entry.before) object["before"] = engine::FormatDate(*entry.before);
  if (entry.offer) {
    object["offer"] = json::object{{"start", engine::FormatInstant(entry.offer->start, zone)},
                                   {"end", engine::FormatInstant(entry.offer->end, zone)},
                                   {"expires_at", engine::FormatInstant(entry.offer->expires_at, zone)}};
  }
  if (token) object["token"] = *token;
  return object;
}

json::object StaffBookingJson(const storage::BookingRecord& booking, const engine::DeskCalendar& desk) {
  const date::time_zone& zone = *desk.zone;
  json::object object = BookingJson(booking, desk);
  object["email"] = booking.email;
  object["phone"] = booking.phone;
  object["lang"] = booking.lang;
  object["channel"] = engine::ChannelName(booking.channel);
  object["created_by"] = booking.created_by;
  object["updated_at"] = engine::FormatInstant(booking.updated_at, zone);
  return object;
}

json::object UserJson(const storage::User& user) {
  json::object object{{"username", user.username}, {"role", storage::RoleName(user.role)}};
  if (user.desk.empty()) {
    object["desk"] = nullptr;
  } else {
    object["desk"] = user.desk;
  }
  return object;
}

json::object AccountJson(const storage::UserAccount& account, const date::time_zone& zone) {
  json::object object = UserJson(account.user);
  object["disabled"] = account.disabled;
  object["created_at"] = engine::FormatInstant(account.created_at, zone);
  return object;
}

json::object StaffApplicationJson(const engine::Application& application,
                                  const std::vector<storage::BookingRecord>& bookings,
                                  const engine::Catalogue& catalogue, engine::Language language,
                                  const engine::DeskCalendar& desk) {
  json::array types;
  for (const std::string& id : application.types) {
    const engine::AppointmentType* type = catalogue.Find(id);
    types.push_back(json::object{{"id", id}, {"name", type != nullptr ? type->name.In(language) : id}});
  }
  json::array list;
  for (const storage::BookingRecord& booking : bookings) list.push_back(StaffBookingJson(booking, desk));
  return json::object{{"application_id", application.id}, {"desk", application.desk},
                      {"status", application.status},  {"email", application.email},
                      {"phone", application.phone},    {"types", std::move(types)},
                      {"bookings", std::move(list)}};
}

namespace {

json::value OptionalTime(const std::optional<engine::Instant>& instant, const date::time_zone& zone) {
  if (!instant) return nullptr;
  return json::string(engine::FormatInstant(*instant, zone));
}

// A stored JSON document as a value; null when empty (nothing before/after).
json::value Document(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  return ec ? json::value(text) : value;
}

}  // namespace

json::object DeliveryJson(const storage::Delivery& delivery, const date::time_zone& zone) {
  return json::object{
      {"id", delivery.id},
      {"kind", engine::NoticeKindName(delivery.kind)},
      {"channel", "email"},
      {"recipient", delivery.recipient},
      {"lang", delivery.lang},
      {"appointment_start", engine::FormatInstant(delivery.start, zone)},
      {"sequence", delivery.sequence},
      {"status", storage::DeliveryStatusName(delivery.status)},
      {"attempts", delivery.attempts},
      {"last_error", delivery.last_error.empty() ? json::value(nullptr) : json::value(delivery.last_error)},
      {"created_at", engine::FormatInstant(delivery.created_at, zone)},
      {"last_attempt_at", OptionalTime(delivery.last_attempt_at, zone)},
      {"next_attempt_at", OptionalTime(delivery.next_attempt_at, zone)},
      {"sent_at", OptionalTime(delivery.sent_at, zone)},
  };
}

json::object AuditEntryJson(const storage::AuditEntry& entry) {
  return json::object{{"id", entry.id},
                      {"at", engine::FormatInstant(entry.at, StaffTimeZone())},
                      {"actor", entry.actor},
                      {"desk", entry.desk},
                      {"action", entry.action},
                      {"subject", entry.subject},
                      {"before", Document(entry.before)},
                      {"after", Document(entry.after)}};
}

}  // namespace sportello::http
