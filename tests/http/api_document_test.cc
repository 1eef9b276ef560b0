// The OpenAPI document at GET /api/v1/openapi.yaml: the file of docs/ as it is, as YAML, with its
// version tag, on the I/O thread; and a server without it answering 404 there and everything else
// as before. tests/tools/cli_test.cc checks that `sportello serve` finds the shipped file.
#include "api_fixture.h"
#include "test_client.h"

#include <fstream>
#include <iterator>

using namespace sportello::http::testing;
using sportello::http::ApiDocument;
using sportello::http::Response;

namespace {

const std::string kDocumentFile = std::string(SPORTELLO_SOURCE_DIR) + "/docs/openapi.yaml";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
}

std::string HeaderOf(const Answer& answer, const std::string& name) {
  const std::size_t at = answer.headers.find(name + ": ");
  if (at == std::string::npos) return "";
  const std::size_t start = at + name.size() + 2;
  return answer.headers.substr(start, answer.headers.find('\n', start) - start);
}

}  // namespace

TEST_CASE("the OpenAPI document is served as the file of docs/, as YAML, with its version tag", "[api_document]") {
  const std::optional<ApiDocument> document = ApiDocument::Load(kDocumentFile);
  REQUIRE(document.has_value());
  Api api;
  api.ServeApiDocument(*document);
  const Answer answer = api.Get("/api/v1/openapi.yaml");
  CHECK(answer.status == 200);
  CHECK(answer.content_type == "application/yaml");
  CHECK(answer.body == ReadFile(kDocumentFile));
  CHECK(answer.body.starts_with("openapi: 3.1"));
  CHECK(api.last_route() == "GET /api/v1/openapi.yaml");
  const std::string etag = HeaderOf(answer, "ETag");
  REQUIRE_FALSE(etag.empty());
  CHECK(api.Get("/api/v1/openapi.yaml", {{"If-None-Match", etag}}).status == 304);
  // Nothing to read from the database: the network thread answers it.
  const std::optional<Answer> at_once = api.AtOnce("/api/v1/openapi.yaml");
  REQUIRE(at_once.has_value());
  CHECK(at_once->body == answer.body);
}

TEST_CASE("the OpenAPI document through a socket, gzip when the client accepts it", "[api_document][socket]") {
  const std::optional<ApiDocument> document = ApiDocument::Load(kDocumentFile);
  REQUIRE(document.has_value());
  Api api;
  api.ServeApiDocument(*document);
  TestClient client(api.Serve());
  const Response plain = client.Get("/api/v1/openapi.yaml");
  CHECK(plain.result_int() == 200);
  CHECK(plain[boost::beast::http::field::content_type] == "application/yaml");
  CHECK(plain.body() == ReadFile(kDocumentFile));
  const Response zipped = client.Get("/api/v1/openapi.yaml", {{"Accept-Encoding", "gzip"}});
  CHECK(zipped.result_int() == 200);
  CHECK(zipped[boost::beast::http::field::content_encoding] == "gzip");
  CHECK(zipped.body().size() < plain.body().size() / 4);
}

TEST_CASE("a server without the OpenAPI document answers 404 there and serves the rest", "[api_document]") {
  CHECK_FALSE(ApiDocument::Load("/nonexistent/sportello/openapi.yaml").has_value());
  Api api;
  const Answer missing = api.Get("/api/v1/openapi.yaml");
  CHECK(missing.status == 404);
  CHECK(missing.content_type == "application/problem+json");
  CHECK(missing.Code() == "not_found");
  CHECK(api.Get("/api/v1/desks").status == 200);
}
