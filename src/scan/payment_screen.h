// Payment screening: checks one parsed payment message (payment/payment.h) against the
// lists. Party fields (ordering customer, beneficiary, agents...) are screened as
// structured queries (name, country, identifiers) with screen::Screen; free-text fields
// (MT 70/72, ISO RmtInf...) are scanned with the Scanner; every BIC is looked up among
// the BICs the lists give for designated banks, and BIC and party countries are checked
// against the jurisdictions under country-wide programs.
//
// Called by `embargo scan --payments` and later the server's /scan.
//
// Thread-safety: Build() returns an immutable object; Screen() is safe from many threads.
// The PaymentScreener borrows the Scanner (and its Index), which must outlive it.
#ifndef EMBARGO_SCAN_PAYMENT_SCREEN_H_
#define EMBARGO_SCAN_PAYMENT_SCREEN_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "payment/payment.h"
#include "scan/scanner.h"

namespace embargo::scan {

// Options (defaults in brackets):
//   threshold [0.80]   party score at or above which a party alerts (free text uses the
//                      Scanner's own threshold)
//   limit [3]          entities reported per party
//   candidates [16]    entities the index hands to the full scorer per party
//   jurisdictions [CU, IR, KP, SY]  countries under country-wide programs: any BIC or
//                      party country among them alerts. Configurable because programs
//                      change (Syria's were largely lifted in 2025; Crimea and other
//                      regions cannot be told from a BIC at all).
struct PaymentOptions {
  double threshold = 0.80;
  size_t limit = 3;
  size_t candidates = 16;  // entities fully scored per party (screen::Options::candidates)
  std::vector<std::string> jurisdictions = {"CU", "IR", "KP", "SY"};
};

struct PaymentHit {
  std::string path;    // field path in the message ("MT103/:59:", ".../Cdtr")
  std::string kind;    // "party", "text", "bic", "jurisdiction"
  std::string value;   // party name, BIC, or the text matched
  screen::Hit hit;     // party, text, bic: the entity (unused for jurisdiction)
  std::string detail;  // human-readable reason
};

struct PaymentResult {
  payment::MessageType type = payment::MessageType::kMt103;
  std::string reference;
  std::vector<PaymentHit> hits;
};

class PaymentScreener {
 public:
  static std::unique_ptr<const PaymentScreener> Build(const Scanner& scanner,
                                                      const PaymentOptions& options = {});
  PaymentResult Screen(const payment::Message& message) const;
  const Scanner& scanner() const { return scanner_; }

 private:
  PaymentScreener(const Scanner& scanner, const PaymentOptions& options)
      : scanner_(scanner), options_(options) {}
  bool InJurisdiction(std::string_view country_code) const;  // either case
  const Scanner& scanner_;
  PaymentOptions options_;
  screen::Options screen_options_;                  // from options_, for every party query
  std::unordered_map<std::string, uint32_t> bics_;  // BIC (8 and 11 chars) -> entity
};

// {"type", "reference", "alert", "hits": [{"path", "kind", "value", "detail",
// "result": yente-shaped result or absent}]}
nlohmann::json PaymentResultToJson(const index::Index& index, const PaymentResult& result);

}  // namespace embargo::scan

#endif  // EMBARGO_SCAN_PAYMENT_SCREEN_H_
