#include "mail/smtp_sender.h"

#include <curl/curl.h>
#include <fmt/core.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>

namespace sportello::mail {

namespace {

struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The message as libcurl reads it, in pieces.
struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->data->size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Called by libcurl about once a second and on every transfer step: a non-zero answer aborts.
int CheckStop(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

std::string Url(const SmtpOptions& options) {
  const bool ipv6 = options.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + options.host + "]" : options.host;
  return fmt::format("{}://{}:{}", options.tls == SmtpTls::implicit ? "smtps" : "smtp", host, options.port);
}

curl_usessl UseSsl(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::none: return CURLUSESSL_NONE;
    case SmtpTls::starttls_if_offered: return CURLUSESSL_TRY;
    case SmtpTls::starttls_required: return CURLUSESSL_ALL;
    case SmtpTls::implicit: return CURLUSESSL_ALL;
  }
  return CURLUSESSL_TRY;
}

// About this message rather than the relay: an answer to RCPT, or to the end of DATA.
bool IsAboutMessage(CURLcode code, std::string_view detail) {
  return detail.find("RCPT") != std::string_view::npos || code == CURLE_WEIRD_SERVER_REPLY;
}

// Permanent: the relay answered 5xx to the recipient (RCPT) or to the message (end of DATA).
// A 5xx to MAIL FROM or to AUTH is a configuration problem an operator can fix: transient.
bool IsPermanent(CURLcode code, long smtp_code, std::string_view detail) {
  if (smtp_code < 500 || smtp_code > 599) return false;
  if (code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED) return false;
  return IsAboutMessage(code, detail);
}

}  // namespace

std::optional<SmtpOptions> ParseRelay(std::string_view host_port) {
  const std::size_t colon = host_port.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = host_port.substr(0, colon);
  const std::string_view port_text = host_port.substr(colon + 1);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  int port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    return std::nullopt;
  }
  if (host.empty() || host.find_first_of(" /@\r\n") != std::string_view::npos) return std::nullopt;
  SmtpOptions options;
  options.host = std::string(host);
  options.port = port;
  return options;
}

std::optional<SmtpTls> ParseSmtpTls(std::string_view name) {
  if (name == "no") return SmtpTls::none;
  if (name == "try") return SmtpTls::starttls_if_offered;
  if (name == "require") return SmtpTls::starttls_required;
  if (name == "implicit") return SmtpTls::implicit;
  return std::nullopt;
}

SmtpSender::SmtpSender(SmtpOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl cannot be initialised");
  });
}

SendResult SmtpSender::Send(const OutgoingMail& mail, std::stop_token stop) {
  std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
  if (!curl) return {SendResult::Status::transient, "libcurl: cannot create a handle"};
  const std::string from = "<" + mail.envelope_from + ">";
  std::unique_ptr<curl_slist, ListCleanup> recipients(curl_slist_append(nullptr, ("<" + mail.envelope_to + ">").c_str()));
  Upload upload{&mail.data};
  char detail[CURL_ERROR_SIZE] = {};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, Url(options_).c_str());
  curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(UseSsl(options_.tls)));
  if (!options_.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.data.size()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded process
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, CheckStop);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &stop);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);

  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) return {SendResult::Status::sent, ""};
  if (code == CURLE_ABORTED_BY_CALLBACK) return {SendResult::Status::cancelled, "stopped by shutdown"};
  long smtp_code = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &smtp_code);
  const std::string_view text = detail[0] != '\0' ? std::string_view(detail) : curl_easy_strerror(code);
  std::string error = fmt::format("{} ({})", text, curl_easy_strerror(code));
  if (smtp_code != 0) error += fmt::format(", relay answered {}", smtp_code);
  if (IsPermanent(code, smtp_code, text)) return {SendResult::Status::permanent, std::move(error)};
  return {SendResult::Status::transient, std::move(error), !IsAboutMessage(code, text)};
}

}  // namespace sportello::mail
