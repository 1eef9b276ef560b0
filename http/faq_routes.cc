// The FAQ of SPEC.md, "Questions": published entries with a search, in the request's language
// (counting, when the page asks before the applicant writes, that the topic's FAQ was shown); the
// front office's management under /api/v1/staff/faq. The rules are booking/faq.h's.
#include "booking/faq.h"
#include "engine/json_reader.h"
#include "engine/language.h"
#include "engine/question.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using storage::FaqEntry;

namespace {

json::object PublicFaqJson(const FaqEntry& entry, engine::Language language) {
  return json::object{{"id", entry.id},
                      {"topic", entry.topic},
                      {"question", entry.question.In(language)},
                      {"answer", entry.answer.In(language)}};
}

json::object LocalizedJson(const engine::LocalizedText& text) {
  json::object object;
  for (const engine::Language language : engine::kLanguages) object[engine::LanguageCode(language)] = text.In(language);
  return object;
}

json::object StaffFaqJson(const FaqEntry& entry) {
  return json::object{{"id", entry.id},
                      {"topic", entry.topic},
                      {"question", LocalizedJson(entry.question)},
                      {"answer", LocalizedJson(entry.answer)},
                      {"source_question", entry.source_question},
                      {"created_at", engine::FormatInstant(entry.created_at, StaffTimeZone())},
                      {"updated_at", engine::FormatInstant(entry.updated_at, StaffTimeZone())},
                      {"updated_by", entry.updated_by}};
}

// `key` of `body` as a text in every language ({"it","en","fr","es"}); what is missing is recorded.
engine::LocalizedText ReadLocalized(engine::json_reader::ObjectView& body, std::string_view key) {
  engine::LocalizedText text;
  std::optional<engine::json_reader::ObjectView> object = body.Object(key, true);
  if (!object) return text;
  for (const engine::Language language : engine::kLanguages) {
    text.In(language) = object->String(engine::LanguageCode(language), true).value_or("");
  }
  object->Finish();
  return text;
}

Response SaveFaqEntry(Call& call, std::string id, beast_http::status status) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  booking::FaqDraft draft;
  draft.id = std::move(id);
  draft.topic = body.BoundedString("topic", true, 64).value_or("");
  draft.question = ReadLocalized(body, "question");
  draft.answer = ReadLocalized(body, "answer");
  draft.source_question = body.BoundedString("source_question", false, 64).value_or("");
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  auto saved = booking::SaveFaq(call.services().store, call.services().KnownTopics(), draft, call.user(), call.now());
  if (!saved) return call.Fail(saved.error());
  return call.Json(status, StaffFaqJson(*saved));
}

}  // namespace

Response ListFaq(Call& call) {
  const std::string topic = call.Query("topic").value_or("");
  auto entries =
      booking::SearchFaq(call.services().store, topic, call.Query("q").value_or(""), call.language());
  if (!entries) return call.Fail(entries.error());
  if (call.Query("before_asking") == "1" && !topic.empty() && !entries->empty()) {
    const engine::Date today = engine::LocalDate(call.now(), engine::HelpDeskZone());
    if (auto counted = call.services().store.CountFaqUse(topic, today, 1, 0); !counted) {
      return call.Fail(counted.error());
    }
  }
  json::array list;
  for (const FaqEntry& entry : *entries) list.push_back(PublicFaqJson(entry, call.language()));
  return call.Json(beast_http::status::ok, json::object{{"entries", std::move(list)}});
}

Response StaffListFaq(Call& call) {
  if (!booking::MayWriteFaq(call.user())) return call.Fail(Error::forbidden);
  const std::string topic = call.Query("topic").value_or("");
  auto entries = call.services().store.FaqEntries(topic.empty() ? std::nullopt : std::optional<std::string_view>(topic));
  if (!entries) return call.Fail(entries.error());
  json::array list;
  for (const FaqEntry& entry : *entries) list.push_back(StaffFaqJson(entry));
  return call.Json(beast_http::status::ok, json::object{{"entries", std::move(list)}});
}

Response StaffCreateFaq(Call& call) { return SaveFaqEntry(call, "", beast_http::status::created); }

Response StaffUpdateFaq(Call& call) { return SaveFaqEntry(call, call.Param("id"), beast_http::status::ok); }

Response StaffDeleteFaq(Call& call) {
  auto deleted = booking::DeleteFaq(call.services().store, call.Param("id"), call.user(), call.now());
  if (!deleted) return call.Fail(deleted.error());
  return call.Empty(beast_http::status::no_content);
}

}  // namespace sportello::http::routes
