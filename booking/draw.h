// Fair release (SPEC.md, "Fair release"): where seats are scarce, a type's calendar releases each
// month at an announced instant (engine/release.h), and with a draw window the month's seats are
// not raced for but requested, then drawn:
// - a release of a type with a draw is stored with a fresh random seed before its window opens
//   (the server's pass does it ahead; the first look at a release does it otherwise), and the seed's
//   hash is published from then on, so the seed is fixed before anyone asks;
// - during the window verified applicants send one request per application and type, with ranked
//   preferences (days, half-days, "any"); when in the window they asked makes no difference;
// - when the window closes, the draw orders every request by engine::DrawOrder from the seed, and
//   each request in turn takes its best available preference (engine::AssignInOrder); winners are
//   booked in the usual way (durable, confirmed by e-mail, manageable), all in one transaction with
//   the release marked drawn; losers are told by e-mail (`draw_lost`: their place in the draw order
//   and a link to the result) in the same transaction; the seed is then revealed so anyone can
//   re-run the order;
// - until then the month's seats cannot be booked first-come (draw_in_progress); afterwards what
//   is left is first-come as usual.
// Every step is audited ("draw.request", "draw.run"). Each function returns once its change is
// durably committed, or an error with nothing changed (any may also return Error::internal).
// Thread-safe, like booking.h; every rule holds across nodes sharing one database.
#pragma once

#include "engine/release.h"
#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::DrawRequestRecord;
using storage::ReleaseRecord;

// "scheduled" (not open yet), "drawing" (window open, or closed and not drawn yet), "drawn", or
// "open" (released without a draw, or its window closed with no release stored: nobody asked).
std::string_view ReleaseState(const engine::Release& release, const ReleaseRecord* stored, Instant now);

struct ReleaseView {
  engine::Release release;
  std::string id;         // engine::ReleaseId
  std::string state;      // ReleaseState
  std::string seed_hash;  // empty without a draw
  std::string seed;       // empty until drawn
};

// The releases of `type` at `desk` that applicants are shown at `now` (engine::ReleasesAround),
// storing the seeds of those with a draw that have none yet. Errors: not_found (desk or type).
Result<std::vector<ReleaseView>> ReleasesFor(storage::Store& store, std::string_view desk, std::string_view type,
                                             Instant now);

struct DrawRequestInput {
  std::string desk;
  std::string release_id;
  std::string type;
  std::string application_id;
  std::string tax_code;                  // as typed
  std::vector<std::string> preferences;  // best first: "YYYY-MM-DD", "YYYY-MM-DDTam"/"pm", "any"
  std::string lang = "it";
  Instant now;
};

struct SubmittedDrawRequest {
  DrawRequestRecord request;
  std::string token;  // opens the request (its result); shown once
};

// Records a request. Checks, in order: lang (invalid_request); desk (not_found); the release id
// names `type`, a type of the desk with a draw (not_found); engine::CheckApplicantMayBook
// (self_booking_disabled, application_not_verified, type_not_allowed); preferences, 1 to
// engine::kMaxDrawPreferences, each one known and its day in the release's month (invalid_request
// naming "preferences[i]"); the window is open (draw_closed); no booked booking of the type
// (already_booked); no request of the application in the release yet (already_requested).
Result<SubmittedDrawRequest> RequestDraw(storage::Store& store, const DrawRequestInput& input);

struct DrawRequestView {
  DrawRequestRecord request;
  std::optional<storage::BookingRecord> booking;  // the seat won
};

// The request `id` opened with `token`, with the booking it won. Error: not_found (also for a
// wrong token).
Result<DrawRequestView> FindDrawRequest(storage::Store& store, std::string_view id, std::string_view token);

// What one draw did.
struct DrawOutcome {
  ReleaseRecord release;
  int requests = 0;
  int won = 0;
  int lost = 0;
};

// Draws the release of `desk`, `type` and `month` if its window has closed at `now` and it is not
// drawn yet; nullopt when there was nothing to draw (not stored, drawn already, or still open).
Result<std::optional<DrawOutcome>> DrawRelease(storage::Store& store, std::string_view desk, std::string_view type,
                                               date::year_month month, Instant now);

// The server's pass: stores the seeds of every upcoming release with a draw, then draws every
// release whose window has closed. Returns the draws made.
Result<std::vector<DrawOutcome>> RunDraws(storage::Store& store, Instant now);

}  // namespace sportello::booking
