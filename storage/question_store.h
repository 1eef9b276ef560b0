// The questions of SPEC.md, "Questions", as the store keeps them: tickets, their messages and
// internal notes, and the interface that reads them and runs the rules of booking/questions.h
// inside a write transaction (question_transaction.h). The rules of a ticket are engine/question.h's;
// the store decides nothing. Conventions and thread-safety: store.h's.
#pragma once

#include "engine/error.h"
#include "engine/language.h"
#include "engine/question.h"
#include "engine/time.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::storage {

using engine::QuestionState;

// applicant: the applicant's question or reply; staff: an answer the applicant reads; note: an
// internal note the applicant never sees.
enum class QuestionEntryKind { applicant, staff, note };
// "applicant", "staff", "note".
std::string_view QuestionEntryKindName(QuestionEntryKind kind);
std::optional<QuestionEntryKind> ParseQuestionEntryKind(std::string_view name);

struct QuestionMessage {
  QuestionEntryKind kind = QuestionEntryKind::applicant;
  std::string author;  // staff and note: the username; applicant: empty
  std::string text;
  engine::Instant at;
  friend bool operator==(const QuestionMessage&, const QuestionMessage&) = default;
};

struct QuestionRecord {
  std::string id;              // e.g. "Q-7K3Q-9XZD-4F2H" (secrets.h); with its token it opens the ticket
  std::int64_t sequence = 0;   // assigned by the store on insert, increasing: the ticket's number
  std::string desk;            // the application's desk (a transfer changes it)
  std::string application_id;
  std::string topic;           // an id of calendars/topics.json
  std::string lang;            // "it", "en", "fr" or "es": the applicant's
  QuestionState state = QuestionState::open;
  bool escalated = false;      // in its desk's back office
  bool urgent = false;
  std::string assignee;        // the username holding it; empty: nobody
  bool verified = true;        // false: arrived by e-mail, which proves nothing about the sender
  std::string email;           // where the notice of an answer goes; may be empty
  engine::Instant created_at;
  engine::Instant updated_at;
  // When the applicant's oldest message not yet followed by a staff answer was written; none when
  // nobody waits for staff (engine::IsOverdue).
  std::optional<engine::Instant> waiting_since;
  std::optional<engine::Instant> first_answer_at;
  std::optional<engine::Instant> closed_at;
  // The retention policy erased its messages, contact, application and token (PurgeKind
  // question_messages, question_contacts): only the classification and the times remain.
  bool archived = false;
  // Asked by e-mail: the message's Message-ID, so that one e-mail never opens two tickets; else empty.
  std::string mail_message_id;
  // Oldest first, notes included. The reads of the queue leave it empty.
  std::vector<QuestionMessage> messages;
  friend bool operator==(const QuestionRecord&, const QuestionRecord&) = default;
};

// An entry of the FAQ (SPEC.md, "Questions"): one question and its answer under a topic, in every
// language, common to every desk.
struct FaqEntry {
  std::string id;                // e.g. "F-7K3Q-9XZD-4F2H" (secrets.h)
  std::string topic;
  engine::LocalizedText question;
  engine::LocalizedText answer;
  std::string source_question;   // the ticket whose answer it was promoted from; empty: written as such
  engine::Instant created_at;
  engine::Instant updated_at;
  std::string updated_by;        // the username
  friend bool operator==(const FaqEntry&, const FaqEntry&) = default;
};

// The use of a topic's FAQ on one day: how often it was shown to someone about to ask, and how
// many of them asked all the same.
struct FaqUse {
  std::string topic;
  engine::Date day;
  std::int64_t shown = 0;
  std::int64_t asked = 0;
  friend bool operator==(const FaqUse&, const FaqUse&) = default;
};

// A ticket with its token, for the applicant who proved who they are.
struct OpenedQuestion {
  QuestionRecord question;
  std::string token;  // empty when it cannot be opened (sealed with another secret)
};

// The most tickets one page of the queue holds.
inline constexpr int kMaxQuestionPage = 500;

// A queue of tickets: every filter given must hold.
struct QuestionQuery {
  std::optional<QuestionState> state;  // none: every state but closed
  std::optional<std::string> desk;
  std::optional<std::string> topic;
  std::optional<bool> escalated;
  int limit = 200;  // at most this many (capped at kMaxQuestionPage)
};

class QuestionTransaction;  // question_transaction.h
using QuestionChange = std::function<engine::Result<QuestionRecord>(QuestionTransaction&)>;
using HelpDeskChange = std::function<engine::Result<void>(QuestionTransaction&)>;

class QuestionStore {
 public:
  virtual ~QuestionStore() = default;

  // Runs `decide` in a write transaction of its own (the rules of booking/questions.h): committed
  // when it returns a value, rolled back when it returns an error.
  virtual engine::Result<QuestionRecord> ChangeQuestion(const QuestionChange& decide) = 0;
  // The ticket `id` with its messages and notes. Error: not_found.
  virtual engine::Result<QuestionRecord> FindQuestion(std::string_view id) = 0;
  // The same when `token` is its token; a wrong or empty token gives not_found, as an unknown id
  // does (hashes compared in constant time).
  virtual engine::Result<QuestionRecord> VerifyQuestionToken(std::string_view id, std::string_view token) = 0;
  // The tickets `query` selects, urgent first, then oldest first, without their messages. Error:
  // invalid_request when the limit is below 1.
  virtual engine::Result<std::vector<QuestionRecord>> QuestionQueue(const QuestionQuery& query) = 0;
  // Every ticket of application `id`, newest first, with its messages and its token.
  virtual engine::Result<std::vector<OpenedQuestion>> QuestionsOfApplication(std::string_view id) = 0;
  // The tickets opened at from <= created_at < to, anonymised ones too, without their messages, by
  // sequence: what the statistics count.
  virtual engine::Result<std::vector<QuestionRecord>> QuestionsOpenedBetween(engine::Instant from,
                                                                             engine::Instant to) = 0;

  // The FAQ -----------------------------------------------------------------------------------

  // Runs `decide` in a write transaction of its own (the FAQ rules of booking/faq.h, a question read
  // from the mailbox): committed when it returns a value, rolled back when it returns an error.
  virtual engine::Result<void> ChangeHelpDesk(const HelpDeskChange& decide) = 0;
  // The entries of `topic` (every topic when none), by topic, then oldest first.
  virtual engine::Result<std::vector<FaqEntry>> FaqEntries(std::optional<std::string_view> topic) = 0;
  // Adds `shown` and `asked` to the use of `topic`'s FAQ on `day`, in one statement.
  virtual engine::Result<void> CountFaqUse(std::string_view topic, engine::Date day, int shown, int asked) = 0;
  // The use of every topic's FAQ from `first` to `last` (inclusive), by day then topic.
  virtual engine::Result<std::vector<FaqUse>> FaqUseBetween(engine::Date first, engine::Date last) = 0;
};

}  // namespace sportello::storage
