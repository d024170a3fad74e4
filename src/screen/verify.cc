// Self-verification: generate deterministic name variations per entity, screen them,
// and count detections, wrong top hits and placebo alerts per scenario.
#include "screen/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "common/random.h"
#include "text/name.h"
#include "text/normalize.h"

namespace embargo::screen {
namespace {

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string JoinWords(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) {
    if (x.empty()) continue;
    if (!s.empty()) s += ' ';
    s += x;
  }
  return s;
}

// "PUTIN, Vladimir Vladimirovich" -> {"Vladimir", "Vladimirovich", "PUTIN"}.
std::vector<std::string> NaturalOrder(const std::string& name) {
  size_t comma = name.find(',');
  if (comma == std::string::npos) return SplitWords(name);
  auto family = SplitWords(name.substr(0, comma));
  auto given = SplitWords(name.substr(comma + 1));
  if (given.empty()) return family;
  given.insert(given.end(), family.begin(), family.end());
  return given;
}

bool IsAsciiLetters(std::string_view w) {
  if (w.empty()) return false;
  for (unsigned char c : w)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

// The letters of a word before the comma or full stop that may end it ("CO.," of an
// organisation's "CO., LTD."; "Jr.").
std::string_view LetterPart(const std::string& w) {
  std::string_view v(w);
  while (!v.empty() && (v.back() == ',' || v.back() == '.')) v.remove_suffix(1);
  return v;
}

bool Typo(std::string* w, uint64_t& rng) {
  if (w->size() < 4) return false;
  bool upper = (*w)[0] >= 'A' && (*w)[0] <= 'Z' && (*w)[1] >= 'A' && (*w)[1] <= 'Z';
  char letter = static_cast<char>((upper ? 'A' : 'a') + SplitMix64(rng) % 26);
  size_t pos = 1 + SplitMix64(rng) % (w->size() - 1);
  switch (SplitMix64(rng) % 4) {
    case 0:
      if ((*w)[pos] == letter) letter = letter == 'a' || letter == 'A' ? letter + 1 : letter - 1;
      (*w)[pos] = letter;
      break;
    case 1:
      w->erase(pos, 1);
      break;
    case 2:
      w->insert(pos, 1, letter);
      break;
    default:
      if (pos + 1 < w->size() && (*w)[pos] != (*w)[pos + 1]) {
        std::swap((*w)[pos], (*w)[pos + 1]);
      } else {
        w->erase(pos, 1);
      }
  }
  return true;
}

struct Rule {
  const char* from;
  const char* to;
};
// Transliteration conventions that differ between lists (Russian, Arabic, Persian, ...).
constexpr Rule kTranslitRules[] = {
    {"ey", "ei"}, {"ei", "ey"}, {"iy", "y"}, {"kh", "h"}, {"sh", "ch"},  {"ch", "tch"},
    {"ya", "ia"}, {"yu", "iu"}, {"ou", "u"}, {"j", "dj"}, {"dzh", "j"},  {"ph", "f"},
    {"q", "k"},   {"mm", "m"},  {"ee", "i"}, {"oo", "u"}, {"w", "v"},    {"v", "w"},
    {"x", "ks"},  {"ks", "x"},  {"yi", "i"}, {"aa", "a"}, {"ie", "iye"}, {"ts", "tz"},
    {"zh", "j"},  {"yo", "io"}, {"ck", "k"}, {"dh", "d"}, {"th", "t"},   {"gh", "g"},
};

// For each byte of `name`, whether it lies in a word that is part of a legal form or a
// generational suffix ("OOO", "JOINT STOCK COMPANY", "S.A. DE C.V.", "JR"): Latin
// abbreviations and English words, which no transliteration convention respells
// ("UO", "DJOINT", "C.W." and "DJR" are no one's spelling of them).
std::vector<char> NotTransliterated(const std::string& name) {
  std::vector<std::string> protect;
  const auto tokens = text::AnalyzeName(name);
  for (const auto& t : tokens) {
    // Generational suffixes anywhere: "Ruben Pestano, Jr. LAVILLA" in natural order.
    bool suffix = t.text == "jr" || t.text == "sr";
    if (t.kind != text::TokenKind::kLegalForm && !suffix) continue;
    for (auto& w : SplitWords(t.text)) protect.push_back(std::move(w));
  }
  std::vector<char> out(name.size(), 0);
  if (protect.empty()) return out;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = name.find(' ', i);
    if (j == std::string::npos) j = name.size();
    const std::vector<std::string> parts = SplitWords(text::NormalizeName(name.substr(i, j - i)));
    bool all = !parts.empty();
    for (const auto& p : parts)
      all &= std::find(protect.begin(), protect.end(), p) != protect.end();
    if (all) std::fill(out.begin() + i, out.begin() + j, 1);
    i = j + 1;
  }
  return out;
}

std::string Translit(const std::string& name, uint64_t& rng) {
  std::string lower;
  for (char c : name) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  const std::vector<char> fixed = NotTransliterated(name);
  size_t n = std::size(kTranslitRules);
  size_t start = SplitMix64(rng) % n;
  for (size_t k = 0; k < n; ++k) {
    const Rule& r = kTranslitRules[(start + k) % n];
    size_t pos = lower.find(r.from);
    while (pos != std::string::npos && fixed[pos]) pos = lower.find(r.from, pos + 1);
    if (pos == std::string::npos) continue;
    std::string out = name;
    std::string to = r.to;
    bool upper = name[pos] >= 'A' && name[pos] <= 'Z';
    if (upper)
      for (char& c : to) c = static_cast<char>(c - 32);
    out.replace(pos, std::string_view(r.from).size(), to);
    return out;
  }
  return {};
}

// How many of `words`' last words are words of a legal form ("PUBLIC JOINT STOCK").
size_t TrailingFormWords(const std::vector<std::string>& words) {
  const std::string joined = JoinWords(words);
  const std::vector<char> form = NotTransliterated(joined);
  size_t n = 0, end = joined.size();
  for (size_t k = words.size(); k-- > 0;) {
    const size_t begin = end - words[k].size();
    if (!form[begin]) break;
    ++n;
    end = begin - 1;
  }
  return n;
}

}  // namespace

std::string Vary(const std::string& name, const std::string& kind, uint64_t seed, bool person) {
  uint64_t rng = seed ^ std::hash<std::string>{}(name + "|" + kind);
  auto words = person ? NaturalOrder(name) : SplitWords(name);
  if (words.empty()) return {};
  if (kind == "exact") return name;
  if (kind == "typo1" || kind == "typo2") {
    std::vector<size_t> eligible;
    // An organisation's words keep the punctuation that ends them (its comma is no
    // name order): the typo goes into the letters before it.
    auto typo = [&](size_t i) {
      std::string letters(LetterPart(words[i]));
      const std::string tail = words[i].substr(letters.size());
      Typo(&letters, rng);
      words[i] = letters + tail;
    };
    for (size_t i = 0; i < words.size(); ++i)
      if (const std::string_view letters = LetterPart(words[i]);
          letters.size() >= 4 && IsAsciiLetters(letters) &&
          (letters.size() == words[i].size() ||
           (!person && words[i].find('.') == std::string::npos)))
        eligible.push_back(i);
    if (eligible.empty()) return {};
    size_t a = eligible[SplitMix64(rng) % eligible.size()];
    typo(a);
    if (kind == "typo2") {
      if (eligible.size() >= 2) {
        size_t b = a;
        while (b == a) b = eligible[SplitMix64(rng) % eligible.size()];
        typo(b);
      } else if (LetterPart(words[a]).size() >= 7) {
        typo(a);
      } else {
        return {};
      }
    }
    return JoinWords(words);
  }
  if (kind == "case_punct") {
    std::string out;
    for (char c : JoinWords(words)) {
      if (c == ',' || c == '.' || c == '\'' || c == '"') continue;
      if (c == '-') c = ' ';
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    }
    return out == JoinWords(words) ? std::string() : out;
  }
  if (kind == "order") {
    if (words.size() < 2) return {};
    if (person) {
      std::reverse(words.begin(), words.end());
    } else {
      // A legal form moves as one: "STOCK IRAN ... PUBLIC JOINT" is no one's order.
      const size_t form = TrailingFormWords(words);
      const size_t moved = form > 0 && form < words.size() ? form : 1;
      std::rotate(words.begin(), words.end() - static_cast<std::ptrdiff_t>(moved), words.end());
    }
    return JoinWords(words);
  }
  if (kind == "drop_middle") {
    if (words.size() < 3) return {};
    words.erase(words.begin() + 1 +
                static_cast<std::ptrdiff_t>(SplitMix64(rng) % (words.size() - 2)));
    return JoinWords(words);
  }
  if (kind == "initials") {
    if (!person || words.size() < 2 || !IsAsciiLetters(words[0])) return {};
    words[0] = words[0].substr(0, 1) + ".";
    return JoinWords(words);
  }
  if (kind == "join_split") {
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      // An organisation's second word may end in its comma ("ALFA ONE, C.A.").
      const std::string_view second =
          person ? std::string_view(words[i + 1]) : LetterPart(words[i + 1]);
      if (IsAsciiLetters(words[i]) && IsAsciiLetters(second) &&
          words[i].size() + second.size() <= 14 && words[i].size() >= 2 &&
          (person || words[i + 1].find('.') == std::string::npos)) {
        words[i] += words[i + 1];
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        return JoinWords(words);
      }
    }
    for (auto& w : words) {
      if (w.size() >= 8 && IsAsciiLetters(w)) {
        w.insert(w.size() / 2, " ");
        return JoinWords(words);
      }
    }
    return {};
  }
  if (kind == "translit") return Translit(JoinWords(words), rng);
  return {};
}

namespace {

// Ordinary names of many origins for placebo queries.
constexpr const char* kGiven[] = {
    "James",   "Mary",      "John",     "Patricia",  "Robert",  "Jennifer", "Michael", "Linda",
    "William", "Elizabeth", "David",    "Barbara",   "Richard", "Susan",    "Joseph",  "Jessica",
    "Thomas",  "Sarah",     "Charles",  "Karen",     "Daniel",  "Nancy",    "Matthew", "Lisa",
    "Anthony", "Betty",     "Mark",     "Sandra",    "Paul",    "Ashley",   "Steven",  "Emily",
    "Andrew",  "Michelle",  "Kenneth",  "Amanda",    "Jose",    "Maria",    "Juan",    "Carmen",
    "Luis",    "Ana",       "Carlos",   "Lucia",     "Pierre",  "Camille",  "Hans",    "Ingrid",
    "Lars",    "Sofia",     "Giovanni", "Francesca", "Pedro",   "Beatriz",  "Wei",     "Mei",
    "Hiroshi", "Yuki",      "Raj",      "Priya",     "Olga",    "Ivan",     "Natalia", "Dmitri",
    "Fatima",  "Ahmed",     "Omar",     "Leila",     "Kwame",   "Amara",    "Chen",    "Jin",
    "Min",     "Anan",      "Tomasz",   "Agnieszka", "Sean",    "Siobhan",  "Emre",    "Elif",
    "Noah",    "Emma",      "Liam",     "Olivia",    "Lucas",   "Mia"};
constexpr const char* kFamily[] = {
    "Smith",    "Johnson",   "Williams", "Brown",        "Jones",      "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez",    "Lopez",      "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",   "Moore",        "Jackson",    "Martin",   "Lee",
    "Perez",    "Thompson",  "White",    "Harris",       "Sanchez",    "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",   "Young",        "Allen",      "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",   "Hill",         "Flores",     "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",     "Rivera",       "Campbell",   "Mitchell", "Carter",
    "Roberts",  "Muller",    "Schmidt",  "Schneider",    "Fischer",    "Weber",    "Dubois",
    "Lefebvre", "Moreau",    "Rossi",    "Russo",        "Ferrari",    "Esposito", "Silva",
    "Santos",   "Oliveira",  "Kowalski", "Nowak",        "Wisniewski", "Jensen",   "Nielsen",
    "Hansen",   "Johansson", "Larsson",  "Tanaka",       "Suzuki",     "Watanabe", "Wang",
    "Zhang",    "Liu",       "Patel",    "Sharma",       "Singh",      "Kumar",    "Murphy",
    "Kelly",    "Yilmaz",    "Kaya",     "Demir",        "Okafor",     "Mensah",   "Novak",
    "Horvat",   "Popescu",   "Ionescu",  "Papadopoulos", "Cohen",      "Levi"};

// How a hit's name met the query, for the misses: "a~b 0.88 typo; -x; +y".
std::string Why(const Hit& h) {
  std::string out = fmt::format("name {:.3f}:", h.score.name_score);
  for (const auto& p : h.score.name.parts)
    out += fmt::format(" {}~{} {:.2f} {} w{:.1f};", p.query, p.candidate, p.similarity, p.how,
                       p.weight);
  for (const auto& q : h.score.name.query_extra) out += " +" + q;
  for (const auto& c : h.score.name.candidate_extra) out += " -" + c;
  return out;
}

struct Job {
  std::string scenario;
  std::string group;
  uint32_t entity;  // UINT32_MAX for placebo
  Query query;
};

}  // namespace

VerifyReport Verify(const index::Index& index, const VerifyOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  const auto& ents = index.entities();
  std::vector<uint32_t> chosen;
  for (uint32_t e = 0; e < ents.size(); ++e) {
    if (ents[e].names.empty()) continue;
    if (!options.half.empty()) {
      bool tune = std::hash<std::string>{}(ents[e].id) % 2 == 0;
      if ((options.half == "tune") != tune) continue;
    }
    chosen.push_back(e);
  }
  if (options.max_entities > 0 && chosen.size() > options.max_entities) {
    uint64_t rng = options.seed;
    for (size_t i = chosen.size() - 1; i > 0; --i)
      std::swap(chosen[i], chosen[SplitMix64(rng) % (i + 1)]);
    chosen.resize(options.max_entities);
    std::sort(chosen.begin(), chosen.end());
  }
  static const std::pair<const char*, const char*> kScenarios[] = {
      {"exact", "exact"},    {"typo1", "minor"},      {"case_punct", "minor"},
      {"order", "minor"},    {"typo2", "major"},      {"drop_middle", "major"},
      {"initials", "major"}, {"join_split", "major"}, {"translit", "major"},
      {"alias", "major"}};
  std::vector<Job> jobs;
  for (uint32_t e : chosen) {
    const auto& ent = ents[e];
    const std::string& primary = ent.names.front().full;
    for (const auto& [kind, group] : kScenarios) {
      std::string name;
      if (std::string_view(kind) == "alias") {
        for (size_t i = 1; i < ent.names.size(); ++i) {
          if (ent.names[i].kind == model::NameKind::kAlias && ent.names[i].full != primary) {
            name = ent.names[i].full;
            break;
          }
        }
      } else {
        name = Vary(primary, kind, options.seed, ent.schema == model::Schema::kPerson);
      }
      if (name.empty()) continue;
      for (int with_facts = 0; with_facts < 2; ++with_facts) {
        Query q;
        q.names = {name};
        q.facts.schema = ent.schema;
        if (with_facts) {
          bool any = false;
          for (const auto& d : ent.birth_dates) {
            if (!d.is_range() && !d.from.empty()) {
              q.facts.birth_dates.push_back(d.from);
              any = true;
              break;
            }
          }
          const auto& cs = !ent.nationalities.empty() ? ent.nationalities : ent.countries;
          if (!cs.empty()) {
            q.facts.countries.push_back(cs.front());
            any = true;
          }
          if (!any) continue;
        }
        jobs.push_back({std::string(kind) + (with_facts ? "+facts" : ""), group, e, std::move(q)});
      }
    }
  }
  uint64_t rng = options.seed ^ 0x5151;
  for (size_t i = 0; i < options.placebos; ++i) {
    std::string name = std::string(kGiven[SplitMix64(rng) % std::size(kGiven)]) + " ";
    if (SplitMix64(rng) % 4 == 0)
      name += std::string(kGiven[SplitMix64(rng) % std::size(kGiven)]) + " ";
    name += kFamily[SplitMix64(rng) % std::size(kFamily)];
    Query q;
    q.names = {name};
    q.facts.schema = model::Schema::kPerson;
    jobs.push_back({"placebo", "placebo", UINT32_MAX, std::move(q)});
  }

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
      const Job& j = jobs[i];
      Response r = Screen(index, j.query, sopts);
      ScenarioResult& s = local[j.scenario];
      s.name = j.scenario;
      s.group = j.group;
      ++s.queries;
      if (j.entity == UINT32_MAX) {
        // A generated name that is literally a listed name (every part exact, nothing
        // extra on either side) is on a list, so it is no placebo: leave it out.
        bool on_list = false;
        for (const auto& h : r.hits) {
          const auto& n = h.score.name;
          bool exact = n.query_extra.empty() && n.candidate_extra.empty() && !n.parts.empty();
          for (const auto& p : n.parts) exact &= p.how == "exact";
          on_list |= exact;
        }
        if (on_list) {
          --s.queries;
          continue;
        }
        bool alert = false;
        for (const auto& h : r.hits) alert |= h.match;
        if (alert) {
          ++s.alerts;
          if (local_misses.size() < options.max_misses)
            local_misses.push_back(fmt::format("placebo '{}' alerted on {} ({:.3f}) [{}]",
                                               j.query.names[0], ents[r.hits[0].entity].caption(),
                                               r.hits[0].score.score, Why(r.hits[0])));
        }
        continue;
      }
      const Hit* own = nullptr;
      for (const auto& h : r.hits)
        if (h.entity == j.entity) own = &h;
      if (own && own->match) {
        ++s.detected;
      } else if (local_misses.size() < options.max_misses) {
        std::string top;
        if (!r.hits.empty() && r.hits[0].entity != j.entity)
          top = fmt::format("; top {} ({:.3f})", ents[r.hits[0].entity].caption(),
                            r.hits[0].score.score);
        local_misses.push_back(
            fmt::format("{} '{}' for {} ({}): {}{}", j.scenario, j.query.names[0],
                        ents[j.entity].id, ents[j.entity].caption(),
                        own ? fmt::format("scored {:.3f} [{}]", own->score.score, Why(*own))
                            : std::string("not returned"),
                        top));
      }
      // A variation that is literally another entity's listed name (every part exact,
      // nothing extra on either side: "Chol KIM" dropped from "KIM, Chol Nam" is "KIM,
      // Chol") rightly puts that entity first: no wrong top hit, as no placebo alert.
      bool top_is_variation = false;
      if (!r.hits.empty()) {
        const auto& n = r.hits[0].score.name;
        top_is_variation = n.query_extra.empty() && n.candidate_extra.empty() && !n.parts.empty();
        for (const auto& p : n.parts) top_is_variation &= p.how == "exact";
      }
      if (!r.hits.empty() && r.hits[0].entity != j.entity && r.hits[0].match && !top_is_variation &&
          (!own || r.hits[0].score.score > own->score.score + 1e-9)) {
        ++s.wrong_top;
        if (own && own->match && local_misses.size() < options.max_misses)
          local_misses.push_back(
              fmt::format("{} '{}' for {} ({}): wrong top {} ({:.3f}) [{}] over {:.3f} [{}]",
                          j.scenario, j.query.names[0], ents[j.entity].id, ents[j.entity].caption(),
                          ents[r.hits[0].entity].caption(), r.hits[0].score.score, Why(r.hits[0]),
                          own->score.score, Why(*own)));
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [k, v] : local) {
      auto& t = by_scenario[k];
      t.name = v.name;
      t.group = v.group;
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
  std::map<std::string, ScenarioResult> groups;
  for (const auto& [kind, group] : kScenarios) {
    for (const char* suffix : {"", "+facts"}) {
      auto it = by_scenario.find(std::string(kind) + suffix);
      if (it == by_scenario.end()) continue;
      rep.scenarios.push_back(it->second);
      auto& g = groups[group];
      g.name = g.group = group;
      g.queries += it->second.queries;
      g.detected += it->second.detected;
      g.wrong_top += it->second.wrong_top;
    }
  }
  if (auto it = by_scenario.find("placebo"); it != by_scenario.end()) {
    rep.scenarios.push_back(it->second);
    groups["placebo"] = it->second;
  }
  for (const char* g : {"exact", "minor", "major", "placebo"})
    if (groups.count(g)) rep.groups.push_back(groups[g]);
  std::sort(misses.begin(), misses.end());
  rep.misses = std::move(misses);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

nlohmann::json VerifyReport::ToJson() const {
  auto row = [](const ScenarioResult& s) {
    nlohmann::json j = {{"scenario", s.name}, {"group", s.group}, {"queries", s.queries}};
    if (s.group == "placebo") {
      j["alerts"] = s.alerts;
      j["false_alert_rate"] = s.alert_rate();
    } else {
      j["detected"] = s.detected;
      j["detection_rate"] = s.detection_rate();
      j["wrong_top"] = s.wrong_top;
      j["wrong_top_rate"] = s.wrong_top_rate();
    }
    return j;
  };
  nlohmann::json out = {{"entities", entities}, {"threshold", threshold}, {"seconds", seconds}};
  for (const auto& g : groups) out["groups"].push_back(row(g));
  for (const auto& s : scenarios) out["scenarios"].push_back(row(s));
  if (not_testable) out["not_testable"] = not_testable;
  out["sample_misses"] = misses;
  return out;
}

std::string VerifyReport::ToHtml() const {
  std::string rows, bars;
  int y = 0;
  for (const auto& s : scenarios) {
    bool placebo = s.group == "placebo";
    double rate = placebo ? s.alert_rate() : s.detection_rate();
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}%</td><td>{}</td></tr>\n",
                        s.name, s.group, s.queries, 100 * rate,
                        placebo ? "-" : fmt::format("{:.2f}%", 100 * s.wrong_top_rate()));
    int w = static_cast<int>(rate * 400);
    bars += fmt::format(
        "<text x='0' y='{}' font-size='12'>{}</text><rect x='140' y='{}' width='{}' height='14' "
        "fill='{}'/><text x='{}' y='{}' font-size='12'>{:.2f}%</text>\n",
        y + 12, s.name, y, w, placebo ? "#c0392b" : "#2e86c1", 145 + w, y + 12, 100 * rate);
    y += 20;
  }
  std::string summary;
  for (const auto& g : groups) {
    summary +=
        g.group == "placebo"
            ? fmt::format("<li>placebo names alerted: <b>{:.2f}%</b> of {}</li>",
                          100 * g.alert_rate(), g.queries)
            : fmt::format("<li>{}: detected <b>{:.2f}%</b> of {}, wrong top hit {:.2f}%</li>",
                          g.group, 100 * g.detection_rate(), g.queries, 100 * g.wrong_top_rate());
  }
  return fmt::format(
      "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>embargo "
      "self-verification</title>"
      "<style>body{{font-family:sans-serif;max-width:900px;margin:2em "
      "auto}}table{{border-collapse:collapse}}"
      "td,th{{border:1px solid #ccc;padding:4px "
      "8px;text-align:right}}td:first-child{{text-align:left}}</style>"
      "</head><body><h1>embargo self-verification</h1><p>{} entities, threshold {:.2f}, {:.1f} "
      "s.</p><ul>{}</ul>"
      "<h2>Detection rate per scenario (placebo: false-alert rate)</h2><svg width='620' "
      "height='{}' role='img' "
      "aria-label='rates per "
      "scenario'>{}</svg><h2>Table</h2><table><tr><th>scenario</th><th>group</th>"
      "<th>queries</th><th>detected / alerted</th><th>wrong top "
      "hit</th></tr>{}</table></body></html>",
      entities, threshold, seconds, summary, y + 10, bars, rows);
}

}  // namespace embargo::screen
