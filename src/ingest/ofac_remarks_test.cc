// Tests for the OFAC remarks mini-language: one row per clause form, each with the
// entity fields it must produce, written as a compact golden string (see Describe).
#include "ingest/ofac_remarks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace embargo::ingest {
namespace {

// A one-line rendering of the fields remarks can set, in a fixed order.
std::string Describe(const model::Entity& e) {
  std::vector<std::string> parts;
  for (const auto& d : e.birth_dates) {
    std::string s = "dob:" + d.from.ToIso();
    if (d.is_range()) s += ".." + d.to.ToIso();
    if (d.circa) s += "~";
    parts.push_back(s);
  }
  for (const auto& p : e.birth_places) parts.push_back("pob:" + p);
  for (const auto& c : e.nationalities) parts.push_back("nat:" + c);
  for (const auto& c : e.citizenships) parts.push_back("cit:" + c);
  for (const auto& c : e.countries) parts.push_back("country:" + c);
  if (e.gender != model::Gender::kUnknown)
    parts.push_back("gender:" + std::string(GenderName(e.gender)));
  for (const auto& id : e.identifiers) {
    std::string s = "id:" + std::string(IdTypeName(id.type)) + "[" + id.label + "]:" + id.value;
    if (!id.country.empty()) s += "@" + id.country;
    if (!id.note.empty()) s += "{" + id.note + "}";
    parts.push_back(s);
  }
  for (size_t i = 1; i < e.names.size(); ++i) {
    parts.push_back(std::string(NameKindName(e.names[i].kind)) + ":" + e.names[i].full);
  }
  for (const auto& l : e.links) parts.push_back(l.relation + ":" + l.target_name);
  for (const auto& t : e.titles) parts.push_back("title:" + t);
  for (const auto& p : e.positions) parts.push_back("position:" + p);
  if (!e.aircraft_model.empty()) parts.push_back("model:" + e.aircraft_model);
  for (const auto& [k, v] : e.extra) parts.push_back("extra:" + k + "=" + v);
  for (const auto& r : e.remarks) parts.push_back("remark:" + r);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " | ") + p;
  return out;
}

struct RemarksCase {
  model::Schema schema;
  const char* remarks;
  const char* expected;  // Describe() of the entity
  size_t clauses;        // report.clauses_total
  size_t unclassified;   // report.clauses_unclassified
  size_t warnings;       // report.warnings
};

constexpr model::Schema kPerson = model::Schema::kPerson;
constexpr model::Schema kOrg = model::Schema::kOrganization;

const RemarksCase kCases[] = {
    // Putin's remarks in sdn.csv, verbatim.
    {kPerson,
     "DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; citizen Russia; Gender Male; "
     "President of the Russian Federation.",
     "dob:1952-10-07 | pob:Leningrad, Russia | nat:ru | cit:ru | gender:male | "
     "position:President of the Russian Federation",
     6, 0, 0},
    // Every DOB form.
    {kPerson, "DOB Oct 1952", "dob:1952-10", 1, 0, 0},
    {kPerson, "DOB 1952", "dob:1952", 1, 0, 0},
    {kPerson, "DOB circa 1960", "dob:1960~", 1, 0, 0},
    {kPerson, "DOB circa 1958 to 1960", "dob:1958..1960~", 1, 0, 0},
    {kPerson, "DOB Between 1957 and 1962", "dob:1957..1962", 1, 0, 0},
    {kPerson, "DOB 1960 to 1962", "dob:1960..1962", 1, 0, 0},
    {kPerson, "DOB 01 Jan 1960 to 31 Dec 1962", "dob:1960-01-01..1962-12-31", 1, 0, 0},
    {kPerson, "DOB circa 1979-1982", "dob:1979..1982~", 1, 0, 0},
    {kPerson, "DOB 29 Feb 1960", "dob:1960-02-29", 1, 0, 0},
    {kPerson, "DOB 12 Mar 1961; alt. DOB 12 Mar 1962; alt. DOB 1963.",
     "dob:1961-03-12 | dob:1962-03-12 | dob:1963", 3, 0, 0},
    // Bad dates: a warning, the clause kept in remarks.
    {kPerson, "DOB 31 Feb 1970", "remark:DOB 31 Feb 1970", 1, 0, 1},
    {kPerson, "DOB sometime in the sixties", "remark:DOB sometime in the sixties", 1, 0, 1},
    {kPerson, "Gender Unknown", "remark:Gender Unknown", 1, 0, 1},
    {kPerson, "nationality Atlantis", "remark:nationality Atlantis", 1, 0, 1},
    // Places and countries.
    {kPerson, "POB Culiacan, Sinaloa, Mexico; citizen Mexico; Gender Female",
     "pob:Culiacan, Sinaloa, Mexico | cit:mx | gender:female", 3, 0, 0},
    {kPerson, "nationality Korea, North; alt. nationality Iran (Islamic Republic of)",
     "nat:kp | nat:ir", 2, 0, 0},
    {kOrg, "Nationality of Registration Cyprus; Organization Established Date 2005",
     "dob:2005 | country:cy", 2, 0, 0},
    // Passports and national identifiers with issuer country and details.
    {kPerson, "Passport M00021291 (South Africa) issued 04 May 2010 expires 03 May 2020",
     "id:passport[Passport]:M00021291@za{issued 04 May 2010 expires 03 May 2020}", 1, 0, 0},
    {kPerson, "alt. Passport 4229533", "id:passport[Passport]:4229533", 1, 0, 0},
    {kPerson, "Passport 123 issued 2001", "id:passport[Passport]:123{issued 2001}", 1, 0, 0},
    {kPerson, "National ID No. 0102030405 (Iran)", "id:national_id[National ID No.]:0102030405@ir",
     1, 0, 0},
    {kPerson, "Cedula No. 16259456 (Colombia)", "id:national_id[Cedula No.]:16259456@co", 1, 0, 0},
    {kPerson, "C.U.R.P. GAAJ850719HSLLRN09 (Mexico); R.F.C. GAAJ850719PN1 (Mexico)",
     "id:national_id[C.U.R.P.]:GAAJ850719HSLLRN09@mx | id:tax_id[R.F.C.]:GAAJ850719PN1@mx", 2, 0,
     0},
    {kOrg, "NIT # 800123456-1 (Colombia); RUC # 1234567 (Panama)",
     "id:tax_id[NIT #]:800123456-1@co | id:tax_id[RUC #]:1234567@pa", 2, 0, 0},
    {kPerson, "SSN 123-45-6789 (United States)", "id:social_security[SSN]:123-45-6789@us", 1, 0, 0},
    {kOrg,
     "Tax ID No. 7707083893 (Russia); Registration Number 1027700132195 (Russia); Legal Entity "
     "Number 253400WSS48YWMBUA688",
     "id:tax_id[Tax ID No.]:7707083893@ru | id:registration[Registration Number]:1027700132195@ru "
     "| id:lei[Legal Entity Number]:253400WSS48YWMBUA688",
     3, 0, 0},
    {kOrg,
     "Business Registration Document # 1234 (Turkey); Company Number 05527424 (United Kingdom)",
     "id:registration[Business Registration Document #]:1234@tr | "
     "id:registration[Company Number]:05527424@gb",
     2, 0, 0},
    {kOrg, "D-U-N-S Number 56-587-3547; SWIFT/BIC SABRRUMM",
     "id:duns[D-U-N-S Number]:56-587-3547 | id:bic[SWIFT/BIC]:SABRRUMM", 2, 0, 0},
    // Long-tail identifier labels fall back to a generic identifier.
    {kOrg, "Kenyan Business Licence No. 12345 (Kenya)",
     "id:other[Kenyan Business Licence No.]:12345@ke", 1, 0, 0},
    // Vessels and aircraft.
    {model::Schema::kVessel,
     "Vessel Registration Identification IMO 9283007; MMSI 572469210; Other Vessel Call Sign "
     "9HA3456; Vessel Year of Build 1990; Former Vessel Flag Panama",
     "id:imo[Vessel Registration Identification]:9283007 | id:mmsi[MMSI]:572469210 | "
     "id:call_sign[Other Vessel Call Sign]:9HA3456 | extra:buildDate=1990 | extra:pastFlags=Panama",
     5, 0, 0},
    {kOrg, "Identification Number IMO 1234567", "id:imo[Identification Number]:1234567", 1, 0, 0},
    {model::Schema::kAirplane,
     "Aircraft Construction Number (also called L/N or S/N or F/N) 1003; Aircraft Manufacturer's "
     "Serial Number (MSN) 11394; Aircraft Tail Number EP-MNF; Aircraft Model A310-304",
     "id:aircraft_serial[Aircraft Construction Number (also called L/N or S/N or F/N)]:1003 | "
     "id:aircraft_serial[Aircraft Manufacturer's Serial Number (MSN)]:11394 | "
     "id:aircraft_serial[Aircraft Tail Number]:EP-MNF | model:A310-304",
     4, 0, 0},
    // Contacts and crypto.
    {kPerson,
     "Digital Currency Address - XBT 1Df883c96LVauVsx9FEgnsourD8DELwCUQ; alt. Digital Currency "
     "Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
     "id:crypto_wallet[XBT]:1Df883c96LVauVsx9FEgnsourD8DELwCUQ | "
     "id:crypto_wallet[ETH]:0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
     2, 0, 0},
    {kPerson, "Digital Currency Address - XBT194xmrZA53UBsZau2PnJLdmVVW9m5feeS",
     "id:crypto_wallet[XBT]:194xmrZA53UBsZau2PnJLdmVVW9m5feeS", 1, 0, 0},
    {kOrg, "Email Address info@example.com; Website www.example.com; Phone Number +7 495 1234567",
     "id:email[Email Address]:info@example.com | id:website[Website]:www.example.com | "
     "id:phone[Phone Number]:+7 495 1234567",
     3, 0, 0},
    {kOrg, "www.almanar.com.lb; info@sanabel.org.uk (email)",
     "id:website[Website]:www.almanar.com.lb | id:email[Email Address]:info@sanabel.org.uk", 2, 0,
     0},
    // Names and links; quotes protect ';' and apostrophes inside names.
    {kOrg, "a.k.a. 'BNC'.", "weakAlias:BNC", 1, 0, 0},
    {kOrg, "a.k.a. 'JSC 'SMN''; f.k.a. 'OLD NAME; LTD'; Linked To: AL-QA'IDA.",
     "weakAlias:JSC 'SMN' | previousName:OLD NAME; LTD | linked_to:AL-QA'IDA", 3, 0, 0},
    {kOrg, "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE; a.k.a. 'X (Y; Z)'",
     "weakAlias:X (Y; Z) | linked_to:ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", 2, 0, 0},
    // Sanctions information: classified, kept as remarks.
    {kOrg,
     "Additional Sanctions Information - Subject to Secondary Sanctions; Secondary sanctions "
     "risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886; "
     "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: "
     "North Korea Sanctions Regulations section 510.214",
     "remark:Additional Sanctions Information - Subject to Secondary Sanctions | "
     "remark:Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by "
     "Executive Order 13886 | remark:Transactions Prohibited For Persons Owned or Controlled By "
     "U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214",
     3, 0, 0},
    {kOrg, "Organization Type: Activities of holding companies; Target Type State-Owned Enterprise",
     "extra:sector=Activities of holding companies | extra:classification=State-Owned Enterprise",
     2, 0, 0},
    {kPerson, "Position: Owner; Alternate Title: Colonel; Member of the State Duma",
     "title:Colonel | position:Owner | position:Member of the State Duma", 3, 0, 0},
    // Unclassified text is kept verbatim.
    {kOrg, "juice manufacturer; <Head Office>", "remark:juice manufacturer | remark:<Head Office>",
     2, 2, 0},
    // Empty forms.
    {kPerson, "-0-", "", 0, 0, 0},
    {kPerson, "", "", 0, 0, 0},
    {kPerson, " ; ;. ", "", 0, 0, 0},
    // An unbalanced quote or parenthesis falls back to splitting on every ';'.
    {kOrg, "a.k.a. 'UNCLOSED; Linked To: X", "weakAlias:UNCLOSED | linked_to:X", 2, 0, 0},
    {kOrg, "Linked To: A (B; Linked To: C", "linked_to:A (B | linked_to:C", 2, 0, 0},
};

TEST(OfacRemarksTest, Table) {
  for (const RemarksCase& c : kCases) {
    model::Entity e;
    e.schema = c.schema;
    e.names.emplace_back().full = "PRIMARY";
    LoadReport report;
    ParseOfacRemarks(c.remarks, "sdn.csv:7 field 'Remarks'", &e, &report);
    EXPECT_EQ(Describe(e), c.expected) << "remarks: " << c.remarks;
    EXPECT_EQ(report.clauses_total, c.clauses) << "remarks: " << c.remarks;
    EXPECT_EQ(report.clauses_unclassified, c.unclassified) << "remarks: " << c.remarks;
    EXPECT_EQ(report.warnings, c.warnings) << "remarks: " << c.remarks;
  }
}

TEST(OfacRemarksTest, BadValueWarningSaysWhereAndWhat) {
  model::Entity e;
  e.schema = model::Schema::kPerson;
  LoadReport report;
  ParseOfacRemarks("DOB 31 Feb 1970; Gender Male", "sdn.csv:1042 field 'Remarks'", &e, &report);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].where, "sdn.csv:1042 field 'Remarks'");
  EXPECT_EQ(report.problems[0].message, "expected a date after 'DOB', got '31 Feb 1970'");
  EXPECT_EQ(e.gender, model::Gender::kMale);
  EXPECT_TRUE(e.birth_dates.empty());
}

struct DateCase {
  const char* text;
  const char* from;  // ISO, "" when parsing must fail
  const char* to;
  bool circa;
};

TEST(OfacDateTest, Forms) {
  const DateCase kDates[] = {
      {"07 Oct 1952", "1952-10-07", "", false},
      {"7 October 1952", "1952-10-07", "", false},
      {"Sept 1952", "1952-09", "", false},
      {"1952-10-07", "1952-10-07", "", false},
      {"circa 1958 to 1960", "1958", "1960", true},
      {"approximately 1955", "1955", "", true},
      {"Between 01 Jan 1957 and 1962", "1957-01-01", "1962", false},
      {"31 Feb 1970", "", "", false},
      {"30 Feb 2000", "", "", false},
      {"00 Jan 1970", "", "", false},
      {"Foo 1970", "", "", false},
      {"1700", "", "", false},
      {"19521", "", "", false},
      {"", "", "", false},
      {"Between 1957", "", "", false},
      {"1960 to", "", "", false},
  };
  for (const DateCase& c : kDates) {
    auto d = ParseOfacDate(c.text);
    if (c.from[0] == '\0') {
      EXPECT_FALSE(d.has_value()) << c.text;
      if (!d) {
        EXPECT_EQ(d.error().code, ErrorCode::kParse);
      }
      continue;
    }
    ASSERT_TRUE(d.has_value()) << c.text << ": " << d.error().ToString();
    EXPECT_EQ(d->from.ToIso(), c.from) << c.text;
    EXPECT_EQ(d->to.ToIso(), c.to) << c.text;
    EXPECT_EQ(d->circa, c.circa) << c.text;
    EXPECT_EQ(d->original, c.text);
  }
}

TEST(OfacClausesTest, Split) {
  EXPECT_EQ(SplitOfacClauses("A; B (x; y); 'C; D'; E."),
            (std::vector<std::string_view>{"A", "B (x; y)", "'C; D'", "E"}));
  EXPECT_EQ(SplitOfacClauses("Linked To: AL-QA'IDA; B"),
            (std::vector<std::string_view>{"Linked To: AL-QA'IDA", "B"}));
  EXPECT_TRUE(SplitOfacClauses("").empty());
  EXPECT_TRUE(SplitOfacClauses(";;;").empty());
}

TEST(OfacRemarksTest, OversizedRemarksAreTruncatedWithAWarning) {
  std::string big;
  while (big.size() <= kMaxRemarksBytes) big += "a.k.a. 'X'; ";
  model::Entity e;
  LoadReport report;
  ParseOfacRemarks(big, "w", &e, &report);
  EXPECT_GE(report.warnings, 1u);
  EXPECT_LE(report.clauses_total, kMaxRemarksBytes / 10);
}

}  // namespace
}  // namespace embargo::ingest
