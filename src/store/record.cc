// Canonical records and hashes (see record.h). SHA-256 through OpenSSL's one-shot call.
#include "store/record.h"

#include <openssl/sha.h>

#include <algorithm>
#include <set>

#include "model/ftm.h"

namespace embargo::store {

std::string Canonical(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), d);
  static const char* kHex = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[d[i] >> 4];
    out[2 * i + 1] = kHex[d[i] & 15];
  }
  return out;
}

nlohmann::json CustomerRecord(const screen::Query& q) {
  nlohmann::json props = nlohmann::json::object();
  if (!q.names.empty()) props["name"] = q.names;
  std::vector<std::string> dates;
  for (const auto& d : q.facts.birth_dates) dates.push_back(d.ToIso());
  if (!dates.empty()) props["birthDate"] = dates;
  if (!q.facts.countries.empty()) props["country"] = q.facts.countries;
  if (!q.facts.identifiers.empty()) props["idNumber"] = q.facts.identifiers;
  if (q.facts.gender != model::Gender::kUnknown)
    props["gender"] = {std::string(model::GenderName(q.facts.gender))};
  return {{"id", q.id},
          {"schema", std::string(model::SchemaName(q.facts.schema))},
          {"properties", props}};
}

nlohmann::json EntityRecord(const model::Entity& entity) { return model::ToFtm(entity); }

std::string EntityHash(const model::Entity& entity) {
  return Sha256Hex(Canonical(EntityRecord(entity)));
}

namespace {

std::vector<std::string> Values(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& x : v) out.push_back(x.is_string() ? x.get<std::string>() : Canonical(x));
  } else if (!v.is_null()) {
    out.push_back(v.is_string() ? v.get<std::string>() : Canonical(v));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

nlohmann::json RecordChanges(const nlohmann::json& a, const nlohmann::json& b) {
  nlohmann::json out = nlohmann::json::array();
  auto add = [&](const std::string& field, const nlohmann::json& x, const nlohmann::json& y) {
    auto xs = Values(x), ys = Values(y);
    std::vector<std::string> only_old, only_new;
    std::set_difference(xs.begin(), xs.end(), ys.begin(), ys.end(), std::back_inserter(only_old));
    std::set_difference(ys.begin(), ys.end(), xs.begin(), xs.end(), std::back_inserter(only_new));
    if (!only_old.empty() || !only_new.empty())
      out.push_back({{"field", field}, {"old", only_old}, {"new", only_new}});
  };
  auto get = [](const nlohmann::json& j, const char* k) {
    return j.is_object() && j.contains(k) ? j[k] : nlohmann::json();
  };
  add("schema", get(a, "schema"), get(b, "schema"));
  nlohmann::json pa = get(a, "properties"), pb = get(b, "properties");
  std::set<std::string> keys;
  for (const auto* p : {&pa, &pb})
    if (p->is_object())
      for (auto it = p->begin(); it != p->end(); ++it) keys.insert(it.key());
  for (const auto& k : keys) add(k, get(pa, k.c_str()), get(pb, k.c_str()));
  return out;
}

}  // namespace embargo::store
