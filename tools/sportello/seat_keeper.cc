#include "tools/sportello/seat_keeper.h"

#include "booking/convocation.h"
#include "booking/draw.h"
#include "booking/reconfirmation.h"
#include "booking/waitlist.h"
#include "logging/log.h"

#include <fmt/core.h>

#include <chrono>
#include <string>
#include <utility>

namespace sportello::tools {
namespace {

inline constexpr std::chrono::minutes kPassEvery{1};
inline constexpr int kPassesPerConvocation = 60;

void ReportError(std::string_view pass, std::string_view what, const engine::Problem& problem) {
  logging::Error("serve", "pass_failed",
                 fmt::format("{} stopped by a database error{}{}; it runs again at the next pass", what,
                             problem.detail.empty() ? "" : ": ", problem.detail),
                 {{"pass", pass}, {"error", problem.detail}});
}

}  // namespace

SeatKeeper::SeatKeeper(storage::Store& store, std::function<engine::Instant()> now, std::function<void()> changed)
    : store_(store), now_(std::move(now)), changed_(std::move(changed)), thread_([this] { Loop(); }) {}

SeatKeeper::~SeatKeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SeatKeeper::Loop() {
  std::unique_lock lock(mutex_);
  for (int pass = 0; !stopping_; ++pass) {
    lock.unlock();
    if (Pass(pass % kPassesPerConvocation == 0) && changed_) changed_();
    lock.lock();
    wake_.wait_for(lock, kPassEvery, [this] { return stopping_; });
  }
}

bool SeatKeeper::Pass(bool convene) {
  const engine::Instant now = now_();
  std::string done;
  std::vector<logging::Field> counts;
  const auto note = [&done, &counts](int count, std::string_view what, std::string_view field) {
    if (count == 0) return;
    done += fmt::format("{}{}: {}", done.empty() ? "" : "; ", what, count);
    counts.emplace_back(field, count);
  };
  // Draws first: a month whose draw window has closed is not first-come (nor offered) until drawn.
  if (auto draws = booking::RunDraws(store_, now)) {
    int won = 0;
    int lost = 0;
    for (const booking::DrawOutcome& draw : *draws) {
      won += draw.won;
      lost += draw.lost;
    }
    note(static_cast<int>(draws->size()), "releases drawn", "releases_drawn");
    note(won, "draw requests won", "draw_requests_won");
    note(lost, "draw requests lost", "draw_requests_lost");
  } else {
    ReportError("draw", "the draw pass", draws.error());
  }
  if (auto waitlist = booking::MatchWaitlists(store_, now)) {
    note(waitlist->expired, "offers expired", "offers_expired");
    note(waitlist->offered, "seats offered to the waitlist", "seats_offered");
  } else {
    ReportError("waitlist", "the waitlist pass", waitlist.error());
  }
  if (auto reconfirm = booking::RunReconfirmations(store_, now)) {
    note(reconfirm->asked, "bookings asked to reconfirm", "asked_to_reconfirm");
    note(reconfirm->reminded, "reminded to reconfirm", "reminded_to_reconfirm");
    note(reconfirm->released, "released unconfirmed", "released_unconfirmed");
  } else {
    ReportError("reconfirmation", "the reconfirmation pass", reconfirm.error());
  }
  if (convene) {
    if (auto convened = booking::ConveneDue(store_, now, false)) {
      int booked = 0;
      for (const booking::Convocation& convocation : *convened) booked += convocation.booking ? 1 : 0;
      note(booked, "applications convened", "applications_convened");
    } else {
      ReportError("convocation", "the automatic convocation", convened.error());
    }
  }
  if (!done.empty()) logging::Info("serve", "seat_pass", done, std::move(counts));
  return !done.empty();
}

}  // namespace sportello::tools
