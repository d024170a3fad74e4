// Helpers shared by the XML list parsers (UN consolidated list, Canada SEMA): loading a
// document with pugixml under a size cap and turning a parse failure into an Error that
// says "file:line:col", reading trimmed UTF-8 text out of elements, telling which
// records a truncated document cut short, the dates the lists write ("1961",
// "1972-08-10", "Nov. 1973", "Between Aug. and Sep. 1977", "1960 - 1965"), and the
// script (ISO 15924) of a name written in non-Latin characters.
//
// Called by ingest/un.cc and ingest/sema.cc; nothing here knows a particular list.
// Thread-safety: stateless functions; safe from any thread.
#ifndef EMBARGO_INGEST_XML_UTIL_H_
#define EMBARGO_INGEST_XML_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "model/entity.h"

namespace embargo::ingest {

// Larger XML inputs are refused (kLimit) before parsing: pugixml needs a few times the
// input size in memory, and the real lists are under 10 MB.
inline constexpr size_t kMaxXmlBytes = 512u << 20;

// 1-based line and column (in bytes) of byte `offset` of `data`; offsets past the end
// are clamped to the end.
struct LineCol {
  size_t line = 1;
  size_t column = 1;
};
LineCol OffsetToLineCol(std::string_view data, size_t offset);

// "file:line:col" for byte `offset` of `data`.
std::string XmlWhere(std::string_view file_name, std::string_view data, size_t offset);

// Line starts of a buffer, for many offset -> line:col look-ups in O(log n) each.
// Lifetime: keeps a view of `data`, which must outlive it.
class LineIndex {
 public:
  explicit LineIndex(std::string_view data);
  LineCol At(size_t offset) const;
  // "file:line:col" for `offset`; just "file" when offset is negative (unknown).
  std::string Where(std::string_view file_name, ptrdiff_t offset) const;

 private:
  std::string_view data_;
  std::vector<size_t> starts_;  // byte offset of the first byte of each line
};

// Result of LoadXml. When the XML is malformed, `doc` still holds every node parsed
// before the error (pugixml keeps the partial tree) and `error` says where and what.
struct XmlLoad {
  pugi::xml_document doc;
  std::optional<Error> error;  // kParse with where "file:line:col", or kLimit
  size_t error_offset = 0;     // byte offset of the error in the input (when error)
};

// Parses `data` (copied; `data` need not outlive the call). Never throws.
void LoadXml(std::string_view data, std::string_view file_name, XmlLoad* out);

// True when `element` was cut short by the parse error of `load`: its closing tag does
// not appear between its start and the error offset. False when there was no error.
// REQUIRES: `data` is the buffer `load` was parsed from.
bool CutByError(const XmlLoad& load, std::string_view data, const pugi::xml_node& element);

// The text of `node` (its first PCDATA/CDATA child) as valid UTF-8 (invalid bytes are
// read as Windows-1252), no-break spaces made spaces, trimmed, runs of white space
// collapsed to one space. "" for a null node.
std::string Text(const pugi::xml_node& node);
// Text of the first child element named `name` of `node`.
inline std::string ChildText(const pugi::xml_node& node, const char* name) {
  return Text(node.child(name));
}

// Trims ASCII whitespace and U+00A0 (no-break space, common in the lists) at both ends.
std::string_view TrimSpaces(std::string_view s);

// Parses one date as the lists write it, returning nullopt when the text is not a
// recognised date. Accepted (case-insensitive, surrounding spaces ignored):
//   YYYY | YYYY-MM | YYYY-MM-DD | YYYY-MM-DD followed by a time zone ("-05:00", "Z")
//   YYYY - YYYY (a range) | Mon[.] YYYY | Month YYYY | DD Mon[.] YYYY
//   Between Mon[.] and Mon[.] YYYY | any of these after "circa"/"approximately"/"approx."
// `original` of the result is the text as given. Years outside 1000-2200, months outside
// 1-12 and days past the end of the month are rejected.
std::optional<model::DateSpec> ParseListDate(std::string_view text);

// Month number for an English month name or abbreviation ("Sep", "Sept.", "september");
// 0 when not a month.
int ParseMonthName(std::string_view word);

// ISO 15924 code of the script most letters of `text` are written in: "Latn", "Cyrl",
// "Arab", "Hani", "Hang", "Hebr", "Grek", "Thai", "Deva", "Geor", "Armn", "Ethi",
// "Kana" (Japanese kana). "" when `text` has no letters of a known script.
std::string DetectScript(std::string_view text);

// 64-bit FNV-1a of `s`, for stable ids built from names.
uint64_t Fnv1a64(std::string_view s);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_XML_UTIL_H_
