// Representation: the gzip twin is a real gzip stream of the body, made only when it pays, and a
// request gets the twin, the body or 304 as its headers ask.
#include "http/representation.h"

#include <catch2/catch.hpp>

#include <boost/beast/http/field.hpp>
#include <zlib.h>

#include <map>
#include <memory>
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

TEST_CASE("representation: a prepared answer is the message Represent() gives, for the requests that may take it",
          "[static]") {
  Representation made = Representation::Of(std::string(4000, 'a'), Compression::fast);
  Response headers{beast_http::status::ok, 11};
  headers.set(beast_http::field::content_type, "application/json");
  headers.set(beast_http::field::cache_control, "public, max-age=1");
  const Representation unprepared = made;
  PrepareHeads(made, headers);
  const auto shared = std::make_shared<const Representation>(made);

  for (const std::map<std::string, std::string>& asked :
       {std::map<std::string, std::string>{}, {{"Accept-Encoding", "gzip"}}}) {
    Request request{beast_http::verb::get, "/x", 11};
    for (const auto& [name, value] : asked) request.set(name, value);
    const std::optional<PreparedAnswer> prepared = Prepared(request, shared);
    REQUIRE(prepared.has_value());
    CHECK(prepared->status == 200);
    Response expected = headers;
    Represent(request, made, beast_http::status::ok, expected);
    const Response given = ToResponse(*prepared);
    CHECK(given.result() == expected.result());
    CHECK(given.body() == expected.body());
    CHECK(HeaderLines(given) == HeaderLines(expected));
  }

  const auto prepared_for = [&](auto&& change) {
    Request request{beast_http::verb::get, "/x", 11};
    change(request);
    return Prepared(request, shared).has_value();
  };
  CHECK_FALSE(prepared_for([](Request& request) { request.method(beast_http::verb::head); }));
  CHECK_FALSE(prepared_for([](Request& request) { request.version(10); }));
  CHECK_FALSE(prepared_for([](Request& request) { request.keep_alive(false); }));
  CHECK_FALSE(prepared_for([&](Request& request) { request.set(beast_http::field::if_none_match, made.etag); }));
  CHECK_FALSE(Prepared(Request{beast_http::verb::get, "/x", 11}, std::make_shared<const Representation>(unprepared)));
}

}  // namespace
}  // namespace sportello::http
