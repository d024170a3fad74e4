// XML loading and small text/date helpers for the XML list parsers.
//
// Loading: pugixml parses a private copy of the input (load_buffer) with the default
// options (entities, CDATA, end-of-line normalisation). On failure pugixml keeps the
// nodes parsed before the error, so a truncated list still yields its complete records;
// the byte offset of the error becomes "file:line:col". A record is "cut by the error"
// when its closing tag does not occur between its start (node offset_debug) and the
// error offset - only the records on the open-element path at the error can be.
//
// Dates: a tiny hand-written scanner over the forms the UN and Canadian lists use; see
// ParseListDate in the header for the grammar. Anything else is the caller's to report.
//
// Scripts: counts letters per Unicode block and returns the majority script.
#include "ingest/xml_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "common/utf8.h"

namespace embargo::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Decodes one UTF-8 code point at s[*i], advancing *i; invalid bytes decode as U+FFFD
// and advance one byte.
char32_t NextCodePoint(std::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i += len;
  return cp;
}

bool DaysOk(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day < 1 || day > kDays[month - 1]) return false;
  if (month == 2 && day == 29) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return true;
}

bool YearOk(int year) { return year >= 1000 && year <= 2200; }

// Parses exactly `n` digits at the front of *s, consuming them.
bool TakeDigits(std::string_view* s, size_t n, int* value) {
  if (s->size() < n) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!IsDigit((*s)[k])) return false;
    v = v * 10 + ((*s)[k] - '0');
  }
  *value = v;
  s->remove_prefix(n);
  return true;
}

// "YYYY", "YYYY-MM", "YYYY-MM-DD", optionally followed by a time zone; whole string.
std::optional<model::PartialDate> ParseIsoish(std::string_view s) {
  model::PartialDate d;
  int y = 0, m = 0, day = 0;
  if (!TakeDigits(&s, 4, &y) || !YearOk(y)) return std::nullopt;
  if (!s.empty() && IsDigit(s[0])) return std::nullopt;
  d.year = static_cast<int16_t>(y);
  if (s.empty()) return d;
  if (s[0] != '-') return std::nullopt;
  s.remove_prefix(1);
  if (!TakeDigits(&s, 2, &m) || m < 1 || m > 12) return std::nullopt;
  d.month = static_cast<int8_t>(m);
  if (s.empty()) return d;
  if (s[0] != '-') return std::nullopt;
  s.remove_prefix(1);
  if (!TakeDigits(&s, 2, &day) || !DaysOk(y, m, day)) return std::nullopt;
  d.day = static_cast<int8_t>(day);
  if (s.empty() || s == "Z" || s == "z") return d;
  // Time zone suffix as in the 2020 UN file: "1964-07-17-04:00" or "+01:00".
  if ((s[0] == '-' || s[0] == '+') && s.size() == 6 && IsDigit(s[1]) && IsDigit(s[2]) &&
      s[3] == ':' && IsDigit(s[4]) && IsDigit(s[5])) {
    return d;
  }
  return std::nullopt;
}

// Splits on ASCII spaces, dropping empties.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool ParseYearWord(std::string_view w, int* year) {
  if (w.size() != 4) return false;
  int y = 0;
  if (!TakeDigits(&w, 4, &y) || !YearOk(y)) return false;
  *year = y;
  return true;
}

std::optional<model::DateSpec> ParseDateCore(std::string_view s) {
  model::DateSpec spec;
  if (auto d = ParseIsoish(s)) {
    spec.from = *d;
    return spec;
  }
  // "YYYY - YYYY" / "YYYY-YYYY" / "YYYY to YYYY".
  if (s.size() >= 9 && IsDigit(s[0])) {
    std::string_view rest = s;
    int y1 = 0, y2 = 0;
    if (TakeDigits(&rest, 4, &y1) && YearOk(y1)) {
      rest = Trim(rest);
      if (!rest.empty() && rest[0] == '-') {
        rest.remove_prefix(1);
      } else if (StartsWithIgnoreCase(rest, "to ")) {
        rest.remove_prefix(3);
      } else {
        return std::nullopt;
      }
      rest = Trim(rest);
      if (ParseYearWord(rest, &y2) && y2 >= y1) {
        spec.from.year = static_cast<int16_t>(y1);
        spec.to.year = static_cast<int16_t>(y2);
        return spec;
      }
    }
    // fall through to word forms ("12 Jan. 1960")
  }
  std::vector<std::string_view> w = Words(s);
  int year = 0;
  if (w.size() == 2) {  // "Nov. 1973", "August 1973"
    const int m = ParseMonthName(w[0]);
    if (m > 0 && ParseYearWord(w[1], &year)) {
      spec.from = {static_cast<int16_t>(year), static_cast<int8_t>(m), 0};
      return spec;
    }
  }
  if (w.size() == 3) {  // "12 Jan. 1960", "Jan. 12 1960"?? only day-first is used
    int day = 0;
    std::string_view dw = w[0];
    const int m = ParseMonthName(w[1]);
    if (m > 0 && !dw.empty() && dw.size() <= 2 && TakeDigits(&dw, w[0].size(), &day) &&
        ParseYearWord(w[2], &year) && DaysOk(year, m, day)) {
      spec.from = {static_cast<int16_t>(year), static_cast<int8_t>(m), static_cast<int8_t>(day)};
      return spec;
    }
  }
  if (w.size() == 5 && EqualsIgnoreCase(w[0], "between") && EqualsIgnoreCase(w[2], "and")) {
    const int m1 = ParseMonthName(w[1]);
    const int m2 = ParseMonthName(w[3]);
    if (m1 > 0 && m2 >= m1 && ParseYearWord(w[4], &year)) {  // "Between Aug. and Sep. 1977"
      spec.from = {static_cast<int16_t>(year), static_cast<int8_t>(m1), 0};
      spec.to = {static_cast<int16_t>(year), static_cast<int8_t>(m2), 0};
      return spec;
    }
    int y1 = 0;
    if (ParseYearWord(w[1], &y1) && ParseYearWord(w[3], &year) && year >= y1) {
      spec.from.year = static_cast<int16_t>(y1);
      spec.to.year = static_cast<int16_t>(year);
      return spec;
    }
  }
  if (w.size() == 4 && EqualsIgnoreCase(w[0], "between") && EqualsIgnoreCase(w[2], "and")) {
    int y1 = 0;
    if (ParseYearWord(w[1], &y1) && ParseYearWord(w[3], &year) && year >= y1) {
      spec.from.year = static_cast<int16_t>(y1);
      spec.to.year = static_cast<int16_t>(year);
      return spec;
    }
  }
  return std::nullopt;
}

}  // namespace

LineCol OffsetToLineCol(std::string_view data, size_t offset) {
  if (offset > data.size()) offset = data.size();
  LineCol lc;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (data[i] == '\n') {
      ++lc.line;
      line_start = i + 1;
    }
  }
  lc.column = offset - line_start + 1;
  return lc;
}

std::string XmlWhere(std::string_view file_name, std::string_view data, size_t offset) {
  const LineCol lc = OffsetToLineCol(data, offset);
  return fmt::format("{}:{}:{}", file_name, lc.line, lc.column);
}

LineIndex::LineIndex(std::string_view data) : data_(data) {
  starts_.push_back(0);
  for (size_t i = 0; i < data.size(); ++i)
    if (data[i] == '\n') starts_.push_back(i + 1);
}

LineCol LineIndex::At(size_t offset) const {
  if (offset > data_.size()) offset = data_.size();
  // The last line start <= offset.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const size_t line = static_cast<size_t>(it - starts_.begin());  // >= 1: starts_[0] == 0
  return LineCol{line, offset - starts_[line - 1] + 1};
}

std::string LineIndex::Where(std::string_view file_name, ptrdiff_t offset) const {
  if (offset < 0) return std::string(file_name);
  size_t at = static_cast<size_t>(offset);
  // pugixml places an element after its '<'; point at the '<'.
  if (at > 0 && at <= data_.size() && data_[at - 1] == '<') --at;
  const LineCol lc = At(at);
  return fmt::format("{}:{}:{}", file_name, lc.line, lc.column);
}

void LoadXml(std::string_view data, std::string_view file_name, XmlLoad* out) {
  out->doc.reset();
  out->error.reset();
  out->error_offset = 0;
  if (data.size() > kMaxXmlBytes) {
    out->error = MakeError(ErrorCode::kLimit,
                           fmt::format("XML input of {} bytes exceeds the limit of {} bytes",
                                       data.size(), kMaxXmlBytes),
                           std::string(file_name));
    return;
  }
  const pugi::xml_parse_result r =
      out->doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_auto);
  if (r) return;
  size_t offset = r.offset < 0 ? 0 : static_cast<size_t>(r.offset);
  if (offset > data.size()) offset = data.size();
  out->error_offset = offset;
  std::string near;
  if (offset < data.size()) {
    // Show a few bytes at the error, printable ASCII only, so the message stays readable.
    for (size_t i = offset; i < data.size() && near.size() < 20; ++i) {
      const unsigned char c = static_cast<unsigned char>(data[i]);
      near += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
  }
  std::string message = fmt::format("malformed XML: {}", r.description());
  if (r.status == pugi::status_end_element_mismatch || r.status == pugi::status_bad_end_element)
    message += " (the file may be truncated or damaged)";
  if (!near.empty()) message += fmt::format(" near '{}'", near);
  if (offset >= data.size()) message += " at end of input (truncated file?)";
  out->error = MakeError(ErrorCode::kParse, std::move(message), XmlWhere(file_name, data, offset));
}

bool CutByError(const XmlLoad& load, std::string_view data, const pugi::xml_node& element) {
  if (!load.error) return false;
  const ptrdiff_t start = element.offset_debug();
  if (start < 0 || static_cast<size_t>(start) > load.error_offset) return true;
  const std::string_view span =
      data.substr(static_cast<size_t>(start), load.error_offset - static_cast<size_t>(start));
  // Self-closing <X/> is complete as soon as its "/>" was read.
  const size_t gt = span.find('>');
  if (gt != std::string_view::npos && gt > 0 && span[gt - 1] == '/') return false;
  // "</INDIVIDUAL" must be followed by '>' or white space: "</INDIVIDUAL_ALIAS>" is not it.
  const std::string close = std::string("</") + element.name();
  for (size_t p = span.find(close); p != std::string_view::npos; p = span.find(close, p + 1)) {
    const size_t after = p + close.size();
    if (after < span.size() && (span[after] == '>' || span[after] == ' ' || span[after] == '\t' ||
                                span[after] == '\r' || span[after] == '\n'))
      return false;
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  for (;;) {
    const size_t before = s.size();
    s = Trim(s);
    if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 &&
        static_cast<unsigned char>(s[1]) == 0xA0)
      s.remove_prefix(2);
    if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
        static_cast<unsigned char>(s[s.size() - 1]) == 0xA0)
      s.remove_suffix(2);
    if (s.size() == before) return s;
  }
}

std::string Text(const pugi::xml_node& node) {
  if (!node) return {};
  const char* v = node.child_value();
  if (v == nullptr || *v == '\0') {
    // <X><![CDATA[...]]></X> and mixed content: child_value() reads the first
    // PCDATA/CDATA child only; fall back to text().
    v = node.text().get();
  }
  std::string_view s = TrimSpaces(std::string_view(v, std::strlen(v)));
  if (s.empty()) return {};
  const std::string utf8 = IsValidUtf8(s) ? std::string(s) : ToUtf8(s);
  // No-break spaces inside names are typing noise in the lists: make them spaces.
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\xC2' && i + 1 < utf8.size() && utf8[i + 1] == '\xA0') {
      out += ' ';
      ++i;
    } else {
      out += utf8[i];
    }
  }
  return CollapseSpaces(out);
}

int ParseMonthName(std::string_view word) {
  static constexpr std::array<const char*, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string w = AsciiLower(Trim(word));
  if (!w.empty() && w.back() == '.') w.pop_back();
  if (w.size() < 3) return 0;
  if (w == "sept") return 9;
  for (size_t i = 0; i < kNames.size(); ++i) {
    const std::string_view name = kNames[i];
    if (w == name || (w.size() == 3 && name.substr(0, 3) == w)) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::optional<model::DateSpec> ParseListDate(std::string_view text) {
  std::string_view s = TrimSpaces(text);
  if (s.empty() || s.size() > 64) return std::nullopt;
  bool circa = false;
  for (std::string_view prefix :
       {"circa ", "approximately ", "approx. ", "approx ", "ca. ", "c. "}) {
    if (StartsWithIgnoreCase(s, prefix)) {
      circa = true;
      s = TrimSpaces(s.substr(prefix.size()));
      break;
    }
  }
  const std::string collapsed = CollapseSpaces(s);
  auto spec = ParseDateCore(collapsed);
  if (!spec) return std::nullopt;
  spec->circa = circa;
  spec->original = std::string(TrimSpaces(text));
  return spec;
}

std::string DetectScript(std::string_view text) {
  enum Script {
    kLatn,
    kCyrl,
    kArab,
    kHani,
    kHang,
    kHebr,
    kGrek,
    kThai,
    kDeva,
    kGeor,
    kArmn,
    kEthi,
    kKana,
    kCount
  };
  static constexpr std::array<const char*, kCount> kCodes = {"Latn", "Cyrl", "Arab", "Hani", "Hang",
                                                             "Hebr", "Grek", "Thai", "Deva", "Geor",
                                                             "Armn", "Ethi", "Kana"};
  std::array<size_t, kCount> counts{};
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = NextCodePoint(text, &i);
    int s = -1;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF)) {
      s = kLatn;
    } else if (c >= 0x370 && c <= 0x3FF) {
      s = kGrek;
    } else if (c >= 0x400 && c <= 0x52F) {
      s = kCyrl;
    } else if (c >= 0x530 && c <= 0x58F) {
      s = kArmn;
    } else if (c >= 0x590 && c <= 0x5FF) {
      s = kHebr;
    } else if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) ||
               (c >= 0x8A0 && c <= 0x8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
               (c >= 0xFE70 && c <= 0xFEFF)) {
      // Arabic punctuation and digits count too; they only appear in Arabic text.
      s = kArab;
    } else if (c >= 0x900 && c <= 0x97F) {
      s = kDeva;
    } else if (c >= 0xE00 && c <= 0xE7F) {
      s = kThai;
    } else if (c >= 0x10A0 && c <= 0x10FF) {
      s = kGeor;
    } else if (c >= 0x1100 && c <= 0x11FF) {
      s = kHang;
    } else if (c >= 0x1200 && c <= 0x139F) {
      s = kEthi;
    } else if (c >= 0x3040 && c <= 0x30FF) {
      s = kKana;
    } else if (c >= 0x3130 && c <= 0x318F) {
      s = kHang;
    } else if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
               (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F)) {
      s = kHani;
    } else if (c >= 0xAC00 && c <= 0xD7AF) {
      s = kHang;
    }
    if (s >= 0) ++counts[s];
  }
  int best = -1;
  size_t best_count = 0;
  for (int s = 0; s < kCount; ++s) {
    if (counts[s] > best_count) {
      best = s;
      best_count = counts[s];
    }
  }
  return best < 0 ? std::string() : std::string(kCodes[best]);
}

uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace embargo::ingest
