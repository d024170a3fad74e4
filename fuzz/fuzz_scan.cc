// Fuzzes document extraction and free-text scanning (scan/document.h, scan/scanner.h):
// any bytes, read as HTML and as text, must give offsets inside the input, mentions
// whose text is exactly the bytes they point at, and never a crash or a hang. The index
// holds a few hand-written entities so that names do occur in mutated inputs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/utf8.h"
#include "index/index.h"
#include "scan/document.h"
#include "scan/scanner.h"

namespace {

const embargo::scan::Scanner& TheScanner() {
  using namespace embargo;
  static const index::Index* idx = [] {
    std::vector<model::Entity> ents;
    auto add = [&](const char* id, model::Schema schema, std::vector<const char*> names) {
      model::Entity e;
      e.id = id;
      e.dataset = "fuzz";
      e.schema = schema;
      for (const char* n : names) {
        model::Name& name = e.names.emplace_back();
        name.full = n;
        name.kind = ents.empty() && e.names.size() == 1 ? model::NameKind::kPrimary
                                                        : model::NameKind::kAlias;
      }
      ents.push_back(std::move(e));
    };
    add("p1", model::Schema::kPerson, {"PUTIN, Vladimir Vladimirovich", "Путин Владимир"});
    add("p2", model::Schema::kPerson, {"LAVROV, Sergei Viktorovich", "LAVROV, Sergey"});
    add("o1", model::Schema::kOrganization, {"EDYJU, S.A.", "ROSNEFT OIL COMPANY"});
    add("o2", model::Schema::kOrganization, {"HOLY LAND FOUNDATION FOR RELIEF AND DEVELOPMENT"});
    return index::Index::Build(std::move(ents)).release();
  }();
  static const scan::Scanner* s = [] {
    scan::Options o;
    o.lone_surnames = scan::LoneSurnames::kDistinctive;
    return scan::Scanner::Build(*idx, o).release();
  }();
  return *s;
}

void Check(std::string_view text, const std::vector<embargo::scan::Mention>& ms) {
  for (const auto& m : ms) {
    if (m.begin >= m.end || m.end > text.size()) std::abort();
    if (text.substr(m.begin, m.end - m.begin) != m.text) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  scan::Document html = scan::HtmlToText(in);
  if (html.source_begin.size() != html.text.size() || html.source_end.size() != html.text.size())
    std::abort();
  for (size_t i = 0; i < html.text.size(); ++i)
    if (html.source_begin[i] > html.source_end[i]) std::abort();
  Check(html.text, TheScanner().Scan(html.text));
  std::string text = ToUtf8(in);
  Check(text, TheScanner().Scan(text));
  return 0;
}
