// OFAC legacy CSV set -> entities.
//
// Order of work: (1) each file is cleaned (BOM, trailing 0x1A) and converted from
// Windows-1252 to UTF-8 once; (2) the primary file is read into entities keyed by
// ent_num, keeping each row's raw remarks and line; (3) the comments file appends its
// text to those remarks verbatim (OFAC cuts the remarks mid-word and continues there);
// (4) alt and add rows attach names and addresses, counting rows whose ent_num is
// unknown; (5) remarks are parsed (ingest/ofac_remarks.h); (6) "Linked To:" targets
// that equal another entity's primary name get its id; entities are emitted in
// primary-file order.
#include "ingest/ofac.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "ingest/csv.h"
#include "ingest/ofac_remarks.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

constexpr size_t kPrimaryColumns = 12;
constexpr size_t kAltColumns = 5;
constexpr size_t kAddColumns = 6;
constexpr size_t kCommentColumns = 2;
constexpr size_t kExampleIds = 5;  // unknown ent_nums named in the summary warning

// OFAC writes "-0- " for an empty field.
std::string_view Field(std::string_view f) {
  f = Trim(f);
  return f == "-0-" ? std::string_view() : f;
}

std::optional<int64_t> ParseEntNum(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 12) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Where(const std::string& file, size_t line, std::string_view field = {}) {
  std::string w = file + ":" + std::to_string(line);
  if (!field.empty()) w += " field '" + std::string(field) + "'";
  return w;
}

struct Pending {
  model::Entity entity;
  std::string remarks;  // primary remarks + comments continuation
  size_t line = 0;
};

// Counts rows of a secondary file that name an ent_num missing from the primary file.
struct Orphans {
  size_t count = 0;
  std::vector<std::string> examples;
  void Add(std::string_view ent_num) {
    std::string id = "ofac-" + std::string(ent_num);
    if (examples.size() < kExampleIds && (examples.empty() || examples.back() != id)) {
      examples.push_back(std::move(id));
    }
    ++count;
  }
  void Report(const std::string& file, std::string_view what, LoadReport* report) const {
    if (count == 0) return;
    std::string msg = std::to_string(count) + " " + std::string(what) +
                      " rows name an ent_num missing from the primary file (the files are "
                      "of different dates); ignored, e.g. ";
    for (size_t i = 0; i < examples.size(); ++i) msg += (i ? ", " : "") + examples[i];
    report->Warn(MakeError(ErrorCode::kNotFound, std::move(msg), file));
  }
};

class OfacParser {
 public:
  OfacParser(const OfacSources& src, std::string_view dataset) : src_(src), dataset_(dataset) {
    report_.dataset = std::string(dataset);
    report_.source = src.sdn_name;
    if (!src.alt.empty()) report_.source += ", " + src.alt_name;
    if (!src.add.empty()) report_.source += ", " + src.add_name;
    if (!src.comments.empty()) report_.source += ", " + src.comments_name;
  }

  LoadReport Run(const EntitySink& sink) {
    ReadPrimary(ToUtf8(StripFileNoise(src_.sdn)));
    if (!src_.comments.empty()) ReadComments(ToUtf8(StripFileNoise(src_.comments)));
    if (!src_.alt.empty()) ReadAlt(ToUtf8(StripFileNoise(src_.alt)));
    if (!src_.add.empty()) ReadAdd(ToUtf8(StripFileNoise(src_.add)));
    std::unordered_map<std::string, std::string> id_by_name;  // primary name -> id
    for (Pending& p : pending_) {
      ParseOfacRemarks(p.remarks, Where(src_.sdn_name, p.line, "Remarks"), &p.entity, &report_);
      id_by_name.emplace(p.entity.names.front().full, p.entity.id);
    }
    for (Pending& p : pending_) {
      for (model::Link& link : p.entity.links) {
        auto it = id_by_name.find(link.target_name);
        if (it != id_by_name.end()) link.target_id = it->second;
      }
      ++report_.entities;
      sink(std::move(p.entity));
    }
    return std::move(report_);
  }

 private:
  // Runs `row_fn` over the rows of `data`; reports a CSV syntax error at the end.
  template <typename RowFn>
  void ForEachRow(std::string_view data, const std::string& file, RowFn row_fn) {
    CsvReader reader(data);
    std::vector<std::string_view> row;
    while (reader.Next(&row)) {
      ++report_.records_read;
      row_fn(row, reader.line());
    }
    if (!reader.error().empty()) {
      ++report_.records_read;
      report_.Skip(
          MakeError(ErrorCode::kParse, reader.error() + "; rest of the file ignored", file),
          "csv syntax");
    }
  }

  // Looks up the entity of a secondary row; nullptr (and a skip) when malformed.
  Pending* Lookup(std::string_view ent_field, const std::string& file, size_t line,
                  Orphans* orphans) {
    auto num = ParseEntNum(ent_field);
    if (!num) {
      report_.Skip(MakeError(ErrorCode::kParse,
                             "expected a numeric ent_num, got '" +
                                 std::string(Trim(ent_field).substr(0, 40)) + "'",
                             Where(file, line, "ent_num")),
                   "bad ent_num");
      return nullptr;
    }
    auto it = index_.find(*num);
    if (it == index_.end()) {
      orphans->Add(Trim(ent_field));
      return nullptr;
    }
    return &pending_[it->second];
  }

  bool CheckColumns(const std::vector<std::string_view>& row, size_t want, const std::string& file,
                    size_t line) {
    if (row.size() == want) return true;
    report_.Skip(MakeError(ErrorCode::kParse,
                           "expected " + std::to_string(want) + " columns, got " +
                               std::to_string(row.size()),
                           Where(file, line)),
                 "wrong column count");
    return false;
  }

  void ReadPrimary(const std::string& data) {
    const std::string& file = src_.sdn_name;
    ForEachRow(data, file, [&](const std::vector<std::string_view>& row, size_t line) {
      if (!CheckColumns(row, kPrimaryColumns, file, line)) return;
      auto num = ParseEntNum(row[0]);
      if (!num) {
        report_.Skip(MakeError(ErrorCode::kParse,
                               "expected a numeric ent_num, got '" +
                                   std::string(Trim(row[0]).substr(0, 40)) + "'",
                               Where(file, line, "ent_num")),
                     "bad ent_num");
        return;
      }
      std::string_view name = Field(row[1]);
      if (name.empty()) {
        report_.Skip(MakeError(ErrorCode::kParse, "expected a name, got an empty field",
                               Where(file, line, "SDN_Name")),
                     "missing name");
        return;
      }
      if (index_.count(*num)) {
        report_.Skip(MakeError(ErrorCode::kParse,
                               "duplicate ent_num " + std::to_string(*num) + "; row ignored",
                               Where(file, line, "ent_num")),
                     "duplicate ent_num");
        return;
      }
      if (pending_.size() >= kMaxOfacEntities) {
        report_.Skip(MakeError(ErrorCode::kLimit,
                               "more than " + std::to_string(kMaxOfacEntities) + " entities",
                               Where(file, line)),
                     "too many entities");
        return;
      }
      Pending p;
      p.line = line;
      model::Entity& e = p.entity;
      e.id = "ofac-" + std::to_string(*num);
      e.dataset = std::string(dataset_);
      std::string type = AsciiLower(Field(row[2]));
      if (type == "individual") {
        e.schema = model::Schema::kPerson;
      } else if (type == "vessel") {
        e.schema = model::Schema::kVessel;
      } else if (type == "aircraft") {
        e.schema = model::Schema::kAirplane;
      } else {
        if (!type.empty() && type != "entity") {
          report_.Warn(MakeError(ErrorCode::kParse,
                                 "unknown SDN_Type '" + type + "', read as an organization",
                                 Where(file, line, "SDN_Type")));
        }
        e.schema = model::Schema::kOrganization;
      }
      model::Name primary;
      primary.full = CollapseSpaces(name);
      e.names.push_back(std::move(primary));
      e.programs = SplitOfacPrograms(row[3]);
      if (auto title = Field(row[4]); !title.empty()) e.titles.emplace_back(title);
      if (auto call_sign = Field(row[5]); !call_sign.empty()) {
        model::Identifier id;
        id.type = model::IdType::kCallSign;
        id.value = std::string(call_sign);
        id.label = "Call Sign";
        e.identifiers.push_back(std::move(id));
      }
      e.vessel_type = std::string(Field(row[6]));
      e.tonnage = std::string(Field(row[7]));
      e.gross_tonnage = std::string(Field(row[8]));
      if (auto flag = Field(row[9]); !flag.empty() && flag != "None Identified") {
        e.flag = model::CountryCode(flag);
        if (e.flag.empty()) {
          report_.Warn(MakeError(ErrorCode::kParse,
                                 "expected a country, got '" + std::string(flag) + "'",
                                 Where(file, line, "Vess_flag")));
          e.extra.emplace_back("flag", std::string(flag));
        }
      }
      e.owner = std::string(Field(row[10]));
      p.remarks = std::string(Field(row[11]));
      index_.emplace(*num, pending_.size());
      pending_.push_back(std::move(p));
    });
  }

  void ReadComments(const std::string& data) {
    const std::string& file = src_.comments_name;
    Orphans orphans;
    ForEachRow(data, file, [&](const std::vector<std::string_view>& row, size_t line) {
      if (row.size() < kCommentColumns) {
        CheckColumns(row, kCommentColumns, file, line);
        return;
      }
      Pending* p = Lookup(row[0], file, line, &orphans);
      if (p == nullptr) return;
      std::string_view more = row[1];
      if (Trim(more) == "-0-") return;
      if (p->remarks.size() + more.size() <= kMaxRemarksBytes) p->remarks.append(more);
    });
    orphans.Report(file, "comment", &report_);
  }

  void ReadAlt(const std::string& data) {
    const std::string& file = src_.alt_name;
    Orphans orphans;
    ForEachRow(data, file, [&](const std::vector<std::string_view>& row, size_t line) {
      if (!CheckColumns(row, kAltColumns, file, line)) return;
      Pending* p = Lookup(row[0], file, line, &orphans);
      if (p == nullptr) return;
      std::string_view name = Field(row[3]);
      if (name.empty()) {
        report_.Skip(MakeError(ErrorCode::kParse, "expected a name, got an empty field",
                               Where(file, line, "alt_name")),
                     "missing name");
        return;
      }
      if (p->entity.names.size() >= kMaxOfacNamesPerEntity) return;
      std::string type = AsciiLower(Field(row[2]));
      model::Name n;
      n.full = CollapseSpaces(name);
      // fka = formerly known as; aka and nka (now known as) are current names.
      n.kind = type == "fka" ? model::NameKind::kPrevious : model::NameKind::kAlias;
      if (type != "aka" && type != "fka" && type != "nka") {
        report_.Warn(MakeError(ErrorCode::kParse,
                               "unknown alt_type '" + type + "', read as an alias",
                               Where(file, line, "alt_type")));
      }
      p->entity.names.push_back(std::move(n));
      if (auto r = Field(row[4]); !r.empty()) p->entity.remarks.emplace_back(r);
    });
    orphans.Report(file, "alias", &report_);
  }

  void ReadAdd(const std::string& data) {
    const std::string& file = src_.add_name;
    Orphans orphans;
    ForEachRow(data, file, [&](const std::vector<std::string_view>& row, size_t line) {
      if (!CheckColumns(row, kAddColumns, file, line)) return;
      Pending* p = Lookup(row[0], file, line, &orphans);
      if (p == nullptr) return;
      model::Address a;
      a.street = CollapseSpaces(Field(row[2]));
      a.city = CollapseSpaces(Field(row[3]));  // "city, state, postal code" as one field
      std::string_view country = Field(row[4]);
      a.remarks = std::string(Field(row[5]));
      for (std::string_view part :
           {std::string_view(a.street), std::string_view(a.city), country}) {
        if (part.empty()) continue;
        if (!a.full.empty()) a.full += ", ";
        a.full += part;
      }
      if (!country.empty()) {
        a.country = model::CountryCode(country);
        if (a.country.empty()) {
          report_.Warn(MakeError(ErrorCode::kParse,
                                 "expected a country, got '" + std::string(country) + "'",
                                 Where(file, line, "country")));
        } else if (std::find(p->entity.countries.begin(), p->entity.countries.end(), a.country) ==
                   p->entity.countries.end()) {
          p->entity.countries.push_back(a.country);
        }
      }
      if (a.full.empty() && a.remarks.empty()) return;  // "-0-" everywhere
      p->entity.addresses.push_back(std::move(a));
    });
    orphans.Report(file, "address", &report_);
  }

  const OfacSources& src_;
  std::string_view dataset_;
  LoadReport report_;
  std::vector<Pending> pending_;
  std::unordered_map<int64_t, size_t> index_;  // ent_num -> index in pending_
};

}  // namespace

std::vector<std::string> SplitOfacPrograms(std::string_view programs) {
  std::vector<std::string> out;
  std::string_view s = Trim(programs);
  if (s == "-0-") return out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == '[' || s[i] == ']' || s[i] == ' ' || s[i] == ',')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != '[' && s[i] != ']' && s[i] != ' ' && s[i] != ',') ++i;
    if (i > start) {
      std::string code(s.substr(start, i - start));
      if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(std::move(code));
    }
  }
  return out;
}

LoadReport ParseOfac(const OfacSources& src, std::string_view dataset, const EntitySink& sink) {
  OfacParser parser(src, dataset);
  return parser.Run(sink);
}

}  // namespace embargo::ingest
