#include "model/entity.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace embargo::model {

std::string_view SchemaName(Schema schema) {
  switch (schema) {
    case Schema::kLegalEntity:
      return "LegalEntity";
    case Schema::kPerson:
      return "Person";
    case Schema::kOrganization:
      return "Organization";
    case Schema::kCompany:
      return "Company";
    case Schema::kVessel:
      return "Vessel";
    case Schema::kAirplane:
      return "Airplane";
  }
  return "LegalEntity";
}

std::optional<Schema> ParseSchema(std::string_view name) {
  if (name == "Person") return Schema::kPerson;
  if (name == "Organization" || name == "PublicBody") return Schema::kOrganization;
  if (name == "Company") return Schema::kCompany;
  if (name == "LegalEntity" || name == "Thing") return Schema::kLegalEntity;
  if (name == "Vessel") return Schema::kVessel;
  if (name == "Airplane") return Schema::kAirplane;
  return std::nullopt;
}

bool SchemataCompatible(Schema query, Schema candidate) {
  auto is_party = [](Schema s) {
    return s == Schema::kLegalEntity || s == Schema::kPerson || s == Schema::kOrganization ||
           s == Schema::kCompany;
  };
  if (query == candidate) return true;
  if (query == Schema::kLegalEntity) return is_party(candidate);
  if (candidate == Schema::kLegalEntity) return is_party(query);
  bool q_org = query == Schema::kOrganization || query == Schema::kCompany;
  bool c_org = candidate == Schema::kOrganization || candidate == Schema::kCompany;
  return q_org && c_org;
}

std::string_view NameKindName(NameKind kind) {
  switch (kind) {
    case NameKind::kPrimary:
      return "name";
    case NameKind::kAlias:
      return "alias";
    case NameKind::kWeakAlias:
      return "weakAlias";
    case NameKind::kPrevious:
      return "previousName";
  }
  return "name";
}

std::string PartialDate::ToIso() const {
  if (year == 0) return {};
  char buf[32];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::optional<PartialDate> PartialDate::FromIso(std::string_view s) {
  auto num = [](std::string_view t, int lo, int hi) -> std::optional<int> {
    int v = 0;
    if (t.empty()) return std::nullopt;
    for (char c : t)
      if (c < '0' || c > '9') return std::nullopt;
    std::from_chars(t.data(), t.data() + t.size(), v);
    if (v < lo || v > hi) return std::nullopt;
    return v;
  };
  PartialDate d;
  if (s.size() < 4) return std::nullopt;
  auto y = num(s.substr(0, 4), 1000, 2999);
  if (!y) return std::nullopt;
  d.year = static_cast<int16_t>(*y);
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-') return std::nullopt;
  auto m = num(s.substr(5, 2), 1, 12);
  if (!m) return std::nullopt;
  d.month = static_cast<int8_t>(*m);
  if (s.size() == 7) return d;
  if (s.size() < 10 || s[7] != '-') return std::nullopt;
  auto dd = num(s.substr(8, 2), 1, 31);
  if (!dd) return std::nullopt;
  static constexpr std::array<int, 13> kDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*dd > kDays[*m]) return std::nullopt;
  if (*m == 2 && *dd == 29 && !((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0)) return std::nullopt;
  d.day = static_cast<int8_t>(*dd);
  // FtM allows a time suffix ("2022-02-24T00:00:00"); we keep the day.
  if (s.size() > 10 && s[10] != 'T') return std::nullopt;
  return d;
}

std::string_view GenderName(Gender g) {
  switch (g) {
    case Gender::kUnknown:
      return "";
    case Gender::kMale:
      return "male";
    case Gender::kFemale:
      return "female";
    case Gender::kOther:
      return "other";
  }
  return "";
}

namespace {
struct IdTypeEntry {
  IdType type;
  std::string_view name;
};
constexpr IdTypeEntry kIdTypes[] = {
    {IdType::kOther, "other"},
    {IdType::kPassport, "passport"},
    {IdType::kNationalId, "national_id"},
    {IdType::kTaxId, "tax_id"},
    {IdType::kRegistration, "registration"},
    {IdType::kImo, "imo"},
    {IdType::kMmsi, "mmsi"},
    {IdType::kCallSign, "call_sign"},
    {IdType::kLei, "lei"},
    {IdType::kBic, "bic"},
    {IdType::kCryptoWallet, "crypto_wallet"},
    {IdType::kEmail, "email"},
    {IdType::kWebsite, "website"},
    {IdType::kPhone, "phone"},
    {IdType::kDriversLicense, "drivers_license"},
    {IdType::kSocialSecurity, "social_security"},
    {IdType::kAircraftSerial, "aircraft_serial"},
    {IdType::kDuns, "duns"},
};
}  // namespace

std::string_view IdTypeName(IdType type) {
  for (const auto& e : kIdTypes)
    if (e.type == type) return e.name;
  return "other";
}

std::optional<IdType> ParseIdType(std::string_view name) {
  for (const auto& e : kIdTypes)
    if (e.name == name) return e.type;
  return std::nullopt;
}

}  // namespace embargo::model
