// Index snapshot file, little-endian, every section 8-byte aligned:
//
//   0  magic "\x89EMBIDX\n"   (8 bytes; the \x89 and \n catch text-mode transfers)
//   8  u32 format version (kSnapshotFormatVersion)
//  12  u32 section count S
//  16  u64 file size
//  24  u64 PipelineFingerprint() of the embargo that wrote it
//  32  u64 XXH3-64 of bytes [40, file size)
//  40  S x {u32 id, u32 element size, u64 offset, u64 size, u64 count}
//      sections
//
// Fixed-size arrays of the index (name refs, token ids, postings, token records, the
// deletion and phonetic hash tables) are stored as they lie in memory and copied back
// with one memcpy each; strings as one blob plus u32 offsets; entities, equivalence
// classes and the caller's info in a compact encoding (LEB128 varints, strings as length
// + bytes). What is cheap to derive is rebuilt at load instead of stored: the id and
// token hash maps, per-entity schema and shortest name, the class -> tokens map and the
// scorer's prepared names.
//
// Loading trusts nothing: sizes and offsets are checked against the file, every count
// against the bytes left before anything is allocated, every stored id against what it
// indexes, every enum against its range; the checksum catches the rest.
#include "index/snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <span>
#include <tuple>
#include <type_traits>

#include "common/file.h"

namespace embargo::index {

static_assert(std::endian::native == std::endian::little, "snapshots are little-endian");

namespace {

constexpr char kMagic[8] = {'\x89', 'E', 'M', 'B', 'I', 'D', 'X', '\n'};
constexpr size_t kHeaderBytes = 40;
constexpr size_t kSectionEntryBytes = 32;
constexpr uint32_t kMaxSections = 64;

enum SectionId : uint32_t {
  kMeta = 1,
  kNames,
  kEntityNamesBegin,
  kNameTokens,
  kTokenLetters,
  kTokens,
  kPostingsBegin,
  kPostings,
  kDeletions,
  kDeletionsDir,
  kPhonetic,
  kPhoneticDir,
  kTokenTextOffsets,
  kTokenText,
  kTokenPhoneticOffsets,
  kTokenPhonetic,
  kEquivalents,
  kEntities,
  kInfo,
  kSectionEnd,
};

// --- Compact encoding.

class Encoder {
 public:
  void Var(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Str(std::string_view s) {
    Var(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    Var(v.size());
    for (const auto& s : v) Str(s);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads what Encoder wrote; any overrun or bad value sets !ok() and yields zeros.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  bool ok() const { return ok_; }
  bool done() const { return p_ == end_; }
  uint64_t Var() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return Bad();
      const auto b = static_cast<uint8_t>(*p_++);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (b < 0x80) return v;
    }
    return Bad();
  }
  // An enum value at most `max`.
  uint8_t Enum(uint8_t max) {
    uint64_t v = Var();
    return v <= max ? static_cast<uint8_t>(v) : static_cast<uint8_t>(Bad());
  }
  std::string Str() {
    std::string s;
    Str(&s);
    return s;
  }
  // Into `out`, reusing its storage (no temporary).
  void Str(std::string* out) {
    uint64_t n = Var();
    if (n > static_cast<uint64_t>(end_ - p_)) {
      Bad();
      out->clear();
      return;
    }
    out->assign(p_, n);
    p_ += n;
  }
  // A count of items each taking at least `min_bytes`, checked against the bytes left
  // so a hostile count never makes a huge allocation.
  size_t Count(size_t min_bytes = 1) {
    uint64_t n = Var();
    if (n > static_cast<uint64_t>(end_ - p_) / min_bytes) return Bad();
    return static_cast<size_t>(n);
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v;
    Strs(&v);
    return v;
  }
  void Strs(std::vector<std::string>* out) {
    out->resize(Count());
    for (auto& s : *out) Str(&s);
  }

 private:
  uint64_t Bad() {
    ok_ = false;
    p_ = end_;
    return 0;
  }
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

void EncodeDate(const model::DateSpec& d, Encoder* e) {
  for (const model::PartialDate* p : {&d.from, &d.to}) {
    e->Var(static_cast<uint16_t>(p->year));
    e->Var(static_cast<uint8_t>(p->month));
    e->Var(static_cast<uint8_t>(p->day));
  }
  e->Var(d.circa);
  e->Str(d.original);
}

void DecodeDate(Decoder* d, model::DateSpec* date) {
  model::DateSpec& out = *date;
  for (model::PartialDate* p : {&out.from, &out.to}) {
    p->year = static_cast<int16_t>(static_cast<uint16_t>(d->Var()));
    p->month = static_cast<int8_t>(static_cast<uint8_t>(d->Var()));
    p->day = static_cast<int8_t>(static_cast<uint8_t>(d->Var()));
  }
  out.circa = d->Var() != 0;
  d->Str(&out.original);
}

void EncodeEntity(const model::Entity& x, Encoder* e) {
  e->Str(x.id);
  e->Str(x.dataset);
  e->Var(static_cast<uint8_t>(x.schema));
  e->Var(x.names.size());
  for (const auto& n : x.names) {
    e->Str(n.full);
    e->Var(static_cast<uint8_t>(n.kind));
    for (const std::string* s :
         {&n.script, &n.lang, &n.first_name, &n.middle_name, &n.last_name, &n.patronymic})
      e->Str(*s);
  }
  for (const auto* dates : {&x.birth_dates, &x.death_dates}) {
    e->Var(dates->size());
    for (const auto& d : *dates) EncodeDate(d, e);
  }
  e->Strs(x.birth_places);
  e->Var(static_cast<uint8_t>(x.gender));
  for (const auto* v : {&x.titles, &x.positions, &x.nationalities, &x.citizenships, &x.countries})
    e->Strs(*v);
  e->Var(x.identifiers.size());
  for (const auto& i : x.identifiers) {
    e->Var(static_cast<uint8_t>(i.type));
    for (const std::string* s : {&i.value, &i.country, &i.label, &i.note}) e->Str(*s);
  }
  e->Var(x.addresses.size());
  for (const auto& a : x.addresses)
    for (const std::string* s :
         {&a.full, &a.street, &a.city, &a.region, &a.postal_code, &a.country, &a.remarks})
      e->Str(*s);
  for (const std::string* s :
       {&x.vessel_type, &x.flag, &x.tonnage, &x.gross_tonnage, &x.owner, &x.aircraft_model})
    e->Str(*s);
  e->Strs(x.programs);
  e->Str(x.listed_on);
  e->Str(x.source_url);
  e->Strs(x.remarks);
  e->Var(x.links.size());
  for (const auto& l : x.links)
    for (const std::string* s : {&l.relation, &l.target_name, &l.target_id}) e->Str(*s);
  e->Var(x.extra.size());
  for (const auto& [k, v] : x.extra) {
    e->Str(k);
    e->Str(v);
  }
}

// Decodes into `out`, a default-constructed entity (no temporaries to move).
void DecodeEntity(Decoder* d, model::Entity* out) {
  model::Entity& x = *out;
  d->Str(&x.id);
  d->Str(&x.dataset);
  x.schema = static_cast<model::Schema>(d->Enum(static_cast<uint8_t>(model::Schema::kAirplane)));
  x.names.resize(d->Count(8));
  for (auto& n : x.names) {
    d->Str(&n.full);
    n.kind =
        static_cast<model::NameKind>(d->Enum(static_cast<uint8_t>(model::NameKind::kPrevious)));
    for (std::string* s :
         {&n.script, &n.lang, &n.first_name, &n.middle_name, &n.last_name, &n.patronymic})
      d->Str(s);
  }
  for (auto* dates : {&x.birth_dates, &x.death_dates}) {
    dates->resize(d->Count(8));
    for (auto& date : *dates) DecodeDate(d, &date);
  }
  d->Strs(&x.birth_places);
  x.gender = static_cast<model::Gender>(d->Enum(static_cast<uint8_t>(model::Gender::kOther)));
  for (auto* v : {&x.titles, &x.positions, &x.nationalities, &x.citizenships, &x.countries})
    d->Strs(v);
  x.identifiers.resize(d->Count(5));
  for (auto& i : x.identifiers) {
    i.type = static_cast<model::IdType>(d->Enum(static_cast<uint8_t>(model::IdType::kDuns)));
    for (std::string* s : {&i.value, &i.country, &i.label, &i.note}) d->Str(s);
  }
  x.addresses.resize(d->Count(7));
  for (auto& a : x.addresses)
    for (std::string* s :
         {&a.full, &a.street, &a.city, &a.region, &a.postal_code, &a.country, &a.remarks})
      d->Str(s);
  for (std::string* s :
       {&x.vessel_type, &x.flag, &x.tonnage, &x.gross_tonnage, &x.owner, &x.aircraft_model})
    d->Str(s);
  d->Strs(&x.programs);
  d->Str(&x.listed_on);
  d->Str(&x.source_url);
  d->Strs(&x.remarks);
  x.links.resize(d->Count(3));
  for (auto& l : x.links)
    for (std::string* s : {&l.relation, &l.target_name, &l.target_id}) d->Str(s);
  x.extra.resize(d->Count(2));
  for (auto& [k, v] : x.extra) {
    d->Str(&k);
    d->Str(&v);
  }
}

void EncodeInfo(const SnapshotInfo& info, Encoder* e) {
  e->Var(info.datasets.size());
  for (const auto& ds : info.datasets) {
    for (const std::string* s : {&ds.name, &ds.title, &ds.publisher, &ds.version}) e->Str(*s);
    e->Strs(ds.files);
    e->Var(ds.is_sample);
  }
  e->Str(info.lists_fingerprint);
  e->Str(info.notes);
}

SnapshotInfo DecodeInfo(Decoder* d) {
  SnapshotInfo info;
  info.datasets.resize(d->Count(6));
  for (auto& ds : info.datasets) {
    for (std::string* s : {&ds.name, &ds.title, &ds.publisher, &ds.version}) *s = d->Str();
    ds.files = d->Strs();
    ds.is_sample = d->Var() != 0;
  }
  info.lists_fingerprint = d->Str();
  info.notes = d->Str();
  return info;
}

void Put32(std::string* out, size_t at, uint32_t v) { std::memcpy(out->data() + at, &v, 4); }
void Put64(std::string* out, size_t at, uint64_t v) { std::memcpy(out->data() + at, &v, 8); }
uint32_t Get32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t Get64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

struct Section {
  uint32_t id = 0, elem_size = 0;
  uint64_t offset = 0, size = 0, count = 0;
};

// Builds the file: sections are appended, then the header and table are filled in.
class FileWriter {
 public:
  // `bytes` hold `count` elements of `elem_size` bytes (1 for encoded sections).
  void Add(uint32_t id, std::string_view bytes, uint64_t count, uint32_t elem_size) {
    sections_.push_back({id, elem_size, 0, bytes.size(), count});
    bodies_.emplace_back(bytes);
  }
  template <typename T>
  void AddArray(uint32_t id, std::span<const T> v) {
    static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>);
    Add(id, {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)}, v.size(), sizeof(T));
  }
  std::string Finish(uint64_t fingerprint) {
    std::string out(kHeaderBytes + sections_.size() * kSectionEntryBytes, '\0');
    for (size_t i = 0; i < sections_.size(); ++i) {
      while (out.size() % 8) out.push_back('\0');
      sections_[i].offset = out.size();
      out.append(bodies_[i]);
    }
    while (out.size() % 8) out.push_back('\0');
    std::memcpy(out.data(), kMagic, 8);
    Put32(&out, 8, kSnapshotFormatVersion);
    Put32(&out, 12, static_cast<uint32_t>(sections_.size()));
    Put64(&out, 16, out.size());
    Put64(&out, 24, fingerprint);
    for (size_t i = 0; i < sections_.size(); ++i) {
      const size_t at = kHeaderBytes + i * kSectionEntryBytes;
      Put32(&out, at, sections_[i].id);
      Put32(&out, at + 4, sections_[i].elem_size);
      Put64(&out, at + 8, sections_[i].offset);
      Put64(&out, at + 16, sections_[i].size);
      Put64(&out, at + 24, sections_[i].count);
    }
    Put64(&out, 32, XXH3_64bits(out.data() + kHeaderBytes, out.size() - kHeaderBytes));
    return out;
  }

 private:
  std::vector<Section> sections_;
  std::vector<std::string_view> bodies_;  // borrowed until Finish()
};

// Records of types with padding, written field by field into zeroed 16-byte slots so
// the file's bytes do not depend on what the padding happened to hold.
template <typename T, typename F>
std::string PaddedRecords(std::span<const T> v, F write) {
  static_assert(sizeof(T) == 16);
  std::string out(v.size() * 16, '\0');
  for (size_t i = 0; i < v.size(); ++i) write(v[i], out.data() + i * 16);
  return out;
}

void StringTable(const std::vector<std::string>& strings, std::vector<uint32_t>* offsets,
                 std::string* blob) {
  offsets->assign(1, 0);
  for (const auto& s : strings) {
    blob->append(s);
    offsets->push_back(static_cast<uint32_t>(blob->size()));
  }
}

}  // namespace

// Friend of Index: reads and restores its private members.
class SnapshotCodec {
 public:
  static std::string Encode(const Index& x, const SnapshotInfo& info);
  // `backing`, when given, owns `bytes` (a mapped file, 8-byte aligned): the hash
  // tables are then views into it instead of copies.
  static Result<LoadedSnapshot> Decode(std::string_view bytes, std::string_view where,
                                       std::shared_ptr<const void> backing);
};

std::string SnapshotCodec::Encode(const Index& x, const SnapshotInfo& info) {
  using HashEntry = std::pair<uint64_t, uint32_t>;
  static_assert(offsetof(Index::TokenInfo, weight) == 0 && offsetof(Index::TokenInfo, df) == 4 &&
                offsetof(Index::TokenInfo, equivalence) == 8 &&
                offsetof(Index::TokenInfo, kind) == 12);
  FileWriter w;
  Encoder meta;
  meta.Var(x.options_.common_token_postings);
  meta.Var(x.options_.max_phonetic_group);
  meta.Var(std::bit_cast<uint32_t>(x.max_weight_));
  meta.Var(static_cast<uint64_t>(x.deletions_.shift_));
  meta.Var(static_cast<uint64_t>(x.phonetic_.shift_));
  meta.Var(x.entities_.size());
  w.Add(kMeta, meta.out(), 1, 1);
  w.AddArray<Index::NameRef>(kNames, x.names_);
  w.AddArray<uint32_t>(kEntityNamesBegin, x.entity_names_begin_);
  w.AddArray<uint32_t>(kNameTokens, x.name_tokens_);
  w.AddArray<uint64_t>(kTokenLetters, x.token_letters_);
  std::string tokens =
      PaddedRecords<Index::TokenInfo>(x.tokens_, [](const Index::TokenInfo& t, char* p) {
        std::memcpy(p, &t.weight, 4);
        std::memcpy(p + 4, &t.df, 4);
        std::memcpy(p + 8, &t.equivalence, 4);
        p[12] = static_cast<char>(t.kind);
      });
  w.Add(kTokens, tokens, x.tokens_.size(), 16);
  w.AddArray<uint32_t>(kPostingsBegin, x.postings_begin_);
  w.AddArray<uint32_t>(kPostings, x.postings_);
  auto hash_entry = [](const HashEntry& h, char* p) {
    std::memcpy(p, &h.first, 8);
    std::memcpy(p + 8, &h.second, 4);
  };
  std::string deletions = PaddedRecords(x.deletions_.entries_, hash_entry);
  std::string phonetic = PaddedRecords(x.phonetic_.entries_, hash_entry);
  w.Add(kDeletions, deletions, x.deletions_.entries_.size(), 16);
  w.AddArray<uint32_t>(kDeletionsDir, x.deletions_.dir_);
  w.Add(kPhonetic, phonetic, x.phonetic_.entries_.size(), 16);
  w.AddArray<uint32_t>(kPhoneticDir, x.phonetic_.dir_);
  std::vector<uint32_t> text_offsets, phonetic_offsets;
  std::string text_blob, phonetic_blob;
  StringTable(x.token_text_, &text_offsets, &text_blob);
  StringTable(x.token_phonetic_, &phonetic_offsets, &phonetic_blob);
  w.AddArray<uint32_t>(kTokenTextOffsets, text_offsets);
  w.Add(kTokenText, text_blob, text_blob.size(), 1);
  w.AddArray<uint32_t>(kTokenPhoneticOffsets, phonetic_offsets);
  w.Add(kTokenPhonetic, phonetic_blob, phonetic_blob.size(), 1);
  Encoder eq;
  eq.Var(x.equivalents_.class_count());
  for (uint32_t c = 0; c < x.equivalents_.class_count(); ++c) eq.Strs(x.equivalents_.Members(c));
  w.Add(kEquivalents, eq.out(), x.equivalents_.class_count(), 1);
  Encoder ents;
  for (const auto& e : x.entities_) EncodeEntity(e, &ents);
  w.Add(kEntities, ents.out(), x.entities_.size(), 1);
  Encoder inf;
  EncodeInfo(info, &inf);
  w.Add(kInfo, inf.out(), 1, 1);
  return w.Finish(PipelineFingerprint());
}

Result<LoadedSnapshot> SnapshotCodec::Decode(std::string_view bytes, std::string_view where,
                                             std::shared_ptr<const void> backing) {
  const std::string at(where);
  auto corrupt = [&at](std::string what) {
    return Fail(ErrorCode::kCorrupt,
                "not a usable index snapshot: " + what + " (rebuild it with `embargo index build`)",
                at);
  };
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return Fail(ErrorCode::kParse,
                "not an embargo index snapshot (expected the file `embargo index build` writes)",
                at);
  const char* base = bytes.data();
  const uint32_t version = Get32(base + 8);
  if (version != kSnapshotFormatVersion)
    return Fail(ErrorCode::kInvalidArgument,
                "index snapshot format " + std::to_string(version) +
                    ", this embargo reads format " + std::to_string(kSnapshotFormatVersion) +
                    "; rebuild it with this embargo's `embargo index build`",
                at);
  const uint32_t n_sections = Get32(base + 12);
  if (Get64(base + 16) != bytes.size())
    return corrupt("header says " + std::to_string(Get64(base + 16)) + " bytes, file has " +
                   std::to_string(bytes.size()) + " (truncated?)");
  if (Get64(base + 24) != PipelineFingerprint())
    return Fail(ErrorCode::kInvalidArgument,
                "index snapshot made by an embargo that prepares names differently (pipeline "
                "fingerprint differs); rebuild it with this embargo's `embargo index build`",
                at);
  if (n_sections > kMaxSections ||
      kHeaderBytes + uint64_t{n_sections} * kSectionEntryBytes > bytes.size())
    return corrupt("bad section count " + std::to_string(n_sections));
  if (XXH3_64bits(base + kHeaderBytes, bytes.size() - kHeaderBytes) != Get64(base + 32))
    return corrupt("checksum mismatch");

  Section sections[kSectionEnd];
  for (uint32_t i = 0; i < n_sections; ++i) {
    const char* p = base + kHeaderBytes + i * kSectionEntryBytes;
    Section s{Get32(p), Get32(p + 4), Get64(p + 8), Get64(p + 16), Get64(p + 24)};
    if (s.id == 0 || s.id >= kSectionEnd || sections[s.id].id != 0)
      return corrupt("unknown or repeated section " + std::to_string(s.id));
    if (s.offset % 8 != 0 || s.offset > bytes.size() || s.size > bytes.size() - s.offset ||
        s.elem_size == 0 ||
        (s.elem_size > 1 && (s.count > s.size / s.elem_size || s.size != s.count * s.elem_size)))
      return corrupt("section " + std::to_string(s.id) + " out of bounds");
    sections[s.id] = s;
  }
  for (uint32_t id = 1; id < kSectionEnd; ++id)
    if (sections[id].id == 0) return corrupt("section " + std::to_string(id) + " missing");
  auto body = [&](uint32_t id) { return bytes.substr(sections[id].offset, sections[id].size); };
  // Copies a fixed-size array section into `v`; false when its element size differs.
  auto array = [&](uint32_t id, auto* v) {
    using T = typename std::remove_pointer_t<decltype(v)>::value_type;
    const Section& s = sections[id];
    if (s.elem_size != sizeof(T) || s.count > s.size / sizeof(T)) return false;
    v->resize(s.count);
    if (s.count) std::memcpy(static_cast<void*>(v->data()), base + s.offset, s.size);
    return true;
  };

  std::unique_ptr<Index> x(new Index());
  Decoder meta(body(kMeta));
  x->options_.common_token_postings = meta.Var();
  x->options_.max_phonetic_group = meta.Var();
  x->max_weight_ = std::bit_cast<float>(static_cast<uint32_t>(meta.Var()));
  const uint64_t del_shift = meta.Var(), pho_shift = meta.Var(), n_entities = meta.Var();
  if (!meta.ok()) return corrupt("bad meta section");

  if (!array(kNames, &x->names_) || !array(kEntityNamesBegin, &x->entity_names_begin_) ||
      !array(kNameTokens, &x->name_tokens_) || !array(kTokenLetters, &x->token_letters_) ||
      !array(kTokens, &x->tokens_) || !array(kPostingsBegin, &x->postings_begin_) ||
      !array(kPostings, &x->postings_))
    return corrupt("array section of another element size");
  // The hash tables (most of the file): views into the mapping when there is one.
  const bool map = backing && reinterpret_cast<uintptr_t>(base) % 8 == 0;
  for (auto [table, entries_id, dir_id] : {std::tuple{&x->deletions_, kDeletions, kDeletionsDir},
                                           std::tuple{&x->phonetic_, kPhonetic, kPhoneticDir}}) {
    const Section &e = sections[entries_id], &d = sections[dir_id];
    if (e.elem_size != 16 || d.elem_size != 4 || e.count > e.size / 16 || d.count > d.size / 4)
      return corrupt("hash table of another element size");
    if (map) {
      table->entries_ = {reinterpret_cast<const std::pair<uint64_t, uint32_t>*>(base + e.offset),
                         e.count};
      table->dir_ = {reinterpret_cast<const uint32_t*>(base + d.offset), d.count};
    } else {
      if (!array(entries_id, &table->owned_entries_) || !array(dir_id, &table->owned_dir_))
        return corrupt("hash table of another element size");
      table->entries_ = table->owned_entries_;
      table->dir_ = table->owned_dir_;
    }
  }
  if (map) x->backing_ = std::move(backing);
  std::vector<uint32_t> text_offsets, phonetic_offsets;
  if (!array(kTokenTextOffsets, &text_offsets) || !array(kTokenPhoneticOffsets, &phonetic_offsets))
    return corrupt("string offsets of another element size");

  // Entities first: name refs are checked against their names.
  {
    Decoder d(body(kEntities));
    if (sections[kEntities].count != n_entities || n_entities > sections[kEntities].size)
      return corrupt("entity count");
    x->entities_.resize(n_entities);
    for (auto& e : x->entities_) {
      DecodeEntity(&d, &e);
      if (!d.ok()) break;
    }
    if (!d.ok() || !d.done()) return corrupt("bad entity record");
  }
  const size_t n_tokens = x->tokens_.size();
  auto strings = [&](const std::vector<uint32_t>& offsets, std::string_view blob,
                     std::vector<std::string>* out) {
    if (offsets.size() != n_tokens + 1 || offsets.front() != 0 || offsets.back() != blob.size())
      return false;
    out->resize(n_tokens);
    for (size_t t = 0; t < n_tokens; ++t) {
      if (offsets[t + 1] < offsets[t] || offsets[t + 1] > blob.size()) return false;
      (*out)[t].assign(blob.substr(offsets[t], offsets[t + 1] - offsets[t]));
    }
    return true;
  };
  if (!strings(text_offsets, body(kTokenText), &x->token_text_) ||
      !strings(phonetic_offsets, body(kTokenPhonetic), &x->token_phonetic_))
    return corrupt("bad token string table");
  if (x->token_letters_.size() != n_tokens) return corrupt("token letter masks");

  // Equivalence classes.
  {
    Decoder d(body(kEquivalents));
    std::vector<std::vector<std::string>> classes(d.Count());
    for (auto& c : classes) c = d.Strs();
    if (!d.ok() || !d.done()) return corrupt("bad equivalence classes");
    x->equivalents_ = text::NameEquivalents::FromClasses(std::move(classes));
  }
  const size_t n_classes = x->equivalents_.class_count();
  // Weights must be numbers: the scorer sorts by them.
  if (!std::isfinite(x->max_weight_)) return corrupt("bad maximum weight");
  for (const auto& t : x->tokens_)
    if (t.kind > static_cast<uint8_t>(text::TokenKind::kNumber) || t.equivalence > n_classes ||
        !std::isfinite(t.weight) || t.weight < 0)
      return corrupt("bad token record");

  // Names: ranges per entity, token ids, the name each ref prepares.
  const auto& eb = x->entity_names_begin_;
  if (eb.size() != n_entities + 1 || eb.front() != 0 || eb.back() != x->names_.size())
    return corrupt("bad entity name ranges");
  for (size_t e = 0; e < n_entities; ++e) {
    if (eb[e + 1] < eb[e]) return corrupt("bad entity name ranges");
    for (uint32_t r = eb[e]; r < eb[e + 1]; ++r)
      if (x->names_[r].entity != e) return corrupt("name ref of another entity");
  }
  for (const auto& ref : x->names_) {
    if (ref.name >= x->entities_[ref.entity].names.size() || ref.token_count == 0 ||
        uint64_t{ref.token_begin} + ref.token_count > x->name_tokens_.size())
      return corrupt("name ref out of range");
  }
  for (uint32_t t : x->name_tokens_)
    if (t >= n_tokens) return corrupt("token id out of range");

  // Postings.
  const auto& pb = x->postings_begin_;
  if (pb.size() != n_tokens + 1 || pb.front() != 0 || pb.back() != x->postings_.size())
    return corrupt("bad postings ranges");
  for (size_t t = 0; t < n_tokens; ++t)
    if (pb[t + 1] < pb[t]) return corrupt("bad postings ranges");
  for (uint32_t e : x->postings_)
    if (e >= n_entities) return corrupt("posting out of range");

  // Hash tables: the directory must cover every top-bits value and stay inside entries.
  const std::pair<Index::HashedTokens*, uint64_t> tables[] = {{&x->deletions_, del_shift},
                                                              {&x->phonetic_, pho_shift}};
  for (auto [table, shift] : tables) {
    if (shift < 34 || shift > 63) return corrupt("bad hash directory");
    table->shift_ = static_cast<int>(shift);
    const auto& dir = table->dir_;
    if (dir.size() != (size_t{1} << (64 - shift)) + 1) return corrupt("bad hash directory");
    for (size_t i = 0; i < dir.size(); ++i)
      if ((i > 0 && dir[i] < dir[i - 1]) || dir[i] > table->entries_.size())
        return corrupt("bad hash directory");
    for (const auto& [h, t] : table->entries_)
      if (t >= n_tokens) return corrupt("hash entry token out of range");
  }

  Decoder inf(body(kInfo));
  SnapshotInfo info = DecodeInfo(&inf);
  if (!inf.ok() || !inf.done()) return corrupt("bad info section");

  // What Build derives, derived again the same way.
  x->schema_.reserve(n_entities);
  x->by_id_.reserve(n_entities);
  for (uint32_t e = 0; e < n_entities; ++e) {
    x->schema_.push_back(static_cast<uint8_t>(x->entities_[e].schema));
    x->by_id_.emplace(x->entities_[e].id, e);
  }
  x->token_ids_.reserve(n_tokens);
  for (uint32_t t = 0; t < n_tokens; ++t) {
    x->token_ids_.emplace(x->token_text_[t], t);
    if (x->tokens_[t].equivalence != 0) x->class_tokens_[x->tokens_[t].equivalence].push_back(t);
  }
  x->shortest_name_.assign(n_entities, UINT16_MAX);
  for (const auto& ref : x->names_)
    x->shortest_name_[ref.entity] = std::min(x->shortest_name_[ref.entity], ref.token_count);
  x->DeriveInitialLetters();
  x->PrepareListNames();
  return LoadedSnapshot{std::move(x), std::move(info)};
}

std::string EncodeSnapshot(const Index& index, const SnapshotInfo& info) {
  return SnapshotCodec::Encode(index, info);
}

Status WriteSnapshot(const Index& index, const SnapshotInfo& info, const std::string& path) {
  return WriteFileAtomic(path, EncodeSnapshot(index, info));
}

Result<LoadedSnapshot> DecodeSnapshot(std::string_view bytes, std::string_view where) {
  return SnapshotCodec::Decode(bytes, where, nullptr);
}

Result<LoadedSnapshot> LoadSnapshot(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                std::string("cannot open index snapshot: ") + std::strerror(errno), path);
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Fail(ErrorCode::kIo, "index snapshot is not a regular file", path);
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size > kMaxSnapshotBytes) {
    ::close(fd);
    return Fail(ErrorCode::kLimit, "index snapshot larger than 4 GiB", path);
  }
  if (size < kHeaderBytes) {
    ::close(fd);
    return DecodeSnapshot({}, path);  // the "not a snapshot" error
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED)
    return Fail(ErrorCode::kIo, std::string("cannot map index snapshot: ") + std::strerror(errno),
                path);
  // The index keeps the mapping while it views into it; unmapped with the last owner
  // (at once when the load fails). A file replaced later (atomically, by rename) leaves
  // this mapping on the old inode.
  std::shared_ptr<const void> backing(
      map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  return SnapshotCodec::Decode({static_cast<const char*>(map), size}, path, std::move(backing));
}

}  // namespace embargo::index
