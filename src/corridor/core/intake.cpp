#include <corridor/core/intake.hpp>

#include <corridor/core/person_fields.hpp>
#include <corridor/core/text.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <thread>

// The columns and the field rules are documented in docs/csv.md.

namespace corridor::core {
namespace {

constexpr std::size_t k_max_ref = 64;
constexpr std::size_t k_max_text = 200;     // diagnosis (names: person_fields.cpp)
constexpr std::size_t k_max_shown = 40;     // bytes of a value quoted in a message
constexpr std::size_t k_max_message = 300;  // bytes of a message
// The shortest valid row is about this long; it bounds what we reserve.
constexpr std::size_t k_min_row_bytes = 32;

// Column indices, in intake_columns() order.
enum class Col : std::size_t {
  ref,
  direction,
  category,
  urgency,
  diagnosis,
  group_ref,
  national_id,
  passport_no,
  name_ar,
  name_en,
  date_of_birth,
  sex,
  nationality,
  phone,
  requested_on,
  count
};
constexpr std::size_t k_column_count = static_cast<std::size_t>(Col::count);
constexpr std::size_t idx(Col c) { return static_cast<std::size_t>(c); }

// Indexed by Col.
constexpr std::array<std::string_view, k_column_count> k_column_names{
    "ref",           "direction",   "category",    "urgency", "diagnosis",
    "group_ref",     "national_id", "passport_no", "name_ar", "name_en",
    "date_of_birth", "sex",         "nationality", "phone",   "requested_on"};

std::string_view column_name(Col c) { return k_column_names[idx(c)]; }

// ---- small helpers

bool is_c1_at(std::string_view v, std::size_t i) {
  return static_cast<unsigned char>(v[i]) == 0xC2 && i + 1 < v.size() &&
         static_cast<unsigned char>(v[i + 1]) < 0xA0;
}

// Text for a message, which ends up on an officer's terminal: at most `max`
// bytes cut on a character boundary (then "..."), and control characters
// (C0, DEL, C1: an escape sequence could rewrite the screen) shown as '?'.
// `text` is valid UTF-8.
std::string sanitized(std::string_view text, std::size_t max) {
  std::size_t n = std::min(text.size(), max);
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool control = c < 0x20 || c == 0x7F || is_c1_at(text, i);
    out.push_back(control ? '?' : text[i]);
    if (control && c == 0xC2) ++i;
  }
  if (n < text.size()) out += "...";
  return out;
}

std::string sanitized(std::string_view text) { return sanitized(text, k_max_message); }
std::string shown(std::string_view value) { return sanitized(value, k_max_shown); }

std::string got(std::string_view v) { return " (got " + shown(v) + ")"; }

template <class Range, class Id>
std::string one_of(const Range& items, Id id) {
  std::string out = "; expected one of ";
  for (const auto& item : items) out.append(id(item)).append(", ");
  if (!items.empty()) out.resize(out.size() - 2);
  return out;
}

bool all_of(std::string_view v, bool (*pred)(char)) {
  return std::all_of(v.begin(), v.end(), pred);
}
bool is_ref_char(char c) { return c > ' ' && c < 0x7F && c != ',' && c != '"'; }

bool is_ref(std::string_view v) {
  return !v.empty() && v.size() <= k_max_ref && all_of(v, is_ref_char);
}

std::string_view direction_name(const std::optional<Direction>& d) {
  return d ? to_string(*d) : "?";
}

// ---- one row

struct Header {
  std::int64_t row = 1;
  std::array<int, k_column_count> index{};  // field of each column, -1 if absent
  std::vector<std::string> names;           // the header's fields, for messages
  bool complete = true;                     // every required column is there: rows may be valid

  bool has(Col c) const { return index[idx(c)] >= 0; }
};

// The state of one row's validation.
struct RowCheck {
  const Config& config;
  const Date& today;
  const Header& header;
  std::int64_t row;
  std::vector<RowError>& errors;
  std::vector<RowFlag>& flags;
  CaseRecord& rec;
  std::array<bool, k_column_count> given{};  // present and not blank
  std::optional<Direction> direction{};
  const CategoryDef* category = nullptr;
  bool ok = true;

  bool has(Col c) const { return given[idx(c)]; }
  void fail(Col c, std::string message);
};

using FieldParser = void (*)(RowCheck&, Col, std::string_view);

void parse_ref(RowCheck& r, Col c, std::string_view v) {
  constexpr std::string_view k_rule =
      "not a valid ref (1 to 64 printable ASCII characters, no space, comma or quote)";
  if (!is_ref(v)) return r.fail(c, std::string(k_rule) + got(v));
  r.rec.ref = v;
}

void parse_group_ref(RowCheck& r, Col c, std::string_view v) {
  if (!is_ref(v)) return r.fail(c, "not a valid ref" + got(v));
  r.rec.group_ref = v;
}

void parse_direction_field(RowCheck& r, Col c, std::string_view v) {
  r.direction = parse_direction(v);
  if (!r.direction) return r.fail(c, "must be exit or entry" + got(v));
  r.rec.direction = *r.direction;
}

void parse_category(RowCheck& r, Col c, std::string_view v) {
  r.category = r.config.find_category(v);
  if (r.category == nullptr) {
    auto id = [](const CategoryDef& c) -> std::string_view { return c.id; };
    return r.fail(c, "unknown category (got " + shown(v) + one_of(r.config.categories, id) + ")");
  }
  r.rec.category = v;
}

void parse_urgency(RowCheck& r, Col c, std::string_view v) {
  if (!r.config.urgency_rank(v)) {
    auto id = [](const std::string& s) -> std::string_view { return s; };
    return r.fail(c, "unknown urgency (got " + shown(v) + one_of(r.config.urgencies, id) + ")");
  }
  r.rec.urgency = v;
}

// Free text is never quoted back: it may be personal or medical data. A
// spreadsheet exports a cell of several lines as a quoted field with line
// breaks: tabs and line breaks are kept, each line end as LF (docs/csv.md).
void parse_diagnosis(RowCheck& r, Col c, std::string_view v) {
  Diagnosis d = clean_diagnosis(v);
  if (!d.problem.empty()) return r.fail(c, std::move(d.problem));
  r.rec.diagnosis = std::move(d.text);
}

void parse_requested_on(RowCheck& r, Col c, std::string_view v) {
  r.rec.requested_on = parse_date(v);
  if (!r.rec.requested_on) r.fail(c, "not a date YYYY-MM-DD" + got(v));
}

// The identity columns follow the rules that amendments follow too
// (core/person_fields.hpp): a person is held to the same rules however the
// data arrives.
void parse_person(RowCheck& r, Col c, std::string_view v) {
  const std::size_t flags_before = r.rec.flags.size();
  const std::string_view name = column_name(c);
  const Result<void> set = set_person_field(r.rec.person, name, v, r.today, r.rec.flags);
  if (!set) {
    // The column names the field already: the message without its "FIELD: ".
    std::string_view message = set.error().message;
    if (set.error().field == name) message.remove_prefix(name.size() + 2);
    return r.fail(c, std::string(message));
  }
  // e.g. id-check-digit: a warning for review, never a rejection.
  for (std::size_t i = flags_before; i < r.rec.flags.size(); ++i)
    r.flags.push_back(RowFlag{r.row, r.rec.ref, r.rec.flags[i]});
}

struct ColumnDef {
  bool required;  // the column must be in the header and the field not blank
  FieldParser parse;
};

// Indexed by Col.
constexpr std::array<ColumnDef, k_column_count> k_columns{{
    {true, parse_ref},
    {true, parse_direction_field},
    {true, parse_category},
    {false, parse_urgency},
    {false, parse_diagnosis},
    {false, parse_group_ref},
    {false, parse_person},  // national_id
    {false, parse_person},  // passport_no
    {false, parse_person},  // name_ar
    {false, parse_person},  // name_en
    {true, parse_person},   // date_of_birth
    {true, parse_person},   // sex
    {false, parse_person},  // nationality
    {false, parse_person},  // phone
    {false, parse_requested_on},
}};

void RowCheck::fail(Col c, std::string message) {
  errors.push_back(RowError{row, std::string(column_name(c)), sanitized(message)});
  ok = false;
}

// Each field's own rule, in column order (so that `ref` is known when a
// flag is raised); a blank required field is an error.
void parse_fields(RowCheck& r, const std::vector<std::string>& fields) {
  for (std::size_t c = 0; c < k_column_count; ++c) {
    if (r.header.index[c] < 0) continue;
    const std::string_view v = trim(fields[static_cast<std::size_t>(r.header.index[c])]);
    r.given[c] = !v.empty();
    if (!v.empty())
      k_columns[c].parse(r, static_cast<Col>(c), v);
    else if (k_columns[c].required)
      r.fail(static_cast<Col>(c), "required");
  }
}

void check_either_or(RowCheck& r, Col a, Col b) {
  const Header& h = r.header;
  if ((h.has(a) || h.has(b)) && !r.has(a) && !r.has(b))
    r.fail(a, a == Col::national_id
                  ? "a national_id or a passport_no is required"
                  : "a name is required in Arabic or Latin script (name_ar or name_en)");
}

void check_group_fields(RowCheck& r, const CategoryDef& cat) {
  if (cat.group_of && !r.has(Col::group_ref))
    r.fail(Col::group_ref, "required for category " + cat.id);
  if (!cat.group_of && r.has(Col::group_ref))
    r.fail(Col::group_ref, "not allowed for category " + cat.id);
}

// The rules between fields of one row.
void check_row(RowCheck& r) {
  check_either_or(r, Col::national_id, Col::passport_no);
  check_either_or(r, Col::name_ar, Col::name_en);
  if (!r.rec.group_ref.empty() && r.rec.group_ref == r.rec.ref)
    r.fail(Col::group_ref, "names the row's own ref" + got(r.rec.ref));
  const CategoryDef* cat = r.category;
  if (cat == nullptr) return;
  if (r.direction && !cat->allows(*r.direction))
    r.fail(Col::direction, "not allowed for category " + cat->id + got(to_string(*r.direction)));
  if (cat->needs_urgency && !r.has(Col::urgency))
    r.fail(Col::urgency, "required for category " + cat->id);
  if (!cat->needs_urgency && r.has(Col::urgency))
    r.fail(Col::urgency, "not allowed for category " + cat->id);
  check_group_fields(r, *cat);
}

std::optional<Col> find_column(std::string_view name) {
  for (std::size_t c = 0; c < k_column_count; ++c)
    if (k_column_names[c] == name) return static_cast<Col>(c);
  return std::nullopt;
}

bool all_blank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& f) { return trim(f).empty(); });
}

// ---- the whole file

// An insert-only index from string keys to ids 0, 1, 2... in insertion
// order: open addressing with linear probing, the keys in one arena. For the
// hundreds of thousands of keys of a large file it costs about one cache
// miss and no allocation per key; std::unordered_map's node per key made
// validate_csv about twice as slow.
class KeyIndex {
public:
  void reserve(std::size_t keys) {
    m_keys.reserve(keys);
    rehash(std::bit_ceil(std::max<std::size_t>(16, keys * 2)));
  }

  // The id of `key`, which gets the next id if it is new (`fresh`).
  std::uint32_t insert(std::string_view key, bool& fresh) {
    if ((m_keys.size() + 1) * 2 > m_slots.size())
      rehash(std::max<std::size_t>(16, m_slots.size() * 2));
    const std::uint64_t h = hash(key);
    Slot& slot = m_slots[probe(key, h)];
    fresh = slot.id == 0;
    if (fresh) {
      slot = Slot{tag(h), static_cast<std::uint32_t>(m_keys.size() + 1)};
      m_keys.push_back(Key{m_arena.size(), key.size()});
      m_arena.append(key);
    }
    return slot.id - 1;
  }

  std::optional<std::uint32_t> find(std::string_view key) const {
    if (m_slots.empty()) return std::nullopt;
    const Slot& slot = m_slots[probe(key, hash(key))];
    if (slot.id == 0) return std::nullopt;
    return slot.id - 1;
  }

private:
  struct Slot {
    std::uint32_t tag = 0;  // the high half of the key's hash
    std::uint32_t id = 0;   // key id + 1; 0 for an empty slot
  };

  struct Key {
    std::size_t offset = 0, size = 0;  // in m_arena
  };

  static std::uint64_t hash(std::string_view k) { return std::hash<std::string_view>{}(k); }
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }

  std::string_view key(std::uint32_t id) const {
    return std::string_view(m_arena).substr(m_keys[id].offset, m_keys[id].size);
  }

  // The slot holding `key`, or the empty slot where it belongs.
  std::size_t probe(std::string_view k, std::uint64_t h) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = m_slots[i];
      if (slot.id == 0 || (slot.tag == tag(h) && key(slot.id - 1) == k)) return i;
    }
  }

  void rehash(std::size_t size) {
    std::vector<Slot> old(size);
    old.swap(m_slots);
    for (const Slot& slot : old)
      if (slot.id != 0) m_slots[probe(key(slot.id - 1), hash(key(slot.id - 1)))] = slot;
  }

  std::vector<Slot> m_slots;  // a power of two, at most half full
  std::vector<Key> m_keys;    // by id
  std::string m_arena;
};

struct RefInfo {
  std::int64_t row = 0;
  const CategoryDef* category = nullptr;
  std::optional<Direction> direction{};
};

// A group_ref to resolve once every ref of the file is known.
struct GroupCheck {
  std::int64_t row = 0;
  std::size_t index = 0;  // into IntakeResult::rows, or k_none if the row is invalid
  std::string group_ref;
  std::string_view principal_category;  // the category's group_of
  std::optional<Direction> direction{};
};
constexpr std::size_t k_none = static_cast<std::size_t>(-1);

class Validator {
public:
  Validator(std::string_view data, const Config& config, const Date& today)
      : m_reader(data), m_config(config), m_today(today) {
    reserve(data);
  }

  IntakeResult run() {
    CsvRecord rec;
    std::optional<CsvError> err;
    if (!m_reader.next(rec, err)) {
      add_error(1, "", "empty file: no header row");
      return std::move(m_result);
    }
    if (err) {
      csv_error(*err);
      return std::move(m_result);
    }
    read_header(rec);
    // The records first (the reader is sequential), then each row's own
    // rules on both cores, then in file order what depends on the rows
    // before it: uniqueness in the file and groups.
    std::vector<Item> items;
    bool any_row = false;  // a record under the header, good or bad, not all blank
    while (m_reader.next(rec, err)) {
      any_row = any_row || err || !all_blank(rec.fields);
      items.push_back(Item{std::move(rec), std::move(err), {}});
      rec = CsvRecord();
      err.reset();
    }
    check_fields_in_parallel(items);
    for (Item& item : items) {
      if (item.error)
        csv_error(*item.error);
      else
        check_record(item);
    }
    // A header alone is most likely the wrong export, not a batch of none:
    // it must not become an empty signed import.
    if (!any_row) add_error(m_header.row, "", "no rows: the file has a header and no cases");
    resolve_groups();
    finish();
    return std::move(m_result);
  }

private:
  void reserve(std::string_view data) {
    const auto lines = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n'));
    const std::size_t rows = std::min(lines, data.size() / k_min_row_bytes) + 1;
    m_result.rows.reserve(rows);
    m_refs.reserve(rows);
    m_ref_info.reserve(rows);
    for (auto& seen : m_persons) seen.reserve(rows);
  }

  void read_header(const CsvRecord& rec) {
    m_header.row = rec.row;
    m_header.index.fill(-1);
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string_view name = trim(rec.fields[i]);
      m_header.names.emplace_back(name);
      add_header_column(name, i);
    }
    for (std::size_t c = 0; c < k_column_count; ++c)
      if (k_columns[c].required && m_header.index[c] < 0) {
        add_error(m_header.row, std::string(k_column_names[c]), "required column missing");
        m_header.complete = false;
      }
    need_one_column(Col::national_id, Col::passport_no);
    need_one_column(Col::name_ar, Col::name_en);
  }

  void add_header_column(std::string_view name, std::size_t i) {
    const std::string field = std::to_string(i + 1);
    if (name.empty()) return add_error(m_header.row, "", "empty column name in field " + field);
    const auto c = find_column(name);
    if (!c) return add_error(m_header.row, shown(name), "unknown column (field " + field + ")");
    int& slot = m_header.index[idx(*c)];
    if (slot >= 0)
      return add_error(
          m_header.row, std::string(name),
          "duplicate column (fields " + std::to_string(slot + 1) + " and " + field + ")");
    slot = static_cast<int>(i);
  }

  void need_one_column(Col a, Col b) {
    if (m_header.has(a) || m_header.has(b)) return;
    m_header.complete = false;
    add_error(m_header.row, std::string(column_name(a)),
              "the header needs a " + std::string(column_name(a)) + " or a " +
                  std::string(column_name(b)) + " column");
  }

  // One record with what its own rules found (on a worker thread).
  struct Item {
    CsvRecord rec;
    std::optional<CsvError> error;
    struct Checked {
      bool done = false;  // parsed: not blank, and as many fields as the header
      IntakeRow out;
      std::vector<RowError> errors;
      std::vector<RowFlag> flags;
      std::optional<Direction> direction;
      const CategoryDef* category = nullptr;
      bool ok = true;
    } checked;
  };

  // The rules of each row alone (fields, NFC of names, dates, ID check
  // digits): pure, so the rows are shared out over two threads.
  void check_fields_in_parallel(std::vector<Item>& items) const {
    auto work = [&](std::size_t part, std::size_t parts) {
      for (std::size_t i = part; i < items.size(); i += parts) {
        Item& item = items[i];
        if (item.error || all_blank(item.rec.fields) ||
            item.rec.fields.size() != m_header.names.size())
          continue;
        Item::Checked& c = item.checked;
        c.out.row = item.rec.row;
        RowCheck r{m_config, m_today, m_header, item.rec.row, c.errors, c.flags, c.out.record};
        parse_fields(r, item.rec.fields);
        check_row(r);
        c.direction = r.direction;
        c.category = r.category;
        c.ok = r.ok;
        c.done = true;
      }
    };
    const std::size_t parts = items.size() > 2000 ? 2 : 1;
    std::thread helper;
    if (parts == 2) helper = std::thread(work, 1, 2);
    work(0, parts);
    if (helper.joinable()) helper.join();
  }

  void check_record(Item& item) {
    const CsvRecord& rec = item.rec;
    if (all_blank(rec.fields)) return;  // e.g. ",,,," left by a spreadsheet
    if (rec.fields.size() != m_header.names.size())
      return add_error(rec.row, "",
                       "expected " + std::to_string(m_header.names.size()) +
                           " fields as in the header, got " + std::to_string(rec.fields.size()));
    Item::Checked& c = item.checked;
    for (RowError& e : c.errors) m_result.errors.push_back(std::move(e));
    for (RowFlag& f : c.flags) m_result.flags.push_back(std::move(f));
    RowCheck r{m_config, m_today, m_header, rec.row, m_result.errors, m_result.flags, c.out.record};
    r.direction = c.direction;
    r.category = c.category;
    r.ok = c.ok;
    check_unique(r);
    const bool valid = r.ok && m_header.complete;
    queue_group_check(r, valid ? m_result.rows.size() : k_none);
    if (valid) m_result.rows.push_back(std::move(c.out));
  }

  // A ref and a person's direction appear once per file; the later row is
  // the one at fault.
  void check_unique(RowCheck& r) {
    bool fresh = false;
    if (!r.rec.ref.empty()) {
      const std::uint32_t id = m_refs.insert(r.rec.ref, fresh);
      if (fresh)
        m_ref_info.push_back(RefInfo{r.row, r.category, r.direction});
      else
        r.fail(Col::ref, "duplicate ref " + r.rec.ref + " (first at row " +
                             std::to_string(m_ref_info[id].row) + ")");
    }
    const Person& p = r.rec.person;
    if (!r.direction || (p.national_id.empty() && p.passport_no.empty())) return;
    const std::size_t d = *r.direction == Direction::exit ? 0 : 1;
    const std::uint32_t id = m_persons[d].insert(p.key(), fresh);
    if (fresh)
      m_person_rows[d].push_back(r.row);
    else
      r.fail(p.national_id.empty() ? Col::passport_no : Col::national_id,
             "the same person already has an " + std::string(to_string(*r.direction)) +
                 " case in this file (row " + std::to_string(m_person_rows[d][id]) + ")");
  }

  void queue_group_check(const RowCheck& r, std::size_t index) {
    if (r.rec.group_ref.empty() || r.rec.group_ref == r.rec.ref) return;
    if (r.category == nullptr || !r.category->group_of) return;
    m_groups.push_back(
        GroupCheck{r.row, index, r.rec.group_ref, *r.category->group_of, r.direction});
  }

  // A group_ref naming a row of this file must name a principal of the
  // right category travelling the same way; one not in the file is left to
  // the importer (group_in_file = false).
  void resolve_groups() {
    m_dropped.assign(m_result.rows.size(), 0);
    for (const GroupCheck& g : m_groups) {
      const auto id = m_refs.find(g.group_ref);
      if (!id) continue;
      const std::string problem = group_problem(g, m_ref_info[*id]);
      if (problem.empty()) {
        if (g.index != k_none) m_result.rows[g.index].group_in_file = true;
        continue;
      }
      add_error(g.row, "group_ref", problem);
      if (g.index != k_none) m_dropped[g.index] = 1;
    }
  }

  static std::string group_problem(const GroupCheck& g, const RefInfo& principal) {
    const std::string at = g.group_ref + " (row " + std::to_string(principal.row) + ")";
    if (principal.category != nullptr && principal.category->id != g.principal_category)
      return at + " is a " + principal.category->id + " case, not " +
             std::string(g.principal_category);
    if (principal.direction && g.direction && *principal.direction != *g.direction)
      return at + " is an " + std::string(direction_name(principal.direction)) +
             " case, this one is " + std::string(direction_name(g.direction));
    return {};
  }

  // Drops rows found invalid after the fact and puts errors in row order.
  void finish() {
    auto& rows = m_result.rows;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (m_dropped[i]) continue;
      if (kept != i) rows[kept] = std::move(rows[i]);
      ++kept;
    }
    rows.resize(kept);
    std::stable_sort(m_result.errors.begin(), m_result.errors.end(),
                     [](const RowError& a, const RowError& b) { return a.row < b.row; });
  }

  void csv_error(const CsvError& e) {
    const auto field = static_cast<std::size_t>(e.field);
    const bool named = e.field > 0 && field <= m_header.names.size();
    add_error(e.row, named ? m_header.names[field - 1] : std::string(), e.message);
  }

  void add_error(std::int64_t row, std::string column, std::string message) {
    m_result.errors.push_back(RowError{row, sanitized(column), sanitized(message)});
  }

  CsvReader m_reader;
  const Config& m_config;
  const Date& m_today;
  Header m_header;
  IntakeResult m_result;
  KeyIndex m_refs;
  std::vector<RefInfo> m_ref_info;                         // by ref id
  std::array<KeyIndex, 2> m_persons;                       // person keys, exit and entry
  std::array<std::vector<std::int64_t>, 2> m_person_rows;  // by person id
  std::vector<GroupCheck> m_groups;
  std::vector<char> m_dropped;  // per row of m_result.rows: invalid after all
};

}  // namespace

const std::vector<std::string_view>& intake_columns() {
  static const std::vector<std::string_view> names(k_column_names.begin(), k_column_names.end());
  return names;
}

IntakeResult validate_csv(std::string_view data, const Config& config, const Date& today) {
  return Validator(data, config, today).run();
}

Diagnosis clean_diagnosis(std::string_view value) {
  std::string text = normalize_line_ends(value);
  const auto first = text.find_first_not_of(" \t\n");
  text.erase(0, first == std::string::npos ? text.size() : first);
  text.erase(text.find_last_not_of(" \t\n") + 1);
  if (find_control(text, "\t\n")) return {{}, "contains a control character"};
  if (text.size() > k_max_text) return {{}, "longer than " + std::to_string(k_max_text) + " bytes"};
  return {std::move(text), {}};
}

}  // namespace corridor::core
