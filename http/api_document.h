// The OpenAPI document of the whole API (docs/openapi.yaml), served at GET /api/v1/openapi.yaml:
// read once at start and kept in memory with its entity tag and gzip twin (representation.h), as
// the web pages are. A server started without it answers 404 there, like any unknown resource.
// Thread-safe: immutable after Load().
#pragma once

#include "http/call.h"
#include "http/message.h"
#include "http/prepared_answer.h"
#include "http/representation.h"

#include <filesystem>
#include <optional>
#include <string_view>

namespace sportello::http {

class ApiDocument {
 public:
  static constexpr std::string_view kContentType = "application/yaml";

  // The document in the file `path`; nullopt when it cannot be read.
  static std::optional<ApiDocument> Load(const std::filesystem::path& path);

  // 200 with the document as `request` accepts it (gzip or not), or 304 when its If-None-Match
  // names the current version.
  Response Answer(const Request& request) const;

 private:
  explicit ApiDocument(Representation representation) : representation_(std::move(representation)) {}
  Representation representation_;
};

namespace routes {
// GET /api/v1/openapi.yaml: the server's ApiDocument, else 404 not_found. Never blocks.
Response GetApiDocument(Call& call);
std::optional<AtOnceAnswer> ApiDocumentAtOnce(Call& call);
}  // namespace routes

}  // namespace sportello::http
