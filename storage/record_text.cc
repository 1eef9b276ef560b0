#include "storage/record_text.h"

#include <boost/json.hpp>
#include <fmt/core.h>

namespace sportello::storage {

namespace {

std::string Join(const std::vector<std::string>& items, char separator) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

// The non-empty items between separators.
std::vector<std::string> Split(std::string_view joined, char separator) {
  std::vector<std::string> items;
  for (std::size_t begin = 0; begin < joined.size();) {
    std::size_t end = joined.find(separator, begin);
    if (end == std::string_view::npos) end = joined.size();
    if (end > begin) items.emplace_back(joined.substr(begin, end - begin));
    begin = end + 1;
  }
  return items;
}

}  // namespace

std::string JoinTypes(const std::vector<std::string>& types) { return Join(types, '|'); }

std::vector<std::string> SplitTypes(std::string_view joined) { return Split(joined, '|'); }

std::string JoinPreferences(const std::vector<std::string>& preferences) { return Join(preferences, ' '); }

std::vector<std::string> SplitPreferences(std::string_view joined) { return Split(joined, ' '); }

DrawRequestState ParseDrawRequestState(std::string_view name) {
  if (name == "won") return DrawRequestState::won;
  if (name == "lost") return DrawRequestState::lost;
  return DrawRequestState::waiting;
}

std::string AuditJson(const BookingRecord& booking) {
  boost::json::object object{
      {"code", booking.code},
      {"desk", booking.desk},
      {"type", booking.type},
      {"start", engine::FormatUtc(booking.start)},
      {"end", engine::FormatUtc(booking.end)},
      {"status", StatusName(booking.status)},
      {"channel", ChannelName(booking.channel)},
      {"application_id", booking.application_id},
  };
  if (booking.confirmed_at) object["confirmed_at"] = engine::FormatUtc(*booking.confirmed_at);
  return boost::json::serialize(object);
}

std::string QuestionAuditJson(const QuestionRecord& question) {
  return boost::json::serialize(boost::json::object{
      {"id", question.id},
      {"desk", question.desk},
      {"application_id", question.application_id},
      {"topic", question.topic},
      {"state", engine::QuestionStateName(question.state)},
      {"escalated", question.escalated},
      {"urgent", question.urgent},
      {"assignee", question.assignee},
      {"messages", question.messages.size()},
  });
}

std::string FaqAuditJson(const FaqEntry& entry) {
  boost::json::object question;
  boost::json::object answer;
  for (const engine::Language language : engine::kLanguages) {
    question[engine::LanguageCode(language)] = entry.question.In(language);
    answer[engine::LanguageCode(language)] = entry.answer.In(language);
  }
  boost::json::object object{{"id", entry.id}, {"topic", entry.topic}, {"question", question}, {"answer", answer}};
  if (!entry.source_question.empty()) object["source_question"] = entry.source_question;
  return boost::json::serialize(object);
}

std::string WaitlistAuditJson(const WaitlistEntry& entry) {
  boost::json::object object{
      {"id", entry.id},
      {"desk", entry.desk},
      {"type", entry.type},
      {"application_id", entry.application_id},
      {"state", engine::WaitlistStateName(entry.state)},
  };
  if (entry.before) object["before"] = engine::FormatDate(*entry.before);
  if (entry.offer) {
    object["offer"] = boost::json::object{{"start", engine::FormatUtc(entry.offer->start)},
                                          {"end", engine::FormatUtc(entry.offer->end)},
                                          {"expires_at", engine::FormatUtc(entry.offer->expires_at)}};
  }
  return boost::json::serialize(object);
}

std::vector<FlagAuditText> FlagChanges(const engine::DeskFlags& before, const engine::DeskFlags& after) {
  const std::pair<std::string_view, bool engine::DeskFlags::*> flags[] = {
      {"self_booking", &engine::DeskFlags::self_booking},
      {"proof_of_work", &engine::DeskFlags::proof_of_work},
      {"proof_of_work_reads", &engine::DeskFlags::proof_of_work_reads}};
  std::vector<FlagAuditText> changes;
  for (const auto& [name, flag] : flags) {
    if (before.*flag == after.*flag) continue;
    changes.push_back({fmt::format("flags.{}", name), fmt::format(R"({{"{}":{}}})", name, before.*flag),
                       fmt::format(R"({{"{}":{}}})", name, after.*flag)});
  }
  return changes;
}

std::string UserJson(const User& user) {
  return boost::json::serialize(boost::json::object{
      {"username", user.username}, {"role", RoleName(user.role)}, {"desk", user.desk}});
}

std::string AccountJson(const User& user, bool disabled) {
  return boost::json::serialize(boost::json::object{
      {"username", user.username}, {"role", RoleName(user.role)}, {"desk", user.desk}, {"disabled", disabled}});
}

std::string ApiKeyJson(const ApiKey& key) {
  return boost::json::serialize(boost::json::object{{"name", key.name}, {"desk", key.desk}});
}

std::string ImportJson(const UpsertCounts& counts) {
  return fmt::format(R"({{"inserted":{},"updated":{}}})", counts.inserted, counts.updated);
}

}  // namespace sportello::storage
