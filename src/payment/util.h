// Internal to payment/: text clean-up and the checks shared by the MT and ISO 20022
// readers (BIC and IBAN syntax, country codes, the per-message item limit).
//
// Thread-safety: stateless functions.
#ifndef EMBARGO_PAYMENT_UTIL_H_
#define EMBARGO_PAYMENT_UTIL_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "payment/payment.h"

namespace embargo::payment {

// `s` as valid UTF-8 (Windows-1252 when not UTF-8), with C0/C1 control characters and
// no-break spaces made spaces, runs of white space collapsed to one space, trimmed.
std::string CleanLine(std::string_view s);

// The first 40 characters of `s` cleaned as by CleanLine, with "..." when cut: for
// quoting input in error messages.
std::string Excerpt(std::string_view s);

// True for a BIC: 4 letters (institution), 2 letters (country), 2 letters or digits
// (location), optionally 3 letters or digits (branch). Upper case only.
bool IsBic(std::string_view s);

// True for two upper-case ASCII letters.
bool IsCountryCode(std::string_view s);

// Country of an IBAN-shaped account ("DE89 3704 0044 0532 0130 00"): two letters, two
// check digits, 11-30 letters and digits, ISO 13616 mod-97 check sum 1. "" otherwise.
std::string IbanCountry(std::string_view account);

// Sets party->country from its BIC, else from an IBAN account, when it has none yet.
void FillCountry(Party* party);

// Appends to message->parties / texts, failing with kLimit (at `where`) past kMaxItems.
// Also records the party's BIC in message->bics.
Status AddParty(Message* message, Party party, const std::string& where);
Status AddText(Message* message, FreeText text, const std::string& where);

}  // namespace embargo::payment

#endif  // EMBARGO_PAYMENT_UTIL_H_
