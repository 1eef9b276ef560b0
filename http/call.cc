#include "http/call.h"

#include "http/problem.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <boost/url/params_view.hpp>

namespace sportello::http {

namespace beast_http = boost::beast::http;
namespace json = boost::json;

namespace {

engine::Language ChooseLanguage(const Request& request, boost::urls::url_view target) {
  auto lang = target.params().find("lang");
  if (lang != target.params().end() && (*lang).has_value) {
    if (auto chosen = engine::ParseLanguage((*lang).value)) return *chosen;
  }
  return engine::PickLanguage(request[beast_http::field::accept_language]);
}

}  // namespace

Call::Call(const Request& request, const RequestContext& context, Services& services, boost::urls::url_view target)
    : request_(request),
      context_(context),
      services_(services),
      target_(target),
      language_(ChooseLanguage(request, target)),
      now_(services.clock()) {}

const std::string& Call::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto found = params_.find(name);
  return found == params_.end() ? kEmpty : found->second;
}

std::optional<std::string> Call::Query(std::string_view name) const {
  auto found = target_.params().find(name);
  if (found == target_.params().end()) return std::nullopt;
  return std::string((*found).value);
}

std::string Call::Token(std::string_view header) const {
  if (auto found = request_.find(header); found != request_.end()) return std::string(found->value());
  return Query("token").value_or("");
}

Response Call::Json(beast_http::status status, const json::value& value) const {
  return JsonText(status, json::serialize(value));
}

Response Call::Empty(beast_http::status status) const {
  Response response{status, request_.version()};
  response.keep_alive(request_.keep_alive());
  response.prepare_payload();
  return response;
}

Response Call::JsonText(beast_http::status status, std::string json) const {
  Response response{status, request_.version()};
  response.set(beast_http::field::content_type, "application/json");
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(request_.keep_alive());
  response.body() = std::move(json);
  response.prepare_payload();
  return response;
}

Response Call::Fail(const engine::Problem& problem) const {
  return ProblemAnswer(problem, language_, request_.version(), request_.keep_alive());
}

Response Call::Fail(engine::Error error, std::string_view detail) const {
  return Fail(engine::Problem(error, "", std::string(detail)));
}

Response Call::Fail(engine::Error error, beast_http::status status, std::string_view detail) const {
  return ProblemAnswer({error, "", std::string(detail)}, status, language_, request_.version(), request_.keep_alive());
}

Response Call::Fail(engine::Error error, std::string_view detail, const json::object& extensions) const {
  return ProblemAnswer({error, "", std::string(detail)}, language_, request_.version(), request_.keep_alive(),
                       &extensions);
}

Response Call::Fail(const std::vector<engine::FieldError>& errors) const {
  if (errors.empty()) return Fail(engine::Error::invalid_request);
  return Fail(engine::Problem(engine::Error::invalid_request, errors.front().path, errors.front().message));
}

std::optional<json::value> Call::JsonBody(std::vector<engine::FieldError>& errors) const {
  std::optional<json::value> body = engine::json_reader::ParseDocument(request_.body(), errors);
  if (body && !body->is_object()) {
    errors.push_back({"", "the body must be a JSON object"});
    return std::nullopt;
  }
  return body;
}

}  // namespace sportello::http
