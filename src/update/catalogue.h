// The source catalogue of `embargo update`: which official files are fetched, from which
// URL, and under which path in the data folder they are stored. The CLI builds the
// catalogue with DefaultCatalogue() and hands it to Update() (update.h); tests override
// the base URLs so every request goes to a server on 127.0.0.1.
//
// Default catalogue (see README.md in this folder for the on-disk layout):
//   list "ofac": OFAC Sanctions List Service legacy CSVs
//     <ofac_base_url><NAME> for NAME in SDN.CSV ALT.CSV ADD.CSV SDN_COMMENTS.CSV
//     CONS_PRIM.CSV CONS_ALT.CSV CONS_ADD.CSV CONS_COMMENTS.CSV -> ofac/<name lower-case>
//   list "un": UN Security Council consolidated list
//     <un_url> -> un/consolidated.xml
//   list "opensanctions/<name>", only for datasets named in the options:
//     <opensanctions_base_url><name>/entities.ftm.json -> opensanctions/<name>/entities.ftm.json
//
// Thread-safety: plain values and a pure function.
#ifndef EMBARGO_UPDATE_CATALOGUE_H_
#define EMBARGO_UPDATE_CATALOGUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace embargo::update {

// One file to fetch.
struct Source {
  std::string list;           // list the file belongs to: "ofac", "un", "opensanctions/<name>"
  std::string url;            // where it is fetched from (http or https)
  std::string relative_path;  // where it is stored below the data folder, e.g. "ofac/sdn.csv"
  uint64_t max_bytes = 0;     // a larger download is refused (ErrorCode::kLimit)
};

// Default official endpoints.
inline constexpr char kOfacBaseUrl[] =
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/";
inline constexpr char kUnUrl[] = "https://scsanctions.un.org/resources/xml/en/consolidated.xml";
inline constexpr char kOpenSanctionsBaseUrl[] = "https://data.opensanctions.org/datasets/latest/";

// Size caps: the largest OFAC CSV is about 5 MB and the UN XML about 3 MB; the caps leave
// room for growth while bounding what a hostile or broken server can make us write.
inline constexpr uint64_t kOfacMaxBytes = 256ull << 20;
inline constexpr uint64_t kUnMaxBytes = 256ull << 20;
inline constexpr uint64_t kOpenSanctionsMaxBytes = 4ull << 30;

struct CatalogueOptions {
  // Default: all of "ofac" and "un". Names of lists to include; an unknown name is an
  // error. "opensanctions" is implied by a non-empty opensanctions_datasets.
  std::vector<std::string> lists = {"ofac", "un"};
  // Default: none. OpenSanctions dataset names (e.g. "sanctions", "default"); each must
  // match [a-z0-9_-]{1,64}.
  std::vector<std::string> opensanctions_datasets;
  // Base URLs, overridable for mirrors and tests. The OFAC and OpenSanctions bases
  // end in '/' (one is appended when missing).
  std::string ofac_base_url = kOfacBaseUrl;
  std::string un_url = kUnUrl;
  std::string opensanctions_base_url = kOpenSanctionsBaseUrl;
  // Default 0: use the per-list caps above. Otherwise the cap for every file.
  uint64_t max_bytes = 0;
};

// The OFAC export names fetched, in order ("SDN.CSV", ...).
const std::vector<std::string>& OfacExportNames();

// The sources selected by `options`, in a stable order (ofac, un, opensanctions).
// Fails with kInvalidArgument on an unknown list name or a bad dataset name.
Result<std::vector<Source>> DefaultCatalogue(const CatalogueOptions& options);

}  // namespace embargo::update

#endif  // EMBARGO_UPDATE_CATALOGUE_H_
