#include "engine/appointment_event.h"

#include <fmt/core.h>

namespace sportello::engine {

IcsEvent AppointmentEvent(const AppointmentEventInput& input) {
  IcsEvent event;
  event.uid = input.code + "@sportello";
  event.sequence = input.sequence;
  event.cancelled = input.cancelled;
  event.start = input.start;
  event.end = input.end;
  event.stamp = input.now;
  const std::string type_name = input.type != nullptr ? input.type->name.In(input.language) : input.type_id;
  event.summary = fmt::format("{} – {}", type_name, input.desk_name);
  event.location = input.desk_address.empty() ? input.desk_name : input.desk_address;
  event.description = input.code;
  if (!input.manage_link.empty()) event.description += "\n" + input.manage_link;
  if (input.type != nullptr) {
    for (const LocalizedText& document : input.type->documents) event.description += "\n- " + document.In(input.language);
  }
  return event;
}

}  // namespace sportello::engine
