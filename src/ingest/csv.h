// A streaming reader for the CSV dialects of the lists: RFC 4180 quoting, "," or TAB
// separators, CRLF or LF, a UTF-8 BOM, a trailing 0x1A, and quoted fields spanning lines.
// Fields are returned as views into the input, unescaped into a scratch buffer only when
// they contain doubled quotes, so reading is allocation-free for most rows.
//
// Usage:
//   CsvReader r(data, {.separator = ','});
//   std::vector<std::string_view> row;
//   while (r.Next(&row)) { ... r.line() ... }
//   if (!r.error().empty()) ...   // a malformed tail (unterminated quote)
//
// Lifetime: views stay valid until the next call to Next() and while `data` lives.
// Thread-safety: one reader per thread.
#ifndef EMBARGO_INGEST_CSV_H_
#define EMBARGO_INGEST_CSV_H_

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::ingest {

struct CsvOptions {
  char separator = ',';            // ',' for CSV, '\t' for TAB-separated
  size_t max_field_bytes = 1 << 20;  // a longer field ends the read with an error
  size_t max_fields = 1024;          // more fields in one row ends the read with an error
};

class CsvReader {
 public:
  CsvReader(std::string_view data, CsvOptions options = {});

  // Reads the next row into `fields` (cleared first). Returns false at the end of the
  // input or on a malformed row, after which error() says why. Blank lines are skipped.
  bool Next(std::vector<std::string_view>* fields);

  // 1-based line where the last returned row started.
  size_t line() const { return row_line_; }
  // Empty, or why reading stopped early.
  const std::string& error() const { return error_; }

 private:
  std::string_view data_;
  CsvOptions options_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t row_line_ = 0;
  std::string error_;
  std::deque<std::string> scratch_;  // unescaped fields of the current row
};

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_CSV_H_
