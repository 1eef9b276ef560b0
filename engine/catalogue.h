// The national catalogue of appointment types (`calendars/types.json`).
//
// Each type has a stable id, a name and a checklist of documents to bring, each in the four
// languages Sportello speaks. Format:
//   {"types":[{"id":"lavoro-documenti",
//              "name":{"it":"…","en":"…","fr":"…","es":"…"},
//              "documents":[{"it":"…","en":"…","fr":"…","es":"…"}, …]}]}
// Thread-safe once built: read-only.
#pragma once

#include "engine/field_errors.h"
#include "engine/language.h"

#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

struct AppointmentType {
  std::string id;
  LocalizedText name;
  std::vector<LocalizedText> documents;
};

class Catalogue {
 public:
  Catalogue() = default;
  explicit Catalogue(std::vector<AppointmentType> types) : types_(std::move(types)) {}

  // The type with `id`, or nullptr.
  const AppointmentType* Find(std::string_view id) const;
  const std::vector<AppointmentType>& types() const { return types_; }

 private:
  std::vector<AppointmentType> types_;
};

// Parses and validates a catalogue document; every problem is reported with its field path
// and nothing is returned unless the whole document is valid.
Parsed<Catalogue> ParseCatalogue(std::string_view json_text);

}  // namespace sportello::engine
