#include "http/static_files.h"

#include "engine/error.h"
#include "engine/language.h"
#include "http/problem.h"
#include "http/representation.h"

#include <boost/beast/http/field.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <vector>

namespace sportello::http {

namespace {

namespace fs = std::filesystem;
namespace beast_http = boost::beast::http;

struct TypeEntry {
  std::string_view extension;
  std::string_view content_type;
};

constexpr TypeEntry kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".txt", "text/plain; charset=utf-8"},
};

// Types already compressed in their own format: gzip would not make them smaller.
bool Compressible(std::string_view content_type) {
  return !content_type.starts_with("font/") && !content_type.starts_with("image/png") &&
         !content_type.starts_with("image/x-icon");
}

// The Content-Type of a file name, or empty for a type we do not serve.
std::string_view ContentTypeOf(std::string_view name) {
  for (const TypeEntry& entry : kTypes) {
    if (name.size() > entry.extension.size() && name.ends_with(entry.extension)) return entry.content_type;
  }
  return {};
}

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// True when `path` (canonical) lies inside `root` (canonical).
bool Inside(const fs::path& root, const fs::path& path) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end() && path_end != path.end();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Forbidden(unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; }

// The percent-decoded path, or nullopt when it is malformed or hides a character that could change how
// it splits or resolves: an encoded ".", "/", "\" or control character, or a raw backslash or control.
std::optional<std::string> DecodePath(std::string_view raw) {
  std::string decoded;
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (Forbidden(c)) return std::nullopt;
    if (c != '%') {
      decoded += static_cast<char>(c);
      continue;
    }
    if (i + 2 >= raw.size()) return std::nullopt;
    const int high = HexValue(raw[i + 1]);
    const int low = high < 0 ? -1 : HexValue(raw[i + 2]);
    if (low < 0) return std::nullopt;
    const auto byte = static_cast<unsigned char>(high * 16 + low);
    if (Forbidden(byte) || byte == '.' || byte == '/') return std::nullopt;
    decoded += static_cast<char>(byte);
    i += 2;
  }
  return decoded;
}

}  // namespace

StaticFiles StaticFiles::Load(const fs::path& root) {
  std::error_code error;
  const fs::path base = fs::canonical(root, error);
  if (error || !fs::is_directory(base)) throw std::runtime_error(root.string() + ": not a readable directory");
  StaticFiles loaded;
  std::vector<std::pair<std::string, fs::path>> twins;  // "x.css" → "x.css.gz" on disk
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    std::error_code entry_error;
    if (name.starts_with('.')) {
      if (it->is_directory(entry_error)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(entry_error)) continue;  // a symlink counts by its target, checked next
    const fs::path real = fs::canonical(path, entry_error);
    if (entry_error || !Inside(base, real) || fs::file_size(real, entry_error) > kMaxFileBytes) continue;
    std::string relative = path.lexically_relative(base).generic_string();
    if (relative.ends_with(".gz")) {
      twins.emplace_back(relative.substr(0, relative.size() - 3), real);
      continue;
    }
    const std::string_view type = ContentTypeOf(name);
    if (type.empty()) continue;
    File file;
    file.representation.body = ReadWhole(real);
    file.content_type = type;
    file.page = name.ends_with(".html");
    file.vendor = relative.starts_with("vendor/");
    loaded.files_.emplace(std::move(relative), std::move(file));
  }
  if (error) throw std::runtime_error(root.string() + ": " + error.message());
  for (const auto& [relative, path] : twins) {
    if (auto found = loaded.files_.find(relative); found != loaded.files_.end()) {
      found->second.representation.gzip = ReadWhole(path);
    }
  }
  for (auto& [relative, file] : loaded.files_) {
    Representation& representation = file.representation;
    if (representation.gzip.empty()) {  // no twin on disk: compressed here, once
      const Compression compression = Compressible(file.content_type) ? Compression::best : Compression::none;
      representation = Representation::Of(std::move(representation.body), compression);
    } else {
      representation.etag = EntityTag(representation.body);
    }
  }
  return loaded;
}

namespace {
// Pages served at /<page>/<desk>, e.g. /kiosk/roma.
constexpr std::string_view kDeskPages[] = {"kiosk", "display"};
}  // namespace

const StaticFiles::File* StaticFiles::Find(std::string_view target) const {
  const std::optional<std::string> path = DecodePath(target.substr(0, target.find_first_of("?#")));
  if (!path || path->empty() || path->front() != '/') return nullptr;
  std::string relative = path->substr(1);
  std::string_view rest = relative;
  std::string_view last;
  while (true) {  // every segment but the last must be a plain name; the last may be empty ("dir/")
    const std::size_t slash = rest.find('/');
    last = rest.substr(0, slash);
    if (slash != std::string_view::npos && last.empty()) return nullptr;
    if (last.starts_with('.')) return nullptr;  // ".", "..", dot-files
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (last.empty()) relative += "index.html";
  if (auto found = files_.find(relative); found != files_.end()) return &found->second;
  if (last.empty() || last.find('.') != std::string_view::npos) return nullptr;
  auto page = files_.find(relative + ".html");  // clean path: /manage → manage.html
  if (page != files_.end()) return &page->second;
  // A page of one desk: /kiosk/roma → kiosk.html, which reads the desk from its path.
  const std::size_t slash = relative.find('/');
  const std::string_view first = std::string_view(relative).substr(0, slash);
  if (slash == std::string::npos || slash + 1 + last.size() != relative.size() ||
      std::find(std::begin(kDeskPages), std::end(kDeskPages), first) == std::end(kDeskPages)) {
    return nullptr;
  }
  page = files_.find(std::string(first) + ".html");
  return page == files_.end() ? nullptr : &page->second;
}

Response StaticFiles::Serve(const Request& request, const File& file, unsigned status) const {
  Response response{beast_http::int_to_status(status), request.version()};
  response.set(beast_http::field::cache_control, file.vendor ? "public, max-age=86400" : "no-cache");
  response.set(beast_http::field::content_type, file.content_type);
  if (file.page) response.set("Content-Security-Policy", kPagePolicy);
  response.keep_alive(request.keep_alive());
  Represent(request, file.representation, beast_http::int_to_status(status), response);
  if (response.result() == beast_http::status::not_modified) response.erase(beast_http::field::content_type);
  return response;
}

Response StaticFiles::NotFound(const Request& request) const {
  const bool wants_page = request[beast_http::field::accept].find("text/html") != std::string_view::npos;
  if (auto page = files_.find("404.html"); wants_page && page != files_.end()) return Serve(request, page->second, 404);
  return ProblemAnswer(engine::Error::not_found, engine::PickLanguage(request[beast_http::field::accept_language]),
                       request.version(), request.keep_alive());
}

Response StaticFiles::Answer(const Request& request) const {
  const File* file = Find(request.target());
  return file == nullptr ? NotFound(request) : Serve(request, *file, 200);
}

}  // namespace sportello::http
