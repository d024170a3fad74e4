// Payment screening: parties as structured queries, free text through the Scanner, BICs
// against the lists' own SWIFT/BIC identifiers, countries against the jurisdictions.
//
// A party's country joins its query as evidence (agreement lifts, conflict lowers a
// little, see match/score.h); MT 50F / ISO identifiers of the form "birth_date:YYYY-MM-DD"
// become birth dates, the rest identifiers. Agents (banks) are screened as organisations.
// A BIC matches a listed one on its first 8 characters (the institution), so a branch
// code does not hide a designated bank.
//
// Cost: screening the parties is nearly all of it (parsing ~10%, free text ~3%). A party
// named in several fields is screened once per distinct query; a name met with several
// sets of facts is screened once by name and scored per set by screen::ScreenEach (facts
// only enter through match::ScoreEvidence; payment_screen_test checks the result equals
// screening alone).
#include "scan/payment_screen.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "model/country.h"

namespace embargo::scan {
namespace {

std::string Upper(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool IsAgentRole(const std::string& role) {
  return role.find("institution") != std::string::npos || role.find("agent") != std::string::npos ||
         role == "sender" || role == "receiver" || role.find("correspondent") != std::string::npos;
}

// The structured query for a named party.
screen::Query PartyQuery(const payment::Party& party) {
  screen::Query q;
  q.names = {party.name};
  q.facts.schema =
      IsAgentRole(party.role) ? model::Schema::kOrganization : model::Schema::kLegalEntity;
  if (!party.country.empty()) q.facts.countries.push_back(Lower(party.country));
  for (const auto& ident : party.identifiers) {
    auto colon = ident.find(':');
    std::string scheme = colon == std::string::npos ? "" : ident.substr(0, colon);
    std::string value = colon == std::string::npos ? ident : ident.substr(colon + 1);
    if (scheme == "birth_date") {
      if (auto d = model::PartialDate::FromIso(value)) q.facts.birth_dates.push_back(*d);
    } else if (!value.empty()) {
      auto slash = value.find('/');  // "RU/4512345678": drop the country prefix
      q.facts.identifiers.push_back(slash == 2 ? value.substr(3) : value);
    }
  }
  return q;
}

// True when screen::Screen sees the same query in both (it reads nothing else).
bool SameQuery(const screen::Query& a, const screen::Query& b) {
  return a.names == b.names && a.facts.schema == b.facts.schema &&
         a.facts.countries == b.facts.countries && a.facts.birth_dates == b.facts.birth_dates &&
         a.facts.gender == b.facts.gender && a.facts.identifiers == b.facts.identifiers;
}

}  // namespace

std::unique_ptr<const PaymentScreener> PaymentScreener::Build(const Scanner& scanner,
                                                              const PaymentOptions& options) {
  std::unique_ptr<PaymentScreener> p(new PaymentScreener(scanner, options));
  for (auto& j : p->options_.jurisdictions) j = Upper(j);
  // Only matches are reported, so nothing below the threshold needs ranking or explaining.
  p->screen_options_.threshold = options.threshold;
  p->screen_options_.min_score = options.threshold;
  p->screen_options_.limit = options.limit;
  p->screen_options_.candidates = options.candidates;
  p->screen_options_.datasets = scanner.options().datasets;
  const auto& ents = scanner.index().entities();
  for (uint32_t e = 0; e < ents.size(); ++e) {
    for (const auto& id : ents[e].identifiers) {
      if (id.type != model::IdType::kBic) continue;
      std::string bic;
      for (char c : id.value)
        if (std::isalnum(static_cast<unsigned char>(c))) bic += c;
      bic = Upper(bic);
      if (bic.size() == 8 || bic.size() == 11) p->bics_.emplace(bic.substr(0, 8), e);
    }
  }
  return p;
}

bool PaymentScreener::InJurisdiction(std::string_view cc) const {
  if (cc.size() != 2) return false;
  const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(cc[0])));
  const char b = static_cast<char>(std::toupper(static_cast<unsigned char>(cc[1])));
  for (const auto& j : options_.jurisdictions)
    if (j.size() == 2 && j[0] == a && j[1] == b) return true;
  return false;
}

PaymentResult PaymentScreener::Screen(const payment::Message& m) const {
  PaymentResult r;
  r.type = m.type;
  r.reference = m.reference;
  const index::Index& idx = scanner_.index();
  const auto& ents = idx.entities();

  // Parties. The same party often stands in several fields (pain.001 initiating party
  // and debtor, one debtor for every transaction), not always with the same facts (a
  // country from one field's IBAN, none in the other). Each distinct query is screened
  // once; a name met with several sets of facts is screened once (screen::ScreenEach:
  // candidates and name scores once, then each set of facts scored, ranked and cut, and
  // only the hits kept explained).
  std::vector<screen::Query> queries(m.parties.size());
  for (size_t i = 0; i < m.parties.size(); ++i)
    if (!m.parties[i].name.empty()) queries[i] = PartyQuery(m.parties[i]);
  std::vector<size_t> first_same(m.parties.size());  // first party with the same query
  // Per schema and name, the first party of each distinct query, in message order.
  std::unordered_map<std::string, std::vector<size_t>> by_text;
  std::vector<std::string> name_keys;  // in first-seen order, for a deterministic pass
  for (size_t i = 0; i < m.parties.size(); ++i) {
    first_same[i] = i;
    if (queries[i].names.empty()) continue;
    std::string key =
        std::to_string(static_cast<int>(queries[i].facts.schema)) + ' ' + queries[i].names[0];
    auto [it, fresh] = by_text.try_emplace(key);
    if (fresh) name_keys.push_back(std::move(key));
    for (size_t j : it->second) {
      if (SameQuery(queries[j], queries[i])) {
        first_same[i] = j;
        break;
      }
    }
    if (first_same[i] == i) it->second.push_back(i);
  }
  std::vector<std::vector<screen::Hit>> party_hits(m.parties.size());
  for (const auto& key : name_keys) {
    const std::vector<size_t>& group = by_text[key];
    if (group.size() == 1) {
      for (auto& h : screen::Screen(idx, queries[group[0]], screen_options_).hits)
        if (h.match) party_hits[group[0]].push_back(std::move(h));
      continue;
    }
    std::vector<match::QueryFacts> facts;
    for (size_t i : group) facts.push_back(queries[i].facts);
    auto responses = screen::ScreenEach(idx, queries[group[0]].names, facts, screen_options_);
    for (size_t k = 0; k < group.size(); ++k)
      for (auto& h : responses[k].hits)
        if (h.match) party_hits[group[k]].push_back(std::move(h));
  }

  for (size_t i = 0; i < m.parties.size(); ++i) {
    const payment::Party& party = m.parties[i];
    for (const auto& h : party_hits[first_same[i]]) {
      PaymentHit ph;
      ph.path = party.path;
      ph.kind = "party";
      ph.value = party.name;
      ph.detail = fmt::format(
          "{} \"{}\" matches {} {} (score {:.3f})", party.role, party.name, ents[h.entity].id,
          ents[h.entity].names.empty() ? "" : ents[h.entity].names[0].full, h.score.score);
      ph.hit = h;
      r.hits.push_back(std::move(ph));
    }
    if (InJurisdiction(party.country)) {
      PaymentHit ph;
      ph.path = party.path;
      ph.kind = "jurisdiction";
      ph.value = party.country;
      ph.detail = fmt::format("{} is in {} ({}), under a country-wide program", party.role,
                              model::CountryName(Lower(party.country)), party.country);
      r.hits.push_back(std::move(ph));
    }
  }

  // BICs: designated banks, and banks in sanctioned jurisdictions.
  for (const auto& [path, bic] : m.bics) {
    if (bic.size() < 8) continue;
    std::string key = Upper(bic.substr(0, 8));
    if (auto it = bics_.find(key); it != bics_.end()) {
      PaymentHit ph;
      ph.path = path;
      ph.kind = "bic";
      ph.value = bic;
      ph.hit.entity = it->second;
      ph.hit.match = true;
      ph.hit.score.score = 1.0;
      ph.hit.matched_name = ents[it->second].names.empty() ? "" : ents[it->second].names[0].full;
      ph.hit.query_name = bic;
      ph.detail =
          fmt::format("BIC {} is listed for {} {}", bic, ents[it->second].id, ph.hit.matched_name);
      r.hits.push_back(std::move(ph));
    }
    std::string cc = Upper(bic.substr(4, 2));
    if (InJurisdiction(cc)) {
      PaymentHit ph;
      ph.path = path;
      ph.kind = "jurisdiction";
      ph.value = bic;
      ph.detail = fmt::format("BIC {} is a bank in {} ({}), under a country-wide program", bic,
                              model::CountryName(Lower(cc)), cc);
      r.hits.push_back(std::move(ph));
    }
  }

  // Free text.
  for (const auto& t : m.texts) {
    for (auto& mention : scanner_.Scan(t.text)) {
      PaymentHit ph;
      ph.path = t.path;
      ph.kind = "text";
      ph.value = mention.text;
      ph.detail = fmt::format("\"{}\" names {} ({})", mention.text, ents[mention.hit.entity].id,
                              mention.how);
      ph.hit = std::move(mention.hit);
      r.hits.push_back(std::move(ph));
    }
  }
  return r;
}

nlohmann::json PaymentResultToJson(const index::Index& index, const PaymentResult& r) {
  nlohmann::json j;
  j["type"] = std::string(payment::MessageTypeName(r.type));
  j["reference"] = r.reference;
  j["alert"] = !r.hits.empty();
  auto& hits = j["hits"] = nlohmann::json::array();
  for (const auto& h : r.hits) {
    nlohmann::json o{{"path", h.path}, {"kind", h.kind}, {"value", h.value}, {"detail", h.detail}};
    if (h.kind != "jurisdiction") o["result"] = screen::HitToJson(index, h.hit);
    hits.push_back(std::move(o));
  }
  return j;
}

}  // namespace embargo::scan
