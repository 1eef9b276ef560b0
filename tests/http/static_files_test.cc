// The applicant pages' file server: what a browser gets for each path, and what an attacker does not.
#include "http/router.h"
#include "http/static_files.h"
#include "storage/sqlite_store.h"

#include <catch2/catch.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace {

namespace fs = std::filesystem;
namespace beast_http = boost::beast::http;
using sportello::http::Request;
using sportello::http::Response;
using sportello::http::StaticFiles;

// A temporary directory holding `public/` (the served root) and, beside it, a secret file that no
// request may reach.
class WebRoot {
 public:
  WebRoot() {
    std::string pattern = (fs::temp_directory_path() / "sportello-web-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    Write("secret.txt", "top secret");
    Write("public/index.html", "<!doctype html><title>home</title>");
    Write("public/manage.html", "<!doctype html><title>manage</title>");
    Write("public/404.html", "<!doctype html><title>not here</title>");
    Write("public/js/book.js", "export const x = 1;");
    Write("public/css/site.css", "body{color:#000}");
    Write("public/img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    Write("public/docs/index.html", "<!doctype html><title>docs</title>");
    Write("public/vendor/lib/lib.css", "a{}");
    Write("public/vendor/lib/lib.css.gz", "GZIPPED-BYTES");
    Write("public/js/long.js", std::string(4000, ';'));
    Write("public/.env", "PASSWORD=1");
    Write("public/.git/config", "[core]");
    Write("public/notes.exe", "MZ");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "public/leak.txt");
    fs::create_directory_symlink(dir_, dir_ / "public/up");
  }
  ~WebRoot() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path Public() const { return dir_ / "public"; }

 private:
  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative, std::ios::binary) << text;
  }
  fs::path dir_;
};

Response Get(const StaticFiles& files, const std::string& target, const std::map<std::string, std::string>& headers = {},
             beast_http::verb method = beast_http::verb::get) {
  Request request{method, target, 11};
  for (const auto& [name, value] : headers) request.set(name, value);
  return files.Answer(request);
}

std::string CodeOf(const Response& response) {
  boost::system::error_code error;
  const auto body = boost::json::parse(response.body(), error);
  if (error || !body.is_object() || !body.as_object().contains("code")) return "<no code>";
  return std::string(body.at("code").as_string());
}

}  // namespace

TEST_CASE("pages are found by their clean paths", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const Response home = Get(files, "/");
  REQUIRE(home.result_int() == 200);
  CHECK(home.body() == "<!doctype html><title>home</title>");
  CHECK(home[beast_http::field::content_type] == "text/html; charset=utf-8");
  CHECK(home[beast_http::field::cache_control] == "no-cache");
  const std::string policy(home["Content-Security-Policy"]);
  CHECK(policy.starts_with("default-src 'self';"));
  CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(policy.find("unsafe-") == std::string::npos);
  CHECK(Get(files, "/manage").body().find("manage") != std::string::npos);
  CHECK(Get(files, "/manage.html").result_int() == 200);
  CHECK(Get(files, "/manage?code=RM-1&lang=en").result_int() == 200);
  CHECK(Get(files, "/docs/").body().find("docs") != std::string::npos);
  CHECK(Get(files, "/index.html").result_int() == 200);
}

TEST_CASE("each file type gets its content type and caching", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const Response script = Get(files, "/js/book.js");
  CHECK(script[beast_http::field::content_type] == "text/javascript; charset=utf-8");
  CHECK(script.find("Content-Security-Policy") == script.end());  // set by the server for non-pages
  CHECK(Get(files, "/css/site.css")[beast_http::field::content_type] == "text/css; charset=utf-8");
  CHECK(Get(files, "/img/logo.svg")[beast_http::field::content_type] == "image/svg+xml");
  const Response vendor = Get(files, "/vendor/lib/lib.css");
  CHECK(vendor[beast_http::field::cache_control] == "public, max-age=86400");
  CHECK(vendor[beast_http::field::vary] == "Accept-Encoding");
  CHECK(vendor.body() == "a{}");
  CHECK(vendor.find(beast_http::field::content_encoding) == vendor.end());
}

TEST_CASE("a gzip twin is sent to clients that accept gzip", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const Response gzip = Get(files, "/vendor/lib/lib.css", {{"Accept-Encoding", "gzip, deflate, br"}});
  CHECK(gzip[beast_http::field::content_encoding] == "gzip");
  CHECK(gzip.body() == "GZIPPED-BYTES");
  CHECK(gzip[beast_http::field::content_type] == "text/css; charset=utf-8");
  CHECK(gzip[beast_http::field::etag] != Get(files, "/vendor/lib/lib.css")[beast_http::field::etag]);
  CHECK(Get(files, "/vendor/lib/lib.css", {{"Accept-Encoding", "gzip;q=0, br"}}).body() == "a{}");
  CHECK(Get(files, "/vendor/lib/lib.css", {{"Accept-Encoding", "*"}}).body() == "GZIPPED-BYTES");
  CHECK(Get(files, "/vendor/lib/lib.css.gz").result_int() == 404);  // twins are not pages of their own
}

TEST_CASE("a text file without a twin is compressed once at load, and a tiny one is not", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const Response gzip = Get(files, "/js/long.js", {{"Accept-Encoding", "gzip"}});
  CHECK(gzip[beast_http::field::content_encoding] == "gzip");
  CHECK(gzip.body().starts_with("\x1f\x8b"));
  CHECK(gzip.body().size() < 200);
  CHECK(Get(files, "/js/long.js").body() == std::string(4000, ';'));
  const Response tiny = Get(files, "/js/book.js", {{"Accept-Encoding", "gzip"}});
  CHECK(tiny[beast_http::field::content_encoding].empty());
  CHECK(tiny.body() == "export const x = 1;");
}

TEST_CASE("a revalidation with the current ETag answers 304 without a body", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const std::string etag(Get(files, "/js/book.js")[beast_http::field::etag]);
  REQUIRE_FALSE(etag.empty());
  const Response fresh = Get(files, "/js/book.js", {{"If-None-Match", "\"other\", " + etag}});
  CHECK(fresh.result_int() == 304);
  CHECK(fresh.body().empty());
  CHECK(Get(files, "/js/book.js", {{"If-None-Match", "W/" + etag}}).result_int() == 304);
  CHECK(Get(files, "/js/book.js", {{"If-None-Match", "\"stale\""}}).result_int() == 200);
}

TEST_CASE("a missing file is a 404 problem, or the 404 page for a browser", "[static]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const Response problem = Get(files, "/nowhere.js", {{"Accept-Language", "en"}});
  CHECK(problem.result_int() == 404);
  CHECK(problem[beast_http::field::content_type] == "application/problem+json");
  CHECK(CodeOf(problem) == "not_found");
  CHECK(problem.body().find("Not found.") != std::string::npos);
  const Response page = Get(files, "/nowhere", {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  CHECK(page.result_int() == 404);
  CHECK(page.body().find("not here") != std::string::npos);
  CHECK(page.find(beast_http::field::etag) == page.end());
}

TEST_CASE("no path reaches a file outside the root or a hidden one", "[static][security]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const char* attempts[] = {
      "/../secret.txt",          "/js/../../secret.txt",   "/%2e%2e/secret.txt",   "/%2E%2E/secret.txt",
      "/js/%2e%2e/index.html",   "/..%2fsecret.txt",       "/js%2fbook.js",        "/..%5csecret.txt",
      "/js\\..\\..\\secret.txt", "/index.html%00.js",      "/%00",                 "/./index.html",
      "/.env",                   "/.git/config",           "/leak.txt",            "/up/secret.txt",
      "/up/public/index.html",   "//secret.txt",           "/js//book.js",         "/notes.exe",
      "/%",                      "/%zz",                   "/index.html%",         "secret.txt",
      "/%c0%ae%c0%ae/secret.txt",
  };
  for (const char* attempt : attempts) {
    INFO(attempt);
    const Response response = Get(files, attempt);
    CHECK(response.result_int() == 404);
    CHECK(response.body().find("secret") == std::string::npos);
  }
  CHECK_FALSE(files.Contains("leak.txt"));
  CHECK_FALSE(files.Contains(".env"));
  CHECK(files.Contains("js/book.js"));
}

TEST_CASE("loading a missing root fails loudly", "[static]") {
  CHECK_THROWS_AS(StaticFiles::Load("/nonexistent/sportello/web"), std::runtime_error);
}

TEST_CASE("the router serves pages outside /api/ only, for GET and HEAD", "[static][router]") {
  WebRoot root;
  const StaticFiles files = StaticFiles::Load(root.Public());
  const fs::path db = root.Public().parent_path() / "sportello.db";
  auto store = sportello::storage::SqliteStore::Open(db);
  const sportello::engine::Catalogue catalogue;
  sportello::http::Services services{*store, catalogue, [] { return sportello::engine::Instant{}; }};
  services.web = &files;
  auto route = [&services](beast_http::verb method, const std::string& target) {
    Request request{method, target, 11};
    sportello::http::RouteInfo info;
    Response response = sportello::http::Route(request, {"127.0.0.1", {}}, services, info);
    return std::pair{response, info.route};
  };
  const auto [home, home_route] = route(beast_http::verb::get, "/");
  CHECK(home.result_int() == 200);
  CHECK(home_route == "GET /{page}");
  CHECK(route(beast_http::verb::head, "/manage").first.result_int() == 200);
  CHECK(route(beast_http::verb::post, "/manage").first.result_int() == 404);
  const auto [api, api_route] = route(beast_http::verb::get, "/api/v1/nothing");
  CHECK(api[beast_http::field::content_type] == "application/problem+json");
  CHECK(route(beast_http::verb::get, "/api").first[beast_http::field::content_type] == "application/problem+json");
  CHECK(route(beast_http::verb::get, "/healthz").first.body().find("ok") != std::string::npos);
  services.web = nullptr;
  CHECK(route(beast_http::verb::get, "/").first.result_int() == 404);
}
