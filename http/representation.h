// Representation: one body as the server sends it, made once and given to every request that asks
// for it: the bytes, their gzip twin when compressing pays, and the entity tag (ETag).
// Represent() picks what a request gets: the gzip twin when its Accept-Encoding accepts gzip,
// 304 Not Modified when its If-None-Match already names the version it would get. PrepareHeads()
// makes its 200 answers ready for the wire once, and Prepared() gives them to the requests that
// can take them as they are (prepared_answer.h).
// Internal to http/ (static files, availability). Thread-safe: values, pure functions.
#pragma once

#include "http/message.h"
#include "http/prepared_answer.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::http {

// How hard to compress: once at start for files, on every rebuild for answers that change.
enum class Compression { none, fast, best };

struct Representation {
  std::string body;
  std::string gzip;  // empty: sent only as is
  std::string etag;  // quoted, of `body`; the gzip twin's tag ends in "-gz"
  // The status line and headers of its 200 answer, as is and as the gzip twin (PreparedAnswer::head);
  // empty unless PrepareHeads() made them.
  std::string head;
  std::string gzip_head;

  // `body` with its tag, and its gzip twin unless `compression` is none or the twin would not be
  // smaller by at least a tenth.
  static Representation Of(std::string body, Compression compression);
};

// The gzip stream of `bytes` (RFC 1952).
std::string Gzip(std::string_view bytes, Compression compression);

// A quoted strong validator of `bytes`, stable across restarts.
std::string EntityTag(std::string_view bytes);

// True when an Accept-Encoding value accepts gzip (listed, or "*", without q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// True when an If-None-Match value names `etag` (weak comparison) or is "*".
bool NoneMatchHits(std::string_view if_none_match, std::string_view etag);

// Fills `response` (Content-Type and the other headers are the caller's) with `representation` as
// `request` should get it: with status `status`, or 304 and no body when the status is 200 and the
// request's If-None-Match names the version chosen. Sets ETag (200 and 304 only), Vary:
// Accept-Encoding when a gzip twin exists, Content-Encoding, the body and the payload size.
void Represent(const Request& request, const Representation& representation, boost::beast::http::status status,
               Response& response);

// Makes the heads of `representation`: the 200 answer Represent() gives an HTTP/1.1 keep-alive GET,
// with the header fields of `headers` (Content-Type, Cache-Control: the caller's).
void PrepareHeads(Representation& representation, const Response& headers);

// The prepared answer `request` gets from `representation`: when it has heads and `request` is an
// HTTP/1.1 keep-alive GET without If-None-Match (the message of Represent() answers the others).
std::optional<PreparedAnswer> Prepared(const Request& request,
                                       const std::shared_ptr<const Representation>& representation);

}  // namespace sportello::http
