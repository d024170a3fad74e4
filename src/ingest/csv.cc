// RFC 4180 with the tolerance real list files need: stray quotes inside unquoted fields
// are kept literally, spaces after a closing quote are ignored ("x" ,y), and 0x1A / NUL
// at the end of the input are dropped.
#include "ingest/csv.h"

#include "common/utf8.h"

namespace embargo::ingest {

CsvReader::CsvReader(std::string_view data, CsvOptions options)
    : data_(StripFileNoise(data)), options_(options) {}

bool CsvReader::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  scratch_.clear();
  if (!error_.empty()) return false;
  const char sep = options_.separator;
  // Skip blank lines.
  while (pos_ < data_.size() && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
    if (data_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= data_.size()) return false;
  row_line_ = line_;
  while (true) {
    if (fields->size() >= options_.max_fields) {
      error_ = "line " + std::to_string(row_line_) + ": more than " +
               std::to_string(options_.max_fields) + " fields";
      return false;
    }
    // Skip leading spaces before a quote only ("a, "b"" style is not used by the lists,
    // but OFAC writes `-0- ,` with a trailing space which we trim later).
    if (pos_ < data_.size() && data_[pos_] == '"') {
      size_t start = ++pos_;
      bool escaped = false;
      size_t end = std::string_view::npos;
      while (pos_ < data_.size()) {
        char c = data_[pos_];
        if (c == '"') {
          if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
            escaped = true;
            pos_ += 2;
            continue;
          }
          end = pos_++;
          break;
        }
        if (c == '\n') ++line_;
        ++pos_;
      }
      if (end == std::string_view::npos) {
        error_ = "line " + std::to_string(row_line_) + ": unterminated quoted field";
        return false;
      }
      if (end - start > options_.max_field_bytes) {
        error_ = "line " + std::to_string(row_line_) + ": field longer than " +
                 std::to_string(options_.max_field_bytes) + " bytes";
        return false;
      }
      std::string_view raw = data_.substr(start, end - start);
      if (escaped) {
        std::string& s = scratch_.emplace_back();
        s.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
          s.push_back(raw[i]);
          if (raw[i] == '"' && i + 1 < raw.size() && raw[i + 1] == '"') ++i;
        }
        fields->push_back(s);
      } else {
        fields->push_back(raw);
      }
      // Anything between the closing quote and the separator is dropped (spaces).
      while (pos_ < data_.size() && data_[pos_] != sep && data_[pos_] != '\n' &&
             data_[pos_] != '\r') {
        ++pos_;
      }
    } else {
      size_t start = pos_;
      while (pos_ < data_.size() && data_[pos_] != sep && data_[pos_] != '\n' &&
             data_[pos_] != '\r') {
        ++pos_;
      }
      if (pos_ - start > options_.max_field_bytes) {
        error_ = "line " + std::to_string(row_line_) + ": field longer than " +
                 std::to_string(options_.max_field_bytes) + " bytes";
        return false;
      }
      fields->push_back(data_.substr(start, pos_ - start));
    }
    if (pos_ >= data_.size()) return true;
    char c = data_[pos_];
    if (c == sep) {
      ++pos_;
      if (pos_ >= data_.size()) {
        fields->push_back(std::string_view());
        return true;
      }
      continue;
    }
    // End of row: consume CR?LF.
    if (c == '\r') ++pos_;
    if (pos_ < data_.size() && data_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

}  // namespace embargo::ingest
