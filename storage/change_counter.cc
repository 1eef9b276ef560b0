#include "storage/change_counter.h"

#include <atomic>

namespace sportello::storage {
namespace {

std::atomic<std::uint64_t> committed{0};

}  // namespace

std::uint64_t ChangesCommitted() { return committed.load(std::memory_order_acquire); }

void CountCommittedChange() { committed.fetch_add(1, std::memory_order_acq_rel); }

}  // namespace sportello::storage
