// Staff: what became of the messages sent to an applicant about one booking (docs/notifications.md).
// Operators and managers see the bookings of their desk, admins every booking.
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;

namespace {

json::value OptionalTime(const std::optional<engine::Instant>& instant, const date::time_zone& zone) {
  if (!instant) return nullptr;
  return json::string(engine::FormatInstant(*instant, zone));
}

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

}  // namespace

Response BookingDeliveries(Call& call) {
  storage::Store& store = call.services().store;
  const storage::BookingRecord& booking = call.booking();
  auto desk = store.FindDesk(booking.desk);
  if (!desk) return call.Fail(desk.error());
  auto deliveries = store.DeliveriesOf(booking.code);
  if (!deliveries) return call.Fail(deliveries.error());
  json::array list;
  for (const storage::Delivery& delivery : *deliveries) list.push_back(DeliveryJson(delivery, *desk->zone));
  return call.Json(beast_http::status::ok, json::object{{"code", booking.code}, {"deliveries", std::move(list)}});
}

}  // namespace sportello::http::routes
