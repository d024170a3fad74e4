// Payment screening: parties as structured queries, free text through the Scanner, BICs
// against the lists' own SWIFT/BIC identifiers, countries against the jurisdictions.
//
// A party's country joins its query as evidence (agreement lifts, conflict lowers a
// little, see match/score.h); MT 50F / ISO identifiers of the form "birth_date:YYYY-MM-DD"
// become birth dates, the rest identifiers. Agents (banks) are screened as organisations.
// A BIC matches a listed one on its first 8 characters (the institution), so a branch
// code does not hide a designated bank.
#include "scan/payment_screen.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/country.h"

namespace embargo::scan {
namespace {

std::string Upper(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

bool IsAgentRole(const std::string& role) {
  return role.find("institution") != std::string::npos || role.find("agent") != std::string::npos ||
         role == "sender" || role == "receiver" || role.find("correspondent") != std::string::npos;
}

}  // namespace

std::unique_ptr<const PaymentScreener> PaymentScreener::Build(const Scanner& scanner,
                                                              const PaymentOptions& options) {
  std::unique_ptr<PaymentScreener> p(new PaymentScreener(scanner, options));
  for (auto& j : p->options_.jurisdictions) j = Upper(j);
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

PaymentResult PaymentScreener::Screen(const payment::Message& m) const {
  PaymentResult r;
  r.type = m.type;
  r.reference = m.reference;
  const index::Index& idx = scanner_.index();
  const auto& ents = idx.entities();
  auto in_jurisdiction = [&](const std::string& cc) {
    return !cc.empty() && std::find(options_.jurisdictions.begin(), options_.jurisdictions.end(),
                                    Upper(cc)) != options_.jurisdictions.end();
  };

  // Parties.
  for (const auto& party : m.parties) {
    if (!party.name.empty()) {
      screen::Query q;
      q.names = {party.name};
      q.facts.schema =
          IsAgentRole(party.role) ? model::Schema::kOrganization : model::Schema::kLegalEntity;
      if (!party.country.empty()) {
        std::string cc = party.country;
        for (auto& c : cc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        q.facts.countries.push_back(cc);
      }
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
      screen::Options so;
      so.threshold = options_.threshold;
      so.limit = options_.limit;
      so.candidates = options_.candidates;
      so.datasets = scanner_.options().datasets;
      for (auto& h : screen::Screen(idx, q, so).hits) {
        if (!h.match) continue;
        PaymentHit ph;
        ph.path = party.path;
        ph.kind = "party";
        ph.value = party.name;
        ph.detail = fmt::format(
            "{} \"{}\" matches {} {} (score {:.3f})", party.role, party.name, ents[h.entity].id,
            ents[h.entity].names.empty() ? "" : ents[h.entity].names[0].full, h.score.score);
        ph.hit = std::move(h);
        r.hits.push_back(std::move(ph));
      }
    }
    if (in_jurisdiction(party.country)) {
      PaymentHit ph;
      ph.path = party.path;
      ph.kind = "jurisdiction";
      ph.value = party.country;
      ph.detail = fmt::format(
          "{} is in {} ({}), under a country-wide program", party.role,
          model::CountryName(std::string(1, static_cast<char>(std::tolower(party.country[0]))) +
                             static_cast<char>(std::tolower(party.country[1]))),
          party.country);
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
    if (in_jurisdiction(cc)) {
      PaymentHit ph;
      ph.path = path;
      ph.kind = "jurisdiction";
      ph.value = bic;
      std::string lower = cc;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ph.detail = fmt::format("BIC {} is a bank in {} ({}), under a country-wide program", bic,
                              model::CountryName(lower), cc);
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
