// Invariants every payment::Message and every payment Error must keep, checked by the
// payment fuzzers (fuzz_mt.cc, fuzz_iso20022.cc): valid UTF-8 without control characters
// (FreeText may hold '\n'), countries of two upper-case letters, well-formed BICs, item
// counts within the limits, and errors that name the source. A broken one aborts.
#ifndef EMBARGO_FUZZ_PAYMENT_INVARIANTS_H_
#define EMBARGO_FUZZ_PAYMENT_INVARIANTS_H_

#include <cstdlib>
#include <string_view>

#include "common/utf8.h"
#include "payment/payment.h"
#include "payment/util.h"

namespace embargo::payment {

inline void CheckClean(std::string_view s, bool newlines = false) {
  if (!IsValidUtf8(s)) std::abort();
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(newlines && c == '\n')) || u == 0x7F) std::abort();
  }
}

inline void CheckMessage(const Message& m) {
  if (m.parties.size() > kMaxItems || m.texts.size() > kMaxItems) std::abort();
  if (m.bics.size() > m.parties.size()) std::abort();
  for (std::string_view s : {m.reference, m.currency, m.amount, m.value_date}) CheckClean(s);
  for (const Party& p : m.parties) {
    if (p.path.empty() || p.role.empty()) std::abort();
    for (std::string_view s : {p.path, p.name, p.account, p.country, p.bic}) CheckClean(s);
    for (const auto& a : p.address_lines) CheckClean(a);
    for (const auto& i : p.identifiers) CheckClean(i);
    if (!p.country.empty() && !IsCountryCode(p.country)) std::abort();
    if (!p.bic.empty() && !IsBic(p.bic)) std::abort();
  }
  for (const FreeText& t : m.texts) {
    if (t.text.empty()) std::abort();
    CheckClean(t.path);
    CheckClean(t.text, /*newlines=*/true);
  }
  for (const auto& [path, bic] : m.bics)
    if (!IsBic(bic) || path.empty()) std::abort();
}

inline void CheckError(const Error& e, std::string_view source) {
  if (e.message.empty() || e.where.rfind(source, 0) != 0) std::abort();
  CheckClean(e.message);
  CheckClean(e.where);
}

}  // namespace embargo::payment

#endif  // EMBARGO_FUZZ_PAYMENT_INVARIANTS_H_
