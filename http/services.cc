#include "http/services.h"

#include "http/display_feeds.h"

namespace sportello::http {

void Services::QueueChanged(std::string_view desk) const {
  if (display != nullptr) display->Changed(desk);
}

std::map<std::string, RateLimit> DefaultRateLimits() {
  return {
      // Per client address. Generous bursts: several people may share one address (a family, an
      // association helping applicants), and a person retries when a slot was just taken.
      {"booking", RateLimit{.per_second = 1.0, .burst = 20}},
      {"lookup", RateLimit{.per_second = 1.0, .burst = 20}},
      // Sign-ins: per address, against trying many usernames from one place; and per address and
      // username, against guessing one person's password, without locking out the others who
      // share that address (one office behind one router).
      {"login", RateLimit{.per_second = 0.5, .burst = 30}},
      {"login_user", RateLimit{.per_second = 0.2, .burst = 10}},
      // Staff looking up a booking code or an application id, per address: a desk's busy morning
      // (several counters behind one address) fits; trying codes by the thousand does not.
      {"staff_lookup", RateLimit{.per_second = 2.0, .burst = 60}},
      // Proof-of-work challenges, per address: one per guarded request, and one solved ahead. A page
      // never needs more than a few a minute; the difficulty already rises past ten a minute.
      {"challenge", RateLimit{.per_second = 2.0, .burst = 60}},
      // Wrong tax codes (limits.cc): per client and application id, ten, then one every six minutes;
      // per application id whatever the address, 200, then one a minute.
      {"verification", RateLimit{.per_second = 1.0 / 360.0, .burst = 10}},
      {"verification_total", RateLimit{.per_second = 1.0 / 60.0, .burst = 200}},
      // The national system, per API key: its batches and events at full speed, a runaway loop held
      // up before it crowds out the applicants.
      {"system", RateLimit{.per_second = 500.0, .burst = 2000}},
  };
}

}  // namespace sportello::http
