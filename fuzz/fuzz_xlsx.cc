// Fuzzes the spreadsheet path: zip reading (libzip with our limits), SpreadsheetML
// sheet/shared-strings XML, ODS content.xml, and the DFAT and UK parsers on top. The
// first byte picks the layer so the fuzzer can reach the XML without building zips:
//   0: whole .xlsx -> ParseDfatXlsx      1: whole .ods -> ParseUkOds
//   2: sheet XML   -> ParseDfatSheet     3: content.xml -> ParseUkSheet
//   4: shared strings XML                5: DFAT date-of-birth text
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/dfat.h"
#include "ingest/uk.h"
#include "ingest/zip_xml.h"

namespace {

using embargo::ingest::LoadReport;

// `emitted` by reference: it is read after the parser (an argument) has run.
void Check(const LoadReport& report, const size_t& emitted) {
  if (report.entities != emitted) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int mode = data[0] % 6;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t emitted = 0;
  auto sink = [&](embargo::model::Entity&& e) {
    if (e.id.empty() || e.names.empty()) abort();
    ++emitted;
  };
  static const std::vector<std::string> kShared = {"Reference",     "Name of Individual or Entity",
                                                   "Type",          "Name Type",
                                                   "Date of Birth", "Primary Name",
                                                   "aka",           "Individual",
                                                   "Entity",        "Original Script",
                                                   "1 Jan. 1960"};
  switch (mode) {
    case 0:
      Check(embargo::ingest::ParseDfatXlsx(input, "fuzz.xlsx", sink), emitted);
      break;
    case 1:
      Check(embargo::ingest::ParseUkOds(input, "fuzz.ods", sink), emitted);
      break;
    case 2:
      if (auto sheet = embargo::ingest::ParseXlsxSheetXml(input, kShared)) {
        for (const auto& row : sheet->rows) {
          if (row.cells.size() > embargo::ingest::kMaxColumns) abort();
        }
        Check(embargo::ingest::ParseDfatSheet(*sheet, "fuzz.xlsx", sink), emitted);
      }
      break;
    case 3:
      if (auto sheet = embargo::ingest::ParseOdsContentXml(input)) {
        Check(embargo::ingest::ParseUkSheet(*sheet, "fuzz.ods", sink), emitted);
      }
      break;
    case 4:
      (void)embargo::ingest::ParseXlsxSharedStrings(input);
      break;
    case 5: {
      std::vector<embargo::model::DateSpec> dates;
      auto bad = embargo::ingest::ParseDfatDates(input, &dates);
      for (const auto& d : dates) {
        if (d.from.empty()) abort();
      }
      (void)bad;
      break;
    }
  }
  return 0;
}
