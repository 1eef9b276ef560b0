#include "booking/faq.h"

#include "booking/questions.h"
#include "engine/question.h"
#include "storage/question_transaction.h"
#include "storage/secrets.h"

#include <fmt/core.h>

#include <algorithm>

namespace sportello::booking {

namespace {

using engine::Error;
using engine::Problem;
using storage::Actor;
using storage::QuestionTransaction;

// U+00C0 to U+00FF without their accents, lower case; ' ' for × and ÷, which separate words.
constexpr std::string_view kLatin1Folded = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";

bool IsAsciiWordChar(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Every text of `draft`, cleaned, or the first problem.
Result<void> CleanTexts(FaqDraft& draft) {
  for (const engine::Language language : engine::kLanguages) {
    const std::string code(engine::LanguageCode(language));
    for (auto [text, name] : {std::pair{&draft.question.In(language), "question"},
                              std::pair{&draft.answer.In(language), "answer"}}) {
      auto cleaned = engine::CleanQuestionText(*text, fmt::format("{}.{}", name, code));
      if (!cleaned) return cleaned.error();
      *text = std::move(*cleaned);
    }
  }
  return {};
}

bool MatchesEvery(const std::vector<std::string>& wanted, const std::vector<std::string>& words) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& prefix) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& word) { return word.starts_with(prefix); });
  });
}

}  // namespace

bool MayWriteFaq(const storage::User& user) {
  return IsFrontOffice(user);
}

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiWordChar(c)) {
        word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      } else {
        end_word();
      }
      continue;
    }
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xC2 || (c == 0xE2 && (next == 0x80 || next == 0x81))) {
      // U+0080 to U+00BF (¿ « » …) and U+2000 to U+207F (’ “ ” – …): punctuation between words
      end_word();
      i += c == 0xC2 ? 1 : 2;
      continue;
    }
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {  // U+00C0 to U+00FF
      const char folded = kLatin1Folded[next - 0x80];
      if (folded == ' ') {
        end_word();
      } else {
        word += folded;
      }
      ++i;
      continue;
    }
    word += static_cast<char>(c);  // another letter of another script: part of the word as it is
  }
  end_word();
  return words;
}

Result<FaqEntry> SaveFaq(storage::Store& store, const engine::Topics& topics, const FaqDraft& draft,
                         const storage::User& user, Instant now) {
  if (!MayWriteFaq(user)) return Error::forbidden;
  if (topics.Find(draft.topic) == nullptr) return Problem(Error::invalid_request, "topic", "is not a known topic");
  FaqDraft cleaned = draft;
  if (auto texts = CleanTexts(cleaned); !texts) return texts.error();
  FaqEntry saved;
  auto changed = store.ChangeHelpDesk([&](QuestionTransaction& transaction) -> Result<void> {
    std::optional<FaqEntry> before;
    if (!cleaned.id.empty()) {
      before = transaction.Faq(cleaned.id);
      if (!before) return Error::not_found;
    }
    if (!cleaned.source_question.empty() && !transaction.LockQuestion(cleaned.source_question)) {
      return Problem(Error::invalid_request, "source_question", "is not a known question");
    }
    saved = FaqEntry{.id = before ? before->id : storage::NewFaqId(),
                     .topic = cleaned.topic,
                     .question = cleaned.question,
                     .answer = cleaned.answer,
                     .source_question = cleaned.source_question,
                     .created_at = before ? before->created_at : now,
                     .updated_at = now,
                     .updated_by = user.username};
    transaction.PutFaq(saved);
    transaction.AuditFaq(before ? "faq.update" : "faq.create", Actor::Staff(user.username),
                         before ? &*before : nullptr, &saved, now);
    return {};
  });
  if (!changed) return changed.error();
  return saved;
}

Result<void> DeleteFaq(storage::Store& store, std::string_view id, const storage::User& user, Instant now) {
  if (!MayWriteFaq(user)) return Error::forbidden;
  return store.ChangeHelpDesk([&](QuestionTransaction& transaction) -> Result<void> {
    const std::optional<FaqEntry> before = transaction.Faq(id);
    if (!before) return Error::not_found;
    transaction.DeleteFaq(id);
    transaction.AuditFaq("faq.delete", Actor::Staff(user.username), &*before, nullptr, now);
    return {};
  });
}

Result<std::vector<FaqEntry>> SearchFaq(storage::Store& store, std::string_view topic, std::string_view words,
                                        engine::Language language) {
  auto entries = store.FaqEntries(topic.empty() ? std::nullopt : std::optional(topic));
  if (!entries) return entries.error();
  const std::vector<std::string> wanted = SearchWords(words);
  if (wanted.empty()) return entries;
  std::vector<FaqEntry> found;
  for (FaqEntry& entry : *entries) {
    const std::string text = entry.question.In(language) + " " + entry.answer.In(language);
    if (MatchesEvery(wanted, SearchWords(text))) found.push_back(std::move(entry));
  }
  return found;
}

}  // namespace sportello::booking
