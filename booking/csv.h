// A streaming RFC 4180 CSV reader over text held in memory.
//
// Fields are separated by commas and records by CRLF or LF (a lone CR also ends a record).
// A field in double quotes may hold commas, line breaks and doubled quotes (`""` is one `"`).
// A UTF-8 byte order mark at the very start is skipped; blank lines are skipped. A malformed
// record (unterminated quotes, text after a closing quote, a quote inside an unquoted field) is
// reported with the line it starts on and the reader carries on at the next line. Bytes are not
// interpreted: UTF-8 validation is the caller's. Thread-safety: one reader per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  enum class Status { record, error, end };

  // `text` must outlive the reader.
  explicit CsvReader(std::string_view text);

  // Reads the next record. `record`: its fields (Status::record) or just its line
  // (Status::error, with the reason in `error`). Status::end when the text is exhausted.
  Status Next(CsvRecord& record, std::string& error);

  // Bytes consumed so far, for progress reports.
  std::size_t offset() const { return pos_; }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  // Consumes a line break at pos_ (CRLF, LF or CR); false if there is none.
  bool ConsumeLineBreak();
  void SkipToNextLine();
  // Reads a quoted field starting at the opening quote; false with `error` set when malformed.
  bool ReadQuoted(std::string& field, std::string& error);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace sportello::booking
