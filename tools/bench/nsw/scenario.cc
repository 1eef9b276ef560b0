#include "tools/bench/nsw/scenario.h"

#include <fmt/core.h>

namespace sportello::bench::nsw {

std::string DeskCalendarJson(const DeskShape& desk, const Mechanisms& mechanisms) {
  std::string extra;
  if (mechanisms.waitlist_offer_minutes > 0) {
    extra += fmt::format(R"(, "waitlist_offer_minutes": {})", mechanisms.waitlist_offer_minutes);
  }
  if (mechanisms.reconfirm_from_days > 0) {
    extra += fmt::format(R"(, "reconfirm": {{"from_days": {}, "until_days": {}}}, "reconfirm_staff": {})",
                         mechanisms.reconfirm_from_days, mechanisms.reconfirm_until_days,
                         mechanisms.reconfirm_staff ? "true" : "false");
  }
  if (mechanisms.auto_convene_after_days > 0) {
    extra += fmt::format(R"(, "auto_convene_after_days": {})", mechanisms.auto_convene_after_days);
  }
  return fmt::format(R"({{
  "desk": "{}", "name": "Sportello simulato", "province": "BN", "timezone": "Europe/Rome",
  "flags": {{ "self_booking": true }},
  "types": {{ "{}": {{
    "slot_minutes": 20, "horizon_days": {}, "min_notice_hours": {}, "cancel_notice_hours": {},
    "weekly": [ {{ "days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "13:00", "capacity": {} }} ]{}
  }} }}
}})",
                     kDesk, kType, desk.horizon_days, desk.min_notice_hours, desk.cancel_notice_hours, desk.capacity,
                     extra);
}

}  // namespace sportello::bench::nsw
