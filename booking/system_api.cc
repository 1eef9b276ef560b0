#include "booking/system_api.h"

#include "booking/applications.h"
#include "engine/utf8.h"
#include "storage/application_transaction.h"
#include "storage/secrets.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace sportello::booking {
namespace {

using engine::Error;
using engine::Problem;

// Whether `key` may touch something of `desk`.
bool KeyReaches(const storage::ApiKey& key, std::string_view desk) { return key.desk.empty() || key.desk == desk; }

// The problem with one language's text of an event, or empty.
std::string TextProblem(std::string_view text) {
  const std::optional<std::size_t> length = engine::Utf8Length(text);
  if (!length) return "is not valid UTF-8";
  if (*length == 0 || *length > engine::kMaxEventTextLength) {
    return fmt::format("must be 1 to {} characters", engine::kMaxEventTextLength);
  }
  return {};
}

engine::Result<engine::StatusEvent> EventOf(std::string_view id, EventRequest request,
                                            const engine::StatusEventCatalogue& catalogue, engine::Instant now) {
  if (!engine::IsValidEventCode(request.code)) {
    return Problem(Error::invalid_request, "code", "must be 1 to 40 characters of a-z, 0-9 and _, starting with a letter");
  }
  engine::StatusEvent event{std::string(id), std::move(request.code), {}, request.at.value_or(now)};
  if (event.at > now + kMaxEventClockSkew) return Problem(Error::invalid_request, "at", "is in the future");
  if (request.text) {
    for (const engine::Language language : engine::kLanguages) {
      const std::string problem = TextProblem(request.text->In(language));
      if (!problem.empty()) {
        return Problem(Error::invalid_request, fmt::format("text.{}", engine::LanguageCode(language)), problem);
      }
    }
    event.text = std::move(*request.text);
  } else if (const engine::StatusEventKind* kind = catalogue.Find(event.code)) {
    event.text = kind->text;
  } else {
    return Problem(Error::invalid_request, "text", "is required for a code the catalogue does not know");
  }
  return event;
}

// Where and in which language to tell the applicant of `application` of a status event: the
// application's address, else the one given with its latest booking; the language of that booking,
// Italian when it has none.
struct Addressee {
  std::string email;
  std::string lang = "it";
};

engine::Result<Addressee> AddresseeOf(storage::Store& store, const engine::Application& application) {
  auto bookings = store.BookingsOfApplication(application.id);
  if (!bookings) return bookings.error();
  Addressee addressee{application.email};
  const auto latest = std::max_element(bookings->begin(), bookings->end(), [](const auto& a, const auto& b) {
    return a.created_at < b.created_at;
  });
  if (latest != bookings->end()) {
    addressee.lang = latest->lang;
    if (addressee.email.empty()) addressee.email = latest->email;
  }
  return addressee;
}

}  // namespace

engine::Result<IssuedKey> IssueApiKey(storage::Store& store, std::string_view name, std::string_view desk,
                                      const storage::Actor& actor, engine::Instant now) {
  if (!storage::IsValidUsername(name)) {
    return Problem(Error::invalid_request, "name", "must be 3 to 40 characters of a-z, 0-9, '.', '_' and '-'");
  }
  if (!desk.empty()) {
    auto known = store.FindDesk(desk);
    if (!known && known.error() != Error::not_found) return known.error();
    if (!known) return Problem(Error::invalid_request, "desk", "is not a known desk");
  }
  IssuedKey issued{storage::ApiKey{std::string(name), std::string(desk), now, std::nullopt}, storage::NewApiKey()};
  if (auto added = store.AddApiKey(issued.key, storage::ApiKeyHash(issued.secret), actor); !added) {
    return added.error();
  }
  return issued;
}

engine::Result<storage::ApiKey> AuthenticateApiKey(storage::Store& store, std::string_view secret) {
  auto key = store.FindApiKey(storage::ApiKeyHash(secret));
  if (!key) return key.error().code == Error::not_found ? Problem(Error::unauthorized) : key.error();
  if (key->revoked_at) return Error::unauthorized;
  return key;
}

storage::Actor KeyActor(const storage::ApiKey& key) { return storage::Actor{"key:" + key.name}; }

engine::Result<BatchOutcome> UpsertApplications(storage::Store& store, std::vector<SystemRecord> records,
                                                const DeskTypes& desks, const storage::ApiKey& key,
                                                engine::Instant now) {
  if (records.size() > kMaxSystemBatch) {
    return Problem(Error::payload_too_large, "applications", fmt::format("at most {} records", kMaxSystemBatch));
  }
  BatchOutcome outcome;
  std::vector<engine::Application> good;
  std::map<std::string, std::size_t, std::less<>> first_index;  // id → index it was first seen at
  for (std::size_t index = 0; index < records.size(); ++index) {
    SystemRecord& record = records[index];
    std::vector<engine::FieldError> problems = std::move(record.unreadable);
    if (problems.empty()) problems = CheckApplication(record.application, record.types, desks);
    if (problems.empty() && !KeyReaches(key, record.application.desk)) {
      problems.push_back({"desk", "is not the desk of this key"});
    }
    if (problems.empty()) {
      auto [seen, inserted] = first_index.try_emplace(record.application.id, index);
      if (!inserted) problems.push_back({"application_id", fmt::format("appears twice (first at {})", seen->second)});
    }
    for (engine::FieldError& problem : problems) {
      outcome.errors.push_back({index, std::move(problem.path), std::move(problem.message)});
    }
    if (problems.empty()) good.push_back(std::move(record.application));
  }
  if (!good.empty()) {
    auto counts = ImportApplications(store, good, KeyActor(key), now);
    if (!counts) return counts.error();
    outcome.counts = *counts;
  }
  return outcome;
}

engine::Result<AppendedEvent> AppendStatusEvent(storage::Store& store, std::string_view id, EventRequest request,
                                                const engine::StatusEventCatalogue& catalogue,
                                                const storage::ApiKey& key, engine::Instant now) {
  auto event = EventOf(id, std::move(request), catalogue, now);
  if (!event) return event.error();
  auto application = store.FindApplication(id);
  if (!application) return application.error();
  if (!KeyReaches(key, application->desk)) return Error::not_found;
  const engine::StatusEventKind* kind = catalogue.Find(event->code);
  std::optional<Addressee> addressee;  // set when the catalogue has the applicant told of this code
  if (kind != nullptr && kind->email) {
    auto found = AddresseeOf(store, *application);
    if (!found) return found.error();
    addressee = std::move(*found);
  }
  const auto append = [&](storage::ApplicationTransaction& stored) -> engine::Result<storage::UpsertCounts> {
    if (!stored.StatusOf(id)) return Error::not_found;
    const std::optional<std::int64_t> event_id = stored.AppendEvent(*event, KeyActor(key), now);
    if (!event_id) return storage::UpsertCounts{};
    if (addressee) {
      stored.QueueStatusEventNotice({*event_id, application->desk, event->code, addressee->email, addressee->lang},
                                    now);
    }
    return storage::UpsertCounts{.events = 1};
  };
  auto counts = store.ChangeApplications(append);
  if (!counts) return counts.error();
  if (counts->events == 1) return AppendedEvent{std::move(*event), true};
  auto events = store.EventsOf(id);  // a retry: the event as first recorded
  if (!events) return events.error();
  for (engine::StatusEvent& recorded : *events) {
    if (recorded.code == event->code && recorded.at == event->at) return AppendedEvent{std::move(recorded), false};
  }
  return Error::internal;  // the database refused it as a duplicate of an event it does not have
}

engine::Result<std::vector<storage::BookingRecord>> BookingsForSystem(storage::Store& store, std::string_view id,
                                                                      const storage::ApiKey& key) {
  auto application = store.FindApplication(id);
  if (!application) return application.error();
  if (!KeyReaches(key, application->desk)) return Error::not_found;
  return store.BookingsOfApplication(id);
}

engine::Result<ChangePage> BookingChangesAfter(storage::Store& store, std::string_view after, int limit,
                                               const storage::ApiKey& key) {
  if (limit < 1 || limit > kMaxFeedLimit) {
    return Problem(Error::invalid_request, "limit", fmt::format("must be 1 to {}", kMaxFeedLimit));
  }
  const std::optional<storage::FeedCursor> cursor = after.empty() ? storage::FeedCursor{} : ParseCursor(after);
  if (!cursor) return Problem(Error::invalid_request, "after", "is not a cursor of this feed");
  auto changes = store.BookingChangesAfter(*cursor, key.desk, limit);
  if (!changes) return changes.error();
  ChangePage page{std::move(*changes), FormatCursor(*cursor)};
  if (!page.changes.empty()) page.next = FormatCursor(page.changes.back().cursor);
  return page;
}

std::string FormatCursor(storage::FeedCursor cursor) { return std::to_string(cursor.id); }

std::optional<storage::FeedCursor> ParseCursor(std::string_view text) {
  storage::FeedCursor cursor;
  if (text.empty() || text.size() > 19 || text.front() == '-') return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cursor.id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return cursor;
}

}  // namespace sportello::booking
