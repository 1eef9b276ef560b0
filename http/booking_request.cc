#include "http/booking_request.h"

#include "booking/application_import.h"
#include "booking/booking.h"
#include "engine/json_reader.h"
#include "http/resources.h"
#include "storage/secrets.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <fmt/core.h>

namespace sportello::http {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::json_reader::ObjectView;

namespace {

constexpr std::size_t kMaxIdempotencyKey = 128;

std::string Hex(std::string_view bytes) {
  std::string hex;
  for (unsigned char c : bytes) hex += fmt::format("{:02x}", c);
  return hex;
}

}  // namespace

std::optional<Response> ReadBookRequest(Call& call, bool applicant, booking::BookRequest& request) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  request.type = body.BoundedString("type", true, 64).value_or("");
  const auto start_text = body.String("start", true);
  request.application_id = body.BoundedString("application_id", true, 64).value_or("");
  if (applicant) request.tax_code = body.BoundedString("tax_code", true, 32).value_or("");
  request.email = body.BoundedString("email", false, 254).value_or("");
  request.phone = body.BoundedString("phone", false, 32).value_or("");
  const auto lang = body.String("lang", false);
  body.Finish();
  const auto start = start_text ? engine::ParseInstant(*start_text) : std::nullopt;
  if (start_text && !start) errors.push_back({"start", "must be an RFC 3339 instant, e.g. 2026-12-01T09:20:00+01:00"});
  // The same checks as an imported application's: no line breaks to smuggle headers into a
  // message, nothing a mailto: or tel: link would read as more than an address or a number.
  if (!request.email.empty() && !booking::IsPlausibleEmail(request.email)) {
    errors.push_back({"email", "must be an e-mail address, e.g. nome@example.it"});
  }
  if (!request.phone.empty() && !booking::IsPlausiblePhone(request.phone)) {
    errors.push_back({"phone", "must be a phone number: 6 to 15 digits, an optional leading +, spaces - . / ( )"});
  }
  if (lang && !engine::ParseLanguage(*lang)) errors.push_back({"lang", "must be one of it, en, fr, es"});
  if (auto key = call.request().find("Idempotency-Key"); key != call.request().end()) {
    const std::string_view value = key->value();
    if (value.empty() || value.size() > kMaxIdempotencyKey) {
      errors.push_back({"Idempotency-Key", fmt::format("must be 1 to {} characters", kMaxIdempotencyKey)});
    }
    request.idempotency_key = std::string(value);
  }
  if (!errors.empty()) return call.Fail(errors);
  request.start = *start;
  request.lang = std::string(engine::LanguageCode(lang ? *engine::ParseLanguage(*lang) : call.language()));
  request.body_hash = Hex(storage::AsChars(storage::DomainHash("idempotency-body", call.request().body())));
  request.now = call.now();
  return std::nullopt;
}

Response BookingCreated(Call& call, const storage::BookOutcome& outcome) {
  if (call.services().bookings_made != nullptr && !outcome.replayed) {
    call.services().bookings_made->Increment({{"desk", outcome.booking.desk}});
  }
  if (!outcome.replayed) call.services().OutboxChanged();
  if (!outcome.desk) return call.Fail(engine::Error::internal);  // never on success (storage::BookOutcome)
  Response response =
      call.Json(beast_http::status::created, BookingJson(outcome.booking, *outcome.desk, outcome.manage_token));
  response.set(beast_http::field::location, "/api/v1/bookings/" + outcome.booking.code);
  return response;
}

std::optional<engine::Instant> ReadNewStart(Call& call, std::optional<Response>& refused) {
  std::vector<engine::FieldError> errors;
  std::optional<boost::json::value> document = call.JsonBody(errors);
  if (!document) {
    refused = call.Fail(errors);
    return std::nullopt;
  }
  engine::json_reader::ObjectView body(*document, "", errors);
  const auto start_text = body.String("start", true);
  body.Finish();
  const auto start = start_text ? engine::ParseInstant(*start_text) : std::nullopt;
  if (start_text && !start) errors.push_back({"start", "must be an RFC 3339 instant, e.g. 2026-12-01T09:20:00+01:00"});
  if (!errors.empty()) {
    refused = call.Fail(errors);
    return std::nullopt;
  }
  return start;
}

}  // namespace sportello::http
