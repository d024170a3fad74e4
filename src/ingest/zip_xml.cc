// Zip members and spreadsheet XML.
//
// Zip: libzip opens the archive from a memory buffer (zip_source_buffer_create, no copy).
// Before inflating, the central directory is checked: member count, the sum of declared
// sizes, the member's declared size and its declared compression ratio. While inflating
// (64 KiB reads) the same caps are checked against the bytes actually produced, because
// the declared sizes of a hostile archive are lies; a short or long member is kCorrupt.
//
// XLSX (ECMA-376 SpreadsheetML): xl/workbook.xml names the sheets; the first <sheet>'s
// r:id is resolved in xl/_rels/workbook.xml.rels to its part. Cells are <c r="B12"
// t="s|inlineStr|str|b|e|n"><v>..</v></c>; t="s" indexes xl/sharedStrings.xml
// (<si> = plain <t> or rich-text runs <r><t>; phonetic <rPh> is skipped).
//
// ODS (OpenDocument 1.3 table): <table:table-row table:number-rows-repeated=N> holding
// <table:table-cell table:number-columns-repeated=N> with <text:p> paragraphs whose
// text may contain <text:s text:c=N/> (N spaces), <text:tab/>, <text:line-break/> and
// <text:span>. Writers pad with huge repeats of empty cells and rows; empty repeats are
// skipped without expanding, non-empty ones are expanded within kMaxColumns/kMaxCells.
//
// Element names are compared by local name, so prefixed (x:row) and default-namespace
// documents read alike.
#include "ingest/zip_xml.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <pugixml.hpp>

namespace embargo::ingest {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kMaxCells = 2u << 20;      // materialised cells in one sheet (~64 MB)
constexpr unsigned kMaxSpaces = 1000;       // <text:s text:c=N/>
constexpr size_t kMaxCellBytes = 1u << 20;  // one cell's text

struct ZipCloser {
  void operator()(zip_t* za) const { zip_discard(za); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

Result<ZipPtr> OpenZip(std::string_view data, const ZipLimits& limits) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(data.data(), data.size(), 0, &err);
  if (src == nullptr) {
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return Fail(ErrorCode::kInternal, "cannot wrap buffer for libzip: " + msg);
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (za == nullptr) {
    zip_source_free(src);
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return Fail(ErrorCode::kParse, fmt::format("expected a zip archive ({} bytes), libzip says: {}",
                                               data.size(), msg));
  }
  zip_error_fini(&err);
  ZipPtr zip(za);
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || static_cast<uint64_t>(n) > limits.max_members) {
    return Fail(ErrorCode::kLimit,
                fmt::format("zip has {} members, limit is {}", n, limits.max_members));
  }
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    if ((st.valid & ZIP_STAT_SIZE) == 0) continue;
    total += std::min<uint64_t>(st.size, limits.max_total_bytes + 1);
    if (total > limits.max_total_bytes) {
      return Fail(ErrorCode::kLimit,
                  fmt::format("zip members declare more than {} bytes uncompressed in total",
                              limits.max_total_bytes));
    }
  }
  return zip;
}

bool RatioExceeded(uint64_t out, uint64_t compressed, const ZipLimits& limits) {
  if (out <= limits.ratio_floor_bytes) return false;
  return compressed == 0 || out / compressed > limits.max_ratio;
}

std::string_view LocalName(const char* name) {
  std::string_view s(name);
  size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  return {};
}

pugi::xml_attribute Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (LocalName(a.name()) == local) return a;
  return {};
}

// Depth-first search for the first element with local name `local`.
pugi::xml_node Find(pugi::xml_node node, std::string_view local) {
  return node.find_node([local](pugi::xml_node n) {
    return n.type() == pugi::node_element && LocalName(n.name()) == local;
  });
}

Status LoadXml(std::string_view xml, std::string_view what, pugi::xml_document* doc) {
  pugi::xml_parse_result r =
      doc->load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!r) {
    return Fail(ErrorCode::kParse, fmt::format("bad XML: {}", r.description()),
                fmt::format("{} byte {}", what, r.offset));
  }
  return OkStatus();
}

// Appends the text of a SpreadsheetML <si>/<is>: all <t> not under <rPh>.
void AppendRunText(pugi::xml_node node, std::string* out, int depth = 0) {
  if (depth > 16) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "t") {
      out->append(c.text().get());
    } else if (name == "r") {
      AppendRunText(c, out, depth + 1);
    }
  }
}

// Parses "B12" into column 1; returns false when `ref` does not start with letters.
bool ParseColumn(std::string_view ref, size_t* column) {
  size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
    if (col > 1u << 20) return false;
  }
  if (i == 0) return false;
  *column = col - 1;
  return true;
}

// Text of an ODS paragraph (or span), with its space/tab/line-break elements.
void AppendOdsText(pugi::xml_node node, std::string* out, int depth = 0) {
  if (depth > 16) return;
  for (pugi::xml_node c = node.first_child(); c && out->size() < kMaxCellBytes;
       c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out->append(c.value());
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "s") {
      unsigned n = Attr(c, "c").as_uint(1);
      out->append(std::min(n, kMaxSpaces), ' ');
    } else if (name == "tab") {
      out->push_back('\t');
    } else if (name == "line-break") {
      out->push_back('\n');
    } else if (name != "annotation" && name != "note") {
      AppendOdsText(c, out, depth + 1);
    }
  }
}

std::string OdsCellText(pugi::xml_node cell) {
  std::string text;
  bool first = true;
  for (pugi::xml_node p = cell.first_child(); p; p = p.next_sibling()) {
    if (p.type() != pugi::node_element) continue;
    std::string_view name = LocalName(p.name());
    if (name != "p" && name != "h") continue;
    if (!first) text.push_back('\n');
    first = false;
    AppendOdsText(p, &text);
  }
  if (text.empty()) {
    // A value with no displayed paragraph (rare): fall back to the typed value.
    for (const char* a : {"date-value", "value", "string-value", "boolean-value"}) {
      pugi::xml_attribute attr = Attr(cell, a);
      if (attr) return attr.value();
    }
  }
  if (text.size() > kMaxCellBytes) text.resize(kMaxCellBytes);
  return text;
}

struct OdsWalker {
  Sheet* sheet;
  size_t row_number = 0;  // rows consumed so far (1-based number of the last row)
  size_t cells = 0;
  Status status = OkStatus();

  void Rows(pugi::xml_node parent, int depth) {
    if (depth > 8) return;
    for (pugi::xml_node c = parent.first_child(); c && status; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c.name());
      if (name == "table-row") {
        Row(c);
      } else if (name == "table-header-rows" || name == "table-row-group" || name == "table-rows") {
        Rows(c, depth + 1);
      }
      if (row_number >= kMaxRows) return;
    }
  }

  void Row(pugi::xml_node row) {
    size_t repeat = std::max<size_t>(1, Attr(row, "number-rows-repeated").as_ullong(1));
    SheetRow out;
    size_t col = 0;
    for (pugi::xml_node c = row.first_child(); c && col < kMaxColumns; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c.name());
      if (name != "table-cell" && name != "covered-table-cell") continue;
      size_t n = std::max<size_t>(1, Attr(c, "number-columns-repeated").as_ullong(1));
      n = std::min(n, kMaxColumns - col);
      std::string text = OdsCellText(c);
      if (!text.empty()) {
        out.cells.resize(col + n);
        for (size_t k = 0; k < n; ++k) out.cells[col + k] = text;
      }
      col += n;
    }
    if (out.cells.empty()) {
      row_number = std::min(kMaxRows, row_number + std::min(repeat, kMaxRows));
      return;
    }
    for (size_t k = 0; k < repeat && row_number < kMaxRows; ++k) {
      cells += out.cells.size();
      if (cells > kMaxCells) {
        status =
            Fail(ErrorCode::kLimit, fmt::format("table expands to more than {} cells", kMaxCells),
                 fmt::format("row {}", row_number + 1));
        return;
      }
      out.number = ++row_number;
      sheet->rows.push_back(out);
    }
  }
};

}  // namespace

Result<std::string> ReadZipMember(std::string_view zip, std::string_view member,
                                  const ZipLimits& limits) {
  auto opened = OpenZip(zip, limits);
  if (!opened) return Fail(opened.error());
  zip_t* za = opened->get();
  std::string name(member);
  zip_int64_t idx = zip_name_locate(za, name.c_str(), 0);
  if (idx < 0) return Fail(ErrorCode::kNotFound, fmt::format("zip has no member '{}'", name));
  zip_stat_t st;
  if (zip_stat_index(za, static_cast<zip_uint64_t>(idx), 0, &st) != 0 ||
      (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
    return Fail(ErrorCode::kParse, "cannot read the zip directory entry", name);
  }
  if (st.size > limits.max_member_bytes) {
    return Fail(ErrorCode::kLimit,
                fmt::format("member declares {} bytes uncompressed, limit is {}", st.size,
                            limits.max_member_bytes),
                name);
  }
  if (RatioExceeded(st.size, st.comp_size, limits)) {
    return Fail(ErrorCode::kLimit,
                fmt::format("member declares compression ratio above {} ({} -> {} bytes): "
                            "a zip bomb?",
                            limits.max_ratio, st.comp_size, st.size),
                name);
  }
  zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(idx), 0);
  if (f == nullptr) {
    return Fail(ErrorCode::kParse, fmt::format("cannot open member: {}", zip_strerror(za)), name);
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(f, zip_fclose);
  std::string out;
  out.reserve(std::min<uint64_t>(st.size, 16u << 20));
  char buf[kReadChunk];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      return Fail(
          ErrorCode::kCorrupt,
          fmt::format("member is damaged after {} bytes: {}", out.size(), zip_file_strerror(f)),
          name);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > st.size || out.size() > limits.max_member_bytes) {
      return Fail(ErrorCode::kLimit,
                  fmt::format("member inflates past its declared {} bytes", st.size), name);
    }
    if (RatioExceeded(out.size(), st.comp_size, limits)) {
      return Fail(ErrorCode::kLimit,
                  fmt::format("member inflates beyond ratio {}: a zip bomb?", limits.max_ratio),
                  name);
    }
  }
  if (out.size() != st.size) {
    return Fail(
        ErrorCode::kCorrupt,
        fmt::format("member has {} bytes, its directory entry says {}", out.size(), st.size), name);
  }
  return out;
}

Result<std::vector<std::string>> ListZipMembers(std::string_view zip, const ZipLimits& limits) {
  auto opened = OpenZip(zip, limits);
  if (!opened) return Fail(opened.error());
  std::vector<std::string> names;
  zip_int64_t n = zip_get_num_entries(opened->get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(opened->get(), static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr) names.emplace_back(name);
  }
  return names;
}

Result<std::vector<std::string>> ParseXlsxSharedStrings(std::string_view xml) {
  pugi::xml_document doc;
  if (auto st = LoadXml(xml, "xl/sharedStrings.xml", &doc); !st) return Fail(st.error());
  pugi::xml_node sst = Find(doc, "sst");
  std::vector<std::string> strings;
  for (pugi::xml_node si = sst.first_child(); si; si = si.next_sibling()) {
    if (si.type() != pugi::node_element || LocalName(si.name()) != "si") continue;
    std::string text;
    AppendRunText(si, &text);
    strings.push_back(std::move(text));
  }
  return strings;
}

Result<Sheet> ParseXlsxSheetXml(std::string_view sheet_xml,
                                const std::vector<std::string>& shared_strings) {
  pugi::xml_document doc;
  if (auto st = LoadXml(sheet_xml, "worksheet", &doc); !st) return Fail(st.error());
  pugi::xml_node data = Find(doc, "sheetData");
  if (!data) return Fail(ErrorCode::kParse, "expected <sheetData> in the worksheet");
  Sheet sheet;
  size_t last_row = 0, cells = 0;
  for (pugi::xml_node row = data.first_child(); row; row = row.next_sibling()) {
    if (row.type() != pugi::node_element || LocalName(row.name()) != "row") continue;
    size_t number = Attr(row, "r").as_ullong(last_row + 1);
    if (number == 0 || number > kMaxRows) continue;
    last_row = number;
    SheetRow out;
    out.number = number;
    size_t next_col = 0;
    for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
      size_t col = next_col;
      if (pugi::xml_attribute r = Attr(c, "r")) ParseColumn(r.value(), &col);
      next_col = col + 1;
      if (col >= kMaxColumns) continue;
      std::string_view type = Attr(c, "t").value();
      std::string value;
      if (type == "inlineStr") {
        if (pugi::xml_node is = Child(c, "is")) AppendRunText(is, &value);
      } else {
        value = Child(c, "v").text().get();
        if (type == "s") {
          char* end = nullptr;
          unsigned long long i = std::strtoull(value.c_str(), &end, 10);
          if (value.empty() || *end != '\0' || i >= shared_strings.size()) {
            if (sheet.warnings.size() < 100) {
              sheet.warnings.push_back(
                  fmt::format("{}: shared string index '{}' out of range (have {})",
                              CellRef("", col, number).substr(1), value, shared_strings.size()));
            }
            value.clear();
          } else {
            value = shared_strings[i];
          }
        }
      }
      if (value.empty()) continue;
      if (value.size() > kMaxCellBytes) value.resize(kMaxCellBytes);
      if (out.cells.size() <= col) out.cells.resize(col + 1);
      out.cells[col] = std::move(value);
    }
    if (out.cells.empty()) continue;
    cells += out.cells.size();
    if (cells > kMaxCells) {
      return Fail(ErrorCode::kLimit, fmt::format("sheet has more than {} cells", kMaxCells),
                  fmt::format("row {}", number));
    }
    sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

Result<Sheet> ReadXlsxFirstSheet(std::string_view xlsx, const ZipLimits& limits) {
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  std::string sheet_name = "Sheet1";
  // Resolve the first sheet through the workbook; any failure falls back to sheet1.xml.
  if (auto wb = ReadZipMember(xlsx, "xl/workbook.xml", limits)) {
    pugi::xml_document doc;
    if (LoadXml(*wb, "xl/workbook.xml", &doc)) {
      pugi::xml_node first = Child(Find(doc, "sheets"), "sheet");
      if (first) sheet_name = Attr(first, "name").value();
      std::string rid = Attr(first, "id").value();
      auto rels = ReadZipMember(xlsx, "xl/_rels/workbook.xml.rels", limits);
      pugi::xml_document rdoc;
      if (!rid.empty() && rels && LoadXml(*rels, "workbook.xml.rels", &rdoc)) {
        pugi::xml_node root = Find(rdoc, "Relationships");
        for (pugi::xml_node r = root.first_child(); r; r = r.next_sibling()) {
          if (rid != Attr(r, "Id").value()) continue;
          std::string target = Attr(r, "Target").value();
          if (!target.empty()) {
            sheet_path = target[0] == '/' ? target.substr(1) : "xl/" + target;
          }
          break;
        }
      }
    }
  } else if (wb.error().code != ErrorCode::kNotFound) {
    return Fail(wb.error());
  }
  std::vector<std::string> shared;
  auto sst = ReadZipMember(xlsx, "xl/sharedStrings.xml", limits);
  if (sst) {
    auto parsed = ParseXlsxSharedStrings(*sst);
    if (!parsed) return Fail(parsed.error());
    shared = std::move(*parsed);
  } else if (sst.error().code != ErrorCode::kNotFound) {
    return Fail(sst.error());
  }
  auto xml = ReadZipMember(xlsx, sheet_path, limits);
  if (!xml) return Fail(xml.error());
  auto sheet = ParseXlsxSheetXml(*xml, shared);
  if (!sheet) {
    Error e = sheet.error();
    e.where = sheet_path + (e.where.empty() ? "" : " " + e.where);
    return Fail(std::move(e));
  }
  sheet->name = sheet_name.empty() ? "Sheet1" : sheet_name;
  return sheet;
}

Result<Sheet> ParseOdsContentXml(std::string_view content_xml) {
  pugi::xml_document doc;
  if (auto st = LoadXml(content_xml, "content.xml", &doc); !st) return Fail(st.error());
  pugi::xml_node table = Find(doc, "table");
  if (!table) return Fail(ErrorCode::kParse, "expected a <table:table> in content.xml");
  Sheet sheet;
  sheet.name = Attr(table, "name").value();
  OdsWalker walker{&sheet};
  walker.Rows(table, 0);
  if (!walker.status) return Fail(walker.status.error());
  return sheet;
}

Result<Sheet> ReadOdsFirstTable(std::string_view ods, const ZipLimits& limits) {
  auto xml = ReadZipMember(ods, "content.xml", limits);
  if (!xml) return Fail(xml.error());
  return ParseOdsContentXml(*xml);
}

std::string ColumnName(size_t index) {
  std::string s;
  ++index;
  while (index > 0) {
    --index;
    s.insert(s.begin(), static_cast<char>('A' + index % 26));
    index /= 26;
  }
  return s;
}

std::string CellRef(std::string_view sheet, size_t column, size_t row) {
  return fmt::format("{}!{}{}", sheet, ColumnName(column), row);
}

std::string ExcelSerialToIso(double serial) {
  if (!(serial >= 1) || serial >= 2958466) return "";  // 2958465 = 9999-12-31
  long days = static_cast<long>(std::floor(serial));
  if (days == 60) return "1900-02-29";  // Lotus 1-2-3's leap-year bug, kept by Excel
  if (days < 60) ++days;                // serials before the phantom day are one off
  // Days since 1899-12-30 -> civil date (H. Hinnant's days_from_civil inverse).
  long z = days - 25569 + 719468;  // 25569 = serial of 1970-01-01
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace embargo::ingest
