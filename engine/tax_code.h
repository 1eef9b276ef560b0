// Italian tax codes (codice fiscale) as applicants type them and as applications name them.
//
// Two forms are valid (SPEC.md, "Application import"):
// - the 16-character personal code LLLLLLNNLNNLNNNL: six surname/name letters, year, month letter
//   (one of ABCDEHLMPRST), day of birth (01–31, or 41–71 for women), a letter and three digits for
//   the place of birth, and a check letter computed with the official odd/even tables. To tell
//   apart people who would otherwise share a code (omocodia) any of the seven digits may be
//   written as a letter L M N P Q R S T U V (standing for 0 … 9); the order in which the office
//   replaces them is not enforced, so no code the office issued is refused.
// - the 11-digit numeric code of companies and provisional codes, whose last digit is the check
//   digit of the partita IVA algorithm.
// Only the form is checked: a valid code need not have been issued. Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sportello::engine {

// `typed` in upper case with every space, tab and line break removed; other characters are kept
// so that IsValidTaxCode can refuse them.
std::string NormalizeTaxCode(std::string_view typed);

// True when `normalized` (as NormalizeTaxCode returns it) is a well-formed personal code with the
// right check letter or an 11-digit numeric code with the right check digit; false otherwise,
// including for lower case.
bool IsValidTaxCode(std::string_view normalized);

}  // namespace sportello::engine
