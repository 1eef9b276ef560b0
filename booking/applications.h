// Importing applications from the national system (SPEC.md, "Application import"): the rules of one
// batch, the same for the command line, the demo and, later, the system API.
// Thread-safe: call from any number of threads.
#pragma once

#include "storage/store.h"

#include <span>

namespace sportello::booking {

// Inserts or updates (by id) every one of `applications`, all or nothing, and audits the import
// ("applications.import"). An application whose status text is new or changed gets a status event
// (code engine::kStatusChangedCode, the text in every language) for its history. Tax codes are stored as given (the import reader normalises them).
// Error: invalid_request naming the first application at fault by its index in the batch,
// "applications[3].application_id: is empty" or "applications[3].desk: is not a known desk".
engine::Result<storage::UpsertCounts> ImportApplications(storage::Store& store,
                                                         std::span<const engine::Application> applications,
                                                         const storage::Actor& actor, engine::Instant now);

}  // namespace sportello::booking
