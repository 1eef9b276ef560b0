#include "mail/imap_client.h"

#include <curl/curl.h>
#include <fmt/core.h>

#include <charconv>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace sportello::mail {

namespace {

struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

curl_usessl UseSsl(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::none: return CURLUSESSL_NONE;
    case SmtpTls::starttls_if_offered: return CURLUSESSL_TRY;
    case SmtpTls::starttls_required:
    case SmtpTls::implicit: return CURLUSESSL_ALL;
  }
  return CURLUSESSL_TRY;
}

// The numbers of a "* SEARCH 3 7 9" answer.
std::vector<std::uint64_t> SearchResults(std::string_view answer) {
  std::vector<std::uint64_t> uids;
  const std::size_t at = answer.find("* SEARCH");
  if (at == std::string_view::npos) return uids;
  std::string_view rest = answer.substr(at + 8);
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    std::uint64_t uid = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), uid);
    if (error != std::errc{}) break;
    uids.push_back(uid);
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  }
  return uids;
}

}  // namespace

std::optional<ImapOptions> ParseMailboxUrl(std::string_view url) {
  const bool plain = url.starts_with("imap://");
  const bool tls = url.starts_with("imaps://");
  if (!plain && !tls) return std::nullopt;
  const std::string_view rest = url.substr(plain ? 7 : 8);
  const std::size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 >= rest.size()) return std::nullopt;
  if (rest.find_first_of(" @\r\n") != std::string_view::npos) return std::nullopt;  // credentials go apart
  ImapOptions options;
  options.mailbox_url = std::string(url);
  if (tls) options.tls = SmtpTls::implicit;
  return options;
}

ImapClient::ImapClient(ImapOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl cannot be initialised");
  });
}

engine::Result<std::string> ImapClient::Perform(const std::string& url, const std::string& command) const {
  std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
  if (!curl) return engine::Problem(engine::Error::unavailable, "", "libcurl: cannot create a handle");
  CURL* handle = curl.get();
  std::string answer;
  char detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  if (!command.empty()) curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(UseSsl(options_.tls)));
  if (!options_.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    const std::string_view text = detail[0] != '\0' ? std::string_view(detail) : curl_easy_strerror(code);
    return engine::Problem(engine::Error::unavailable, "", fmt::format("imap: {} ({})", text, curl_easy_strerror(code)));
  }
  return answer;
}

engine::Result<std::vector<std::uint64_t>> ImapClient::UnseenUids() const {
  auto answer = Perform(options_.mailbox_url, "UID SEARCH UNSEEN");
  if (!answer) return answer.error();
  return SearchResults(*answer);
}

engine::Result<std::string> ImapClient::Fetch(std::uint64_t uid) const {
  return Perform(fmt::format("{};UID={}", options_.mailbox_url, uid), "");
}

engine::Result<void> ImapClient::MarkUnseen(std::uint64_t uid) const {
  auto answer = Perform(options_.mailbox_url, fmt::format("UID STORE {} -FLAGS (\\Seen)", uid));
  if (!answer) return answer.error();
  return {};
}

}  // namespace sportello::mail
