// The default catalogue: official URLs of the lists and where each is stored in the data
// folder. Local names are lower-case so a data folder reads the same on every platform
// (OFAC serves upper-case names such as SDN.CSV).
#include "update/catalogue.h"

#include <algorithm>
#include <cctype>

namespace embargo::update {
namespace {

std::string WithSlash(std::string base) {
  if (base.empty() || base.back() != '/') base.push_back('/');
  return base;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ValidDatasetName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool Wants(const CatalogueOptions& options, const std::string& list) {
  return std::find(options.lists.begin(), options.lists.end(), list) != options.lists.end();
}

}  // namespace

const std::vector<std::string>& OfacExportNames() {
  static const std::vector<std::string> kNames = {
      "SDN.CSV",       "ALT.CSV",      "ADD.CSV",      "SDN_COMMENTS.CSV",
      "CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV", "CONS_COMMENTS.CSV"};
  return kNames;
}

Result<std::vector<Source>> DefaultCatalogue(const CatalogueOptions& options) {
  for (const std::string& list : options.lists) {
    if (list != "ofac" && list != "un" && list != "opensanctions") {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown list '" + list + "' (known: ofac, un, opensanctions)");
    }
  }
  auto cap = [&](uint64_t list_cap) { return options.max_bytes ? options.max_bytes : list_cap; };
  std::vector<Source> sources;
  if (Wants(options, "ofac")) {
    std::string base = WithSlash(options.ofac_base_url);
    for (const std::string& name : OfacExportNames()) {
      sources.push_back({"ofac", base + name, "ofac/" + Lower(name), cap(kOfacMaxBytes)});
    }
  }
  if (Wants(options, "un")) {
    sources.push_back({"un", options.un_url, "un/consolidated.xml", cap(kUnMaxBytes)});
  }
  std::string os_base = WithSlash(options.opensanctions_base_url);
  for (const std::string& name : options.opensanctions_datasets) {
    if (!ValidDatasetName(name)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "OpenSanctions dataset name must match [a-z0-9_-]{1,64}, got '" + name + "'");
    }
    sources.push_back({"opensanctions/" + name, os_base + name + "/entities.ftm.json",
                       "opensanctions/" + name + "/entities.ftm.json",
                       cap(kOpenSanctionsMaxBytes)});
  }
  return sources;
}

}  // namespace embargo::update
