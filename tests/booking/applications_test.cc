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

TEST_CASE("an applicant who lost the link gets fresh ones with the application id and tax code, and the old ones stop working") {
  StoreFixture f(2);
  auto first = booking::Book(*f.store, ApplicantRequest(AppId(0), kSlot));
  REQUIRE(first.has_value());
  BookRequest other_type = ApplicantRequest(AppId(0), At("2026-11-16T09:00:00+01:00"));
  other_type.type = std::string(kOtherType);
  // A-00000 may book both types; A-00001 is another applicant.
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication(AppId(0), "roma",
                                                                            {std::string(kType), std::string(kOtherType)})},
                                      Actor::Cli(), kNow)
              .has_value());
  auto second = booking::Book(*f.store, other_type);
  REQUIRE(second.has_value());
  auto third = booking::Book(*f.store, ApplicantRequest(AppId(1), kSlot));
  REQUIRE(third.has_value());

  CHECK(booking::RenewManageLinks(*f.store, AppId(0), "RSSMRA85T10A562X", kNow).error() ==
        Error::application_not_verified);
  CHECK(booking::RenewManageLinks(*f.store, "A-99999", kTaxCode, kNow).error() == Error::application_not_verified);
  CHECK(f.store->VerifyManageToken(first->booking.code, first->manage_token).has_value());  // refusals change nothing

  auto links = booking::RenewManageLinks(*f.store, AppId(0), kTaxCode, kNow);
  REQUIRE(links.has_value());
  REQUIRE(links->size() == 2);
  CHECK(links->at(0).booking.code == first->booking.code);  // by start
  CHECK(links->at(1).booking.code == second->booking.code);
  for (const booking::ManageLink& link : *links) {
    CHECK(f.store->VerifyManageToken(link.booking.code, link.manage_token).has_value());
  }
  CHECK(f.store->VerifyManageToken(first->booking.code, first->manage_token).error() == Error::not_found);
  CHECK(f.store->VerifyManageToken(second->booking.code, second->manage_token).error() == Error::not_found);
  CHECK(f.store->VerifyManageToken(third->booking.code, third->manage_token).has_value());  // another applicant's
  auto audit = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(audit.has_value());
  CHECK(audit->front().action == "booking.new_link");
  CHECK(audit->front().actor == "applicant");

  // A cancelled booking gets no link.
  REQUIRE(booking::Cancel(*f.store, links->at(0).booking.code, Actor::Applicant(), kNow).has_value());
  auto again = booking::RenewManageLinks(*f.store, AppId(0), kTaxCode, kNow);
  REQUIRE(again.has_value());
  REQUIRE(again->size() == 1);
  CHECK(again->front().booking.code == second->booking.code);
}

}  // namespace
}  // namespace sportello::storage::testing
