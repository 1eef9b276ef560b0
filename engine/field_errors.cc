#include "engine/field_errors.h"

namespace sportello::engine {

std::string FieldError::ToString() const {
  if (path.empty()) return message;
  return path + ": " + message;
}

}  // namespace sportello::engine
