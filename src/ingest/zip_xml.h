// Spreadsheet containers of the lists: reading one member of a zip archive held in
// memory (libzip), and turning the XML inside into rows of strings: the first worksheet
// of an Office Open XML workbook (.xlsx: xl/sharedStrings.xml + xl/worksheets/*.xml) and
// the first table of an OpenDocument spreadsheet (.ods: content.xml).
//
// Called by the DFAT (.xlsx) and UK FCDO (.ods) parsers; anything else that has to open
// a zip from a download can use ReadZipMember.
//
// Hostile input is bounded (ZipLimits): the declared sizes of a member AND the bytes
// actually inflated are checked against a per-member cap, a total cap and a
// compression-ratio cap, so a zip bomb fails with ErrorCode::kLimit instead of eating
// memory. Spreadsheet repeats (ODS "number-columns-repeated=16376") are not expanded
// beyond kMaxColumns / kMaxRows.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef EMBARGO_INGEST_ZIP_XML_H_
#define EMBARGO_INGEST_ZIP_XML_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace embargo::ingest {

struct ZipLimits {
  uint64_t max_member_bytes = 256ull << 20;  // one uncompressed member, declared or actual
  uint64_t max_total_bytes = 256ull << 20;   // sum of the declared sizes of all members
  uint64_t max_members = 10000;              // entries in the central directory
  // Uncompressed/compressed above this is a bomb. Applies once a member inflates past
  // ratio_floor_bytes (tiny members compress absurdly well and are harmless).
  uint64_t max_ratio = 200;
  uint64_t ratio_floor_bytes = 1 << 20;
};

// Returns the uncompressed bytes of member `member` of the zip archive `zip`.
// Fails with kParse (not a zip, damaged), kNotFound (no such member), kLimit (a limit
// above), kCorrupt (CRC mismatch, or fewer/more bytes than declared).
Result<std::string> ReadZipMember(std::string_view zip, std::string_view member,
                                  const ZipLimits& limits = {});

// Names of the members of `zip`, in central-directory order.
Result<std::vector<std::string>> ListZipMembers(std::string_view zip, const ZipLimits& limits = {});

// One spreadsheet row: its 1-based row number in the sheet and its cells, left to
// right from column A, trailing empty cells dropped. Numbers are their XML text
// ("41988" for an Excel date serial); shared strings are resolved.
struct SheetRow {
  size_t number = 0;
  std::vector<std::string> cells;
};

struct Sheet {
  std::string name;                   // sheet/table name ("Sheet1", "UK_Sanction_List")
  std::vector<SheetRow> rows;         // non-empty rows only, in sheet order
  std::vector<std::string> warnings;  // recoverable oddities (bad shared-string index)
};

inline constexpr size_t kMaxColumns = 1024;   // cells right of this are ignored
inline constexpr size_t kMaxRows = 1u << 20;  // rows below this are ignored

// Reads the first worksheet of the .xlsx file `xlsx` (the first <sheet> of
// xl/workbook.xml resolved through xl/_rels/workbook.xml.rels, falling back to
// xl/worksheets/sheet1.xml).
Result<Sheet> ReadXlsxFirstSheet(std::string_view xlsx, const ZipLimits& limits = {});

// Parses already-extracted worksheet XML with the given shared strings (exposed for
// tests and fuzzers).
Result<Sheet> ParseXlsxSheetXml(std::string_view sheet_xml,
                                const std::vector<std::string>& shared_strings);
Result<std::vector<std::string>> ParseXlsxSharedStrings(std::string_view xml);

// Reads the first table of the .ods file `ods` (content.xml).
Result<Sheet> ReadOdsFirstTable(std::string_view ods, const ZipLimits& limits = {});
Result<Sheet> ParseOdsContentXml(std::string_view content_xml);

// "A" for 0, "Z" for 25, "AA" for 26: spreadsheet column letters, for messages.
std::string ColumnName(size_t index);
// "Sheet1!B12" for sheet "Sheet1", column 1, row 12.
std::string CellRef(std::string_view sheet, size_t column, size_t row);

// Converts an Excel 1900-system date serial (41988) to ISO "2014-12-15"; "" when the
// serial is out of range (<= 0 or after 9999).
std::string ExcelSerialToIso(double serial);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_ZIP_XML_H_
