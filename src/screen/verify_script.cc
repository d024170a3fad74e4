// Original-script verification: can a name typed in its own script (Arabic, Cyrillic,
// Chinese, ...) find its entity when the lists do not carry that spelling? Every
// non-Latin name is taken out of a copy of the lists, the index is built again from what
// is left, and each removed name is screened against it. Only transliteration (text/)
// and the Latin names can then find the entity: no exact alias, and no equivalence learned
// from the entity's own original-script name.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/random.h"
#include "screen/verify.h"

namespace embargo::screen {
namespace {

bool NonLatin(const model::Name& n) { return !n.script.empty() && n.script != "Latn"; }

struct ScriptJob {
  std::string scenario;  // "Arab person", "Cyrl other+facts", ...
  uint32_t entity;       // in the stripped index; UINT32_MAX for a placebo
  Query query;
};

std::vector<std::string> Words(const std::string& name) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = name.find(' ', i);
    if (j == std::string::npos) j = name.size();
    if (j > i) out.push_back(name.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// How a hit's name parts met: " a~b 0.90 c~d 0.85 +query-only -list-only".
std::string Parts(const Hit& h) {
  std::string out;
  for (const auto& p : h.score.name.parts)
    out += fmt::format(" {}~{} {:.2f}", p.query, p.candidate, p.similarity);
  for (const auto& q : h.score.name.query_extra) out += " +" + q;
  for (const auto& c : h.score.name.candidate_extra) out += " -" + c;
  return out;
}

}  // namespace

VerifyReport VerifyOriginalScript(const index::Index& full, const VerifyOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<model::Entity> kept;
  std::vector<ScriptJob> jobs;
  std::vector<uint32_t> chosen;  // entities of `kept` that lost a name
  size_t only_original = 0;      // entities named only in another script: not testable
  for (const auto& e : full.entities()) {
    bool latin = false, other = false;
    for (const auto& n : e.names) (NonLatin(n) ? other : latin) = true;
    if (other && !latin) ++only_original;
    if (!latin) {
      if (!other) kept.push_back(e);
      continue;
    }
    if (other && !options.half.empty()) {
      bool tune = std::hash<std::string>{}(e.id) % 2 == 0;
      if ((options.half == "tune") != tune) other = false;
    }
    if (!other) {
      kept.push_back(e);
      continue;
    }
    model::Entity copy = e;
    std::vector<model::Name> removed;
    copy.names.clear();
    for (const auto& n : e.names) (NonLatin(n) ? removed : copy.names).push_back(n);
    chosen.push_back(static_cast<uint32_t>(kept.size()));
    for (const auto& n : removed) {
      for (int with_facts = 0; with_facts < 2; ++with_facts) {
        ScriptJob j;
        // Persons apart: an organisation's name in its own language is often a
        // translation of its Latin name ("الجماعة الاسلامية المسلحة", "ARMED ISLAMIC
        // GROUP"), which no transliteration can find.
        j.scenario = n.script + (e.schema == model::Schema::kPerson ? " person" : " other") +
                     (with_facts ? "+facts" : "");
        j.entity = static_cast<uint32_t>(kept.size());
        j.query.names = {n.full};
        j.query.facts.schema = e.schema;
        if (with_facts) {
          for (const auto& d : e.birth_dates) {
            if (!d.is_range() && !d.from.empty()) {
              j.query.facts.birth_dates.push_back(d.from);
              break;
            }
          }
          const auto& cs = !e.nationalities.empty() ? e.nationalities : e.countries;
          if (!cs.empty()) j.query.facts.countries.push_back(cs.front());
          if (j.query.facts.birth_dates.empty() && j.query.facts.countries.empty()) continue;
        }
        jobs.push_back(std::move(j));
      }
    }
    kept.push_back(std::move(copy));
  }
  if (options.max_entities > 0 && chosen.size() > options.max_entities) {
    uint64_t rng = options.seed;
    for (size_t i = chosen.size() - 1; i > 0; --i)
      std::swap(chosen[i], chosen[SplitMix64(rng) % (i + 1)]);
    chosen.resize(options.max_entities);
    std::sort(chosen.begin(), chosen.end());
    std::erase_if(jobs, [&](const ScriptJob& j) {
      return !std::binary_search(chosen.begin(), chosen.end(), j.entity);
    });
  }
  // Placebos per script: the first word of one removed person name and the last word of
  // another's, for the false alerts that looser matching of that script costs.
  // "Latn placebo" does the same with the primary Latin names of those entities: the rate
  // a Latin query of such names gets, to compare with.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> ends;
  std::set<uint32_t> latin_done;
  for (const auto& j : jobs) {
    if (j.scenario.ends_with("+facts") || j.query.facts.schema != model::Schema::kPerson) continue;
    auto w = Words(j.query.names[0]);
    if (w.size() >= 2)
      ends[j.scenario.substr(0, j.scenario.find(' '))].push_back({w.front(), w.back()});
    w = Words(kept[j.entity].names.front().full);
    if (w.size() >= 2 && latin_done.insert(j.entity).second)
      ends["Latn"].push_back({w.front(), w.back()});
  }
  uint64_t rng = options.seed ^ 0x5c41;
  for (const auto& [script, pool] : ends) {
    if (pool.size() < 10) continue;
    size_t n = std::min(options.placebos, pool.size() * 4);
    for (size_t i = 0; i < n; ++i) {
      size_t a = SplitMix64(rng) % pool.size(), b = SplitMix64(rng) % pool.size();
      if (a == b) continue;
      ScriptJob j;
      j.scenario = script + " placebo";
      j.entity = UINT32_MAX;
      j.query.names = {pool[a].first + " " + pool[b].second};
      j.query.facts.schema = model::Schema::kPerson;
      jobs.push_back(std::move(j));
    }
  }
  auto index = index::Index::Build(std::move(kept));
  const auto& ents = index->entities();

  Options sopts;
  sopts.threshold = options.threshold;
  sopts.limit = 10;
  std::map<std::string, ScenarioResult> by_scenario;
  std::vector<std::string> misses;
  std::mutex mu;
  std::atomic<size_t> next{0};
  unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  auto work = [&] {
    std::map<std::string, ScenarioResult> local;
    std::vector<std::string> local_misses;
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      const ScriptJob& j = jobs[i];
      Response r = Screen(*index, j.query, sopts);
      ScenarioResult& s = local[j.scenario];
      ++s.queries;
      if (j.entity == UINT32_MAX) {
        if (!r.hits.empty() && r.hits[0].match) {
          ++s.alerts;
          if (local_misses.size() < options.max_misses)
            local_misses.push_back(fmt::format("{} '{}' alerted on {} ({:.3f}){}", j.scenario,
                                               j.query.names[0], ents[r.hits[0].entity].caption(),
                                               r.hits[0].score.score, Parts(r.hits[0])));
        }
        continue;
      }
      const Hit* own = nullptr;
      for (const auto& h : r.hits)
        if (h.entity == j.entity) own = &h;
      bool wrong_top = !r.hits.empty() && r.hits[0].entity != j.entity && r.hits[0].match &&
                       (!own || r.hits[0].score.score > own->score.score + 1e-9);
      if (own && own->match) ++s.detected;
      if (wrong_top) ++s.wrong_top;
      if ((!own || !own->match || wrong_top) && local_misses.size() < options.max_misses) {
        std::string top;
        if (!r.hits.empty() && r.hits[0].entity != j.entity)
          top = fmt::format("; top {} ({:.3f})", ents[r.hits[0].entity].caption(),
                            r.hits[0].score.score);
        std::string met = "not returned";
        if (own)
          met = fmt::format("scored {:.3f} on '{}'{}", own->score.score, own->matched_name,
                            Parts(*own));
        local_misses.push_back(fmt::format("{} '{}' for {} ({}): {}{}", j.scenario,
                                           j.query.names[0], ents[j.entity].id,
                                           ents[j.entity].caption(), met, top));
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [k, v] : local) {
      auto& t = by_scenario[k];
      t.queries += v.queries;
      t.detected += v.detected;
      t.wrong_top += v.wrong_top;
      t.alerts += v.alerts;
    }
    for (auto& m : local_misses)
      if (misses.size() < options.max_misses) misses.push_back(std::move(m));
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();

  VerifyReport rep;
  rep.entities = chosen.size();
  rep.threshold = options.threshold;
  rep.not_testable = only_original;
  ScenarioResult names{"original_script", "original_script"}, with_facts = names;
  with_facts.name = "original_script+facts";
  ScenarioResult placebos{"placebo", "placebo"};
  for (auto& [name, s] : by_scenario) {
    s.name = name;
    s.group = name.ends_with(" placebo") ? "placebo" : "original_script";
    if (s.group == "placebo") {
      placebos.queries += s.queries;
      placebos.alerts += s.alerts;
      rep.scenarios.push_back(s);
      continue;
    }
    auto& g = name.ends_with("+facts") ? with_facts : names;
    g.queries += s.queries;
    g.detected += s.detected;
    g.wrong_top += s.wrong_top;
    rep.scenarios.push_back(s);
  }
  rep.groups = {names, with_facts};
  if (placebos.queries) rep.groups.push_back(placebos);
  std::sort(misses.begin(), misses.end());
  rep.misses = std::move(misses);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace embargo::screen
