// Fuzzes the ISO 20022 reader (payment/payment.h, ParseIso20022 and ParseMessages): any
// bytes must give a Message or an Error, never a crash or a hang, and every Message must
// keep the promises of payment.h (see payment_invariants.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "payment/payment.h"
#include "payment_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo::payment;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto m = ParseIso20022(in, "fuzz.xml")) {
    if (m->type != MessageType::kPacs008 && m->type != MessageType::kPain001) std::abort();
    if (m->parties.empty()) std::abort();  // a transaction always has a debtor
    CheckMessage(*m);
  } else {
    CheckError(m.error(), "fuzz.xml");
  }
  if (auto all = ParseMessages(in, "fuzz.xml")) {
    for (const Message& m : *all) CheckMessage(m);
  } else {
    CheckError(all.error(), "fuzz.xml");
  }
  return 0;
}
