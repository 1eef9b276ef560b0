// Importing applications (booking/applications.h) on a real SQLite file: upsert by id, all or
// nothing, the first application at fault named by its index.
#include "booking/applications.h"
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("applications are upserted by id, and a batch naming an unknown desk changes nothing") {
  StoreFixture f(0);
  std::vector<engine::Application> batch = {MakeApplication("X-1"), MakeApplication("X-2")};
  auto first = booking::ImportApplications(*f.store, batch, Actor::Cli(), kNow);
  REQUIRE(first.has_value());
  CHECK(first->inserted == 2);
  batch[1].status = "Nulla osta pronto";
  batch[1].types = {std::string(kType), std::string(kOtherType)};
  auto second = booking::ImportApplications(*f.store, batch, Actor::Cli(), kNow);
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->updated == 2);
  auto found = f.store->FindApplication("X-2");
  REQUIRE(found.has_value());
  CHECK(found->status == "Nulla osta pronto");
  CHECK(found->types == std::vector<std::string>{std::string(kType), std::string(kOtherType)});
  CHECK(found->tax_code == kTaxCode);

  // The first application at fault is named by its index; nothing of the batch is stored.
  std::vector<engine::Application> bad = {MakeApplication("X-3"), MakeApplication("X-4", "atlantide")};
  auto refused = booking::ImportApplications(*f.store, bad, Actor::Cli(), kNow);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == Error::invalid_request);
  CHECK(refused.error().field == "applications[1].desk");
  CHECK(refused.error().detail == "is not a known desk");
  CHECK(f.store->FindApplication("X-3").error() == Error::not_found);
  bad = {MakeApplication("X-5"), MakeApplication("")};
  refused = booking::ImportApplications(*f.store, bad, Actor::Cli(), kNow);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().field == "applications[1].application_id");
  CHECK(f.store->FindApplication("X-5").error() == Error::not_found);
}

}  // namespace
}  // namespace sportello::storage::testing
