// Data-folder loading: walk the folder, recognise each file by name and first bytes,
// group OFAC main files with their sidecars, parse the lists in parallel (one task per
// list), then merge in path order and drop duplicate ids.
#include "ingest/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <unordered_map>

#include "common/file.h"
#include "common/utf8.h"
#include "ingest/csl.h"
#include "ingest/csv.h"
#include "ingest/dfat.h"
#include "ingest/internal_csv.h"
#include "ingest/ofac.h"
#include "ingest/opensanctions.h"
#include "ingest/sema.h"
#include "ingest/uk.h"
#include "ingest/un.h"

namespace embargo::ingest {
namespace fs = std::filesystem;

namespace {

struct ListMeta {
  FileFormat format;
  const char* dataset;
  const char* title;
  const char* publisher;
};

constexpr ListMeta kLists[] = {
    {FileFormat::kOfacSdn, "us_ofac_sdn", "US OFAC Specially Designated Nationals (SDN) List",
     "US Treasury, Office of Foreign Assets Control"},
    {FileFormat::kOfacCons, "us_ofac_cons", "US OFAC Consolidated (non-SDN) Sanctions Lists",
     "US Treasury, Office of Foreign Assets Control"},
    {FileFormat::kUnXml, "un_sc_sanctions", "UN Security Council Consolidated Sanctions List",
     "United Nations Security Council"},
    {FileFormat::kSemaXml, "ca_dfatd_sema_sanctions",
     "Canada Special Economic Measures Act Sanctions", "Global Affairs Canada"},
    {FileFormat::kCslCsv, "us_trade_csl", "US Consolidated Screening List (CSL)",
     "US International Trade Administration"},
    {FileFormat::kDplTsv, "us_bis_denied", "US BIS Denied Persons List",
     "US Department of Commerce, Bureau of Industry and Security"},
    {FileFormat::kDfatXlsx, "au_dfat_sanctions", "Australia DFAT Consolidated Sanctions List",
     "Australian Department of Foreign Affairs and Trade"},
    {FileFormat::kUkOds, "gb_fcdo_sanctions", "UK FCDO Sanctions List (summary)",
     "UK Foreign, Commonwealth & Development Office"},
    {FileFormat::kFtmLines, "opensanctions", "OpenSanctions FollowTheMoney entities",
     "OpenSanctions"},
    {FileFormat::kFtmNested, "opensanctions", "OpenSanctions FollowTheMoney targets",
     "OpenSanctions"},
    {FileFormat::kInternalCsv, "internal", "Internal list", "this organisation"},
};

const ListMeta* MetaFor(FileFormat f) {
  for (const auto& m : kLists)
    if (m.format == f) return &m;
  return nullptr;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string ReadHead(const std::string& path, size_t n = 4096) {
  std::ifstream in(path, std::ios::binary);
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

std::string FileDate(const std::string& path) {
  std::error_code ec;
  auto t = fs::last_write_time(path, ec);
  if (ec) return {};
  // file_clock -> system_clock (libstdc++ 12 lacks clock_cast for file_clock).
  auto sys = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  std::time_t tt = std::chrono::system_clock::to_time_t(sys);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The list's own publication date when its header carries one, else "".
std::string HeaderDate(FileFormat f, std::string_view head) {
  if (f == FileFormat::kUnXml) {
    size_t p = head.find("dateGenerated=\"");
    if (p != std::string_view::npos && p + 25 <= head.size())
      return std::string(head.substr(p + 15, 10));
  }
  return {};
}

// Date in a file name such as sdn-2022-02-23.csv or consolidated-2026-02-27.xml.
std::string NameDate(std::string_view name) {
  for (size_t i = 0; i + 10 <= name.size(); ++i) {
    std::string_view c = name.substr(i, 10);
    if (model::PartialDate::FromIso(c) && c[4] == '-' && c[7] == '-') return std::string(c);
  }
  return {};
}

struct Job {
  FileFormat format;
  std::string path;                // main file
  std::vector<std::string> files;  // all files read
};

struct JobResult {
  std::vector<model::Entity> entities;
  LoadReport report;
  model::Dataset dataset;
};

std::string Sidecar(const fs::path& dir, const char* name) {
  fs::path p = dir / name;
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p.string();
  // The Sanctions List Service names files in upper case.
  p = dir / AsciiUpper(name);
  if (fs::is_regular_file(p, ec)) return p.string();
  return {};
}

JobResult RunJob(const Job& job) {
  JobResult r;
  const ListMeta* meta = MetaFor(job.format);
  std::string_view file_name = BaseName(job.path);
  auto sink = [&r](model::Entity&& e) { r.entities.push_back(std::move(e)); };
  auto data = ReadFile(job.path);
  if (!data) {
    r.report.source = std::string(file_name);
    r.report.Skip(data.error(), "unreadable file");
    return r;
  }
  switch (job.format) {
    case FileFormat::kOfacSdn:
    case FileFormat::kOfacCons: {
      bool cons = job.format == FileFormat::kOfacCons;
      fs::path dir = fs::path(job.path).parent_path();
      std::string alt, add, comments;
      OfacSources src;
      src.sdn = *data;
      src.sdn_name = std::string(file_name);
      // Sidecars belong to the current file set only (sdn.csv / cons_prim.csv); dated
      // history copies (sdn-2022-02-23.csv) are read alone.
      bool with_sidecars = EqualsIgnoreCase(file_name, cons ? "cons_prim.csv" : "sdn.csv");
      auto read_sidecar = [&](const char* name, std::string* out, std::string_view* view,
                              std::string* view_name) {
        if (!with_sidecars) return;
        std::string p = Sidecar(dir, name);
        if (p.empty()) return;
        auto d = ReadFile(p);
        if (!d) {
          r.report.Warn(d.error());
          return;
        }
        *out = std::move(*d);
        *view = *out;
        *view_name = name;
      };
      read_sidecar(cons ? "cons_alt.csv" : "alt.csv", &alt, &src.alt, &src.alt_name);
      read_sidecar(cons ? "cons_add.csv" : "add.csv", &add, &src.add, &src.add_name);
      read_sidecar(cons ? "cons_comments.csv" : "sdn_comments.csv", &comments, &src.comments,
                   &src.comments_name);
      LoadReport rep = ParseOfac(src, meta->dataset, sink);
      r.report.Merge(rep);
      break;
    }
    case FileFormat::kUnXml:
      r.report.Merge(ParseUnXml(*data, file_name, sink));
      break;
    case FileFormat::kSemaXml:
      r.report.Merge(ParseSemaXml(*data, file_name, sink));
      break;
    case FileFormat::kCslCsv:
      r.report.Merge(ParseCsl(*data, file_name, sink));
      break;
    case FileFormat::kDplTsv:
      r.report.Merge(ParseDpl(*data, file_name, sink));
      break;
    case FileFormat::kDfatXlsx:
      r.report.Merge(ParseDfatXlsx(*data, file_name, sink));
      break;
    case FileFormat::kUkOds:
      r.report.Merge(ParseUkOds(*data, file_name, sink));
      break;
    case FileFormat::kFtmLines:
      r.report.Merge(ParseFtmLines(*data, file_name, meta->dataset, sink));
      break;
    case FileFormat::kFtmNested:
      r.report.Merge(ParseTargetsNested(*data, file_name, meta->dataset, sink));
      break;
    case FileFormat::kInternalCsv: {
      std::string stem = fs::path(job.path).stem().string();
      r.report.Merge(ParseInternalCsv(*data, file_name, "internal_" + AsciiLower(stem), sink));
      break;
    }
    default:
      break;
  }
  r.report.dataset = r.entities.empty() ? meta->dataset : r.entities.front().dataset;
  if (r.report.source.empty()) r.report.source = std::string(file_name);
  r.dataset.name = r.report.dataset;
  r.dataset.title = meta->title;
  r.dataset.publisher = meta->publisher;
  r.dataset.files = {job.path};
  std::string head(std::string_view(*data).substr(0, 4096));
  r.dataset.version = HeaderDate(job.format, head);
  if (r.dataset.version.empty()) r.dataset.version = NameDate(file_name);
  if (r.dataset.version.empty()) r.dataset.version = "file date " + FileDate(job.path);
  return r;
}

Result<LoadedLists> RunJobs(const std::vector<Job>& jobs, bool sample, const LoadOptions& options) {
  std::vector<std::future<JobResult>> futures;
  futures.reserve(jobs.size());
  for (const auto& job : jobs) futures.push_back(std::async(std::launch::async, RunJob, job));
  LoadedLists out;
  out.is_sample = sample && !jobs.empty();
  std::unordered_map<std::string, size_t> seen;  // id -> index in out.entities
  for (auto& f : futures) {
    JobResult r = f.get();
    if (!options.datasets.empty() && std::find(options.datasets.begin(), options.datasets.end(),
                                               r.dataset.name) == options.datasets.end()) {
      continue;
    }
    r.dataset.is_sample = sample;
    size_t dropped = 0;
    for (auto& e : r.entities) {
      if (options.drop_duplicate_ids) {
        auto [it, inserted] = seen.emplace(e.id, out.entities.size());
        if (!inserted) {
          // The same entity on two lists (an OFAC ent_num on the SDN and a non-SDN list):
          // keep the first, add the programs it lacks.
          auto& kept = out.entities[it->second];
          for (auto& p : e.programs)
            if (std::find(kept.programs.begin(), kept.programs.end(), p) == kept.programs.end())
              kept.programs.push_back(std::move(p));
          ++dropped;
          continue;
        }
      }
      out.entities.push_back(std::move(e));
    }
    if (dropped > 0) {
      r.report.Warn(MakeError(ErrorCode::kParse,
                              std::to_string(dropped) +
                                  " entities already loaded from another file under the same id; "
                                  "merged into the first (programs added)",
                              r.report.source));
    }
    out.datasets.push_back(std::move(r.dataset));
    out.reports.push_back(std::move(r.report));
  }
  return out;
}

// Runs a small thread pool of at most hardware_concurrency tasks at once would be nicer;
// list folders hold a handful of files, so one task per list is fine.
Result<std::vector<Job>> PlanFolder(const std::string& dir, std::vector<std::string>* ignored,
                                    bool* sample) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Fail(ErrorCode::kNotFound, "data folder does not exist or is not a folder", dir);
  std::vector<std::string> files;
  for (auto it =
           fs::recursive_directory_iterator(dir,
                                            fs::directory_options::skip_permission_denied |
                                                fs::directory_options::follow_directory_symlink,
                                            ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (name == "SAMPLE") *sample = true;
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Job> jobs;
  for (const auto& path : files) {
    FileFormat f = DetectFormat(path, ReadHead(path));
    if (f == FileFormat::kOfacSidecar) continue;
    if (f == FileFormat::kUnknown) {
      ignored->push_back(path);
      continue;
    }
    jobs.push_back(Job{f, path, {path}});
  }
  // Primary lists first, so an id shared with a secondary list keeps the primary record.
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
    auto rank = [](FileFormat f) {
      return f == FileFormat::kOfacSdn ? 0 : f == FileFormat::kUnXml ? 1 : 2;
    };
    return rank(a.format) < rank(b.format);
  });
  return jobs;
}

}  // namespace

std::string_view FileFormatName(FileFormat f) {
  switch (f) {
    case FileFormat::kUnknown:
      return "unknown";
    case FileFormat::kOfacSdn:
      return "ofac-sdn-csv";
    case FileFormat::kOfacCons:
      return "ofac-cons-csv";
    case FileFormat::kOfacSidecar:
      return "ofac-sidecar-csv";
    case FileFormat::kUnXml:
      return "un-xml";
    case FileFormat::kSemaXml:
      return "ca-sema-xml";
    case FileFormat::kCslCsv:
      return "us-csl-csv";
    case FileFormat::kDplTsv:
      return "us-dpl-tsv";
    case FileFormat::kDfatXlsx:
      return "au-dfat-xlsx";
    case FileFormat::kUkOds:
      return "uk-fcdo-ods";
    case FileFormat::kFtmLines:
      return "ftm-json-lines";
    case FileFormat::kFtmNested:
      return "ftm-targets-nested";
    case FileFormat::kInternalCsv:
      return "internal-csv";
  }
  return "unknown";
}

FileFormat DetectFormat(const std::string& path, std::string_view head) {
  std::string name = AsciiLower(BaseName(path));
  head = StripFileNoise(head);
  std::string_view trimmed = Trim(head);
  if (EndsWith(name, ".xlsx")) return FileFormat::kDfatXlsx;
  if (EndsWith(name, ".ods")) return FileFormat::kUkOds;
  if (EndsWith(name, ".xml")) {
    if (head.find("<CONSOLIDATED_LIST") != std::string_view::npos) return FileFormat::kUnXml;
    if (head.find("<data-set") != std::string_view::npos &&
        head.find("<record") != std::string_view::npos)
      return FileFormat::kSemaXml;
    return FileFormat::kUnknown;
  }
  if (EndsWith(name, ".json") || EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson")) {
    if (name == "targets.nested.json") return FileFormat::kFtmNested;
    if (!trimmed.empty() && trimmed[0] == '{' &&
        head.find("\"schema\"") != std::string_view::npos &&
        head.find("\"properties\"") != std::string_view::npos)
      return FileFormat::kFtmLines;
    return FileFormat::kUnknown;
  }
  if (EndsWith(name, ".txt") || EndsWith(name, ".tsv")) {
    if (StartsWithIgnoreCase(trimmed, "\"Name\"\t\"Street_Address\"") ||
        StartsWithIgnoreCase(trimmed, "Name\tStreet_Address"))
      return FileFormat::kDplTsv;
    return FileFormat::kUnknown;
  }
  if (EndsWith(name, ".csv")) {
    if (name == "alt.csv" || name == "add.csv" || name == "sdn_comments.csv" ||
        name == "cons_alt.csv" || name == "cons_add.csv" || name == "cons_comments.csv")
      return FileFormat::kOfacSidecar;
    if (StartsWithIgnoreCase(trimmed, "source,entity_number")) return FileFormat::kCslCsv;
    std::string_view first_line = trimmed.substr(0, trimmed.find_first_of("\r\n"));
    std::string lower = AsciiLower(first_line);
    auto has_col = [&](std::string_view col) {
      return ("," + lower + ",").find("," + std::string(col) + ",") != std::string::npos ||
             ("," + lower + ",").find(",\"" + std::string(col) + "\",") != std::string::npos;
    };
    if (has_col("id") && has_col("name") && has_col("schema")) return FileFormat::kInternalCsv;
    // OFAC: no header, first field a number, then a quoted name.
    size_t i = 0;
    while (i < first_line.size() && first_line[i] >= '0' && first_line[i] <= '9') ++i;
    if (i > 0 && i + 1 < first_line.size() && first_line[i] == ',' && first_line[i + 1] == '"') {
      if (name.rfind("cons_prim", 0) == 0) return FileFormat::kOfacCons;
      if (name.rfind("sdn", 0) == 0) return FileFormat::kOfacSdn;
    }
    return FileFormat::kUnknown;
  }
  return FileFormat::kUnknown;
}

FileFormat DetectFileFormat(const std::string& path) { return DetectFormat(path, ReadHead(path)); }

Result<LoadedLists> LoadDataDir(const std::string& dir, const LoadOptions& options) {
  std::vector<std::string> ignored;
  bool sample = false;
  auto jobs = PlanFolder(dir, &ignored, &sample);
  if (!jobs) return Fail(jobs.error());
  if (jobs->empty())
    return Fail(ErrorCode::kNotFound,
                "no sanctions list found (expected e.g. sdn.csv, consolidated.xml, "
                "*.ftm.json; see README 'Data folder')",
                dir);
  auto out = RunJobs(*jobs, sample, options);
  if (out) out->ignored_files = std::move(ignored);
  return out;
}

Result<size_t> ValidateListFile(const std::string& path, const std::string& name_for_format) {
  FileFormat f = DetectFormat(name_for_format, ReadHead(path));
  if (f == FileFormat::kUnknown)
    return Fail(ErrorCode::kParse, "not a recognised list format", name_for_format);
  if (f == FileFormat::kOfacSidecar) {
    auto data = ReadFile(path);
    if (!data) return Fail(data.error());
    CsvReader r(*data);
    std::vector<std::string_view> fields;
    size_t rows = 0;
    while (r.Next(&fields)) ++rows;
    if (!r.error().empty()) return Fail(ErrorCode::kParse, r.error(), name_for_format);
    return rows;
  }
  JobResult r = RunJob(Job{f, path, {path}});
  const LoadReport& rep = r.report;
  std::string first = rep.problems.empty() ? "" : ": " + rep.problems.front().ToString();
  if (r.entities.empty())
    return Fail(ErrorCode::kParse, "no entity could be read" + first, name_for_format);
  if (rep.skipped * 100 > rep.records_read)
    return Fail(ErrorCode::kParse,
                fmt::format("{} of {} records malformed{}", rep.skipped, rep.records_read, first),
                name_for_format);
  return r.entities.size();
}

Result<LoadedLists> LoadFile(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Fail(ErrorCode::kNotFound, "no such file", path);
  FileFormat f = DetectFormat(path, ReadHead(path));
  if (f == FileFormat::kOfacSidecar) {
    return Fail(ErrorCode::kInvalidArgument,
                "this OFAC file only adds to sdn.csv or cons_prim.csv; load its folder instead",
                path);
  }
  if (f == FileFormat::kUnknown)
    return Fail(ErrorCode::kInvalidArgument, "unrecognised list format", path);
  return RunJobs({Job{f, path, {path}}}, false, options);
}

}  // namespace embargo::ingest
