// Fuzzes the SWIFT FIN reader (payment/payment.h, ParseMt and ParseMessages): any bytes
// must give a Message or an Error, never a crash or a hang, and every Message must keep
// the promises of payment.h (see payment_invariants.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "payment/payment.h"
#include "payment_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo::payment;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto m = ParseMt(in, "fuzz.fin")) {
    if (m->type != MessageType::kMt103 && m->type != MessageType::kMt202) std::abort();
    CheckMessage(*m);
  } else {
    CheckError(m.error(), "fuzz.fin");
  }
  if (auto all = ParseMessages(in, "fuzz.fin")) {
    if (all->empty()) std::abort();
    for (const Message& m : *all) CheckMessage(m);
  } else {
    CheckError(all.error(), "fuzz.fin");
  }
  return 0;
}
