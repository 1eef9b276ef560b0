#include "storage/store.h"

#include <array>
#include <utility>

namespace sportello::storage {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoleNames = {{
    {Role::operator_, "operator"},
    {Role::manager, "manager"},
    {Role::admin, "admin"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "operator";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [value, known] : kRoleNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace sportello::storage
