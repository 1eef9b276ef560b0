// Staff: what became of the messages sent to an applicant about one booking (docs/notifications.md).
// Operators and managers see the bookings of their desk, admins every booking.
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;

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
