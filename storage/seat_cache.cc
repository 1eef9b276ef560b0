#include "storage/seat_cache.h"

#include <limits>

namespace sportello::storage {
namespace {

std::int64_t Seconds(engine::Instant instant) { return instant.time_since_epoch().count(); }

}  // namespace

void SeatChanges::Take(std::string_view desk, std::string_view type, engine::Instant start, engine::Channel channel) {
  changes.push_back({std::string(desk), std::string(type), start, channel, +1});
  ++rows;
}

void SeatChanges::Free(std::string_view desk, std::string_view type, engine::Instant start, engine::Channel channel) {
  changes.push_back({std::string(desk), std::string(type), start, channel, -1});
  ++rows;
}

void SeatChanges::Move(std::string_view desk, std::string_view type, engine::Instant from,
                       engine::Channel from_channel, engine::Instant to, engine::Channel to_channel) {
  changes.push_back({std::string(desk), std::string(type), from, from_channel, -1});
  changes.push_back({std::string(desk), std::string(type), to, to_channel, +1});
  ++rows;
}

void SeatChanges::Append(const SeatChanges& other) {
  changes.insert(changes.end(), other.changes.begin(), other.changes.end());
  rows += other.rows;
}

void SeatChanges::AddTo(engine::SeatUse& use, std::string_view desk, std::string_view type,
                        engine::Instant start) const {
  for (const Change& change : changes) {
    if (change.start != start || change.desk != desk || change.type != type) continue;
    (change.channel == engine::Channel::staff ? use.staff : use.online) += change.delta;
  }
}

void SeatChanges::Inserted(const BookingRecord& booking) {
  if (booking.status == BookingStatus::booked) Take(booking.desk, booking.type, booking.start, booking.channel);
}

void SeatChanges::StatusChanged(const BookingRecord& before, const BookingRecord& after) {
  if (before.status == BookingStatus::booked && after.status != BookingStatus::booked) {
    Free(before.desk, before.type, before.start, before.channel);
  } else if (before.status != BookingStatus::booked && after.status == BookingStatus::booked) {
    Take(before.desk, before.type, before.start, before.channel);
  }
}

void SeatChanges::Moved(const BookingRecord& before, const BookingRecord& after) {
  if (before.status == BookingStatus::booked) {
    Move(before.desk, before.type, before.start, before.channel, after.start, after.channel);
  }
}

namespace {

// The seat an entry holds: its offer's start while it is offered.
std::optional<engine::Instant> Hold(const WaitlistEntry& entry) {
  if (entry.state != WaitlistState::offered || !entry.offer) return std::nullopt;
  return entry.offer->start;
}

}  // namespace

void SeatChanges::EntryInserted(const WaitlistEntry& entry) {
  if (auto held = Hold(entry)) Take(entry.desk, entry.type, *held, engine::Channel::online);
}

void SeatChanges::HoldChanged(const WaitlistEntry& before, const WaitlistEntry& after) {
  const std::optional<engine::Instant> was = Hold(before);
  const std::optional<engine::Instant> is = Hold(after);
  if (was && is) {
    if (*was != *is) Move(before.desk, before.type, *was, engine::Channel::online, *is, engine::Channel::online);
  } else if (was) {
    Free(before.desk, before.type, *was, engine::Channel::online);
  } else if (is) {
    Take(after.desk, after.type, *is, engine::Channel::online);
  }
}

SeatCache::Lookup SeatCache::Find(std::string_view desk, std::string_view type, engine::Instant from,
                                  engine::Instant to, std::int64_t version) {
  std::lock_guard lock(mutex_);
  if (version < version_ || (version > version_ && committing_ > 0)) return {};  // query
  if (version > version_) ClearLocked(version);  // another writer changed seats: start afresh
  Key key = KeyOf(desk, type);
  const auto found = entries_.find(key);
  if (found == entries_.end()) {
    if (!loading_.insert(std::move(key)).second) return {};  // someone else is loading it
    return {.answer = Answer::load, .ledger = {}, .since = from - kSeatCacheLookBack};
  }
  const Entry& entry = found->second;
  if (from < entry.since) return {};
  Lookup lookup{.answer = Answer::hit, .ledger = {}, .since = entry.since};
  const std::int64_t first = Seconds(from);
  const std::int64_t last = Seconds(to);
  for (auto it = entry.counts.lower_bound(first); it != entry.counts.end() && it->first < last; ++it) {
    lookup.ledger.Add(engine::Instant{std::chrono::seconds{it->first}}, it->second);
  }
  return lookup;
}

engine::SeatLedger SeatCache::Read(std::string_view desk, std::string_view type, engine::Instant from,
                                   engine::Instant to, std::int64_t version, const CountQuery& query) {
  Lookup lookup = Find(desk, type, from, to, version);
  if (lookup.answer == Answer::load) {
    SeatCounts counts;
    try {
      counts = query(Seconds(lookup.since), std::numeric_limits<std::int64_t>::max());
    } catch (...) {
      Abandon(desk, type);
      throw;
    }
    Install(desk, type, lookup.since, version, std::move(counts));
    lookup = Find(desk, type, from, to, version);
    if (lookup.answer == Answer::load) Abandon(desk, type);
  }
  engine::SeatLedger ledger;
  if (lookup.answer == Answer::hit) {
    ledger = std::move(lookup.ledger);
  } else {
    for (const auto& [start, use] : query(Seconds(from), Seconds(to))) {
      ledger.Add(engine::Instant{std::chrono::seconds{start}}, use);
    }
  }
  ledger.set_stamp(version + 1);  // read at this version either way; +1 keeps it non-zero
  return ledger;
}

std::optional<engine::SeatLedger> SeatCache::Cached(std::string_view desk, std::string_view type,
                                                    engine::Instant from, engine::Instant to, std::int64_t version) {
  {
    std::lock_guard lock(mutex_);
    if (version != version_ || committing_ > 0 || !entries_.contains(KeyOf(desk, type))) return std::nullopt;
  }
  Lookup lookup = Find(desk, type, from, to, version);
  if (lookup.answer == Answer::load) Abandon(desk, type);
  if (lookup.answer != Answer::hit) return std::nullopt;
  lookup.ledger.set_stamp(version + 1);
  return std::move(lookup.ledger);
}

std::optional<engine::SeatUse> SeatCache::Slot(std::string_view desk, std::string_view type, engine::Instant start,
                                               std::int64_t version, const SeatChanges& batch,
                                               const SeatChanges& own) {
  engine::SeatUse use;
  {
    std::lock_guard lock(mutex_);
    if (version != version_ || committing_ > 0) return std::nullopt;
    const auto found = entries_.find(KeyOf(desk, type));
    if (found == entries_.end() || start < found->second.since) return std::nullopt;
    const auto slot = found->second.counts.find(Seconds(start));
    if (slot != found->second.counts.end()) use = slot->second;
  }
  batch.AddTo(use, desk, type, start);
  if (&own != &batch) own.AddTo(use, desk, type, start);
  return use;
}

void SeatCache::Install(std::string_view desk, std::string_view type, engine::Instant since, std::int64_t version,
                        SeatCounts counts) {
  std::lock_guard lock(mutex_);
  Key key = KeyOf(desk, type);
  loading_.erase(key);
  if (version != version_) return;  // the seats moved on while loading
  entries_.insert_or_assign(std::move(key), Entry{since, std::move(counts)});
}

void SeatCache::Abandon(std::string_view desk, std::string_view type) {
  std::lock_guard lock(mutex_);
  loading_.erase(KeyOf(desk, type));
}

void SeatCache::BeginCommit() {
  std::lock_guard lock(mutex_);
  ++committing_;
}

void SeatCache::EndCommit(std::int64_t before, std::int64_t after, const SeatChanges& changes, bool committed) {
  std::lock_guard lock(mutex_);
  --committing_;
  if (!committed || version_ != before || after - before != changes.rows) {
    ClearLocked(committed ? after : -1);
    return;
  }
  for (const SeatChanges::Change& change : changes.changes) {
    const auto found = entries_.find(KeyOf(change.desk, change.type));
    if (found == entries_.end() || change.start < found->second.since) continue;
    engine::SeatUse& use = found->second.counts[Seconds(change.start)];
    (change.channel == engine::Channel::staff ? use.staff : use.online) += change.delta;
  }
  version_ = after;
}

void SeatCache::ClearLocked(std::int64_t version) {
  entries_.clear();
  version_ = version;
}

}  // namespace sportello::storage
