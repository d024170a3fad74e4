#include "model/country.h"
namespace embargo::model {
std::string CountryCode(std::string_view) { return {}; }
std::string_view CountryName(std::string_view) { return {}; }
bool IsCountryCode(std::string_view) { return false; }
}  // namespace embargo::model
