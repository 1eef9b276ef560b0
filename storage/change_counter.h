// The number of write transactions this process has committed, to any database and through either
// backend. It only grows. A reader that keeps something derived from the database (an availability
// answer) notes the count before reading and may reuse what it derived while the count is unchanged:
// nothing this process wrote can have changed it since. Every write of bookings, calendars and flags
// runs in a counted transaction; writes by other processes are not counted.
// Thread-safe.
#pragma once

#include <cstdint>

namespace sportello::storage {

// Commits counted so far.
std::uint64_t ChangesCommitted();

// Counts one commit; called by the backends right after a write transaction commits.
void CountCommittedChange();

}  // namespace sportello::storage
