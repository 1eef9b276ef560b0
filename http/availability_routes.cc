// The availability endpoints of SPEC.md (applicants, and staff through staff_routes.cc): the answer
// is built once per change and kept in the AvailabilityCache, compressed and tagged, and given
// again from the I/O thread while it is fresh (availability_cache.h).
#include "booking/proof_of_work.h"
#include "engine/availability.h"
#include "engine/availability_json.h"
#include "engine/booking_rules.h"
#include "http/date_range.h"
#include "http/representation.h"
#include "http/routes.h"
#include "storage/change_counter.h"

#include <boost/beast/http/field.hpp>

namespace sportello::http::routes {

namespace {

namespace beast_http = boost::beast::http;
using engine::Error;

// What an applicant's availability may be kept for by a shared cache in front (docs/operations.md):
// one second, so that a surge of readers costs one answer per second per question.
constexpr std::string_view kApplicantCaching = "public, max-age=1";

// The question of the call, or the answer refusing it (bad input).
std::optional<Response> ReadQuestion(const Call& call, std::string& type, DateRange& range) {
  const auto asked = call.Query("type");
  if (!asked || asked->empty()) return call.Fail(Error::invalid_request, "type: is required");
  type = *asked;
  return ReadDateRange(call, range);
}

// The header fields of an availability answer before its representation's. `shared`: whether a
// shared cache in front may keep the answer (not when the desk asks a proof of work for each read:
// the cache would give it to readers who gave none).
Response AnswerHeaders(unsigned version, engine::View view, bool shared) {
  Response response{beast_http::status::ok, version};
  response.set(beast_http::field::content_type, "application/json");
  response.set(beast_http::field::cache_control,
               view == engine::View::applicant && shared ? kApplicantCaching : "no-store");
  return response;
}

Response Represented(const Call& call, const Representation& answer, engine::View view, bool shared = true) {
  Response response = AnswerHeaders(call.request().version(), view, shared);
  response.keep_alive(call.request().keep_alive());
  Represent(call.request(), answer, beast_http::status::ok, response);
  return response;
}

}  // namespace

Response AnswerAvailability(Call& call, engine::View view) {
  std::string type;
  DateRange range;
  if (auto refused = ReadQuestion(call, type, range)) return *refused;
  const std::uint64_t changes = storage::ChangesCommitted();  // before anything is read
  auto shared = call.services().store.SharedDesk(call.Param("desk"));
  if (!shared) return call.Fail(shared.error());
  const engine::DeskCalendar& desk = **shared;
  if (view == engine::View::applicant) {
    if (auto open = engine::CheckSelfBookingOpen(desk); !open) return call.Fail(open.error());
  }
  if (desk.FindType(type) == nullptr) return call.Fail(Error::not_found, "this desk does not offer that type");
  const engine::Date after_to{date::sys_days{range.to} + date::days{1}};
  auto seats = call.services().store.Seats(desk.desk, type, engine::StartOfLocalDay(range.from, *desk.zone),
                                           engine::StartOfLocalDay(after_to, *desk.zone));
  if (!seats) return call.Fail(seats.error());
  // Availability cannot fail past the checks above (type offered, range at most kMaxRangeDays).
  const auto build = [&] {
    return engine::AvailabilityJson(desk, type,
                                    *engine::Availability(desk, type, range.from, range.to, call.now(), view, *seats));
  };
  const bool cacheable = !booking::AsksProofOfWork(desk.flags, booking::PowUse::read);
  if (AvailabilityCache* cache = call.services().availability) {
    const AvailabilityCache::Question question{desk.desk, type, range.from, range.to, view};
    // An applicant's answer is given again from the I/O thread (AvailabilityAtOnce): made ready
    // for the wire once.
    const auto represent = [&] {
      Representation answer = Representation::Of(build(), Compression::fast);
      if (view == engine::View::applicant) PrepareHeads(answer, AnswerHeaders(11, view, true));
      return answer;
    };
    return Represented(call, *cache->Answer(question, *shared, *seats, call.now(), changes, represent), view,
                       cacheable);
  }
  return Represented(call, Representation::Of(build(), Compression::fast), view, cacheable);
}

std::optional<AtOnceAnswer> AvailabilityAtOnce(Call& call) {
  std::string type;
  DateRange range;
  if (auto refused = ReadQuestion(call, type, range)) return *refused;
  AvailabilityCache* cache = call.services().availability;
  if (cache == nullptr) return std::nullopt;
  const AvailabilityCache::Question question{call.Param("desk"), type, range.from, range.to, engine::View::applicant};
  std::shared_ptr<const engine::DeskCalendar> desk;
  auto fresh = cache->Fresh(question, call.now(), storage::ChangesCommitted(), &desk);
  // A desk asking proof of work for reads: the worker checks it (the route's attribute, router.cc).
  if (fresh == nullptr || booking::AsksProofOfWork(desk->flags, booking::PowUse::read)) return std::nullopt;
  if (auto prepared = Prepared(call.request(), fresh)) return *prepared;
  return Represented(call, *fresh, engine::View::applicant);
}

Response GetAvailability(Call& call) { return AnswerAvailability(call, engine::View::applicant); }

}  // namespace sportello::http::routes
