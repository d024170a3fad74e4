// Screen: candidates from the index, then every (query name, list name) pair of each
// candidate aligned by match::CompareNames; the best pair's similarity feeds
// match::ScoreEvidence. Weak aliases (OFAC's quoted a.k.a.s, UN "Low" quality) count
// 0.95 of their similarity: they are real but less reliable names.
#include "screen/screen.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/country.h"

namespace embargo::screen {

namespace {
constexpr double kWeakAliasFactor = 0.95;
}

namespace {

// A candidate's best (query variant, list name) pair by name alone: what every set of
// facts then scores (facts enter only through match::ScoreEvidence).
struct Named {
  uint32_t entity;
  double score;  // with the weak-alias factor applied
  size_t name, variant;
};

// The query's names prepared once, their candidates and each one's best pair.
struct NameScreening {
  std::vector<match::PreparedName> all;
  std::vector<size_t> origin;  // which query name each prepared variant came from
  std::vector<Named> named;    // in candidate order
};

void ScreenNames(const index::Index& index, const std::vector<std::string>& names,
                 model::Schema schema, const Options& options, NameScreening* out) {
  for (size_t i = 0; i < names.size(); ++i) {
    for (auto& p : index.PrepareQuery(names[i], schema == model::Schema::kPerson)) {
      out->all.push_back(std::move(p));
      out->origin.push_back(i);
    }
  }
  if (out->all.empty()) return;
  const auto& all = out->all;
  // Token similarities repeat between candidate generation and scoring, and across a
  // query's candidates (shared surnames, aliases): computed once per query.
  thread_local match::CompareScratch scratch;
  scratch.Start(all);
  auto cands = index.Candidates(all, schema, options.candidates, &scratch);
  const auto& ents = index.entities();
  // Full scoring costs ~1 us a name; the index's prescore already says which
  // candidates cannot come close. Keep those within prescore_ratio of the best.
  const float best_pre = cands.empty() ? 0.f : cands.front().prescore;
  for (const auto& c : cands) {
    if (c.prescore < best_pre * options.prescore_ratio) break;  // sorted best first
    const model::Entity& e = ents[c.entity];
    if (!options.datasets.empty() && std::find(options.datasets.begin(), options.datasets.end(),
                                               e.dataset) == options.datasets.end())
      continue;
    auto enames = index.EntityNames(c.entity);
    double best_score = -1;
    size_t best_name = 0, best_q = 0;
    for (size_t qi = 0; qi < all.size(); ++qi) {
      for (size_t ni = 0; ni < enames.size(); ++ni) {
        double score = match::CompareNamesScore(all[qi], enames[ni], scratch);
        if (enames[ni].kind == model::NameKind::kWeakAlias) score *= kWeakAliasFactor;
        if (score > best_score) {
          best_score = score;
          best_name = ni;
          best_q = qi;
        }
      }
    }
    if (best_score <= 0) continue;
    out->named.push_back({c.entity, best_score, best_name, best_q});
  }
}

// The response for one set of facts: evidence, ranking, the cut, and the explanation of
// the hits kept (only those: aligning with explanations costs more than scoring).
Response Finish(const index::Index& index, const std::vector<std::string>& names,
                const NameScreening& ns, const match::QueryFacts& facts, const Options& options) {
  Response resp;
  const auto& ents = index.entities();
  std::vector<Hit> hits;
  for (const Named& n : ns.named) {
    Hit h;
    h.entity = n.entity;
    match::NameComparison best;  // explained below, for the hits kept
    best.score = n.score;
    h.score = match::ScoreEvidence(std::move(best), facts, ents[n.entity]);
    if (h.score.score < options.min_score) continue;
    h.matched_name = std::string(index.EntityNames(n.entity)[n.name].display);
    h.query_name = names[ns.origin[n.variant]];
    h.query_variant = static_cast<uint32_t>(n.variant);
    h.score.query_name_index = ns.origin[n.variant];
    h.score.name_index = n.name;
    h.match = h.score.score >= options.threshold;
    hits.push_back(std::move(h));
  }
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.score.score != b.score.score) return a.score.score > b.score.score;
    return ents[a.entity].id < ents[b.entity].id;
  });
  resp.total = hits.size();
  if (hits.size() > options.limit) hits.resize(options.limit);
  for (Hit& h : hits) {
    match::NameComparison expl = match::CompareNames(
        ns.all[h.query_variant], index.EntityNames(h.entity)[h.score.name_index]);
    expl.score = h.score.name_score;  // with the weak-alias factor applied
    h.score.name = std::move(expl);
  }
  resp.hits = std::move(hits);
  return resp;
}

}  // namespace

Response Screen(const index::Index& index, const Query& query, const Options& options) {
  NameScreening ns;
  ScreenNames(index, query.names, query.facts.schema, options, &ns);
  if (ns.all.empty()) return {};
  return Finish(index, query.names, ns, query.facts, options);
}

std::vector<Response> ScreenEach(const index::Index& index, const std::vector<std::string>& names,
                                 const std::vector<match::QueryFacts>& facts,
                                 const Options& options) {
  std::vector<Response> out(facts.size());
  if (facts.empty()) return out;
  NameScreening ns;
  ScreenNames(index, names, facts[0].schema, options, &ns);
  if (ns.all.empty()) return out;
  for (size_t i = 0; i < facts.size(); ++i) out[i] = Finish(index, names, ns, facts[i], options);
  return out;
}

std::string ExplainText(const index::Index& index, const Hit& hit) {
  const auto& s = hit.score;
  std::string out =
      fmt::format("  name: \"{}\" met \"{}\" similarity {:.3f} (base {:.3f})", hit.query_name,
                  hit.matched_name, s.name_score, match::kNameScale * s.name_score);
  for (const auto& p : s.name.parts)
    out += fmt::format("\n    {:<18} ~ {:<18} {:.2f} {} (weight {:.2f})", p.query, p.candidate,
                       p.similarity, p.how, p.weight);
  for (const auto& q : s.name.query_extra)
    out += fmt::format("\n    {:<18}   (not in list name)", q);
  for (const auto& c : s.name.candidate_extra)
    out += fmt::format("\n    {:<18}   {:<18} (not in query)", "", c);
  for (const auto& f : s.features)
    out += fmt::format("\n  {}: {} ({:+.3f})", f.name, f.detail, f.contribution);
  return out;
}

nlohmann::json HitToJson(const index::Index& index, const Hit& hit) {
  const model::Entity& e = index.entities()[hit.entity];
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : hit.score.name.parts)
    parts.push_back({{"query", p.query},
                     {"candidate", p.candidate},
                     {"similarity", p.similarity},
                     {"weight", p.weight},
                     {"how", p.how}});
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : hit.score.features)
    features.push_back(
        {{"feature", f.name}, {"detail", f.detail}, {"contribution", f.contribution}});
  return {{"id", e.id},
          {"caption", std::string(e.caption())},
          {"schema", std::string(model::SchemaName(e.schema))},
          {"datasets", {e.dataset}},
          {"score", hit.score.score},
          {"match", hit.match},
          {"explanations",
           {{"name",
             {{"query", hit.query_name},
              {"matched", hit.matched_name},
              {"similarity", hit.score.name_score},
              {"parts", parts},
              {"query_extra", hit.score.name.query_extra},
              {"candidate_extra", hit.score.name.candidate_extra}}},
            {"features", features}}}};
}

namespace {

std::vector<std::string> Strings(const nlohmann::json& props, const char* key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<Query> QueryFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "a query must be a JSON object");
  Query q;
  if (auto it = j.find("id"); it != j.end()) {
    q.id = it->is_string() ? it->get<std::string>() : it->dump();
  }
  if (auto it = j.find("schema"); it != j.end() && it->is_string()) {
    auto s = model::ParseSchema(it->get<std::string>());
    if (!s)
      return Fail(ErrorCode::kInvalidArgument, "unknown schema '" + it->get<std::string>() + "'",
                  "schema");
    q.facts.schema = *s;
  }
  auto pit = j.find("properties");
  if (pit == j.end() || !pit->is_object())
    return Fail(ErrorCode::kInvalidArgument, "expected an object 'properties'", "properties");
  const auto& props = *pit;
  for (const char* k : {"name", "alias", "firstName", "lastName"}) {
    auto v = Strings(props, k);
    q.names.insert(q.names.end(), v.begin(), v.end());
  }
  // firstName + lastName together as one name too.
  auto first = Strings(props, "firstName"), last = Strings(props, "lastName");
  if (!first.empty() && !last.empty()) q.names.push_back(first[0] + " " + last[0]);
  if (q.names.empty())
    return Fail(ErrorCode::kInvalidArgument, "expected at least one name", "properties.name");
  for (const auto& d : Strings(props, "birthDate")) {
    auto pd = model::PartialDate::FromIso(d);
    if (!pd)
      return Fail(ErrorCode::kInvalidArgument, "expected a date YYYY[-MM[-DD]], got '" + d + "'",
                  "properties.birthDate");
    q.facts.birth_dates.push_back(*pd);
  }
  for (const char* k : {"nationality", "country", "citizenship", "jurisdiction"}) {
    for (const auto& c : Strings(props, k)) {
      std::string code = model::CountryCode(c);
      if (code.empty())
        return Fail(ErrorCode::kInvalidArgument, "unknown country '" + c + "'",
                    std::string("properties.") + k);
      q.facts.countries.push_back(code);
    }
  }
  for (const auto& g : Strings(props, "gender")) {
    if (g == "male" || g == "m" || g == "M")
      q.facts.gender = model::Gender::kMale;
    else if (g == "female" || g == "f" || g == "F")
      q.facts.gender = model::Gender::kFemale;
  }
  for (const char* k : {"idNumber", "passportNumber", "taxNumber", "registrationNumber",
                        "imoNumber", "innCode", "ogrnCode", "leiCode", "swiftBic"}) {
    auto v = Strings(props, k);
    q.facts.identifiers.insert(q.facts.identifiers.end(), v.begin(), v.end());
  }
  return q;
}

}  // namespace embargo::screen
