#include "engine/tax_code.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace sportello::engine {
namespace {

// Check characters below were computed by hand with the official tables and cross-checked
// with an independent script; e.g. RSSMRA85T10A562 sums to 122, 122 % 26 = 18 → 'S'.
constexpr std::string_view kMarioRossi = "RSSMRA85T10A562S";  // man, born 10/12/1985 in Roma
constexpr std::string_view kNumericCode = "00743110157";      // 11-digit code, check digit 7

TEST_CASE("personal tax codes with the right check letter are valid", "[tax_code]") {
  CHECK(IsValidTaxCode(kMarioRossi));
  CHECK(IsValidTaxCode("BNCLRA90E45F205D"));  // woman: day 45 = 5th of May, Milano
  CHECK(IsValidTaxCode("KHLMMD88C12Z330Q"));  // born abroad (Z330, Morocco)
}

TEST_CASE("the day of birth may be 1-31 for men and 41-71 for women", "[tax_code]") {
  CHECK(IsValidTaxCode("RSSMRA85T31A562T"));
  CHECK(IsValidTaxCode("RSSMRA85T41A562U"));
  CHECK(IsValidTaxCode("RSSMRA85T71A562X"));

  // Each has the check letter its first 15 characters call for; only the day is wrong.
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T00A562R"));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T32A562Y"));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T40A562V"));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T72A562C"));
}

TEST_CASE("omocodia letters may stand for digits, with the check letter recomputed", "[tax_code]") {
  // Digits replaced from the right: 2→N, 6→S, 5→R, then all seven (…8→U 5→R, 1→M 0→L).
  CHECK(IsValidTaxCode("RSSMRA85T10A56NH"));
  CHECK(IsValidTaxCode("RSSMRA85T10A5SNT"));
  CHECK(IsValidTaxCode("RSSMRA85T10ARSNO"));
  CHECK(IsValidTaxCode("RSSMRAURTMLARSNL"));

  SECTION("keeping the check letter of the plain code is wrong") {
    CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A56NS"));
  }
  SECTION("a letter outside L M N P Q R S T U V cannot stand for a digit") {
    CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A56AO"));  // check letter right for this text
  }
  SECTION("the day is checked after turning letters back into digits") {
    CHECK_FALSE(IsValidTaxCode("RSSMRA85TPRA562N"));  // P R = day 35
  }
}

TEST_CASE("a personal code with a wrong check letter is invalid", "[tax_code]") {
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A562T"));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A5627"));  // a digit where the check letter goes
}

TEST_CASE("any single mistyped character makes a personal code invalid", "[tax_code]") {
  const std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t position = 0; position < kMarioRossi.size(); ++position) {
    for (char replacement : alphabet) {
      if (replacement == kMarioRossi[position]) continue;
      std::string mistyped(kMarioRossi);
      mistyped[position] = replacement;
      INFO(mistyped);
      CHECK_FALSE(IsValidTaxCode(mistyped));
    }
  }
}

TEST_CASE("a personal code is refused when a field holds the wrong kind of character", "[tax_code]") {
  // Check letters are right for each text, so only the layout can refuse them.
  CHECK_FALSE(IsValidTaxCode("RSSMRA85F10A562R"));  // F is not a month letter
  CHECK_FALSE(IsValidTaxCode("1SSMRA85T10A562K"));  // digit among the name letters
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T100562S"));  // digit where the place letter goes
}

TEST_CASE("tax codes of the wrong length are invalid", "[tax_code]") {
  CHECK_FALSE(IsValidTaxCode(""));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A562"));
  CHECK_FALSE(IsValidTaxCode("RSSMRA85T10A562SS"));
  CHECK_FALSE(IsValidTaxCode("0074311015"));
  CHECK_FALSE(IsValidTaxCode("007431101570"));
}

TEST_CASE("11-digit numeric codes need the right check digit", "[tax_code]") {
  CHECK(IsValidTaxCode(kNumericCode));
  CHECK(IsValidTaxCode("06363391001"));
  CHECK(IsValidTaxCode("12345678903"));

  CHECK_FALSE(IsValidTaxCode("00743110158"));
  CHECK_FALSE(IsValidTaxCode("0074311015A"));
  CHECK_FALSE(IsValidTaxCode("00743 10157"));
}

TEST_CASE("any single mistyped digit makes a numeric code invalid", "[tax_code]") {
  for (std::size_t position = 0; position < kNumericCode.size(); ++position) {
    for (char replacement = '0'; replacement <= '9'; ++replacement) {
      if (replacement == kNumericCode[position]) continue;
      std::string mistyped(kNumericCode);
      mistyped[position] = replacement;
      INFO(mistyped);
      CHECK_FALSE(IsValidTaxCode(mistyped));
    }
  }
}

TEST_CASE("tax codes are normalised as people type them", "[tax_code]") {
  CHECK(NormalizeTaxCode("rssmra85t10a562s") == kMarioRossi);
  CHECK(NormalizeTaxCode(" RSS MRA 85T10 A562S ") == kMarioRossi);
  CHECK(NormalizeTaxCode("RssMra\t85t10a562s\r\n") == kMarioRossi);
  CHECK(NormalizeTaxCode("007 431 101 57") == kNumericCode);
  CHECK(IsValidTaxCode(NormalizeTaxCode("rss mra 85t10 a562s")));

  SECTION("validation expects the normalised form") {
    CHECK_FALSE(IsValidTaxCode("rssmra85t10a562s"));
  }
  SECTION("other characters are kept, so that validation refuses them") {
    CHECK(NormalizeTaxCode("rssmra-85t10a562s") == "RSSMRA-85T10A562S");
    CHECK_FALSE(IsValidTaxCode(NormalizeTaxCode("rssmra-85t10a562s")));
  }
}

}  // namespace
}  // namespace sportello::engine
