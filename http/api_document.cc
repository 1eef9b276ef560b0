#include "http/api_document.h"

#include <boost/beast/http/field.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace sportello::http {

namespace beast_http = boost::beast::http;

std::optional<ApiDocument> ApiDocument::Load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  if (in.bad()) return std::nullopt;
  return ApiDocument(Representation::Of(std::move(text), Compression::best));
}

Response ApiDocument::Answer(const Request& request) const {
  Response response{beast_http::status::ok, request.version()};
  response.set(beast_http::field::content_type, kContentType);
  response.set(beast_http::field::cache_control, "no-cache");  // a new server may bring a new version
  response.keep_alive(request.keep_alive());
  Represent(request, representation_, beast_http::status::ok, response);
  if (response.result() == beast_http::status::not_modified) response.erase(beast_http::field::content_type);
  return response;
}

namespace routes {

Response GetApiDocument(Call& call) {
  const ApiDocument* document = call.services().api_document;
  if (document == nullptr) return call.Fail(engine::Error::not_found);
  return document->Answer(call.request());
}

std::optional<AtOnceAnswer> ApiDocumentAtOnce(Call& call) { return GetApiDocument(call); }

}  // namespace routes

}  // namespace sportello::http
