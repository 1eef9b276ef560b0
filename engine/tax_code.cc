#include "engine/tax_code.h"

#include <array>
#include <cstddef>
#include <optional>

namespace sportello::engine {
namespace {

constexpr std::size_t kPersonalCodeLength = 16;
constexpr std::size_t kNumericCodeLength = 11;

// What each position of a personal code holds: a letter, a digit (or its omocodia letter), the
// month letter, or the check letter.
enum class Field { letter, digit, month, check };
constexpr std::array<Field, kPersonalCodeLength> kPersonalLayout = {
    Field::letter, Field::letter, Field::letter, Field::letter, Field::letter, Field::letter,  // name
    Field::digit,  Field::digit,                                                               // year
    Field::month,
    Field::digit,  Field::digit,                                                               // day
    Field::letter, Field::digit,  Field::digit,  Field::digit,                                 // place
    Field::check};
constexpr std::size_t kDayTensPosition = 9;
constexpr std::size_t kDayUnitsPosition = 10;

constexpr std::string_view kMonthLetters = "ABCDEHLMPRST";
// The letter that stands for digit d in an omocodia code is kOmocodiaLetters[d].
constexpr std::string_view kOmocodiaLetters = "LMNPQRSTUV";

// Values of the characters in odd positions (1st, 3rd, …, 15th), indexed by CharacterIndex.
constexpr std::array<int, 26> kOddPositionValues = {1,  0,  5,  7,  9,  13, 15, 17, 19,
                                                    21, 2,  4,  18, 20, 11, 3,  6,  8,
                                                    12, 14, 16, 10, 22, 25, 24, 23};

bool IsUpperLetter(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The digit that `c` stands for in a digit position, or nullopt if it stands for none.
std::optional<int> DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  const std::size_t omocodia = kOmocodiaLetters.find(c);
  if (omocodia == std::string_view::npos) return std::nullopt;
  return static_cast<int>(omocodia);
}

bool FitsField(char c, Field field) {
  switch (field) {
    case Field::letter:
    case Field::check:
      return IsUpperLetter(c);
    case Field::digit:
      return DigitValue(c).has_value();
    case Field::month:
      return kMonthLetters.find(c) != std::string_view::npos;
  }
  return false;
}

// Men are born on day 1–31; women's codes add 40.
bool IsValidDayOfBirth(int day) { return (day >= 1 && day <= 31) || (day >= 41 && day <= 71); }

// '0'…'9' → 0…9 and 'A'…'Z' → 0…25, the index into the check tables.
int CharacterIndex(char c) { return IsDigit(c) ? c - '0' : c - 'A'; }

// The check letter of the first 15 characters of a structurally valid personal code.
char PersonalCheckLetter(std::string_view code) {
  int sum = 0;
  for (std::size_t i = 0; i + 1 < kPersonalCodeLength; ++i) {
    const int index = CharacterIndex(code[i]);
    const bool odd_position = i % 2 == 0;  // positions count from 1
    sum += odd_position ? kOddPositionValues[static_cast<std::size_t>(index)] : index;
  }
  return static_cast<char>('A' + sum % 26);
}

bool IsValidPersonalCode(std::string_view code) {
  for (std::size_t i = 0; i < kPersonalCodeLength; ++i) {
    if (!FitsField(code[i], kPersonalLayout[i])) return false;
  }
  const int day = *DigitValue(code[kDayTensPosition]) * 10 + *DigitValue(code[kDayUnitsPosition]);
  return IsValidDayOfBirth(day) && PersonalCheckLetter(code) == code.back();
}

// The check digit of the first 10 digits of a numeric code (partita IVA algorithm): digits in odd
// positions count as they are, digits in even positions are doubled, less 9 when over 9.
int NumericCheckDigit(std::string_view code) {
  int sum = 0;
  for (std::size_t i = 0; i + 1 < kNumericCodeLength; ++i) {
    const int digit = code[i] - '0';
    const bool odd_position = i % 2 == 0;  // positions count from 1
    const int doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += odd_position ? digit : doubled;
  }
  return (10 - sum % 10) % 10;
}

bool IsValidNumericCode(std::string_view code) {
  for (char c : code) {
    if (!IsDigit(c)) return false;
  }
  return NumericCheckDigit(code) == code.back() - '0';
}

}  // namespace

std::string NormalizeTaxCode(std::string_view typed) {
  std::string normalized;
  normalized.reserve(typed.size());
  for (char c : typed) {
    if (!IsWhitespace(c)) normalized.push_back(ToUpper(c));
  }
  return normalized;
}

bool IsValidTaxCode(std::string_view normalized) {
  if (normalized.size() == kPersonalCodeLength) return IsValidPersonalCode(normalized);
  if (normalized.size() == kNumericCodeLength) return IsValidNumericCode(normalized);
  return false;
}

}  // namespace sportello::engine
