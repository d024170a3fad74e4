#include "model/ftm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"

namespace embargo::model {
namespace {

using json = nlohmann::json;

// ---- Entity -> FtM -> Entity ---------------------------------------------------------

Name MakeName(std::string full, NameKind kind) {
  Name n;
  n.full = std::move(full);
  n.kind = kind;
  return n;
}

DateSpec Date(std::string_view from, std::string_view to = "", bool circa = false,
              std::string original = "") {
  DateSpec d;
  d.from = *PartialDate::FromIso(from);
  if (!to.empty()) d.to = *PartialDate::FromIso(to);
  d.circa = circa;
  d.original = std::move(original);
  return d;
}

// A person using every field, with every detail flat FtM cannot carry.
Entity FullPerson() {
  Entity e;
  e.id = "ofac-35096";
  e.dataset = "us_ofac_sdn";
  e.schema = Schema::kPerson;
  Name primary = MakeName("PUTIN, Vladimir Vladimirovich", NameKind::kPrimary);
  primary.first_name = "Vladimir";
  primary.middle_name = "V.";
  primary.last_name = "PUTIN";
  primary.patronymic = "Vladimirovich";
  primary.script = "Latn";
  e.names = {primary, MakeName("Putin V.", NameKind::kPrimary),
             MakeName("Владимир Путин", NameKind::kAlias), MakeName("VVP", NameKind::kWeakAlias),
             MakeName("Platov", NameKind::kPrevious)};
  e.names[2].script = "Cyrl";
  e.names[2].lang = "ru";
  e.names[2].first_name = "Владимир";
  e.birth_dates = {Date("1952-10-07"), Date("1957", "1962", false, "Between 1957 and 1962"),
                   Date("1940", "1960"), Date("1950-03", "1950-05"),
                   Date("1953", "", true, "circa 1953")};
  e.death_dates = {Date("2099-01-01")};
  e.birth_places = {"Leningrad, Russia"};
  e.gender = Gender::kMale;
  e.titles = {"President of the Russian Federation"};
  e.positions = {"President"};
  e.nationalities = {"ru"};
  e.citizenships = {"ru", "by"};
  e.countries = {"ru"};
  e.identifiers = {
      {IdType::kPassport, "4521087953", "ru", "Passport", "expires 2025"},
      {IdType::kTaxId, "183116181362", "", "INN", ""},
      {IdType::kNationalId, "X1", "", "", ""},
      {IdType::kCryptoWallet, "bc1qxy", "", "XBT", ""},
      {IdType::kDriversLicense, "DL-7", "", "", ""},
      {IdType::kEmail, "vvp@kremlin.ru", "", "", ""},
  };
  e.addresses = {Address{"Kremlin, Moscow", "", "", "", "", "", ""},
                 Address{"", "Red Square 1", "Moscow", "", "103132", "ru", "office"}};
  e.programs = {"RUSSIA-EO14024", "UKRAINE-EO13660"};
  e.listed_on = "2022-02-25";
  e.source_url = "https://ofac.treasury.gov/";
  e.remarks = {"Linked To: RUSSIAN FEDERATION."};
  e.links = {Link{"linked_to", "RUSSIAN DIRECT INVESTMENT FUND", "ofac-1"}};
  e.extra = {{"@first_seen", "\"2022-02-26T00:00:00\""},
             {"@referents", "[\"ofac-35096\",\"eu-fsf-1\"]"},
             {"topics", "sanction"},
             {"topics", "role.pep"},
             {"wikidataId", "Q7747"}};
  return e;
}

Entity Vessel() {
  Entity e;
  e.id = "ofac-9999";
  e.dataset = "us_ofac_sdn";
  e.schema = Schema::kVessel;
  e.names = {MakeName("SEA STAR", NameKind::kPrimary)};
  e.identifiers = {{IdType::kImo, "9123456", "", "", ""},
                   {IdType::kMmsi, "273123456", "", "", ""},
                   {IdType::kCallSign, "UBAB3", "", "", ""}};
  e.vessel_type = "Crude Oil Tanker";
  e.flag = "ru";
  e.tonnage = "80000";
  e.gross_tonnage = "42000";
  e.owner = "SOVCOMFLOT";
  e.birth_dates = {Date("2001")};
  return e;
}

Entity Airplane() {
  Entity e;
  e.id = "ofac-7777";
  e.schema = Schema::kAirplane;
  e.names = {MakeName("RA-96019", NameKind::kPrimary)};
  e.aircraft_model = "Ilyushin Il-96-300";
  e.identifiers = {{IdType::kAircraftSerial, "74393201016", "", "", ""}};
  return e;
}

Entity Company() {
  Entity e;
  e.id = "NK-zala";
  e.dataset = "eu_fsf";
  e.schema = Schema::kCompany;
  e.names = {MakeName("ZALA AERO", NameKind::kPrimary)};
  e.birth_dates = {Date("2010-01-12")};
  e.death_dates = {Date("2024")};
  e.countries = {"ru", "ru"};
  // In FtM property order (innCode before ogrnCode), so the flat form is exact.
  e.identifiers = {{IdType::kTaxId, "1835085567", "", "INN", ""},
                   {IdType::kRegistration, "1101840004433", "", "OGRN", ""},
                   {IdType::kLei, "253400ABCDEF", "", "", ""},
                   {IdType::kBic, "ZALARU22", "", "", ""}};
  e.extra = {{"#jurisdiction", "ru"}, {"legalForm", "JSC"}};
  return e;
}

TEST(FtmTest, EntityRoundTripsThroughFtm) {
  for (const Entity& e : {FullPerson(), Vessel(), Airplane(), Company()}) {
    std::string line = ToFtmLine(e);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    json j = json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    auto back = FromFtm(j, "test:1");
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_TRUE(SameEntity(e, *back)) << line << "\n" << ToFtmLine(*back);
  }
}

TEST(FtmTest, FlatEntityHasNoEmbargoMember) {
  json j = ToFtm(Vessel());
  EXPECT_FALSE(j.contains("embargo")) << j.dump();
  EXPECT_EQ(j["schema"], "Vessel");
  EXPECT_EQ(j["caption"], "SEA STAR");
  EXPECT_EQ(j["properties"]["imoNumber"], json::array({"9123456"}));
  EXPECT_EQ(j["properties"]["flag"], json::array({"ru"}));
  EXPECT_EQ(j["properties"]["grossRegisteredTonnage"], json::array({"42000"}));
  EXPECT_EQ(j["datasets"], json::array({"us_ofac_sdn"}));
  // Company: dates map to incorporation/dissolution; the marked country to jurisdiction.
  json c = ToFtm(Company());
  EXPECT_FALSE(c.contains("embargo")) << c.dump();
  EXPECT_EQ(c["properties"]["incorporationDate"], json::array({"2010-01-12"}));
  EXPECT_EQ(c["properties"]["dissolutionDate"], json::array({"2024"}));
  EXPECT_EQ(c["properties"]["jurisdiction"], json::array({"ru"}));
  EXPECT_EQ(c["properties"]["country"], json::array({"ru"}));
  EXPECT_EQ(c["properties"]["ogrnCode"], json::array({"1101840004433"}));
  EXPECT_EQ(c["properties"]["innCode"], json::array({"1835085567"}));
}

TEST(FtmTest, FlatFormOfLossyDetails) {
  json j = ToFtm(FullPerson());
  const json& p = j["properties"];
  // Ranges: 1957-1962 as every year, 1940-1960 and 1950-03..05 as endpoints, circa plain.
  EXPECT_EQ(p["birthDate"], json::array({"1952-10-07", "1957", "1958", "1959", "1960", "1961",
                                         "1962", "1940", "1960", "1950-03", "1950-05", "1953"}));
  EXPECT_EQ(p["name"], json::array({"PUTIN, Vladimir Vladimirovich", "Putin V."}));
  EXPECT_EQ(p["fatherName"], json::array({"Vladimirovich"}));
  EXPECT_EQ(p["passportNumber"], json::array({"4521087953"}));
  EXPECT_EQ(p["idNumber"], json::array({"X1", "DL-7"}));
  EXPECT_EQ(p["address"], json::array({"Kremlin, Moscow", "Red Square 1, 103132, Moscow, ru"}));
  EXPECT_EQ(p["programId"], json::array({"RUSSIA-EO14024", "UKRAINE-EO13660"}));
  EXPECT_EQ(p["createdAt"], json::array({"2022-02-25"}));
  EXPECT_EQ(p["topics"], json::array({"sanction", "role.pep"}));
  EXPECT_EQ(j["first_seen"], "2022-02-26T00:00:00");
  ASSERT_TRUE(j.contains("embargo"));
  for (const char* section : {"names", "birthDates", "identifiers", "addresses", "links"})
    EXPECT_TRUE(j["embargo"].contains(section)) << section;
  EXPECT_FALSE(j["embargo"].contains("deathDates"));
  EXPECT_EQ(j["embargo"]["birthDates"][1],
            json({{"from", "1957"}, {"to", "1962"}, {"original", "Between 1957 and 1962"}}));
}

TEST(FtmTest, EditedFlatValuesWinOverEmbargoSection) {
  json j = ToFtm(FullPerson());
  // Someone removed a birth year: the section no longer matches, flat values are used.
  auto& years = j["properties"]["birthDate"];
  years.erase(years.begin() + 2);
  auto e = FromFtm(j, "t:1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->birth_dates.size(), 11u);
  EXPECT_FALSE(e->birth_dates[1].is_range());
  // Names section still matches and is used.
  EXPECT_EQ(e->names[2].script, "Cyrl");
}

struct ErrorCase {
  const char* json_text;
  ErrorCode code;
  const char* message_part;
};

TEST(FtmTest, Errors) {
  const ErrorCase cases[] = {
      {R"([1,2])", ErrorCode::kParse, "expected a JSON object"},
      {R"({"schema":"Person","properties":{"name":["A"]}})", ErrorCode::kParse, "\"id\""},
      {R"({"id":"","schema":"Person","properties":{"name":["A"]}})", ErrorCode::kParse, "\"id\""},
      {R"({"id":"x","properties":{"name":["A"]}})", ErrorCode::kParse, "\"schema\""},
      {R"({"id":"x","schema":7})", ErrorCode::kParse, "\"schema\""},
      {R"({"id":"x","schema":"Person","properties":[]})", ErrorCode::kParse, "properties"},
      {R"({"id":"x","schema":"Person","properties":{"name":[""]}})", ErrorCode::kParse, "no name"},
      {R"({"id":"x","schema":"Sanction","properties":{}})", ErrorCode::kNotFound, "Sanction"},
      {R"({"id":"x","schema":"Ownership"})", ErrorCode::kNotFound, "Ownership"},
  };
  for (const auto& c : cases) {
    auto e = FromFtm(json::parse(c.json_text), "f.json:3");
    ASSERT_FALSE(e.has_value()) << c.json_text;
    EXPECT_EQ(e.error().code, c.code) << c.json_text;
    EXPECT_NE(e.error().message.find(c.message_part), std::string::npos) << e.error().message;
    EXPECT_EQ(e.error().where, "f.json:3");
  }
}

TEST(FtmTest, OddValuesAreKeptVerbatim) {
  json in = json::parse(R"({"id":"q1","schema":"PublicBody","caption":"X",
    "properties":{"name":"Ministry","country":["SA","sa",""],"birthDate":["NA","1973"],
      "publications":[{"title":"T"}],"@odd":["v"],"gender":["male","female"],
      "createdAt":["2022-06-03T10:00:00"],"sourceUrl":["a","b"]},
    "datasets":["x","y"],"target":true})");
  auto e = FromFtm(in, "w:1");
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_EQ(e->schema, Schema::kOrganization);
  EXPECT_EQ(e->dataset, "x");
  EXPECT_EQ(e->countries, std::vector<std::string>{"sa"});
  EXPECT_EQ(e->gender, Gender::kMale);
  EXPECT_EQ(e->source_url, "a");
  EXPECT_TRUE(e->listed_on.empty());
  json out = ToFtm(*e);
  EXPECT_EQ(out["schema"], "PublicBody");
  EXPECT_EQ(out["datasets"], json::array({"x", "y"}));
  EXPECT_EQ(out["target"], true);
  EXPECT_EQ(out["properties"]["name"], json::array({"Ministry"}));
  EXPECT_EQ(out["properties"]["@odd"], json::array({"v"}));
  EXPECT_EQ(out["properties"]["publications"], json::parse(R"([{"title":"T"}])"));
  EXPECT_EQ(out["properties"]["birthDate"], json::array({"NA", "1973"}));  // not a Person
  auto again = FromFtm(out, "w:1");
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(SameEntity(*e, *again)) << out.dump();
}

// ---- FtM -> Entity -> FtM on the real OpenSanctions files ----------------------------

// Property -> sorted compact values; a scalar counts as a one-element list.
std::map<std::string, std::vector<std::string>> NormalProps(const json& j) {
  std::map<std::string, std::vector<std::string>> out;
  if (!j.contains("properties")) return out;
  for (const auto& [k, v] : j["properties"].items()) {
    auto& values = out[k];
    if (v.is_array()) {
      for (const auto& x : v) values.push_back(x.dump());
    } else {
      values.push_back(v.dump());
    }
    std::sort(values.begin(), values.end());
    if (values.empty()) out.erase(k);
  }
  return out;
}

struct FileCase {
  const char* path;
  size_t screenable;  // Person/Company/Organization lines in the file
};

TEST(FtmTest, RealFilesRoundTrip) {
  const FileCase files[] = {{"opensanctions/zala-cluster.ftm.json", 17},
                            {"opensanctions/t1.ftm.json", 6},
                            {"opensanctions/wd_peps_sa-2024-03/entities.ftm.json", 607}};
  for (const auto& f : files) {
    auto data = ReadFile(testing::TestDataPath(f.path));
    ASSERT_TRUE(data.has_value()) << "missing test data " << f.path << ": "
                                  << data.error().ToString();
    size_t line_no = 0, converted = 0, no_name = 0;
    size_t pos = 0;
    while (pos < data->size()) {
      size_t end = data->find('\n', pos);
      if (end == std::string::npos) end = data->size();
      std::string line = data->substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (line.empty()) continue;
      json in = json::parse(line, nullptr, false);
      ASSERT_FALSE(in.is_discarded()) << f.path << ":" << line_no;
      std::string where = std::string(f.path) + ":" + std::to_string(line_no);
      auto e = FromFtm(in, where);
      if (!e) {
        if (e.error().code == ErrorCode::kParse &&
            e.error().message.find("no name") != std::string::npos) {
          ++no_name;
          continue;
        }
        ASSERT_EQ(e.error().code, ErrorCode::kNotFound) << e.error().ToString();
        continue;
      }
      ++converted;
      json out = ToFtm(*e);
      EXPECT_EQ(NormalProps(in), NormalProps(out)) << where << "\n" << out.dump();
      EXPECT_EQ(out["id"], in["id"]);
      EXPECT_EQ(out["datasets"], in["datasets"]) << where;
      auto again = FromFtm(out, where);
      ASSERT_TRUE(again.has_value()) << again.error().ToString();
      EXPECT_TRUE(SameEntity(*e, *again)) << where;
    }
    EXPECT_EQ(converted + no_name, f.screenable) << f.path;
    EXPECT_LE(no_name, 1u) << f.path;
  }
}

TEST(FtmTest, KnownEntityInDetail) {
  auto data = ReadFile(testing::TestDataPath("opensanctions/zala-cluster.ftm.json"));
  ASSERT_TRUE(data.has_value()) << data.error().ToString();
  size_t at = data->find("\"id\": \"NK-2Tbri3s6GgNtAwsSXh4qpL\"");
  ASSERT_NE(at, std::string::npos);
  size_t begin = data->rfind('\n', at) + 1;
  size_t end = data->find('\n', at);
  auto e = FromFtm(json::parse(data->substr(begin, end - begin)), "zala:1");
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(e->dataset, "gb_coh_disqualified");
  EXPECT_EQ(e->primary_name().full, "OSETROVA, Maria Aleksandrovna");
  EXPECT_EQ(e->primary_name().first_name, "Mariya Aleksandrovna");
  EXPECT_EQ(e->primary_name().last_name, "Osetrova");
  EXPECT_EQ(e->primary_name().patronymic, "АЛЕКСАНДРОВНА");
  EXPECT_EQ(e->names.size(), 12u + 2 + 2);
  EXPECT_EQ(e->names[12].kind, NameKind::kAlias);
  EXPECT_EQ(e->names[14].kind, NameKind::kPrevious);
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].from.ToIso(), "1988-01-07");
  EXPECT_EQ(e->gender, Gender::kFemale);
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"ru"});
  EXPECT_EQ(e->citizenships, std::vector<std::string>{"ru"});
  EXPECT_EQ(e->programs, (std::vector<std::string>{"UA-SA1644", "US-RUSHAR", "GB-RUS"}));
  EXPECT_EQ(e->listed_on, "2025-02-13");
  EXPECT_EQ(e->birth_places, (std::vector<std::string>{"Russia", "Izhevsk"}));
  EXPECT_EQ(e->addresses.size(), 2u);
  EXPECT_EQ(e->remarks.size(), 4u);
  // idNumber, innCode, taxNumber all hold the INN.
  ASSERT_EQ(e->identifiers.size(), 3u);
  EXPECT_EQ(e->identifiers[0].type, IdType::kNationalId);
  EXPECT_EQ(e->identifiers[1].type, IdType::kTaxId);
  EXPECT_EQ(e->identifiers[2].label, "INN");
  // Kept verbatim: the second sourceUrl, topics, the 2nd+ datasets, referents.
  auto has = [&](std::string_view k) {
    return std::any_of(e->extra.begin(), e->extra.end(),
                       [&](const auto& kv) { return kv.first == k; });
  };
  EXPECT_TRUE(has("topics"));
  EXPECT_TRUE(has("sourceUrl"));
  EXPECT_TRUE(has("@datasets"));
  EXPECT_TRUE(has("@referents"));
  EXPECT_TRUE(has("uniqueEntityId"));
  EXPECT_TRUE(std::is_sorted(e->extra.begin(), e->extra.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));
}

}  // namespace
}  // namespace embargo::model
