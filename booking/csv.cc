#include "booking/csv.h"

namespace sportello::booking {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with(kBom)) pos_ = kBom.size();
}

bool CsvReader::ConsumeLineBreak() {
  if (AtEnd()) return false;
  if (text_[pos_] == '\n') {
    ++pos_;
  } else if (text_[pos_] == '\r') {
    ++pos_;
    if (!AtEnd() && text_[pos_] == '\n') ++pos_;
  } else {
    return false;
  }
  ++line_;
  return true;
}

void CsvReader::SkipToNextLine() {
  while (!AtEnd() && !ConsumeLineBreak()) ++pos_;
}

bool CsvReader::ReadQuoted(std::string& field, std::string& error) {
  ++pos_;  // opening quote
  for (;;) {
    if (AtEnd()) {
      error = "unterminated quoted field";
      return false;
    }
    const char c = text_[pos_];
    if (c == '"') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        field += '"';
        pos_ += 2;
        continue;
      }
      ++pos_;  // closing quote
      if (AtEnd() || text_[pos_] == ',' || text_[pos_] == '\n' || text_[pos_] == '\r') return true;
      error = "unexpected text after a closing quote";
      return false;
    }
    if (c == '\n' || c == '\r') {
      const std::size_t start = pos_;
      ConsumeLineBreak();  // counts the line; keeps the break as written
      field.append(text_.substr(start, pos_ - start));
      continue;
    }
    field += c;
    ++pos_;
  }
}

CsvReader::Status CsvReader::Next(CsvRecord& record, std::string& error) {
  while (ConsumeLineBreak()) {
  }  // blank lines
  if (AtEnd()) return Status::end;
  record.line = line_;
  record.fields.clear();
  error.clear();
  for (;;) {
    std::string field;
    if (!AtEnd() && text_[pos_] == '"') {
      if (!ReadQuoted(field, error)) {
        SkipToNextLine();
        return Status::error;
      }
    } else {
      while (!AtEnd() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        if (text_[pos_] == '"') {
          error = "quote inside an unquoted field";
          SkipToNextLine();
          return Status::error;
        }
        field += text_[pos_++];
      }
    }
    record.fields.push_back(std::move(field));
    if (!AtEnd() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    ConsumeLineBreak();  // or the end of the text
    return Status::record;
  }
}

}  // namespace sportello::booking
