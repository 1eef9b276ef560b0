// Everything Sportello holds about one application, for the person it is about (GDPR art. 15):
// the application as imported, its bookings with their contacts, the messages sent about them and
// the audit entries that name them. Staff export it as JSON (SPEC.md deviation: docs/decisions.md).
// Thread-safe: call from any number of threads.
#pragma once

#include "engine/application.h"
#include "engine/error.h"
#include "storage/store.h"

#include <vector>

namespace sportello::booking {

struct BookingData {
  storage::BookingRecord booking;
  std::vector<storage::Delivery> deliveries;  // oldest first
};

struct ApplicationData {
  engine::Application application;
  std::vector<BookingData> bookings;       // newest start first
  std::vector<storage::AuditEntry> audit;  // about the application or one of its bookings, oldest first
};

// What is held about `application` (as found in `store`). Error: the store's.
engine::Result<ApplicationData> CollectApplicationData(storage::Store& store, const engine::Application& application);

}  // namespace sportello::booking
