// OFAC remarks mini-language.
//
// 1. Split into clauses on ';' outside parentheses and quoted names. A quote opens at a
//    "'" that follows a space, "(" or the start, and closes at a "'" followed by the end,
//    a space or punctuation, so "AL-QA'IDA" does not open one. If the text ends with a
//    quote or parenthesis still open, the split is redone on every ';'.
// 2. Strip an "alt. " prefix (an alternative value of the same fact: "alt. DOB 1960").
// 3. Find the longest rule label that prefixes the clause (ASCII case-insensitive, the
//    label followed by a space, ':', '#' or the end) and apply the rule to the rest.
// 4. Fallbacks for the long tail: "<Label> No.|Number|# <value with a digit>" is an
//    identifier of type other; for people, a clause without digits is a position
//    ("President of the Russian Federation").
// 5. Anything else stays verbatim in Entity::remarks and counts as unclassified.
//
// Identifier values: "<value> (<Country>) <note>", e.g. "Passport M00021291 (South
// Africa) issued 04 May 2010 expires 03 May 2020". A parenthesis that is not a country
// ("(MSN)", "(also called L/N or S/N or F/N)") belongs to the label.
#include "ingest/ofac_remarks.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "common/utf8.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

using model::IdType;

enum class Rule : uint8_t {
  kDob,
  kPob,
  kNationality,
  kCitizen,
  kGender,
  kWeakAlias,      // a.k.a. 'X'
  kPreviousName,   // f.k.a. 'X'
  kLink,           // Linked To: X
  kIncorporation,  // Organization Established Date X
  kJurisdiction,   // Nationality of Registration X
  kId,             // identifier of `id_type`
  kAircraftModel,
  kExtra,          // (property, value) into Entity::extra
  kNote,           // known informational text: kept in remarks, counted as classified
  kPosition,       // a position held ("Member of the ..."): the whole clause
  kPositionValue,  // "Position: Owner": the value
  kTitle,          // "Alternate Title: Colonel"
};

struct LabelRule {
  std::string_view label;
  Rule rule;
  IdType id_type = IdType::kOther;
  std::string_view extra = {};  // property name for kExtra
};

// clang-format off
constexpr LabelRule kRules[] = {
    {"DOB", Rule::kDob},
    {"Date of Birth", Rule::kDob},
    {"POB", Rule::kPob},
    {"Place of Birth", Rule::kPob},
    {"nationality", Rule::kNationality},
    {"citizen", Rule::kCitizen},
    {"citizenship", Rule::kCitizen},
    {"Gender", Rule::kGender},
    {"a.k.a.", Rule::kWeakAlias},
    {"n.k.a.", Rule::kWeakAlias},
    {"f.k.a.", Rule::kPreviousName},
    {"Linked To:", Rule::kLink},
    {"Organization Established Date", Rule::kIncorporation},
    {"Nationality of Registration", Rule::kJurisdiction},
    {"Organization Type:", Rule::kExtra, IdType::kOther, "sector"},
    {"Target Type", Rule::kExtra, IdType::kOther, "classification"},
    {"Vessel Year of Build", Rule::kExtra, IdType::kOther, "buildDate"},
    {"Former Vessel Flag", Rule::kExtra, IdType::kOther, "pastFlags"},
    {"Other Vessel Flag", Rule::kExtra, IdType::kOther, "flag"},
    {"Other Vessel Type", Rule::kExtra, IdType::kOther, "type"},
    {"Aircraft Manufacture Date", Rule::kExtra, IdType::kOther, "buildDate"},
    {"Aircraft Operator", Rule::kExtra, IdType::kOther, "operator"},
    {"Previous Aircraft Tail Number", Rule::kId, IdType::kAircraftSerial},
    {"Issuer Name", Rule::kExtra, IdType::kOther, "issuer"},
    {"Aircraft Model", Rule::kAircraftModel},
    // Identifiers.
    {"Passport", Rule::kId, IdType::kPassport},
    {"Diplomatic Passport", Rule::kId, IdType::kPassport},
    {"National ID No.", Rule::kId, IdType::kNationalId},
    {"National ID Number", Rule::kId, IdType::kNationalId},
    {"National Foreign ID Number", Rule::kId, IdType::kNationalId},
    {"Personal ID Card", Rule::kId, IdType::kNationalId},
    {"Identification Number", Rule::kId, IdType::kOther},
    {"Cedula No.", Rule::kId, IdType::kNationalId},
    {"C.U.R.P.", Rule::kId, IdType::kNationalId},
    {"D.N.I.", Rule::kId, IdType::kNationalId},
    {"Electoral Registry No.", Rule::kId, IdType::kNationalId},
    {"Citizen's Card Number", Rule::kId, IdType::kNationalId},
    {"Kenyan ID No.", Rule::kId, IdType::kNationalId},
    {"Turkish Identification Number", Rule::kId, IdType::kNationalId},
    {"Pakistani ID Card No.", Rule::kId, IdType::kNationalId},
    {"R.F.C.", Rule::kId, IdType::kTaxId},
    {"NIT #", Rule::kId, IdType::kTaxId},
    {"RUC #", Rule::kId, IdType::kTaxId},
    {"RIF #", Rule::kId, IdType::kTaxId},
    {"Tax ID No.", Rule::kId, IdType::kTaxId},
    {"Tax ID Number", Rule::kId, IdType::kTaxId},
    {"V.A.T. Number", Rule::kId, IdType::kTaxId},
    {"US FEIN", Rule::kId, IdType::kTaxId},
    {"Italian Fiscal Code", Rule::kId, IdType::kTaxId},
    {"C.U.I.", Rule::kId, IdType::kTaxId},
    {"C.U.I.T.", Rule::kId, IdType::kTaxId},
    {"SSN", Rule::kId, IdType::kSocialSecurity},
    {"Registration Number", Rule::kId, IdType::kRegistration},
    {"Registration ID", Rule::kId, IdType::kRegistration},
    {"Business Registration Number", Rule::kId, IdType::kRegistration},
    {"Business Registration Document #", Rule::kId, IdType::kRegistration},
    {"Business Number", Rule::kId, IdType::kRegistration},
    {"Company Number", Rule::kId, IdType::kRegistration},
    {"UK Company Number", Rule::kId, IdType::kRegistration},
    {"Commercial Registry Number", Rule::kId, IdType::kRegistration},
    {"Government Gazette Number", Rule::kId, IdType::kRegistration},
    {"Folio Mercantil No.", Rule::kId, IdType::kRegistration},
    {"Matricula Mercantil No", Rule::kId, IdType::kRegistration},
    {"Trade License No.", Rule::kId, IdType::kRegistration},
    {"C.R. No.", Rule::kId, IdType::kRegistration},
    {"Economic Register Number (CRE)", Rule::kId, IdType::kRegistration},
    {"Unified Social Credit Code (USCC)", Rule::kId, IdType::kRegistration},
    {"Chamber of Commerce Number", Rule::kId, IdType::kRegistration},
    {"Istanbul Chamber of Commerce Number", Rule::kId, IdType::kRegistration},
    {"Dubai Chamber of Commerce Membership No.", Rule::kId, IdType::kRegistration},
    {"Central Registration System Number", Rule::kId, IdType::kRegistration},
    {"Public Registration Number", Rule::kId, IdType::kRegistration},
    {"Enterprise Number", Rule::kId, IdType::kRegistration},
    {"Legal Entity Number", Rule::kId, IdType::kLei},
    {"LEI", Rule::kId, IdType::kLei},
    {"SWIFT/BIC", Rule::kId, IdType::kBic},
    {"BIK (RU)", Rule::kId, IdType::kBic},
    {"D-U-N-S Number", Rule::kId, IdType::kDuns},
    {"Driver's License No.", Rule::kId, IdType::kDriversLicense},
    {"Vessel Registration Identification", Rule::kId, IdType::kImo},
    {"IMO", Rule::kId, IdType::kImo},
    {"MMSI", Rule::kId, IdType::kMmsi},
    {"Other Vessel Call Sign", Rule::kId, IdType::kCallSign},
    {"Vessel Call Sign", Rule::kId, IdType::kCallSign},
    {"Aircraft Construction Number", Rule::kId, IdType::kAircraftSerial},
    {"Aircraft Manufacturer's Serial Number (MSN)", Rule::kId, IdType::kAircraftSerial},
    {"Aircraft Tail Number", Rule::kId, IdType::kAircraftSerial},
    {"Aircraft Mode S Transponder Code", Rule::kId, IdType::kOther},
    {"Digital Currency Address -", Rule::kId, IdType::kCryptoWallet},
    {"Email Address", Rule::kId, IdType::kEmail},
    {"Website", Rule::kId, IdType::kWebsite},
    {"Phone Number", Rule::kId, IdType::kPhone},
    {"Telephone", Rule::kId, IdType::kPhone},
    {"Telephone Number", Rule::kId, IdType::kPhone},
    {"Fax", Rule::kId, IdType::kPhone},
    {"Fax No.", Rule::kId, IdType::kPhone},
    {"ISIN", Rule::kId, IdType::kOther},
    {"Equity Ticker", Rule::kId, IdType::kOther},
    {"Birth Certificate Number", Rule::kId, IdType::kOther},
    {"Residency Number", Rule::kId, IdType::kOther},
    {"Chinese Commercial Code", Rule::kId, IdType::kOther},
    {"Cartilla de Servicio Militar Nacional", Rule::kId, IdType::kOther},
    {"License", Rule::kId, IdType::kOther},
    // Sanctions information: kept in remarks as written.
    {"Secondary sanctions risk:", Rule::kNote},
    {"Additional Sanctions Information -", Rule::kNote},
    {"Transactions Prohibited For", Rule::kNote},
    {"Executive Order", Rule::kNote},
    {"For more information", Rule::kNote},
    {"Listing Date", Rule::kNote},
    {"Effective Date", Rule::kNote},
    {"Purchase/Sales For Divestment", Rule::kNote},
    {"IFCA Determination -", Rule::kNote},
    {"CAATSA Section", Rule::kNote},
    {"all offices worldwide", Rule::kNote},
    {"Subject to Direction", Rule::kNote},
    {"arrested", Rule::kNote},
    {"All Branches Worldwide", Rule::kNote},
    {"and all other", Rule::kNote},
    {"and other locations", Rule::kNote},
    {"all locations in", Rule::kNote},
    {"Only locations in", Rule::kNote},
    {"PEESA Information:", Rule::kNote},
    {"Tribe:", Rule::kNote},
    {"Subtribe:", Rule::kNote},
    {"From:", Rule::kNote},
    {"Also operations in:", Rule::kNote},
    {"Operations in", Rule::kNote},
    {"Organization:", Rule::kNote},
    {"founded by", Rule::kNote},
    {"named in UNSCR", Rule::kNote},
    {"This designation refers to", Rule::kNote},
    {"Member of the", Rule::kPosition},
    {"Position:", Rule::kPositionValue},
    {"Occupation:", Rule::kPositionValue},
    {"Alternate Title:", Rule::kTitle},
    {"Title:", Rule::kTitle},
    {"d.b.a.", Rule::kWeakAlias},
    {"Registration Country", Rule::kJurisdiction},
    {"RFC", Rule::kId, IdType::kTaxId},
    {"RTN", Rule::kId, IdType::kTaxId},
    {"N.I.F.", Rule::kId, IdType::kTaxId},
    {"C.I.F.", Rule::kId, IdType::kTaxId},
    {"N.I.E.", Rule::kId, IdType::kNationalId},
    {"I.F.E.", Rule::kId, IdType::kNationalId},
    {"Credencial electoral", Rule::kId, IdType::kNationalId},
    {"Numero de Identidad", Rule::kId, IdType::kNationalId},
    {"CNP (Personal Numerical Code)", Rule::kId, IdType::kNationalId},
    {"UAE Identification", Rule::kId, IdType::kNationalId},
    {"C.I.N.", Rule::kId, IdType::kRegistration},
    {"Romanian C.R.", Rule::kId, IdType::kRegistration},
    {"Romanian Tax Registration", Rule::kId, IdType::kTaxId},
    {"Paraguayan tax identification number", Rule::kId, IdType::kTaxId},
    {"Numero Unico de Identificacao Tributaria (NUIT)", Rule::kId, IdType::kTaxId},
    {"British National Overseas Passport", Rule::kId, IdType::kPassport},
    {"Stateless Person Passport", Rule::kId, IdType::kPassport},
    {"Email", Rule::kId, IdType::kEmail},
    {"Phone", Rule::kId, IdType::kPhone},
    {"TELEX", Rule::kId, IdType::kPhone},
    {"MICEX Code", Rule::kId, IdType::kOther},
    {"VisaNumberID", Rule::kId, IdType::kOther},
    {"UN/LOCODE", Rule::kId, IdType::kOther},
    {"Seafarer's Identification Document", Rule::kId, IdType::kOther},
    {"Aircraft Serial Identification", Rule::kId, IdType::kAircraftSerial},
};
// clang-format on

// Currency codes of "Digital Currency Address - <code> <address>".
constexpr std::string_view kCurrencies[] = {"USDT", "USDC", "DASH", "XBT", "ETH", "XMR",
                                            "LTC",  "ZEC",  "BTG",  "ETC", "BSV", "TRX",
                                            "XRP",  "BCH",  "XVG",  "ARB", "BSC", "SOL"};

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool HasDigit(std::string_view s) { return std::any_of(s.begin(), s.end(), IsAsciiDigit); }

std::string_view StripSuffix(std::string_view s, char c) {
  while (!s.empty() && s.back() == c) s.remove_suffix(1);
  return Trim(s);
}

// Finds the longest rule whose label prefixes `clause`; sets *rest to what follows.
const LabelRule* MatchRule(std::string_view clause, std::string_view* rest) {
  if (clause.empty()) return nullptr;
  // Rules bucketed by the lower-case first byte of their label, built once.
  static const auto* buckets = [] {
    auto* b = new std::array<std::vector<const LabelRule*>, 256>;
    for (const LabelRule& r : kRules) {
      (*b)[static_cast<unsigned char>(AsciiLower(r.label.substr(0, 1))[0])].push_back(&r);
    }
    return b;
  }();
  const LabelRule* best = nullptr;
  char first = clause[0];
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first - 'A' + 'a');
  for (const LabelRule* rp : (*buckets)[static_cast<unsigned char>(first)]) {
    const LabelRule& r = *rp;
    if (best != nullptr && r.label.size() <= best->label.size()) continue;
    if (!StartsWithIgnoreCase(clause, r.label)) continue;
    if (clause.size() > r.label.size()) {
      char next = clause[r.label.size()];
      char last = r.label.back();
      bool boundary = next == ' ' || next == ':' || next == '#' || next == '(' || next == ',' ||
                      last == '.' || last == ':' || last == '-' || last == '#' || last == ')';
      if (!boundary) continue;
    }
    best = &r;
  }
  if (best != nullptr) *rest = Trim(clause.substr(best->label.size()));
  return best;
}

// ---- Dates -------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

int MonthFromWord(std::string_view w) {
  if (w.size() < 3) return 0;
  std::string lower = AsciiLower(w);
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower.compare(0, 3, kMonths[i]) == 0) {
      // "Oct", "Oct.", "October", "Sept".
      static constexpr std::array<std::string_view, 12> kFull = {
          "january", "february", "march",     "april",   "may",      "june",
          "july",    "august",   "september", "october", "november", "december"};
      std::string_view l = lower;
      if (!l.empty() && l.back() == '.') l.remove_suffix(1);
      if (l.size() == 3 || l == kFull[i] || l == "sept") return static_cast<int>(i) + 1;
      return 0;
    }
  }
  return 0;
}

std::optional<int> ParseInt(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Plausible years of birth or incorporation; others are typos.
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2100;

// "07 Oct 1952" | "Oct 1952" | "1952" | "07-Oct-1952" | "1952-10-07".
std::optional<model::PartialDate> ParseSingleDate(std::string_view text) {
  text = Trim(text);
  if (auto iso = model::PartialDate::FromIso(text)) {
    if (iso->year < kMinYear || iso->year > kMaxYear) return std::nullopt;
    if (iso->month == 0 || iso->day == 0 || iso->day <= DaysInMonth(iso->year, iso->month)) {
      return iso;
    }
    return std::nullopt;
  }
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::vector<std::string_view> w = Words(spaced);
  if (w.empty() || w.size() > 3) return std::nullopt;
  auto year = ParseInt(w.back(), 4, 4);
  if (!year || *year < kMinYear || *year > kMaxYear) return std::nullopt;
  model::PartialDate d;
  d.year = static_cast<int16_t>(*year);
  if (w.size() >= 2) {
    int month = MonthFromWord(w[w.size() - 2]);
    if (month == 0) return std::nullopt;
    d.month = static_cast<int8_t>(month);
  }
  if (w.size() == 3) {
    auto day = ParseInt(w[0], 1, 2);
    if (!day || *day < 1 || *day > DaysInMonth(d.year, d.month)) return std::nullopt;
    d.day = static_cast<int8_t>(*day);
  }
  return d;
}

// ---- Helpers for values --------------------------------------------------------------

// Text between the first "'" and the last "'" of `s`; `s` trimmed when it has no quotes.
std::string_view Unquote(std::string_view s) {
  size_t a = s.find('\'');
  size_t b = s.rfind('\'');
  if (a == std::string_view::npos) return StripSuffix(Trim(s), '.');
  if (b == a) return StripSuffix(Trim(s.substr(a + 1)), '.');  // unclosed quote
  return Trim(s.substr(a + 1, b - a - 1));
}

// Cap on values of one field from one entity's remarks, so hostile remarks cannot make
// the duplicate check quadratic (real entities have at most a few dozen).
constexpr size_t kMaxValuesPerField = 500;

void AddUnique(std::vector<std::string>* v, std::string value) {
  if (value.empty() || v->size() >= kMaxValuesPerField) return;
  if (std::find(v->begin(), v->end(), value) == v->end()) v->push_back(std::move(value));
}

// Splits "<value> (<country>) <note>"; see the file comment.
struct IdParts {
  std::string label_suffix;  // non-country parenthesis right after the label
  std::string_view value;
  std::string country;
  std::string_view note;
};

IdParts SplitIdValue(std::string_view rest) {
  IdParts p;
  rest = Trim(rest);
  // A parenthesis right after the label that is not a country is part of the label.
  if (!rest.empty() && rest.front() == '(') {
    size_t close = rest.find(')');
    if (close != std::string_view::npos) {
      std::string_view inner = rest.substr(1, close - 1);
      if (model::CountryCode(inner).empty()) {
        p.label_suffix = std::string(rest.substr(0, close + 1));
        rest = Trim(rest.substr(close + 1));
      }
    }
  }
  while (!rest.empty() && (rest.front() == '#' || rest.front() == ':')) rest = Trim(rest.substr(1));
  size_t open = rest.find(" (");
  if (open != std::string_view::npos) {
    size_t close = rest.find(')', open);
    if (close != std::string_view::npos) {
      std::string code = model::CountryCode(rest.substr(open + 2, close - open - 2));
      if (!code.empty()) {
        p.value = Trim(rest.substr(0, open));
        p.country = std::move(code);
        p.note = Trim(rest.substr(close + 1));
        return p;
      }
    }
  }
  // No country: details start at " issued" / " expires".
  size_t cut = std::string_view::npos;
  for (std::string_view kw : {" issued", " expires", " Issued", " Expires"}) {
    cut = std::min(cut, rest.find(kw));
  }
  p.value = Trim(rest.substr(0, cut));
  if (cut != std::string_view::npos) p.note = Trim(rest.substr(cut));
  return p;
}

// Generic long-tail identifier: "<Label words> No.|Number|#|ID|Code <value with digit>".
bool ParseGenericId(std::string_view clause, model::Entity* e) {
  static constexpr std::string_view kMarkers[] = {
      " No. ", " No ", " Number ", " number ", " # ", " ID ", " Code ", " Nr. ", " No.: ", " ID: "};
  size_t best = std::string_view::npos;
  size_t marker_len = 0;
  for (std::string_view m : kMarkers) {
    size_t pos = clause.find(m);
    if (pos != std::string_view::npos && pos < best) {
      best = pos;
      marker_len = m.size();
    }
  }
  if (best == std::string_view::npos || best > 60) return false;
  std::string_view label = clause.substr(0, best + marker_len - 1);
  if (HasDigit(label)) return false;
  IdParts parts = SplitIdValue(clause.substr(best + marker_len));
  if (parts.value.empty() || !HasDigit(parts.value)) return false;
  model::Identifier id;
  id.type = IdType::kOther;
  id.value = std::string(parts.value);
  id.country = std::move(parts.country);
  id.label = std::string(Trim(label));
  if (!parts.label_suffix.empty()) id.label += " " + parts.label_suffix;
  id.note = std::string(parts.note);
  e->identifiers.push_back(std::move(id));
  return true;
}

// True when `s` has `n` or more consecutive digits (an identifier, not a "1st Division").
bool HasDigitRun(std::string_view s, size_t n) {
  size_t run = 0;
  for (char c : s) {
    run = IsAsciiDigit(c) ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

// A bare web address or e-mail address: "www.almanar.com.lb", "info@x.org (email)",
// "http://www.x.co.uk (website)".
bool ParseBareContact(std::string_view clause, model::Entity* e) {
  std::string_view v = clause;
  size_t paren = v.find(" (");
  if (paren != std::string_view::npos) v = Trim(v.substr(0, paren));
  if (v.empty() || v.find(' ') != std::string_view::npos) return false;
  model::Identifier id;
  if (StartsWithIgnoreCase(v, "www.") || StartsWithIgnoreCase(v, "http://") ||
      StartsWithIgnoreCase(v, "https://")) {
    id.type = IdType::kWebsite;
    id.label = "Website";
  } else if (v.find('@') != std::string_view::npos && v.find('.') != std::string_view::npos) {
    id.type = IdType::kEmail;
    id.label = "Email Address";
  } else {
    return false;
  }
  id.value = std::string(v);
  e->identifiers.push_back(std::move(id));
  return true;
}

// Applies one clause. Returns false when it is not classified; sets *bad to a message
// when the label was recognised but the value is unusable.
bool ApplyClause(std::string_view clause, model::Entity* e, std::string* bad) {
  std::string_view rest;
  const LabelRule* rule = MatchRule(clause, &rest);
  if (rule == nullptr) {
    if (ParseBareContact(clause, e)) return true;
    if (ParseGenericId(clause, e)) return true;
    if (e->schema == model::Schema::kPerson && !HasDigitRun(clause, 5) && clause.size() <= 300 &&
        clause.find(':') == std::string_view::npos) {
      AddUnique(&e->positions, std::string(StripSuffix(clause, '.')));
      return true;
    }
    return false;
  }
  auto expect = [&](std::string_view what) {
    *bad = "expected " + std::string(what) + " after '" + std::string(rule->label) + "', got '" +
           std::string(rest.substr(0, 80)) + "'";
    return true;
  };
  switch (rule->rule) {
    case Rule::kDob:
    case Rule::kIncorporation: {
      auto date = ParseOfacDate(rest);
      if (!date) return expect("a date");
      e->birth_dates.push_back(std::move(*date));
      return true;
    }
    case Rule::kPob:
      if (rest.empty()) return expect("a place");
      AddUnique(&e->birth_places, std::string(StripSuffix(rest, '.')));
      return true;
    case Rule::kNationality:
    case Rule::kCitizen:
    case Rule::kJurisdiction: {
      std::string code = model::CountryCode(StripSuffix(rest, '.'));
      if (code.empty()) return expect("a country");
      auto* list = rule->rule == Rule::kNationality ? &e->nationalities
                   : rule->rule == Rule::kCitizen   ? &e->citizenships
                                                    : &e->countries;
      AddUnique(list, std::move(code));
      return true;
    }
    case Rule::kGender: {
      std::string g = AsciiLower(StripSuffix(rest, '.'));
      if (g == "male") {
        e->gender = model::Gender::kMale;
      } else if (g == "female") {
        e->gender = model::Gender::kFemale;
      } else {
        return expect("Male or Female");
      }
      return true;
    }
    case Rule::kWeakAlias:
    case Rule::kPreviousName: {
      std::string_view name = Unquote(rest);
      if (name.empty()) return expect("a quoted name");
      model::Name n;
      n.full = std::string(name);
      n.kind =
          rule->rule == Rule::kWeakAlias ? model::NameKind::kWeakAlias : model::NameKind::kPrevious;
      e->names.push_back(std::move(n));
      return true;
    }
    case Rule::kLink: {
      // A final '.' inside a clause belongs to the name ("GRUPO X, S.A. DE C.V.").
      std::string_view target = rest;
      if (target.empty()) return expect("a name");
      e->links.push_back(model::Link{"linked_to", std::string(target), {}});
      return true;
    }
    case Rule::kAircraftModel:
      if (rest.empty()) return expect("a model");
      if (e->aircraft_model.empty()) {
        e->aircraft_model = std::string(rest);
      } else {
        e->extra.emplace_back("model", std::string(rest));
      }
      return true;
    case Rule::kExtra:
      if (rest.empty()) return expect("a value");
      e->extra.emplace_back(std::string(rule->extra), std::string(StripSuffix(rest, '.')));
      return true;
    case Rule::kNote:
      e->remarks.emplace_back(clause);
      return true;
    case Rule::kPosition:
      AddUnique(&e->positions, std::string(StripSuffix(clause, '.')));
      return true;
    case Rule::kPositionValue:
    case Rule::kTitle:
      if (rest.empty()) return expect("a value");
      AddUnique(rule->rule == Rule::kTitle ? &e->titles : &e->positions,
                std::string(StripSuffix(rest, '.')));
      return true;
    case Rule::kId: {
      model::Identifier id;
      id.type = rule->id_type;
      id.label = std::string(rule->label);
      std::string_view v = rest;
      if (id.type == IdType::kCryptoWallet) {
        // "Digital Currency Address - XBT 1Df8..." : currency, then address.
        std::vector<std::string_view> w = Words(v);
        if (w.size() == 1) {
          // "XBT194xmrZA53..." : the space after the currency is missing.
          for (std::string_view cur : kCurrencies) {
            if (w[0].size() > cur.size() + 20 && w[0].substr(0, cur.size()) == cur) {
              id.label = std::string(cur);
              v = w[0].substr(cur.size());
              break;
            }
          }
          if (id.label == rule->label) return expect("a currency and an address");
        } else if (w.size() >= 2) {
          id.label = std::string(w[0]);
          v = Trim(v.substr(w[1].data() - v.data()));
        } else {
          return expect("a currency and an address");
        }
      }
      IdParts parts = SplitIdValue(v);
      std::string_view value = parts.value;
      // "Vessel Registration Identification IMO 9283007", "Company Number IMO 1234567".
      if (StartsWithIgnoreCase(value, "IMO ")) {
        id.type = IdType::kImo;
        value = Trim(value.substr(4));
      }
      if (value.empty()) return expect("a value");
      id.value = std::string(value);
      id.country = std::move(parts.country);
      if (!parts.label_suffix.empty()) id.label += " " + parts.label_suffix;
      id.note = std::string(parts.note);
      e->identifiers.push_back(std::move(id));
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string_view> SplitOfacClauses(std::string_view remarks) {
  std::vector<std::string_view> out;
  remarks = Trim(remarks);
  if (!remarks.empty() && remarks.back() == '.') remarks.remove_suffix(1);
  auto split = [&](bool plain) {
    out.clear();
    int depth = 0;
    bool quoted = false;
    size_t start = 0;
    for (size_t i = 0; i < remarks.size(); ++i) {
      char c = remarks[i];
      if (!plain) {
        if (c == '\'') {
          char prev = i == 0 ? ' ' : remarks[i - 1];
          char next = i + 1 < remarks.size() ? remarks[i + 1] : ' ';
          if (!quoted && (prev == ' ' || prev == '(')) {
            quoted = true;
          } else if (quoted &&
                     (next == ' ' || next == ';' || next == ',' || next == '.' || next == ')')) {
            quoted = false;
          }
          continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
      }
      if (c == ';' && (plain || (depth == 0 && !quoted))) {
        std::string_view part = Trim(remarks.substr(start, i - start));
        if (!part.empty()) out.push_back(part);
        start = i + 1;
      }
    }
    std::string_view part = Trim(remarks.substr(start));
    if (!part.empty()) out.push_back(part);
    return plain || (depth == 0 && !quoted);
  };
  if (!split(false)) split(true);
  return out;
}

Result<model::DateSpec> ParseOfacDate(std::string_view text) {
  text = StripSuffix(Trim(text), '.');
  model::DateSpec spec;
  spec.original = std::string(text);
  std::string_view t = text;
  auto fail = [&] {
    return Fail(ErrorCode::kParse,
                "expected a date, got '" + std::string(text.substr(0, 80)) + "'");
  };
  for (std::string_view p : {"circa ", "approximately ", "approx. ", "about ", "c. "}) {
    if (StartsWithIgnoreCase(t, p)) {
      spec.circa = true;
      t = Trim(t.substr(p.size()));
      break;
    }
  }
  std::string_view a = t, b;
  if (StartsWithIgnoreCase(t, "between ")) {
    std::string lower = AsciiLower(t);
    size_t and_pos = lower.find(" and ");
    if (and_pos == std::string::npos) return fail();
    a = Trim(t.substr(8, and_pos - 8));
    b = Trim(t.substr(and_pos + 5));
  } else {
    size_t to = t.find(" to ");
    if (to != std::string_view::npos) {
      a = Trim(t.substr(0, to));
      b = Trim(t.substr(to + 4));
    } else if (t.size() == 9 && t[4] == '-' && ParseInt(t.substr(0, 4), 4, 4) &&
               ParseInt(t.substr(5), 4, 4)) {
      a = t.substr(0, 4);  // "1979-1982"
      b = t.substr(5);
    }
  }
  auto from = ParseSingleDate(a);
  if (!from) return fail();
  spec.from = *from;
  if (!b.empty()) {
    auto to = ParseSingleDate(b);
    if (!to) return fail();
    spec.to = *to;
  }
  return spec;
}

void ParseOfacRemarks(std::string_view remarks, const std::string& where, model::Entity* e,
                      LoadReport* report) {
  remarks = Trim(remarks);
  if (remarks.empty() || remarks == "-0-") return;
  if (remarks.size() > kMaxRemarksBytes) {
    report->Warn(MakeError(
        ErrorCode::kLimit,
        "remarks longer than " + std::to_string(kMaxRemarksBytes) + " bytes, truncated", where));
    remarks = remarks.substr(0, kMaxRemarksBytes);
  }
  for (std::string_view clause : SplitOfacClauses(remarks)) {
    ++report->clauses_total;
    std::string_view body = clause;
    if (StartsWithIgnoreCase(body, "alt. ")) body = Trim(body.substr(5));
    if (StartsWithIgnoreCase(body, "alt ")) body = Trim(body.substr(4));
    std::string bad;
    bool classified = ApplyClause(body, e, &bad);
    if (!bad.empty()) {
      report->Warn(MakeError(ErrorCode::kParse, bad, where));
      e->remarks.emplace_back(clause);
    } else if (!classified) {
      ++report->clauses_unclassified;
      e->remarks.emplace_back(clause);
    }
  }
}

}  // namespace embargo::ingest
