// The FAQ of SPEC.md, "Questions": entries (a question and its answer under a topic, in it/en/fr/es)
// common to every desk, written by the front office (helpdesk, admin), some promoted from the answer
// of a ticket; published to applicants with a search; and the count of how often a topic's FAQ was
// shown to someone about to ask, and how many asked all the same. Every change is audited
// ("faq.create", "faq.update", "faq.delete"). Each function returns once its change is durably
// committed, or an error with nothing changed (any may also return Error::internal). Thread-safe,
// like booking.h.
#pragma once

#include "engine/language.h"
#include "engine/topics.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::FaqEntry;

// An entry as staff write it: a new one when `id` is empty, else the entry to replace.
struct FaqDraft {
  std::string id;
  std::string topic;
  engine::LocalizedText question;
  engine::LocalizedText answer;
  std::string source_question;  // the ticket whose answer it comes from; may be empty
};

// True for the roles that write the FAQ: the front office (helpdesk, admin).
bool MayWriteFaq(const storage::User& user);

// Creates or replaces an entry. Checks, in order: the user may write the FAQ (forbidden); the
// topic (invalid_request, field "topic"); each text, cleaned like a question's
// (engine::CleanQuestionText: 1 to 2,000 characters; invalid_request, field e.g. "question.fr"); the entry to replace exists (not_found);
// the ticket it is promoted from exists (invalid_request, field "source_question").
Result<FaqEntry> SaveFaq(storage::Store& store, const engine::Topics& topics, const FaqDraft& draft,
                         const storage::User& user, Instant now);

// Removes an entry. Errors: forbidden, not_found.
Result<void> DeleteFaq(storage::Store& store, std::string_view id, const storage::User& user, Instant now);

// The entries of `topic` (every topic when empty) whose question or answer in `language` holds every
// word of `words` (case and accents ignored), in the store's order. No words: every entry.
Result<std::vector<FaqEntry>> SearchFaq(storage::Store& store, std::string_view topic, std::string_view words,
                                        engine::Language language);

// The words of `text` folded for search: split at anything but letters and digits (ASCII and Latin-1
// punctuation, general punctuation such as ’ and «), lower case, accents of Latin letters taken off
// ("Già" → "gia").
std::vector<std::string> SearchWords(std::string_view text);

}  // namespace sportello::booking
