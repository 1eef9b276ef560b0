#include "engine/application.h"

#include "engine/booking_rules.h"
#include "engine/tax_code.h"

#include <algorithm>

namespace sportello::engine {

bool Application::Allows(std::string_view type_id) const {
  return std::find(types.begin(), types.end(), type_id) != types.end();
}

Result<void> VerifyApplicant(const Application* application, std::string_view desk_id, std::string_view tax_code) {
  if (application == nullptr || application->desk != desk_id ||
      application->tax_code != NormalizeTaxCode(tax_code)) {
    return Error::application_not_verified;
  }
  return {};
}

Result<void> CheckApplicantMayBook(const Application* application, const DeskCalendar& desk,
                                   std::string_view tax_code, std::string_view type_id) {
  if (auto open = CheckSelfBookingOpen(desk); !open) return open;
  if (auto verified = VerifyApplicant(application, desk.desk, tax_code); !verified) return verified;
  if (!application->Allows(type_id)) return Error::type_not_allowed;
  return {};
}

}  // namespace sportello::engine
