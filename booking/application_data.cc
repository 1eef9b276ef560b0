#include "booking/application_data.h"

#include <algorithm>

namespace sportello::booking {
namespace {

// Every audit entry about `subject`, however many pages they take.
engine::Result<void> AppendAuditOf(storage::AuditLog& log, const std::string& subject,
                                   std::vector<storage::AuditEntry>& entries) {
  storage::AuditQuery query;
  query.subject = subject;
  query.limit = storage::kMaxAuditPage;
  for (;;) {
    auto page = log.Audit(query);
    if (!page) return page.error();
    entries.insert(entries.end(), page->begin(), page->end());
    if (page->size() < static_cast<std::size_t>(query.limit)) return {};
    query.before_id = page->back().id;
  }
}

}  // namespace

engine::Result<ApplicationData> CollectApplicationData(storage::Store& store, const engine::Application& application) {
  ApplicationData data{application, {}, {}};
  auto bookings = store.BookingsOfApplication(application.id);
  if (!bookings) return bookings.error();
  if (auto done = AppendAuditOf(store, application.id, data.audit); !done) return done.error();
  for (storage::BookingRecord& booking : *bookings) {
    auto deliveries = store.DeliveriesOf(booking.code);
    if (!deliveries) return deliveries.error();
    if (auto done = AppendAuditOf(store, booking.code, data.audit); !done) return done.error();
    data.bookings.push_back(BookingData{std::move(booking), std::move(*deliveries)});
  }
  std::sort(data.audit.begin(), data.audit.end(),
            [](const storage::AuditEntry& a, const storage::AuditEntry& b) { return a.id < b.id; });
  return data;
}

}  // namespace sportello::booking
