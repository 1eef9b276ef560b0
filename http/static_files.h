// StaticFiles: the applicant web pages (web/public) served from memory.
//
// Load() reads, once at start, every regular file of a known type under a root directory, with its
// gzip twin `NAME.gz` when one exists; other text files are compressed once, at load. Dot-files and dot-folders are skipped, and so is every file whose
// real path (symlinks resolved) is not inside the root. Answer() maps a GET or HEAD request to one of
// those files: "/" → index.html, "/manage" → manage.html (clean paths), "/dir/" → dir/index.html, and the
// pages of one desk "/kiosk/{desk}" → kiosk.html, "/display/{desk}" → display.html.
// A path with a "." or ".." segment, a backslash, a NUL or control character, or a percent-encoded
// ".", "/", "\" or control character is refused as not found before any look-up; the look-up itself is
// only ever in the in-memory table, so no request reaches the file system. Pages change only when the
// server restarts.
//
// Answers carry a Content-Type, an ETag (If-None-Match → 304), Cache-Control (`no-cache` for pages and
// our own scripts, one day for `vendor/`), gzip when the client accepts it (representation.h), and for
// HTML a Content-Security-Policy without any inline script or style. A missing file is a 404
// problem+json, or the 404.html page for a browser asking for HTML.
// Thread-safe: immutable after Load().
#pragma once

#include "http/message.h"
#include "http/representation.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::http {

class StaticFiles {
 public:
  // The Content-Security-Policy sent with every page: our own scripts, styles, fonts and images only;
  // `data:` images and fonts that the design system's CSS embeds (icons, the video player's font).
  static constexpr std::string_view kPagePolicy =
      "default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'";
  // Larger files are skipped at load (the pages need nothing near this size).
  static constexpr std::uintmax_t kMaxFileBytes = 16 * 1024 * 1024;

  // Loads the files under `root`. Throws std::runtime_error when `root` is not a readable directory.
  static StaticFiles Load(const std::filesystem::path& root);

  // The answer to a GET or HEAD request for a path outside the API: 200 with the file, 304 when the
  // client's If-None-Match names the current version, or 404.
  Response Answer(const Request& request) const;

  // How many files were loaded, and whether `relative` (e.g. "js/book.js") is one of them.
  std::size_t size() const { return files_.size(); }
  bool Contains(std::string_view relative) const { return files_.contains(std::string(relative)); }

 private:
  struct File {
    Representation representation;  // gzip: the twin on disk, else compressed at load
    std::string_view content_type;
    bool page = false;    // HTML
    bool vendor = false;  // under vendor/: third-party, cached for a day
  };

  StaticFiles() = default;
  const File* Find(std::string_view target) const;
  Response Serve(const Request& request, const File& file, unsigned status) const;
  Response NotFound(const Request& request) const;

  std::unordered_map<std::string, File> files_;  // key: path relative to the root, '/'-separated
};

}  // namespace sportello::http
