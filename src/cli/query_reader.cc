// Query files: the first non-empty line decides the format ('{' = JSON lines, otherwise a
// CSV header naming the columns, in any order; unknown columns are ignored).
#include "cli/query_reader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "ingest/csv.h"
#include "model/country.h"

namespace embargo::cli {

Result<screen::Query> QueryFromFields(const QueryFields& a) {
  screen::Query q;
  q.names = a.names;
  auto s = model::ParseSchema(a.schema);
  if (!s) return Fail(ErrorCode::kInvalidArgument, "unknown schema '" + a.schema + "'", "--schema");
  q.facts.schema = *s;
  for (const auto& d : a.dobs) {
    auto pd = model::PartialDate::FromIso(d);
    if (!pd)
      return Fail(ErrorCode::kInvalidArgument,
                  "expected YYYY, YYYY-MM or YYYY-MM-DD, got '" + d + "'", "--dob");
    q.facts.birth_dates.push_back(*pd);
  }
  for (const auto& c : a.countries) {
    std::string code = model::CountryCode(c);
    if (code.empty())
      return Fail(ErrorCode::kInvalidArgument, "unknown country '" + c + "'", "--country");
    q.facts.countries.push_back(code);
  }
  if (a.gender == "male" || a.gender == "m") q.facts.gender = model::Gender::kMale;
  if (a.gender == "female" || a.gender == "f") q.facts.gender = model::Gender::kFemale;
  q.facts.identifiers = a.ids;
  return q;
}

bool QueryReader::Next(size_t n, std::vector<Result<screen::Query>>* out,
                       std::vector<size_t>* lines) {
  out->clear();
  lines->clear();
  std::string line;
  while (out->size() < n && std::getline(in_, line)) {
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no_ == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
      line.erase(0, 3);
    if (Trim(line).empty()) continue;
    if (line_no_ == 1 && line[0] != '{') {
      csv_ = true;
      ingest::CsvReader r(line);
      std::vector<std::string_view> f;
      r.Next(&f);
      for (auto v : f) header_.push_back(AsciiLower(Trim(v)));
      continue;
    }
    lines->push_back(line_no_);
    out->push_back(csv_ ? FromCsv(line) : FromJson(line));
  }
  return !out->empty();
}

Result<screen::Query> QueryReader::FromJson(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded())
    return Fail(ErrorCode::kParse, "not valid JSON", fmt::format("line {}", line_no_));
  auto q = screen::QueryFromJson(j);
  if (!q) {
    Error e = q.error();
    e.where = fmt::format("line {} {}", line_no_, e.where);
    return Fail(e);
  }
  return q;
}

Result<screen::Query> QueryReader::FromCsv(const std::string& line) {
  ingest::CsvReader r(line);
  std::vector<std::string_view> f;
  if (!r.Next(&f))
    return Fail(ErrorCode::kParse, "unreadable CSV row", fmt::format("line {}", line_no_));
  QueryFields a;
  std::string id;
  for (size_t i = 0; i < f.size() && i < header_.size(); ++i) {
    std::string v(Trim(f[i]));
    if (v.empty()) continue;
    const std::string& h = header_[i];
    if (h == "id")
      id = v;
    else if (h == "name")
      a.names.push_back(v);
    else if (h == "schema")
      a.schema = v;
    else if (h == "birth_date" || h == "dob")
      a.dobs.push_back(v);
    else if (h == "country" || h == "nationality")
      a.countries.push_back(v);
    else if (h == "id_number")
      a.ids.push_back(v);
  }
  if (a.names.empty())
    return Fail(ErrorCode::kInvalidArgument, "expected a name",
                fmt::format("line {} field 'name'", line_no_));
  auto q = QueryFromFields(a);
  if (!q) {
    Error e = q.error();
    e.where = fmt::format("line {} {}", line_no_, e.where);
    return Fail(e);
  }
  q->id = id;
  return q;
}

}  // namespace embargo::cli
