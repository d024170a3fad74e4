// ISO 3166-1 alpha-2 country codes and the many ways the lists write country names
// ("Russia", "Russian Federation", "Korea, North", "Iran (Islamic Republic of)",
// "Burma", "Türkiye"). Used by every parser to turn a listed country into a code.
//
// Thread-safety: the tables are immutable; all functions are safe from any thread.
#ifndef EMBARGO_MODEL_COUNTRY_H_
#define EMBARGO_MODEL_COUNTRY_H_

#include <string>
#include <string_view>

namespace embargo::model {

// Lower-case alpha-2 code for a country name, alpha-2 or alpha-3 code, or common
// variant/demonym used by the lists ("Russia", "RUS", "ru", "Russian"); "" when unknown.
// Case, surrounding spaces and punctuation are ignored. Historic and special codes
// that the lists use are covered ("suhh" for the Soviet Union, "xk" for Kosovo).
std::string CountryCode(std::string_view name);

// English short name for a lower-case alpha-2 code ("ru" -> "Russia"); "" when unknown.
std::string_view CountryName(std::string_view code);

// True when `code` is a known lower-case alpha-2 (or special) code.
bool IsCountryCode(std::string_view code);

}  // namespace embargo::model

#endif  // EMBARGO_MODEL_COUNTRY_H_
