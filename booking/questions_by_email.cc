#include "booking/questions_by_email.h"

#include "engine/utf8.h"
#include "storage/question_transaction.h"
#include "storage/secrets.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sportello::booking {

namespace {

using engine::Error;
using engine::Problem;
using storage::Actor;
using storage::QuestionEntryKind;
using storage::QuestionMessage;
using storage::QuestionTransaction;

std::string LowerAscii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// `text` as a question's text can hold it: whole UTF-8 characters only ('?' for a byte that begins
// none), no control character but line breaks and tabs, at most kMaxQuestionText characters.
std::string FitForQuestion(std::string_view text) {
  std::string fitted;
  std::size_t characters = 0;
  for (std::size_t at = 0; at < text.size() && characters < engine::kMaxQuestionText;) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    const std::string_view character = text.substr(at, std::max<std::size_t>(length, 1));
    if (length == 0 || character.size() < length || !engine::IsValidUtf8(character)) {
      fitted += '?';
      ++at;
    } else {
      const bool control = length == 1 && (lead < 0x20 || lead == 0x7F) && lead != '\n' && lead != '\t';
      if (!control) fitted += character;
      at += length;
    }
    ++characters;
  }
  return fitted;
}

// The words of `text` that may be application numbers: letters, digits, '-', '/' and '_', with at
// least one digit, 3 to 64 characters.
std::vector<std::string> NumberCandidates(std::string_view text) {
  std::vector<std::string> candidates;
  std::string word;
  const auto end_word = [&] {
    while (!word.empty() && (word.back() == '-' || word.back() == '/' || word.back() == '_')) word.pop_back();
    const bool has_digit = word.find_first_of("0123456789") != std::string::npos;
    if (has_digit && word.size() >= 3 && word.size() <= 64) candidates.push_back(word);
    word.clear();
  };
  for (const char c : text) {
    const bool part = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '/' || c == '_';
    if (part) {
      word += c;
    } else {
      end_word();
    }
  }
  end_word();
  return candidates;
}

// The application the e-mail names, if any: the first candidate number that is one.
std::optional<engine::Application> NamedApplication(QuestionTransaction& transaction, const EmailQuestion& mail) {
  constexpr std::size_t kMaxCandidates = 40;  // a long text is not searched to its end
  std::vector<std::string> candidates = NumberCandidates(mail.subject);
  for (std::string& candidate : NumberCandidates(mail.text)) candidates.push_back(std::move(candidate));
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
  for (const std::string& candidate : candidates) {
    if (auto application = transaction.Application(candidate)) return application;
  }
  return std::nullopt;
}

const engine::Topic* EmailTopic(const engine::Topics& topics) {
  if (const engine::Topic* other = topics.Find("altro")) return other;
  return topics.topics().empty() ? nullptr : &topics.topics().back();
}

}  // namespace

Result<std::optional<QuestionRecord>> AskByEmail(storage::Store& store, const engine::Topics& topics,
                                                 const EmailQuestion& mail) {
  const engine::Topic* topic = EmailTopic(topics);
  if (topic == nullptr) return Problem(Error::forbidden, "", "no topic is known, so no question can be asked");
  const std::string joined = mail.subject.empty() ? mail.text : mail.subject + "\n\n" + mail.text;
  auto text = engine::CleanQuestionText(FitForQuestion(joined), "text");
  if (!text) return text.error();
  std::optional<QuestionRecord> opened;
  auto stored = store.ChangeHelpDesk([&](QuestionTransaction& transaction) -> Result<void> {
    if (!mail.message_id.empty() && transaction.MailImported(mail.message_id)) return {};
    const std::optional<engine::Application> application = NamedApplication(transaction, mail);
    QuestionRecord question;
    question.id = storage::NewQuestionId();
    if (application) {
      question.desk = application->desk;
      question.application_id = application->id;
    }
    question.topic = topic->id;
    question.lang = "it";
    question.verified =
        application && !application->email.empty() && LowerAscii(application->email) == mail.from_address;
    question.email = mail.from_address;
    question.created_at = mail.now;
    question.updated_at = mail.now;
    question.waiting_since = mail.now;
    question.mail_message_id = mail.message_id;
    question.messages.push_back(QuestionMessage{QuestionEntryKind::applicant, "", *text, mail.now});
    opened = transaction.InsertQuestion(question, storage::NewManageToken());
    transaction.AuditQuestion("question.ask", Actor::Email(), nullptr, *opened, mail.now);
    return {};
  });
  if (!stored) return stored.error();
  return opened;
}

}  // namespace sportello::booking
