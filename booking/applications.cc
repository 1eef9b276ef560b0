#include "booking/applications.h"

#include "storage/application_transaction.h"

#include <fmt/core.h>

#include <set>
#include <string>

namespace sportello::booking {
namespace {

// The event that records a new status text: the text as the import gives it, in every language.
engine::StatusEvent StatusChanged(const engine::Application& application, engine::Instant now) {
  engine::StatusEvent event{application.id, std::string(engine::kStatusChangedCode), {}, now};
  for (const engine::Language language : engine::kLanguages) event.text.In(language) = application.status;
  return event;
}

}  // namespace

engine::Result<storage::UpsertCounts> ImportApplications(storage::Store& store,
                                                         std::span<const engine::Application> applications,
                                                         const storage::Actor& actor, engine::Instant now) {
  return store.ChangeApplications([&](storage::ApplicationTransaction& stored) -> engine::Result<storage::UpsertCounts> {
    std::set<std::string, std::less<>> known_desks;
    storage::UpsertCounts counts;
    for (std::size_t i = 0; i < applications.size(); ++i) {
      const engine::Application& application = applications[i];
      if (application.id.empty()) {
        return engine::Problem(engine::Error::invalid_request, fmt::format("applications[{}].application_id", i),
                               "is empty");
      }
      if (!known_desks.contains(application.desk)) {
        if (!stored.DeskExists(application.desk)) {
          return engine::Problem(engine::Error::invalid_request, fmt::format("applications[{}].desk", i),
                                 "is not a known desk");
        }
        known_desks.insert(application.desk);
      }
      const std::optional<std::string> status_before = stored.StatusOf(application.id);
      const bool exists = status_before.has_value();
      stored.StoreApplication(application, exists, now);
      ++(exists ? counts.updated : counts.inserted);
      if (!application.status.empty() && status_before != application.status &&
          stored.AppendEvent(StatusChanged(application, now), actor, now)) {
        ++counts.events;
      }
    }
    stored.AuditImport(counts, actor, now);
    return counts;
  });
}

}  // namespace sportello::booking
