#include "storage/store.h"

#include <array>
#include <utility>

namespace sportello::storage {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::operator_, "operator"},
    {Role::manager, "manager"},
    {Role::admin, "admin"},
    {Role::kiosk, "kiosk"},
    {Role::helpdesk, "helpdesk"},
}};

constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 5> kDeliveryStatusNames = {{
    {DeliveryStatus::queued, "queued"},
    {DeliveryStatus::sent, "sent"},
    {DeliveryStatus::failed, "failed"},
    {DeliveryStatus::no_address, "no_address"},
    {DeliveryStatus::skipped, "skipped"},
}};

}  // namespace

std::string_view DeliveryStatusName(DeliveryStatus status) {
  for (const auto& [value, name] : kDeliveryStatusNames) {
    if (value == status) return name;
  }
  return "queued";
}

std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view name) {
  for (const auto& [value, known] : kDeliveryStatusNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view DrawRequestStateName(DrawRequestState state) {
  switch (state) {
    case DrawRequestState::waiting: return "waiting";
    case DrawRequestState::won: return "won";
    case DrawRequestState::lost: return "lost";
  }
  return "waiting";
}

std::string_view QuestionEntryKindName(QuestionEntryKind kind) {
  switch (kind) {
    case QuestionEntryKind::applicant: return "applicant";
    case QuestionEntryKind::staff: return "staff";
    case QuestionEntryKind::note: return "note";
  }
  return "applicant";
}

std::optional<QuestionEntryKind> ParseQuestionEntryKind(std::string_view name) {
  for (const QuestionEntryKind kind : {QuestionEntryKind::applicant, QuestionEntryKind::staff, QuestionEntryKind::note}) {
    if (QuestionEntryKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "operator";
}

bool IsValidUsername(std::string_view name) {
  if (name.size() < 3 || name.size() > 40) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [value, known] : kRoleNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace sportello::storage
