// Representation: the gzip twin is a real gzip stream of the body, made only when it pays, and a
// request gets the twin, the body or 304 as its headers ask.
#include "http/representation.h"

#include <catch2/catch.hpp>

#include <boost/beast/http/field.hpp>
#include <zlib.h>

#include <map>
#include <string>

namespace sportello::http {
namespace {

namespace beast_http = boost::beast::http;

std::string Gunzip(const std::string& gzip) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  REQUIRE(result == Z_STREAM_END);
  return out;
}

Response Answer(const Representation& representation, const std::map<std::string, std::string>& headers) {
  Request request{beast_http::verb::get, "/x", 11};
  for (const auto& [name, value] : headers) request.set(name, value);
  Response response{beast_http::status::ok, 11};
  Represent(request, representation, beast_http::status::ok, response);
  return response;
}

TEST_CASE("representation: a body worth compressing gets a gzip twin that inflates to it", "[static]") {
  std::string body;
  for (int i = 0; i < 200; ++i) body += R"({"start":"2026-12-02T08:00:00+01:00","free":120},)";
  for (const Compression compression : {Compression::fast, Compression::best}) {
    const Representation made = Representation::Of(body, compression);
    REQUIRE_FALSE(made.gzip.empty());
    CHECK(made.gzip.size() * 10 < body.size());
    CHECK(Gunzip(made.gzip) == body);
    CHECK(made.etag == EntityTag(body));
  }
  CHECK(Representation::Of(body, Compression::none).gzip.empty());
  CHECK(Representation::Of("{}", Compression::best).gzip.empty());  // would not be smaller
}

TEST_CASE("representation: a request gets the twin, the body, or 304, as its headers ask", "[static]") {
  std::string body(4000, 'a');
  const Representation made = Representation::Of(body, Compression::fast);
  const std::string gzip_tag = made.etag.substr(0, made.etag.size() - 1) + "-gz\"";

  const Response plain = Answer(made, {});
  CHECK(plain.body() == body);
  CHECK(plain[beast_http::field::etag] == made.etag);
  CHECK(plain[beast_http::field::vary] == "Accept-Encoding");
  CHECK(plain[beast_http::field::content_encoding].empty());

  const Response compressed = Answer(made, {{"Accept-Encoding", "gzip"}});
  CHECK(compressed[beast_http::field::content_encoding] == "gzip");
  CHECK(Gunzip(compressed.body()) == body);
  CHECK(compressed[beast_http::field::etag] == gzip_tag);

  CHECK(Answer(made, {{"If-None-Match", made.etag}}).result() == beast_http::status::not_modified);
  CHECK(Answer(made, {{"If-None-Match", "W/" + made.etag}}).result() == beast_http::status::not_modified);
  // The tag of the other encoding is another version.
  CHECK(Answer(made, {{"If-None-Match", gzip_tag}}).result() == beast_http::status::ok);
  const Response revalidated = Answer(made, {{"If-None-Match", gzip_tag}, {"Accept-Encoding", "gzip"}});
  CHECK(revalidated.result() == beast_http::status::not_modified);
  CHECK(revalidated.body().empty());
}

}  // namespace
}  // namespace sportello::http
