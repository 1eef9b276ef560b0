// PasswordGate: at most a few password checks (or hashes) at once. Each one runs Argon2id with
// 64 MiB of memory for a noticeable fraction of a second; a flood of sign-ins, right or wrong,
// would otherwise take every worker and gigabytes of memory while applicants wait. Beyond the
// limit a sign-in is refused at once (503 `unavailable` with Retry-After) instead of queued.
// Thread-safe.
#pragma once

#include <atomic>
#include <optional>
#include <utility>

namespace sportello::http {

class PasswordGate {
 public:
  // Argon2id's 64 MiB each: four at once stay within a quarter of a gigabyte, and leave the other
  // workers to everyone else.
  static constexpr int kDefaultLimit = 4;

  explicit PasswordGate(int limit = kDefaultLimit) : limit_(limit) {}
  PasswordGate(const PasswordGate&) = delete;
  PasswordGate& operator=(const PasswordGate&) = delete;

  // One place among the checks under way, given back when destroyed.
  class Ticket {
   public:
    explicit Ticket(PasswordGate& gate) : gate_(&gate) {}
    Ticket(Ticket&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Ticket& operator=(Ticket&& other) noexcept {
      if (this != &other) {
        Leave();
        gate_ = std::exchange(other.gate_, nullptr);
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { Leave(); }

   private:
    void Leave() {
      if (gate_ != nullptr) gate_->active_.fetch_sub(1);
      gate_ = nullptr;
    }
    PasswordGate* gate_;
  };

  // A ticket when fewer than the limit are under way; nullopt otherwise.
  std::optional<Ticket> TryEnter() {
    if (active_.fetch_add(1) >= limit_) {
      active_.fetch_sub(1);
      return std::nullopt;
    }
    return std::optional<Ticket>(std::in_place, *this);
  }

 private:
  const int limit_;
  std::atomic<int> active_{0};
};

}  // namespace sportello::http
