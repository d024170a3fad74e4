// Scan evaluation: see evaluate.h. Variations come from screen::Vary applied to the
// natural-order, Title Case name; "upper" is the name in capitals (payment style).
#include "scan/evaluate.h"

#include <algorithm>

#include "common/random.h"
#include "match/score.h"
#include "screen/verify.h"

namespace embargo::scan {
namespace {

// "PUTIN, Vladimir Vladimirovich" -> "Vladimir Vladimirovich Putin" for persons.
std::string TextForm(const model::Entity& e, const std::string& name) {
  std::string s = name;
  if (e.schema == model::Schema::kPerson) {
    size_t comma = s.find(',');
    if (comma != std::string::npos) {
      std::string family = s.substr(0, comma), given = s.substr(comma + 1);
      while (!given.empty() && given[0] == ' ') given.erase(0, 1);
      s = given.empty() ? family : given + " " + family;
    }
    bool start = true;
    for (auto& c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u >= 0x80) {
        start = false;
        continue;
      }
      if (std::isalpha(u)) {
        c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
        start = false;
      } else {
        start = c == ' ' || c == '-';
      }
    }
  }
  return s;
}

// A stretch of `corpus` of about n bytes starting near `pos`, cut at spaces.
std::string_view Stretch(std::string_view corpus, size_t pos, size_t n) {
  pos %= corpus.size() - n;
  size_t b = corpus.find(' ', pos);
  if (b == std::string_view::npos || b + 1 >= corpus.size()) b = pos;
  size_t e = std::min(corpus.size(), b + n);
  size_t sp = corpus.rfind(' ', e);
  if (sp != std::string_view::npos && sp > b) e = sp;
  return corpus.substr(b, e - b);
}

// Why the plant `name` of entity `e` was missed, given the mentions over it (see
// evaluate.h for the causes and their order).
std::string MissCause(const Scanner& scanner, uint32_t e, std::string_view name,
                      bool other_entity_named) {
  if (other_entity_named) return "another_entity";
  const index::Index& index = scanner.index();
  const auto& ent = index.entities()[e];
  double best = 0;
  auto queries = index.PrepareQuery(name);
  for (const auto& q : queries) {
    for (const auto& cand : index.EntityNames(e)) {
      match::NameComparison cmp = match::CompareNames(q, cand);
      if (cand.kind == model::NameKind::kWeakAlias) cmp.score *= 0.95;  // as scanner and screen
      best = std::max(best, match::ScoreEvidence(std::move(cmp), {}, ent).score);
    }
  }
  if (best < scanner.options().threshold) return "below_threshold";
  if (queries.empty()) return "scanner";
  size_t parts = 0, quiet = 0;
  for (const auto& t : queries[0].tokens) {
    if (t.kind != text::TokenKind::kName) continue;
    ++parts;
    quiet += t.text.size() <= 3 || t.equivalence != 0 || scanner.IsCommonWord(t.text);
  }
  const bool person = ent.schema == model::Schema::kPerson;
  // One word alerts only when it is an organisation's distinctive word; several only
  // when one is more than a short, given or English word (three English words make an
  // organisation's name).
  if (parts == 0 || (parts == 1 && person) || (quiet == parts && (person || parts < 3)))
    return "by_design";
  return "scanner";
}

}  // namespace

nlohmann::json ScanEvalReport::ToJson() const {
  nlohmann::json j;
  size_t planted = 0, detected = 0;
  for (const auto& k : kinds) {
    j["kinds"][k.kind] = {{"planted", k.planted},
                          {"detected", k.detected},
                          {"rate", k.rate()},
                          {"missed_by", k.missed_by}};
    planted += k.planted;
    detected += k.detected;
  }
  j["planted"] = planted;
  j["detected"] = detected;
  j["detection_rate"] = planted ? double(detected) / planted : 0;
  j["context_bytes_scanned"] = context_bytes_scanned;
  j["context_alerts"] = context_alerts;
  j["context_alerts_per_100kb"] =
      context_bytes_scanned ? 100000.0 * context_alerts / context_bytes_scanned : 0;
  j["misses"] = misses;
  return j;
}

ScanEvalReport EvaluateScan(const Scanner& scanner, std::string_view corpus,
                            const ScanEvalOptions& options) {
  ScanEvalReport rep;
  const auto& ents = scanner.index().entities();
  static const char* kKinds[] = {"exact",       "upper",    "typo1",      "order",    "typo2",
                                 "drop_middle", "initials", "join_split", "translit", "alias"};
  for (const char* k : kKinds) rep.kinds.push_back({k, 0, 0, {}});
  if (corpus.size() < 2 * options.context_bytes + 16) return rep;
  // Deterministic sample: every k-th Person/Organization entity.
  std::vector<uint32_t> pool;
  for (uint32_t e = 0; e < ents.size(); ++e) {
    auto s = ents[e].schema;
    if ((s == model::Schema::kPerson || s == model::Schema::kOrganization ||
         s == model::Schema::kCompany) &&
        !ents[e].names.empty())
      pool.push_back(e);
  }
  uint64_t rng = options.seed;
  std::vector<uint32_t> sample;
  if (options.max_entities && pool.size() > options.max_entities) {
    for (size_t i = 0; i < options.max_entities; ++i)
      sample.push_back(pool[SplitMix64(rng) % pool.size()]);
    std::sort(sample.begin(), sample.end());
    sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
  } else {
    sample = pool;
  }
  for (uint32_t e : sample) {
    const auto& ent = ents[e];
    for (auto& k : rep.kinds) {
      std::string name;
      if (k.kind == "alias") {
        for (size_t n = 1; n < ent.names.size(); ++n)
          if (ent.names[n].kind == model::NameKind::kAlias) {
            name = TextForm(ent, ent.names[n].full);
            break;
          }
      } else if (k.kind == "upper") {
        name = TextForm(ent, ent.names[0].full);
        for (auto& c : name)
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      } else {
        std::string base = TextForm(ent, ent.names[0].full);
        name = screen::Vary(base, k.kind, options.seed + e, ent.schema == model::Schema::kPerson);
        if (name == base && k.kind != "exact") name.clear();
      }
      if (name.empty()) continue;
      std::string_view before = Stretch(corpus, SplitMix64(rng), options.context_bytes);
      std::string_view after = Stretch(corpus, SplitMix64(rng), options.context_bytes);
      std::string doc;
      doc.reserve(before.size() + after.size() + name.size() + 16);
      doc.append(before);
      doc += "\n\nAccording to the report, ";
      const size_t pb = doc.size();
      doc += name;
      const size_t pe = doc.size();
      doc += " was involved.\n\n";
      doc.append(after);
      ++k.planted;
      rep.context_bytes_scanned += before.size() + after.size();
      bool found = false, other = false;
      for (const auto& m : scanner.Scan(doc)) {
        const bool overlaps = m.begin < pe && m.end > pb;
        if (overlaps && m.hit.entity == e) found = true;
        if (overlaps && m.hit.entity != e) other = true;
        if (!overlaps) ++rep.context_alerts;
      }
      if (found) {
        ++k.detected;
        continue;
      }
      std::string cause = MissCause(scanner, e, name, other);
      if (++k.missed_by[cause] <= options.misses_per_kind)
        rep.misses.push_back(k.kind + " " + cause + ": " + name + " (" + ent.id + ")");
    }
  }
  return rep;
}

}  // namespace embargo::scan
