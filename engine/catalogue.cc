#include "engine/catalogue.h"

#include "engine/json_reader.h"
#include "engine/internal/localized_text_reader.h"

#include <set>

namespace sportello::engine {

namespace json = boost::json;
using json_reader::ObjectView;

const AppointmentType* Catalogue::Find(std::string_view id) const {
  for (const AppointmentType& type : types_) {
    if (type.id == id) return &type;
  }
  return nullptr;
}

namespace {

std::optional<AppointmentType> ReadType(const json::value& value, const std::string& path,
                                        std::set<std::string, std::less<>>& ids, json_reader::Errors& errors) {
  ObjectView object(value, path, errors);
  if (!object.valid()) return std::nullopt;
  AppointmentType type;
  const std::size_t errors_before = errors.size();
  json_reader::ReadIdAndName(object, ids, type.id, type.name);
  if (const json::array* documents = object.Array("documents", true)) {
    const std::string documents_path = json_reader::ChildPath(path, "documents");
    if (documents->empty()) errors.push_back({documents_path, "must list at least one document"});
    for (std::size_t i = 0; i < documents->size(); ++i) {
      if (auto text = json_reader::ReadLocalizedText((*documents)[i], json_reader::IndexPath(documents_path, i), errors)) {
        type.documents.push_back(std::move(*text));
      }
    }
  }
  object.Finish();
  if (errors.size() != errors_before) return std::nullopt;
  return type;
}

}  // namespace

Parsed<Catalogue> ParseCatalogue(std::string_view json_text) {
  Parsed<Catalogue> parsed;
  std::optional<json::value> document = json_reader::ParseDocument(json_text, parsed.errors);
  if (!document) return parsed;
  ObjectView root(*document, "", parsed.errors);
  std::vector<AppointmentType> types;
  if (const json::array* list = root.Array("types", true)) {
    if (list->empty()) parsed.errors.push_back({"types", "must list at least one appointment type"});
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (auto type = ReadType((*list)[i], json_reader::IndexPath("types", i), ids, parsed.errors)) {
        types.push_back(std::move(*type));
      }
    }
  }
  root.Finish();
  if (parsed.errors.empty()) parsed.value = Catalogue(std::move(types));
  return parsed;
}

}  // namespace sportello::engine
