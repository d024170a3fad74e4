// ISO 3166-1 country table and the name variants the sanctions lists use.
//
// The table of 249 officially assigned alpha-2 codes (with alpha-3 and English names) was
// generated from Debian's iso-codes (iso_3166-1.json); to it we add the special codes
// the lists use (xk Kosovo, suhh Soviet Union, cshh Czechoslovakia, yucs Yugoslavia, ...)
// and a table of variants: historic and short names ("Burma", "Russia"), inverted names
// ("Korea, North"), and demonyms for nationality clauses ("Russian", "Iranian").
//
// Lookup normalises the query once -- ASCII lower case, Latin-1 letters folded to their
// base letter (so "Türkiye" == "Turkiye"), every other non-alphanumeric byte a space,
// spaces collapsed -- and probes one hash map built on first use in a function-local
// static (thread-safe initialisation, immutable afterwards).
#include "model/country.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace embargo::model {
namespace {

struct CountryRow {
  const char* alpha2;
  const char* alpha3;
  const char* name;       // English short name, as CountryName() returns it
  const char* long_name;  // official name when it differs, else ""
};

// clang-format off
constexpr CountryRow kCountries[] = {
    {"aw", "abw", "Aruba", ""},
    {"af", "afg", "Afghanistan", ""},
    {"ao", "ago", "Angola", ""},
    {"ai", "aia", "Anguilla", ""},
    {"ax", "ala", "Åland Islands", ""},
    {"al", "alb", "Albania", ""},
    {"ad", "and", "Andorra", ""},
    {"ae", "are", "United Arab Emirates", ""},
    {"ar", "arg", "Argentina", ""},
    {"am", "arm", "Armenia", ""},
    {"as", "asm", "American Samoa", ""},
    {"aq", "ata", "Antarctica", ""},
    {"tf", "atf", "French Southern Territories", ""},
    {"ag", "atg", "Antigua and Barbuda", ""},
    {"au", "aus", "Australia", ""},
    {"at", "aut", "Austria", ""},
    {"az", "aze", "Azerbaijan", ""},
    {"bi", "bdi", "Burundi", ""},
    {"be", "bel", "Belgium", ""},
    {"bj", "ben", "Benin", ""},
    {"bq", "bes", "Bonaire, Sint Eustatius and Saba", ""},
    {"bf", "bfa", "Burkina Faso", ""},
    {"bd", "bgd", "Bangladesh", ""},
    {"bg", "bgr", "Bulgaria", ""},
    {"bh", "bhr", "Bahrain", ""},
    {"bs", "bhs", "Bahamas", ""},
    {"ba", "bih", "Bosnia and Herzegovina", ""},
    {"bl", "blm", "Saint Barthélemy", ""},
    {"by", "blr", "Belarus", ""},
    {"bz", "blz", "Belize", ""},
    {"bm", "bmu", "Bermuda", ""},
    {"bo", "bol", "Bolivia", "Bolivia, Plurinational State of"},
    {"br", "bra", "Brazil", ""},
    {"bb", "brb", "Barbados", ""},
    {"bn", "brn", "Brunei Darussalam", ""},
    {"bt", "btn", "Bhutan", ""},
    {"bv", "bvt", "Bouvet Island", ""},
    {"bw", "bwa", "Botswana", ""},
    {"cf", "caf", "Central African Republic", ""},
    {"ca", "can", "Canada", ""},
    {"cc", "cck", "Cocos (Keeling) Islands", ""},
    {"ch", "che", "Switzerland", ""},
    {"cl", "chl", "Chile", ""},
    {"cn", "chn", "China", ""},
    {"ci", "civ", "Côte d'Ivoire", ""},
    {"cm", "cmr", "Cameroon", ""},
    {"cd", "cod", "Democratic Republic of the Congo", "Congo, The Democratic Republic of the"},
    {"cg", "cog", "Congo", ""},
    {"ck", "cok", "Cook Islands", ""},
    {"co", "col", "Colombia", ""},
    {"km", "com", "Comoros", ""},
    {"cv", "cpv", "Cabo Verde", ""},
    {"cr", "cri", "Costa Rica", ""},
    {"cu", "cub", "Cuba", ""},
    {"cw", "cuw", "Curaçao", ""},
    {"cx", "cxr", "Christmas Island", ""},
    {"ky", "cym", "Cayman Islands", ""},
    {"cy", "cyp", "Cyprus", ""},
    {"cz", "cze", "Czechia", ""},
    {"de", "deu", "Germany", ""},
    {"dj", "dji", "Djibouti", ""},
    {"dm", "dma", "Dominica", ""},
    {"dk", "dnk", "Denmark", ""},
    {"do", "dom", "Dominican Republic", ""},
    {"dz", "dza", "Algeria", ""},
    {"ec", "ecu", "Ecuador", ""},
    {"eg", "egy", "Egypt", ""},
    {"er", "eri", "Eritrea", ""},
    {"eh", "esh", "Western Sahara", ""},
    {"es", "esp", "Spain", ""},
    {"ee", "est", "Estonia", ""},
    {"et", "eth", "Ethiopia", ""},
    {"fi", "fin", "Finland", ""},
    {"fj", "fji", "Fiji", ""},
    {"fk", "flk", "Falkland Islands (Malvinas)", ""},
    {"fr", "fra", "France", ""},
    {"fo", "fro", "Faroe Islands", ""},
    {"fm", "fsm", "Micronesia", "Micronesia, Federated States of"},
    {"ga", "gab", "Gabon", ""},
    {"gb", "gbr", "United Kingdom", ""},
    {"ge", "geo", "Georgia", ""},
    {"gg", "ggy", "Guernsey", ""},
    {"gh", "gha", "Ghana", ""},
    {"gi", "gib", "Gibraltar", ""},
    {"gn", "gin", "Guinea", ""},
    {"gp", "glp", "Guadeloupe", ""},
    {"gm", "gmb", "Gambia", ""},
    {"gw", "gnb", "Guinea-Bissau", ""},
    {"gq", "gnq", "Equatorial Guinea", ""},
    {"gr", "grc", "Greece", ""},
    {"gd", "grd", "Grenada", ""},
    {"gl", "grl", "Greenland", ""},
    {"gt", "gtm", "Guatemala", ""},
    {"gf", "guf", "French Guiana", ""},
    {"gu", "gum", "Guam", ""},
    {"gy", "guy", "Guyana", ""},
    {"hk", "hkg", "Hong Kong", ""},
    {"hm", "hmd", "Heard Island and McDonald Islands", ""},
    {"hn", "hnd", "Honduras", ""},
    {"hr", "hrv", "Croatia", ""},
    {"ht", "hti", "Haiti", ""},
    {"hu", "hun", "Hungary", ""},
    {"id", "idn", "Indonesia", ""},
    {"im", "imn", "Isle of Man", ""},
    {"in", "ind", "India", ""},
    {"io", "iot", "British Indian Ocean Territory", ""},
    {"ie", "irl", "Ireland", ""},
    {"ir", "irn", "Iran", "Iran, Islamic Republic of"},
    {"iq", "irq", "Iraq", ""},
    {"is", "isl", "Iceland", ""},
    {"il", "isr", "Israel", ""},
    {"it", "ita", "Italy", ""},
    {"jm", "jam", "Jamaica", ""},
    {"je", "jey", "Jersey", ""},
    {"jo", "jor", "Jordan", ""},
    {"jp", "jpn", "Japan", ""},
    {"kz", "kaz", "Kazakhstan", ""},
    {"ke", "ken", "Kenya", ""},
    {"kg", "kgz", "Kyrgyzstan", ""},
    {"kh", "khm", "Cambodia", ""},
    {"ki", "kir", "Kiribati", ""},
    {"kn", "kna", "Saint Kitts and Nevis", ""},
    {"kr", "kor", "South Korea", "Korea, Republic of"},
    {"kw", "kwt", "Kuwait", ""},
    {"la", "lao", "Laos", "Lao People's Democratic Republic"},
    {"lb", "lbn", "Lebanon", ""},
    {"lr", "lbr", "Liberia", ""},
    {"ly", "lby", "Libya", ""},
    {"lc", "lca", "Saint Lucia", ""},
    {"li", "lie", "Liechtenstein", ""},
    {"lk", "lka", "Sri Lanka", ""},
    {"ls", "lso", "Lesotho", ""},
    {"lt", "ltu", "Lithuania", ""},
    {"lu", "lux", "Luxembourg", ""},
    {"lv", "lva", "Latvia", ""},
    {"mo", "mac", "Macao", ""},
    {"mf", "maf", "Saint Martin (French part)", ""},
    {"ma", "mar", "Morocco", ""},
    {"mc", "mco", "Monaco", ""},
    {"md", "mda", "Moldova", "Moldova, Republic of"},
    {"mg", "mdg", "Madagascar", ""},
    {"mv", "mdv", "Maldives", ""},
    {"mx", "mex", "Mexico", ""},
    {"mh", "mhl", "Marshall Islands", ""},
    {"mk", "mkd", "North Macedonia", ""},
    {"ml", "mli", "Mali", ""},
    {"mt", "mlt", "Malta", ""},
    {"mm", "mmr", "Myanmar", ""},
    {"me", "mne", "Montenegro", ""},
    {"mn", "mng", "Mongolia", ""},
    {"mp", "mnp", "Northern Mariana Islands", ""},
    {"mz", "moz", "Mozambique", ""},
    {"mr", "mrt", "Mauritania", ""},
    {"ms", "msr", "Montserrat", ""},
    {"mq", "mtq", "Martinique", ""},
    {"mu", "mus", "Mauritius", ""},
    {"mw", "mwi", "Malawi", ""},
    {"my", "mys", "Malaysia", ""},
    {"yt", "myt", "Mayotte", ""},
    {"na", "nam", "Namibia", ""},
    {"nc", "ncl", "New Caledonia", ""},
    {"ne", "ner", "Niger", ""},
    {"nf", "nfk", "Norfolk Island", ""},
    {"ng", "nga", "Nigeria", ""},
    {"ni", "nic", "Nicaragua", ""},
    {"nu", "niu", "Niue", ""},
    {"nl", "nld", "Netherlands", ""},
    {"no", "nor", "Norway", ""},
    {"np", "npl", "Nepal", ""},
    {"nr", "nru", "Nauru", ""},
    {"nz", "nzl", "New Zealand", ""},
    {"om", "omn", "Oman", ""},
    {"pk", "pak", "Pakistan", ""},
    {"pa", "pan", "Panama", ""},
    {"pn", "pcn", "Pitcairn", ""},
    {"pe", "per", "Peru", ""},
    {"ph", "phl", "Philippines", ""},
    {"pw", "plw", "Palau", ""},
    {"pg", "png", "Papua New Guinea", ""},
    {"pl", "pol", "Poland", ""},
    {"pr", "pri", "Puerto Rico", ""},
    {"kp", "prk", "North Korea", "Korea, Democratic People's Republic of"},
    {"pt", "prt", "Portugal", ""},
    {"py", "pry", "Paraguay", ""},
    {"ps", "pse", "Palestine", "Palestine, State of"},
    {"pf", "pyf", "French Polynesia", ""},
    {"qa", "qat", "Qatar", ""},
    {"re", "reu", "Réunion", ""},
    {"ro", "rou", "Romania", ""},
    {"ru", "rus", "Russia", "Russian Federation"},
    {"rw", "rwa", "Rwanda", ""},
    {"sa", "sau", "Saudi Arabia", ""},
    {"sd", "sdn", "Sudan", ""},
    {"sn", "sen", "Senegal", ""},
    {"sg", "sgp", "Singapore", ""},
    {"gs", "sgs", "South Georgia and the South Sandwich Islands", ""},
    {"sh", "shn", "Saint Helena, Ascension and Tristan da Cunha", ""},
    {"sj", "sjm", "Svalbard and Jan Mayen", ""},
    {"sb", "slb", "Solomon Islands", ""},
    {"sl", "sle", "Sierra Leone", ""},
    {"sv", "slv", "El Salvador", ""},
    {"sm", "smr", "San Marino", ""},
    {"so", "som", "Somalia", ""},
    {"pm", "spm", "Saint Pierre and Miquelon", ""},
    {"rs", "srb", "Serbia", ""},
    {"ss", "ssd", "South Sudan", ""},
    {"st", "stp", "Sao Tome and Principe", ""},
    {"sr", "sur", "Suriname", ""},
    {"sk", "svk", "Slovakia", ""},
    {"si", "svn", "Slovenia", ""},
    {"se", "swe", "Sweden", ""},
    {"sz", "swz", "Eswatini", ""},
    {"sx", "sxm", "Sint Maarten (Dutch part)", ""},
    {"sc", "syc", "Seychelles", ""},
    {"sy", "syr", "Syria", "Syrian Arab Republic"},
    {"tc", "tca", "Turks and Caicos Islands", ""},
    {"td", "tcd", "Chad", ""},
    {"tg", "tgo", "Togo", ""},
    {"th", "tha", "Thailand", ""},
    {"tj", "tjk", "Tajikistan", ""},
    {"tk", "tkl", "Tokelau", ""},
    {"tm", "tkm", "Turkmenistan", ""},
    {"tl", "tls", "Timor-Leste", ""},
    {"to", "ton", "Tonga", ""},
    {"tt", "tto", "Trinidad and Tobago", ""},
    {"tn", "tun", "Tunisia", ""},
    {"tr", "tur", "Türkiye", ""},
    {"tv", "tuv", "Tuvalu", ""},
    {"tw", "twn", "Taiwan", "Taiwan, Province of China"},
    {"tz", "tza", "Tanzania", "Tanzania, United Republic of"},
    {"ug", "uga", "Uganda", ""},
    {"ua", "ukr", "Ukraine", ""},
    {"um", "umi", "United States Minor Outlying Islands", ""},
    {"uy", "ury", "Uruguay", ""},
    {"us", "usa", "United States", ""},
    {"uz", "uzb", "Uzbekistan", ""},
    {"va", "vat", "Vatican City", "Holy See (Vatican City State)"},
    {"vc", "vct", "Saint Vincent and the Grenadines", ""},
    {"ve", "ven", "Venezuela", "Venezuela, Bolivarian Republic of"},
    {"vg", "vgb", "Virgin Islands, British", ""},
    {"vi", "vir", "Virgin Islands, U.S.", ""},
    {"vn", "vnm", "Vietnam", "Viet Nam"},
    {"vu", "vut", "Vanuatu", ""},
    {"wf", "wlf", "Wallis and Futuna", ""},
    {"ws", "wsm", "Samoa", ""},
    {"ye", "yem", "Yemen", ""},
    {"za", "zaf", "South Africa", ""},
    {"zm", "zmb", "Zambia", ""},
    {"zw", "zwe", "Zimbabwe", ""},
    // Special and historic codes used by the lists (FtM conventions).
    {"xk", "xkx", "Kosovo", ""},
    {"suhh", "sun", "Soviet Union", "Union of Soviet Socialist Republics"},
    {"cshh", "csk", "Czechoslovakia", ""},
    {"yucs", "yug", "Yugoslavia", ""},
    {"csxx", "scg", "Serbia and Montenegro", ""},
    {"ddde", "ddr", "East Germany", "German Democratic Republic"},
    {"zz", "", "Undetermined", ""},
};

// Variants: any spelling -> alpha-2. Keys are normalised before insertion.
struct Variant {
  const char* name;
  const char* alpha2;
};

constexpr Variant kVariants[] = {
    // Short and historic names, inverted forms.
    {"Russia", "ru"}, {"Russian Federation", "ru"}, {"Crimea", "ua"},
    {"Crimea region of Ukraine", "ua"}, {"Crimea Region, Ukraine", "ua"},
    {"Korea, North", "kp"}, {"North Korea", "kp"}, {"Korea North", "kp"}, {"DPRK", "kp"},
    {"Democratic People's Republic of Korea", "kp"},
    {"Korea, Democratic People's Republic of", "kp"},
    {"Korea, South", "kr"}, {"South Korea", "kr"}, {"Republic of Korea", "kr"},
    {"Korea, Republic of", "kr"}, {"Korea", "kr"},
    {"Iran", "ir"}, {"Iran (Islamic Republic of)", "ir"}, {"Islamic Republic of Iran", "ir"},
    {"United Kingdom of Great Britain and Northern Ireland", "gb"},
    {"State of Palestine", "ps"},
    {"China, Hong Kong Special Administrative Region", "hk"},
    {"Hong Kong Special Administrative Region", "hk"},
    {"Hong Kong SAR", "hk"},
    {"Libyan Arab Jamahiriya", "ly"},
    {"Sultanate of Oman", "om"},
    {"Union of the Comoros", "km"},
    {"RPDC", "kp"},
    {"USSR (until 1991)", "suhh"},
    {"USSR", "suhh"},
    {"Burma", "mm"}, {"Myanmar", "mm"}, {"Syria", "sy"}, {"Syrian Arab Republic", "sy"},
    {"Turkey", "tr"}, {"Turkiye", "tr"}, {"Republic of Turkey", "tr"},
    {"Congo, Democratic Republic of the", "cd"}, {"Democratic Republic of the Congo", "cd"},
    {"Congo, Democratic Republic", "cd"}, {"Democratic Republic of Congo", "cd"},
    {"Congo-Kinshasa", "cd"}, {"DRC", "cd"}, {"Zaire", "cd"}, {"Democratic Republic of the", "cd"},
    {"Congo, Republic of the", "cg"}, {"Republic of the Congo", "cg"}, {"Congo", "cg"},
    {"Congo-Brazzaville", "cg"}, {"Congo, Republic of", "cg"},
    {"Cote d'Ivoire", "ci"}, {"Ivory Coast", "ci"},
    {"West Bank", "ps"}, {"Gaza", "ps"}, {"Gaza Strip", "ps"}, {"Palestine", "ps"},
    {"Palestinian Territories", "ps"}, {"Palestinian Territory", "ps"},
    {"Palestinian Territory, Occupied", "ps"}, {"Palestinian", "ps"}, {"Palestinians", "ps"},
    {"Kosovo", "xk"}, {"Soviet Union", "suhh"}, {"USSR", "suhh"}, {"U.S.S.R.", "suhh"},
    {"Czechoslovakia", "cshh"}, {"Yugoslavia", "yucs"}, {"Federal Republic of Yugoslavia", "yucs"},
    {"Serbia and Montenegro", "csxx"}, {"East Germany", "ddde"},
    {"Bosnia-Herzegovina", "ba"}, {"Bosnia", "ba"}, {"Bosnia and Herzegovina", "ba"},
    {"Macedonia", "mk"}, {"North Macedonia, The Republic of", "mk"},
    {"The former Yugoslav Republic of Macedonia", "mk"},
    {"Macedonia, The Former Yugoslav Republic of", "mk"}, {"Republic of North Macedonia", "mk"},
    {"Macau", "mo"}, {"Macao", "mo"}, {"Hong Kong", "hk"}, {"Taiwan", "tw"},
    {"Laos", "la"}, {"Lao People's Democratic Republic", "la"},
    {"Vietnam", "vn"}, {"Viet Nam", "vn"}, {"Moldova", "md"}, {"Republic of Moldova", "md"},
    {"Tanzania", "tz"}, {"United Republic of Tanzania", "tz"}, {"Bolivia", "bo"},
    {"Venezuela", "ve"}, {"Bolivarian Republic of Venezuela", "ve"},
    {"Cabo Verde", "cv"}, {"Cape Verde", "cv"}, {"Czech Republic", "cz"}, {"Czechia", "cz"},
    {"The Gambia", "gm"}, {"Gambia, The", "gm"}, {"The Bahamas", "bs"}, {"Bahamas, The", "bs"},
    {"Man, Isle of", "im"}, {"Isle of Man", "im"}, {"Virgin Islands, British", "vg"},
    {"British Virgin Islands", "vg"}, {"Virgin Islands, U.S.", "vi"}, {"US Virgin Islands", "vi"},
    {"United Kingdom", "gb"}, {"UK", "gb"}, {"U.K.", "gb"}, {"Great Britain", "gb"},
    {"Britain", "gb"}, {"England", "gb"}, {"Scotland", "gb"}, {"Wales", "gb"},
    {"Northern Ireland", "gb"},
    {"United States", "us"}, {"USA", "us"}, {"U.S.A.", "us"}, {"US", "us"}, {"U.S.", "us"},
    {"United States of America", "us"}, {"America", "us"},
    {"UAE", "ae"}, {"U.A.E.", "ae"}, {"Emirates", "ae"},
    {"Vatican", "va"}, {"Vatican City", "va"}, {"Holy See", "va"},
    {"Brunei", "bn"}, {"Swaziland", "sz"}, {"Eswatini", "sz"}, {"East Timor", "tl"},
    {"Timor-Leste", "tl"}, {"Micronesia", "fm"}, {"Micronesia, Federated States of", "fm"},
    {"Saint Kitts and Nevis", "kn"}, {"St. Kitts and Nevis", "kn"}, {"Saint Lucia", "lc"},
    {"St. Lucia", "lc"}, {"Saint Vincent and the Grenadines", "vc"},
    {"St. Vincent and the Grenadines", "vc"}, {"Curacao", "cw"}, {"Sint Maarten", "sx"},
    {"Netherlands Antilles", "cw"}, {"Holland", "nl"}, {"The Netherlands", "nl"},
    {"Falkland Islands", "fk"}, {"Reunion", "re"}, {"Aland Islands", "ax"},
    {"Saint Barthelemy", "bl"}, {"Sao Tome and Principe", "st"}, {"Kyrgyz Republic", "kg"},
    {"Slovak Republic", "sk"}, {"Abkhazia", "ge"}, {"South Ossetia", "ge"},
    {"Kafia Kingi", "ss"}, {"Sudan, South", "ss"}, {"Transnistria", "md"},
    {"Northern Cyprus", "cy"}, {"Tibet", "cn"}, {"Chinese Taipei", "tw"},
    {"People's Republic of China", "cn"}, {"PRC", "cn"}, {"Mainland China", "cn"},
    {"North Gaza", "ps"}, {"Gaza (Palestinian Authority)", "ps"},
    {"West Bank (Palestinian Authority)", "ps"}, {"Palestinian Authority", "ps"},
    {"Bosina-Herzegovina", "ba"}, {"Phillipines", "ph"}, {"Republic of Serbia", "rs"},
    {"Comoros Islands", "km"},
    {"Undetermined", "zz"}, {"Unknown", "zz"},
    // Demonyms, as nationality clauses use them.
    {"Afghan", "af"}, {"Albanian", "al"}, {"Algerian", "dz"}, {"American", "us"},
    {"Angolan", "ao"}, {"Argentine", "ar"}, {"Argentinian", "ar"}, {"Armenian", "am"},
    {"Australian", "au"}, {"Austrian", "at"}, {"Azerbaijani", "az"}, {"Bahraini", "bh"},
    {"Bangladeshi", "bd"}, {"Belarusian", "by"}, {"Belarussian", "by"}, {"Belgian", "be"},
    {"Bolivian", "bo"}, {"Bosnian", "ba"}, {"Brazilian", "br"}, {"British", "gb"},
    {"Bulgarian", "bg"}, {"Burmese", "mm"}, {"Burundian", "bi"}, {"Cambodian", "kh"},
    {"Cameroonian", "cm"}, {"Canadian", "ca"}, {"Chadian", "td"}, {"Chilean", "cl"},
    {"Chinese", "cn"}, {"Colombian", "co"}, {"Congolese", "cd"}, {"Croatian", "hr"},
    {"Cuban", "cu"}, {"Cypriot", "cy"}, {"Czech", "cz"}, {"Danish", "dk"}, {"Dutch", "nl"},
    {"Ecuadorian", "ec"}, {"Egyptian", "eg"}, {"Emirati", "ae"}, {"Eritrean", "er"},
    {"Estonian", "ee"}, {"Ethiopian", "et"}, {"Filipino", "ph"}, {"Finnish", "fi"},
    {"French", "fr"}, {"Georgian", "ge"}, {"German", "de"}, {"Ghanaian", "gh"},
    {"Greek", "gr"}, {"Guatemalan", "gt"}, {"Guinean", "gn"}, {"Haitian", "ht"},
    {"Honduran", "hn"}, {"Hungarian", "hu"}, {"Indian", "in"}, {"Indonesian", "id"},
    {"Iranian", "ir"}, {"Iraqi", "iq"}, {"Irish", "ie"}, {"Israeli", "il"}, {"Italian", "it"},
    {"Ivorian", "ci"}, {"Jamaican", "jm"}, {"Japanese", "jp"}, {"Jordanian", "jo"},
    {"Kazakh", "kz"}, {"Kazakhstani", "kz"}, {"Kenyan", "ke"}, {"Kosovar", "xk"},
    {"Kuwaiti", "kw"}, {"Kyrgyz", "kg"}, {"Latvian", "lv"}, {"Lebanese", "lb"},
    {"Liberian", "lr"}, {"Libyan", "ly"}, {"Lithuanian", "lt"}, {"Macedonian", "mk"},
    {"Malaysian", "my"}, {"Maldivian", "mv"}, {"Malian", "ml"}, {"Maltese", "mt"},
    {"Mauritanian", "mr"}, {"Mexican", "mx"}, {"Moldovan", "md"}, {"Mongolian", "mn"},
    {"Montenegrin", "me"}, {"Moroccan", "ma"}, {"Mozambican", "mz"}, {"Namibian", "na"},
    {"Nepalese", "np"}, {"Nicaraguan", "ni"}, {"Nigerian", "ng"}, {"Nigerien", "ne"},
    {"North Korean", "kp"}, {"Norwegian", "no"}, {"Omani", "om"}, {"Pakistani", "pk"},
    {"Panamanian", "pa"}, {"Paraguayan", "py"}, {"Peruvian", "pe"}, {"Polish", "pl"},
    {"Portuguese", "pt"}, {"Qatari", "qa"}, {"Romanian", "ro"}, {"Russian", "ru"},
    {"Rwandan", "rw"}, {"Salvadoran", "sv"}, {"Saudi", "sa"}, {"Saudi Arabian", "sa"},
    {"Senegalese", "sn"}, {"Serbian", "rs"}, {"Singaporean", "sg"}, {"Slovak", "sk"},
    {"Slovenian", "si"}, {"Somali", "so"}, {"South African", "za"}, {"South Korean", "kr"},
    {"South Sudanese", "ss"}, {"Spanish", "es"}, {"Sri Lankan", "lk"}, {"Sudanese", "sd"},
    {"Swedish", "se"}, {"Swiss", "ch"}, {"Syrian", "sy"}, {"Taiwanese", "tw"},
    {"Tajik", "tj"}, {"Tajikistani", "tj"}, {"Tanzanian", "tz"}, {"Thai", "th"},
    {"Tunisian", "tn"}, {"Turkish", "tr"}, {"Turkmen", "tm"}, {"Ugandan", "ug"},
    {"Ukrainian", "ua"}, {"Uruguayan", "uy"}, {"Uzbek", "uz"}, {"Uzbekistani", "uz"},
    {"Venezuelan", "ve"}, {"Vietnamese", "vn"}, {"Yemeni", "ye"}, {"Zambian", "zm"},
    {"Zimbabwean", "zw"}, {"Soviet", "suhh"}, {"Yugoslav", "yucs"},
};
// clang-format on

// Folds the Latin-1 letter U+00C0..U+00FF (second byte of its UTF-8 form 0xC3 xx) to
// its ASCII base letter, or 0 when it has none.
char FoldLatin1(unsigned char second) {
  // U+00C0 + i for i in [0, 64): "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
  static constexpr char kFold[] =
      "aaaaaaaceeeeiiiidnooooo ouuuuyts"
      "aaaaaaaceeeeiiiidnooooo ouuuuyty";
  unsigned idx = second - 0x80u;
  if (idx >= 64) return 0;
  char c = kFold[idx];
  return c == ' ' ? 0 : c;
}

// Lower case, fold Latin-1 diacritics, drop apostrophes, other punctuation to spaces,
// collapse spaces. "Côte d'Ivoire" -> "cote d ivoire", "U.S.A." -> "usa".
std::string Normalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto put = [&](char c) {
    if (c == ' ') {
      space = !out.empty();
      return;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      put(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      put(static_cast<char>(c));
    } else if (c == '\'' || c == '`' || c == '.') {
      // Apostrophes separate ("d'Ivoire" == "d Ivoire"); periods vanish ("U.S.A.").
      if (c == '\'') put(' ');
    } else if (c == '&') {
      put(' ');
      for (char a : std::string_view("and")) put(a);
      put(' ');
    } else if (c == 0xC3 && i + 1 < s.size()) {
      char f = FoldLatin1(static_cast<unsigned char>(s[i + 1]));
      if (f != 0) put(f);
      ++i;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0x98 ||
                static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      put(' ');  // typographic apostrophe
      i += 2;
    } else {
      put(' ');
    }
  }
  return out;
}

struct Tables {
  std::unordered_map<std::string, const char*> by_name;        // normalised name -> alpha-2
  std::unordered_map<std::string, const CountryRow*> by_code;  // alpha-2 -> row
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (const CountryRow& row : kCountries) {
      t->by_code.emplace(row.alpha2, &row);
      t->by_name.emplace(Normalize(row.name), row.alpha2);
      if (row.long_name[0] != '\0') t->by_name.emplace(Normalize(row.long_name), row.alpha2);
    }
    for (const Variant& v : kVariants) t->by_name.emplace(Normalize(v.name), v.alpha2);
    // Codes last, so a name never loses to a code that spells the same ("us", "in").
    for (const CountryRow& row : kCountries) {
      t->by_name.emplace(row.alpha2, row.alpha2);
      if (row.alpha3[0] != '\0') t->by_name.emplace(row.alpha3, row.alpha2);
    }
    return t;
  }();
  return *tables;
}

const char* Find(const Tables& t, const std::string& key) {
  auto it = t.by_name.find(key);
  return it == t.by_name.end() ? nullptr : it->second;
}

}  // namespace

std::string CountryCode(std::string_view name) {
  if (name.size() > 200) return {};
  const Tables& t = GetTables();
  std::string key = Normalize(name);
  if (key.empty()) return {};
  if (const char* code = Find(t, key)) return code;
  // Qualifiers the lists put in front: "the Philippines", "Region: Gaza", "possibly
  // Palestinian", "former Soviet Union".
  for (std::string_view prefix : {"the ", "region ", "possibly ", "former ", "ex ", "probably ",
                                  "northern ", "southern ", "eastern ", "western ", "central "}) {
    if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) {
      return CountryCode(std::string_view(key).substr(prefix.size()));
    }
  }
  return {};
}

std::string_view CountryName(std::string_view code) {
  const Tables& t = GetTables();
  auto it = t.by_code.find(std::string(code));
  return it == t.by_code.end() ? std::string_view() : std::string_view(it->second->name);
}

bool IsCountryCode(std::string_view code) {
  const Tables& t = GetTables();
  return t.by_code.count(std::string(code)) > 0;
}

}  // namespace embargo::model
