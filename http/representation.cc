#include "http/representation.h"

#include <boost/beast/http/field.hpp>
#include <fmt/core.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace sportello::http {

namespace {

namespace beast_http = boost::beast::http;

// The items of a comma-separated header value, trimmed; empty items skipped.
std::vector<std::string_view> Items(std::string_view header) {
  std::vector<std::string_view> items;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::string GzipTag(std::string_view etag) { return std::string(etag.substr(0, etag.size() - 1)) + "-gz\""; }

}  // namespace

Representation Representation::Of(std::string body, Compression compression) {
  Representation made;
  made.etag = EntityTag(body);
  if (compression != Compression::none) {
    std::string gzip = Gzip(body, compression);
    if (gzip.size() * 10 <= body.size() * 9) made.gzip = std::move(gzip);
  }
  made.body = std::move(body);
  return made;
}

std::string Gzip(std::string_view bytes, Compression compression) {
  z_stream stream{};
  const int level = compression == Compression::best ? Z_BEST_COMPRESSION : Z_BEST_SPEED;
  constexpr int kGzipWindow = 15 + 16;  // 2^15 window, gzip header and trailer
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return out;
}

// FNV-1a over the bytes, and their length.
std::string EntityTag(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}-{:x}\"", hash, bytes.size());
}

bool AcceptsGzip(std::string_view accept_encoding) {
  for (std::string_view item : Items(accept_encoding)) {
    const std::size_t semicolon = item.find(';');
    std::string_view coding = item.substr(0, semicolon);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semicolon == std::string_view::npos) return true;
    std::string_view parameters = item.substr(semicolon + 1);
    parameters.remove_prefix(std::min(parameters.size(), parameters.find_first_not_of(' ')));
    if (!parameters.starts_with("q=") && !parameters.starts_with("Q=")) return true;
    const std::string_view q = parameters.substr(2);
    const bool zero = q.starts_with('0') && q.find_first_not_of("0.") == std::string_view::npos;
    return !zero;
  }
  return false;
}

bool NoneMatchHits(std::string_view if_none_match, std::string_view etag) {
  for (std::string_view item : Items(if_none_match)) {
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
  }
  return false;
}

void Represent(const Request& request, const Representation& representation, beast_http::status status,
               Response& response) {
  const bool gzip = !representation.gzip.empty() && AcceptsGzip(request[beast_http::field::accept_encoding]);
  const std::string etag = gzip ? GzipTag(representation.etag) : representation.etag;
  const bool ok = status == beast_http::status::ok;
  const bool fresh = ok && NoneMatchHits(request[beast_http::field::if_none_match], etag);
  response.result(fresh ? beast_http::status::not_modified : status);
  if (ok) response.set(beast_http::field::etag, etag);
  if (!representation.gzip.empty()) response.set(beast_http::field::vary, "Accept-Encoding");
  if (!fresh) {
    if (gzip) response.set(beast_http::field::content_encoding, "gzip");
    response.body() = gzip ? representation.gzip : representation.body;
  }
  response.prepare_payload();
}

void PrepareHeads(Representation& representation, const Response& headers) {
  for (const bool gzip : {false, true}) {
    if (gzip && representation.gzip.empty()) continue;
    Request request{beast_http::verb::get, "/", 11};
    if (gzip) request.set(beast_http::field::accept_encoding, "gzip");
    Response response = headers;
    response.version(11);
    response.keep_alive(true);
    Represent(request, representation, beast_http::status::ok, response);
    (gzip ? representation.gzip_head : representation.head) = SerializedHead(response);
  }
}

std::optional<PreparedAnswer> Prepared(const Request& request,
                                       const std::shared_ptr<const Representation>& representation) {
  if (representation->head.empty() || request.method() != beast_http::verb::get || request.version() != 11 ||
      !request.keep_alive() || request.count(beast_http::field::if_none_match) > 0) {
    return std::nullopt;
  }
  const bool gzip = !representation->gzip.empty() && AcceptsGzip(request[beast_http::field::accept_encoding]);
  return PreparedAnswer{.status = 200,
                        .head = gzip ? representation->gzip_head : representation->head,
                        .body = gzip ? representation->gzip : representation->body,
                        .owner = representation};
}

}  // namespace sportello::http
