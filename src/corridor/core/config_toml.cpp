// parse_config: reads the TOML form of docs/config.md with toml++ and checks
// it. Every check names the line and column of the node at fault.

#include <corridor/core/config.hpp>

#include <corridor/core/case.hpp>  // parse_closure_kind
#include <corridor/core/toml_guard.hpp>

#include <sodium.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <set>
#include <utility>

namespace corridor::core {
namespace {

using Pos = toml::source_position;

// A failed check. The readers below throw it and parse_config catches it, so
// that each reader stays as flat as the table it reads; it never leaves this
// file.
struct Failure {
  Pos at;
  std::string message;
};

[[noreturn]] void fail(Pos at, std::string message) { throw Failure{at, std::move(message)}; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string line_of(Pos at) { return "line " + std::to_string(at.line); }

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

[[noreturn]] void fail_type(const toml::node& n, std::string_view name, std::string_view want) {
  fail(n.source().begin, quoted(name) + " must be " + std::string(want) + ", not " +
                             std::string(type_name(n.type())));
}

// A string value with where it was written.
struct Text {
  std::string value;
  Pos at;
};

Text text_of(const toml::node& n, std::string_view name) {
  const auto* s = n.as_string();
  if (!s) fail_type(n, name, "a string");
  if (s->get().empty()) fail(n.source().begin, quoted(name) + " must not be empty");
  return {s->get(), n.source().begin};
}

const toml::array& array_of(const toml::node& n, std::string_view name) {
  const auto* a = n.as_array();
  if (!a) fail_type(n, name, "an array");
  return *a;
}

// A non-empty array of non-empty strings, each listed once.
std::vector<Text> texts_of(const toml::node& n, std::string_view name) {
  std::vector<Text> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& el : array_of(n, name)) {
    out.push_back(text_of(el, name));
    if (!seen.insert(out.back().value).second)
      fail(out.back().at, quoted(out.back().value) + " is listed twice in " + quoted(name));
  }
  if (out.empty()) fail(n.source().begin, quoted(name) + " must not be empty");
  return out;
}

// Why `vkey` is not a witness's verifier key (C2SP vkey of type 0x04:
// NAME+KEYID+base64(0x04 || 32 bytes), named "<party>/..."), if it is not.
// The full parse is ledger's; this is what a config can check alone.
std::optional<std::string> witness_vkey_problem(const std::string& vkey, const std::string& party) {
  const auto a = vkey.find('+');
  const auto b = a == std::string::npos ? a : vkey.find('+', a + 1);
  // The base64 may hold '+' itself: only the first two separate.
  if (b == std::string::npos) return std::string("not a verifier key (NAME+KEYID+BASE64)");
  const std::string name = vkey.substr(0, a), id = vkey.substr(a + 1, b - a - 1),
                    b64 = vkey.substr(b + 1);
  if (name.rfind(party + "/", 0) != 0 || name.size() == party.size() + 1)
    return "the key's name must be " + quoted(party + "/NAME");
  if (id.size() != 8 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::string("the key ID must be 8 lowercase hex digits");
  unsigned char raw[33];
  std::size_t len = 0;
  if (sodium_base642bin(raw, sizeof raw, b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != sizeof raw)
    return std::string("not the base64 of a type byte and a 32-byte key");
  if (raw[0] != 0x04) return std::string("not a witness (cosignature, type 0x04) key");
  std::string message = name + "\n";
  message.append(reinterpret_cast<const char*>(raw), sizeof raw);
  Hash256 h;
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size());
  if (to_hex(h.data(), 4) != id) return std::string("its key ID does not match the key");
  return std::nullopt;
}

// Ids and codes: lowercase ASCII letters, digits and '-', starting with a
// letter or digit. They appear in URLs, CSV files and signed statements.
const Text& check_code(const Text& t, std::string_view name) {
  bool ok = t.value[0] != '-' && std::all_of(t.value.begin(), t.value.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            });
  if (!ok)
    fail(t.at, quoted(name) + " must hold only lowercase letters, digits and '-' (got " +
                   quoted(t.value) + ")");
  return t;
}

// texts_of, each a code.
std::vector<std::string> codes_of(const toml::node& n, std::string_view name) {
  std::vector<std::string> out;
  for (const Text& t : texts_of(n, name)) out.push_back(check_code(t, name).value);
  return out;
}

// One TOML table being read: refuses keys it does not know (typos), and
// names the table in messages ("[[party]]").
class Fields {
public:
  Fields(const toml::node& node, std::string what, std::initializer_list<std::string_view> known)
      : m_table(table_of(node, what)), m_what(std::move(what)) {
    for (const auto& [key, value] : m_table)
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        fail(key.source().begin, "unknown key " + quoted(key.str()) + " in " + m_what);
  }

  Pos at() const { return m_table.source().begin; }
  const toml::node* find(std::string_view key) const { return m_table.get(key); }

  const toml::node& need(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) fail(at(), "missing key " + quoted(key) + " in " + m_what);
    return *n;
  }

  Text text(std::string_view key) const { return text_of(need(key), key); }
  Text code(std::string_view key) const { return check_code(text(key), key); }
  std::vector<Text> texts(std::string_view key) const { return texts_of(need(key), key); }
  std::vector<std::string> codes(std::string_view key) const { return codes_of(need(key), key); }

  int integer(std::string_view key, int lo, int hi) const {
    const toml::node& n = need(key);
    const auto* v = n.as_integer();
    if (!v) fail_type(n, key, "an integer");
    if (v->get() < lo || v->get() > hi)
      fail(n.source().begin, quoted(key) + " must be between " + std::to_string(lo) + " and " +
                                 std::to_string(hi) + " (got " + std::to_string(v->get()) + ")");
    return static_cast<int>(v->get());
  }

  int integer_or(std::string_view key, int lo, int hi, int fallback) const {
    return find(key) ? integer(key, lo, hi) : fallback;
  }

  bool boolean_or(std::string_view key, bool fallback) const {
    const toml::node* n = find(key);
    if (!n) return fallback;
    if (!n->is_boolean()) fail_type(*n, key, "a boolean");
    return n->as_boolean()->get();
  }

  // The tables of an array of tables ([[key]]); missing counts as empty.
  std::vector<const toml::node*> tables(std::string_view key) const {
    std::vector<const toml::node*> out;
    const toml::node* n = find(key);
    if (!n) return out;
    const auto* list = n->as_array();
    if (!list) fail_type(*n, key, "an array of tables ([[" + std::string(key) + "]])");
    for (const auto& el : *list) out.push_back(&el);
    return out;
  }

private:
  static const toml::table& table_of(const toml::node& node, const std::string& what) {
    if (!node.is_table())
      fail(node.source().begin,
           what + " must be a table, not " + std::string(type_name(node.type())));
    return *node.as_table();
  }

  const toml::table& m_table;
  std::string m_what;
};

// For each key = ["...", ...] of a table whose keys are data (party ids,
// closure kinds): fn(key, values).
template <class Fn>
void for_each_list(const toml::node& node, std::string_view what, Fn fn) {
  const auto* table = node.as_table();
  if (!table) fail_type(node, what, "a table");
  for (const auto& [key, value] : *table)
    fn(Text{std::string(key.str()), key.source().begin}, texts_of(value, key.str()));
}

// Where each id was first declared, to refuse a second one.
class Ids {
public:
  explicit Ids(std::string what) : m_what(std::move(what)) {}

  void add(const Text& id, Pos table_at) {
    auto [it, fresh] = m_at.emplace(id.value, table_at);
    if (!fresh)
      fail(id.at, "duplicate " + m_what + " id " + quoted(id.value) + " (first at " +
                      line_of(it->second) + ")");
  }
  Pos at(const std::string& id) const { return m_at.at(id); }

private:
  std::string m_what;
  std::map<std::string, Pos> m_at;
};

constexpr int k_max_step = 1000;
constexpr int k_max_deadline_hours = 24 * 366;
constexpr int k_max_valid_days = 10 * 366;

struct StageAt {
  StageDef def;
  Pos step_at;
};

// Reads the whole document into a Config, in the order of docs/config.md.
class Reader {
public:
  explicit Reader(std::string_view source) { m_config.source = source; }

  Config read(const toml::table& root) {
    Fields top(root, "the top level",
               {"crossing", "log", "party", "category", "urgency", "workflow", "closure",
                "registration", "visibility", "days", "capacity", "priority", "manifest", "gate",
                "amend", "reasons", "inquiry"});
    read_crossing(top.need("crossing"));
    for (const auto* t : need_tables(top, "party")) read_party(*t);
    if (const auto* n = top.find("log"))
      read_log(*n);
    else
      m_config.log.origin = "corridor." + m_config.crossing.id + "/log";
    for (const auto* t : need_tables(top, "category")) read_category(*t);
    check_groups();
    read_urgency(top.need("urgency"));
    for (const auto* t : need_tables(top, "workflow")) read_workflow(*t);
    check_coverage();
    if (const auto* n = top.find("closure")) read_closures(*n);
    if (const auto* n = top.find("registration")) read_registration(*n);
    if (const auto* n = top.find("visibility")) read_visibility(*n);
    for (const auto* t : top.tables("amend")) read_amend(*t);  // after [visibility]
    if (const auto* n = top.find("days")) read_days(*n);
    if (const auto* n = top.find("capacity")) read_capacity(*n);
    if (const auto* n = top.find("priority")) read_priority(*n);
    if (const auto* n = top.find("manifest")) read_manifest(*n);
    if (const auto* n = top.find("gate")) read_gate(*n);
    if (const auto* n = top.find("reasons")) read_reasons(*n);  // after every reason list
    if (const auto* n = top.find("inquiry")) read_inquiry(*n);
    return std::move(m_config);
  }

private:
  static std::vector<const toml::node*> need_tables(const Fields& top, std::string_view key) {
    auto out = top.tables(key);
    if (out.empty())
      fail(top.at(), "no [[" + std::string(key) + "]] table: at least one is needed");
    return out;
  }

  void read_crossing(const toml::node& node) {
    Fields f(node, "[crossing]", {"id", "name", "time_zone", "directions", "child_age"});
    auto& c = m_config.crossing;
    c.id = f.code("id").value;
    c.name = f.text("name").value;
    c.time_zone = f.text("time_zone").value;
    for (const Text& t : f.texts("directions")) c.directions.push_back(known_direction(t));
    c.child_age = f.integer("child_age", 1, 150);
  }

  // After the parties: witnesses are parties.
  void read_log(const toml::node& node) {
    Fields f(node, "[log]",
             {"origin", "max_skew_seconds", "witnesses", "witness_quorum", "witness"});
    auto& l = m_config.log;
    Text origin = f.text("origin");
    if (origin.value.empty() || origin.value.find_first_of(" +\t") != std::string::npos)
      fail(origin.at, "'origin' must be a key name: not empty, no space and no '+'");
    l.origin = origin.value;
    l.max_skew_seconds = f.integer_or("max_skew_seconds", 1, 24 * 3600, l.max_skew_seconds);
    const auto* listed = f.find("witnesses");
    for (const Text& t : listed ? texts_of(*listed, "witnesses") : std::vector<Text>{}) {
      const std::string& p = known_party(t);
      if (std::find(l.witnesses.begin(), l.witnesses.end(), p) != l.witnesses.end())
        fail(t.at, "party " + quoted(p) + " is named twice in 'witnesses'");
      l.witnesses.push_back(p);
    }
    l.witness_quorum = f.integer_or("witness_quorum", 0, static_cast<int>(l.witnesses.size()), 0);
    for (const auto* t : f.tables("witness")) read_witness_endpoint(*t);
  }

  // [[log.witness]]: a witness that `corridor serve` pushes checkpoints to.
  void read_witness_endpoint(const toml::node& node) {
    Fields f(node, "[[log.witness]]", {"party", "url", "key"});
    auto& l = m_config.log;
    Text party = f.text("party");
    if (std::find(l.witnesses.begin(), l.witnesses.end(), party.value) == l.witnesses.end())
      fail(party.at,
           "[[log.witness]] party " + quoted(party.value) + " is not one of [log] 'witnesses'");
    for (const auto& w : l.witness_urls)
      if (w.party == party.value)
        fail(party.at, "[[log.witness]] party " + quoted(party.value) + " is listed twice");
    Text url = f.text("url");
    if (url.value.rfind("http://", 0) != 0 || url.value.size() == 7 ||
        url.value.find_first_of(" \t\r\n?#") != std::string::npos)
      fail(url.at, "[[log.witness]] 'url' must be http://HOST[:PORT][/PREFIX] (got " +
                       quoted(url.value) + ")");
    Text key = f.text("key");
    if (auto why = witness_vkey_problem(key.value, party.value))
      fail(key.at, "[[log.witness]] 'key': " + *why);
    l.witness_urls.push_back({party.value, url.value, key.value});
  }

  void read_party(const toml::node& node) {
    Fields f(node, "[[party]]", {"id", "name"});
    Text id = f.code("id");
    m_parties.add(id, f.at());
    m_config.parties.push_back({id.value, f.text("name").value});
  }

  void read_category(const toml::node& node) {
    Fields f(node, "[[category]]", {"id", "name", "directions", "urgency", "group_of"});
    Text id = f.code("id");
    m_categories.add(id, f.at());
    CategoryDef c{id.value, f.text("name").value, {}, f.boolean_or("urgency", false), {}};
    for (const Text& t : f.texts("directions")) c.directions.push_back(crossing_direction(t));
    if (const auto* g = f.find("group_of")) {
      Text group = text_of(*g, "group_of");
      if (c.needs_urgency)
        fail(group.at,
             "a category with 'group_of' takes its urgency from its group: "
             "it cannot also have urgency = true");
      m_group_of.push_back(group);
      c.group_of = group.value;
    }
    m_config.categories.push_back(std::move(c));
  }

  // After every category is read: group_of names a category that is not
  // itself in a group.
  void check_groups() {
    for (const Text& g : m_group_of) {
      const CategoryDef* target = m_config.find_category(g.value);
      if (!target) fail(g.at, "'group_of' names an unknown category " + quoted(g.value));
      if (target->group_of)
        fail(g.at, "'group_of' must name a category that is not itself in a group (" +
                       quoted(g.value) + " has group_of)");
    }
  }

  void read_urgency(const toml::node& node) {
    Fields f(node, "[urgency]", {"levels"});
    m_config.urgencies = f.codes("levels");
  }

  void read_workflow(const toml::node& node) {
    Fields f(node, "[[workflow]]", {"direction", "categories", "stage"});
    Direction d = crossing_direction(f.text("direction"));
    std::vector<StageDef> stages = read_stages(f);
    for (const Text& cat : f.texts("categories")) {
      const CategoryDef& c = known_category(cat);
      if (!c.allows(d))
        fail(cat.at, "category " + quoted(cat.value) + " does not travel " + quoted(to_string(d)) +
                         " (see its 'directions')");
      auto [it, fresh] = m_workflow_at.emplace(std::pair{d, cat.value}, cat.at);
      if (!fresh)
        fail(cat.at, "a second workflow for " + std::string(to_string(d)) + "/" + cat.value +
                         " (the first is at " + line_of(it->second) + ")");
      m_config.workflows.push_back({d, cat.value, stages});
    }
  }

  std::vector<StageDef> read_stages(const Fields& workflow) {
    std::vector<StageAt> stages;
    Ids ids("stage");
    for (const auto* t : workflow.tables("stage")) stages.push_back(read_stage(*t, ids));
    if (stages.empty()) fail(workflow.at(), "the workflow has no [[workflow.stage]]");
    std::stable_sort(stages.begin(), stages.end(),
                     [](const StageAt& a, const StageAt& b) { return a.def.step < b.def.step; });
    int last = 0;
    for (const StageAt& s : stages) {
      if (s.def.step > last + 1)
        fail(s.step_at, "step " + std::to_string(s.def.step) + " leaves a gap: no stage has step " +
                            std::to_string(last + 1));
      last = s.def.step;
    }
    std::vector<StageDef> out;
    for (StageAt& s : stages) out.push_back(std::move(s.def));
    return out;
  }

  StageAt read_stage(const toml::node& node, Ids& ids) {
    Fields f(node, "[[workflow.stage]]",
             {"id", "party", "step", "reasons", "deadline_hours", "valid_days"});
    StageDef s;
    Text id = f.code("id");
    ids.add(id, f.at());
    s.id = id.value;
    s.party = known_party(f.text("party"));
    s.step = f.integer("step", 1, k_max_step);
    s.reasons = f.codes("reasons");
    if (!s.accepts_reason("other"))
      fail(f.need("reasons").source().begin, "'reasons' must include 'other'");
    s.deadline_hours = f.integer("deadline_hours", 0, k_max_deadline_hours);
    s.valid_days = f.integer_or("valid_days", 0, k_max_valid_days, 0);
    return {std::move(s), f.need("step").source().begin};
  }

  // Every direction a category may travel has a workflow for it.
  void check_coverage() const {
    for (const auto& c : m_config.categories)
      for (Direction d : c.directions)
        if (!m_config.workflow_for(d, c.id))
          fail(m_categories.at(c.id), "category " + quoted(c.id) + " may travel " +
                                          quoted(to_string(d)) + " but no workflow serves " +
                                          std::string(to_string(d)) + "/" + c.id);
  }

  void read_closures(const toml::node& node) {
    for_each_list(node, "closure", [&](const Text& kind, const std::vector<Text>& parties) {
      if (!parse_closure_kind(kind.value))
        fail(kind.at, "unknown closure kind " + quoted(kind.value) +
                          " (expected 'withdrawn' or 'deceased')");
      for (const Text& p : parties) m_config.closures[kind.value].push_back(known_party(p));
    });
  }

  void read_registration(const toml::node& node) {
    for_each_list(node, "registration", [&](const Text& party, const std::vector<Text>& cats) {
      auto& list = m_config.registration[known_party(party)];
      for (const Text& c : cats) list.push_back(c.value == "*" ? c.value : known_category(c).id);
    });
  }

  void read_visibility(const toml::node& node) {
    for_each_list(node, "visibility", [&](const Text& party, const std::vector<Text>& fields) {
      auto& list = m_config.visibility[known_party(party)];
      const auto& names = visible_field_names();
      for (const Text& field : fields) {
        if (field.value != "*" && std::find(names.begin(), names.end(), field.value) == names.end())
          fail(field.at, "unknown field " + quoted(field.value) + " (see docs/config.md)");
        list.push_back(field.value);
      }
    });
  }

  // A party may amend only fields it can see: an amendment draft compares
  // the old value with the new, which would tell it what it cannot see.
  void read_amend(const toml::node& node) {
    Fields f(node, "[[amend]]", {"party", "fields", "cases"});
    AmendDef a;
    a.party = known_party(f.text("party"));
    const auto& names = amendable_field_names();
    for (const Text& field : f.texts("fields")) {
      if (std::find(names.begin(), names.end(), field.value) == names.end())
        fail(field.at,
             "field " + quoted(field.value) + " cannot be amended (see docs/config.md, [[amend]])");
      if (!m_config.may_see(a.party, field.value))
        fail(field.at, "party " + quoted(a.party) + " may amend " + quoted(field.value) +
                           " but not see it: add it to [visibility] " + a.party +
                           " or remove it here");
      a.fields.push_back(field.value);
    }
    if (f.find("cases")) {
      const Text cases = f.text("cases");
      if (cases.value != "all" && cases.value != "registered")
        fail(cases.at, "'cases' must be 'all' or 'registered' (got " + quoted(cases.value) + ")");
      a.registered_only = cases.value == "registered";
    }
    m_config.amend.push_back(std::move(a));
  }

  std::vector<std::string> parties_of(const Fields& f, std::string_view key) const {
    std::vector<std::string> out;
    if (f.find(key))
      for (const Text& t : f.texts(key)) out.push_back(known_party(t));
    return out;
  }

  // "HH:MM", 00:00 to 23:59.
  static std::string clock_time(const Text& t, std::string_view key) {
    const std::string& v = t.value;
    bool ok = v.size() == 5 && v[2] == ':' && std::isdigit(static_cast<unsigned char>(v[0])) &&
              std::isdigit(static_cast<unsigned char>(v[1])) &&
              std::isdigit(static_cast<unsigned char>(v[3])) &&
              std::isdigit(static_cast<unsigned char>(v[4])) && std::stoi(v.substr(0, 2)) < 24 &&
              std::stoi(v.substr(3, 2)) < 60;
    if (!ok) fail(t.at, quoted(key) + " must be a time HH:MM (got " + quoted(v) + ")");
    return v;
  }

  void read_days(const toml::node& node) {
    Fields f(node, "[days]",
             {"open", "suspend", "close", "opens", "closes", "no_show_after", "equal_in_out"});
    auto& d = m_config.days;
    d.open = parties_of(f, "open");
    d.suspend = parties_of(f, "suspend");
    d.close = f.find("close") ? parties_of(f, "close") : d.suspend;
    if (f.find("opens")) d.opens_at = clock_time(f.text("opens"), "opens");
    if (f.find("closes")) d.closes_at = clock_time(f.text("closes"), "closes");
    if (f.find("no_show_after"))
      d.no_show_after = clock_time(f.text("no_show_after"), "no_show_after");
    if (d.closes_at <= d.opens_at)
      fail(f.at(), "[days] closes (" + d.closes_at + ") must be after opens (" + d.opens_at + ")");
    d.equal_in_out = f.boolean_or("equal_in_out", false);
  }

  void read_capacity(const toml::node& node) {
    Fields f(node, "[capacity]", {"exit", "entry"});
    for (Direction d : {Direction::exit, Direction::entry}) {
      const toml::node* n = f.find(to_string(d));
      if (!n) continue;
      const auto* table = n->as_table();
      if (!table) fail_type(*n, to_string(d), "a table");
      DirectionCapacity& dc = m_config.days.capacity.of(d);
      for (const auto& [key, value] : *table) {
        const auto* v = value.as_integer();
        if (!v) fail_type(value, key.str(), "an integer");
        if (v->get() < 0 || v->get() > 999999)
          fail(value.source().begin, quoted(key.str()) + " must be between 0 and 999999");
        const int places = static_cast<int>(v->get());
        if (key.str() == "total") {
          dc.total = places;
          continue;
        }
        const CategoryDef& c = known_category(Text{std::string(key.str()), key.source().begin});
        if (!c.allows(d))
          fail(key.source().begin, "category " + quoted(c.id) + " does not travel " +
                                       quoted(to_string(d)) + " (see its 'directions')");
        dc.places[c.id] = places;
      }
    }
  }

  void read_priority(const toml::node& node) {
    Fields f(node, "[priority]",
             {"urgency_points", "points_per_day", "max_aging_points", "child_points"});
    auto& p = m_config.priority;
    constexpr int k_max = 1'000'000;
    p.urgency_points = f.integer_or("urgency_points", 0, k_max, p.urgency_points);
    p.points_per_day = f.integer_or("points_per_day", 0, k_max, p.points_per_day);
    p.max_aging_points = f.integer_or("max_aging_points", 0, k_max, p.max_aging_points);
    p.child_points = f.integer_or("child_points", 0, k_max, p.child_points);
  }

  void read_manifest(const toml::node& node) {
    Fields f(node, "[manifest]",
             {"operator", "approvers", "standby", "min_companions", "min_companions_child"});
    auto& m = m_config.manifest;
    m.operator_party = known_party(f.text("operator"));
    m.approvers = parties_of(f, "approvers");
    m.standby = f.integer_or("standby", 0, 10000, m.standby);
    m.min_companions = f.integer_or("min_companions", 0, 20, m.min_companions);
    m.min_companions_child = f.integer_or("min_companions_child", 0, 20, m.min_companions_child);
  }

  void read_inquiry(const toml::node& node) {
    Fields f(node, "[inquiry]", {"code_required"});
    m_config.inquiry.code_required = f.boolean_or("code_required", false);
  }

  void read_gate(const toml::node& node) {
    Fields f(node, "[gate]", {"monitor", "turn_back_reasons"});
    auto& m = m_config.manifest;
    m.monitor = known_party(f.text("monitor"));
    m.turn_back_reasons = f.codes("turn_back_reasons");
    if (std::find(m.turn_back_reasons.begin(), m.turn_back_reasons.end(), "other") ==
        m.turn_back_reasons.end())
      fail(f.need("turn_back_reasons").source().begin, "'turn_back_reasons' must include 'other'");
  }

  // [reasons] medical: each code a deny reason of some stage or a turn-back
  // reason, so that a typo cannot leave a health-related reason shown.
  // [reasons] public: each a reason of the config or a closure kind, and
  // never a medical one.
  void read_reasons(const toml::node& node) {
    Fields f(node, "[reasons]", {"medical", "public"});
    if (f.find("medical"))
      for (const Text& t : texts_of(f.need("medical"), "medical"))
        m_config.medical_reasons.push_back(known_reason(t, "medical", false));
    if (f.find("public"))
      for (const Text& t : texts_of(f.need("public"), "public")) {
        if (m_config.is_medical_reason(t.value))
          fail(t.at, "'public' names " + quoted(t.value) +
                         ", a medical reason: the public log never shows one");
        m_config.public_reasons.push_back(known_reason(t, "public", true));
      }
  }

  std::string known_reason(const Text& t, const char* key, bool closure_kinds) const {
    check_code(t, key);
    const auto& gate = m_config.manifest.turn_back_reasons;
    bool known = std::find(gate.begin(), gate.end(), t.value) != gate.end();
    for (const WorkflowDef& w : m_config.workflows)
      for (const StageDef& s : w.stages) known = known || s.accepts_reason(t.value);
    if (closure_kinds) known = known || parse_closure_kind(t.value).has_value();
    if (!known)
      fail(t.at, std::string("'") + key + "' names " + quoted(t.value) +
                     (closure_kinds ? ", which is neither a reason nor a closure kind"
                                    : ", which is neither a stage's deny reason nor a turn-back "
                                      "reason"));
    return t.value;
  }

  static Direction known_direction(const Text& t) {
    auto d = parse_direction(t.value);
    if (!d) fail(t.at, "unknown direction " + quoted(t.value) + " (expected 'exit' or 'entry')");
    return *d;
  }

  Direction crossing_direction(const Text& t) const {
    Direction d = known_direction(t);
    const auto& all = m_config.crossing.directions;
    if (std::find(all.begin(), all.end(), d) == all.end())
      fail(t.at, "direction " + quoted(t.value) + " is not one of the crossing's directions");
    return d;
  }

  const std::string& known_party(const Text& t) const {
    const PartyDef* p = m_config.find_party(t.value);
    if (!p) fail(t.at, "unknown party " + quoted(t.value));
    return p->id;
  }

  const CategoryDef& known_category(const Text& t) const {
    const CategoryDef* c = m_config.find_category(t.value);
    if (!c) fail(t.at, "unknown category " + quoted(t.value));
    return *c;
  }

  Config m_config;
  Ids m_parties{"party"};
  Ids m_categories{"category"};
  std::vector<Text> m_group_of;
  std::map<std::pair<Direction, std::string>, Pos> m_workflow_at;
};

Error located(std::string_view source, Pos at, std::string_view message) {
  return make_error(Errc::bad_input, std::string(source) + ":" + std::to_string(at.line) + ":" +
                                         std::to_string(at.column) + ": " + std::string(message));
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text, std::string_view source_name) {
  if (auto bad = detail::unsafe_toml_text(toml_text))
    return located(source_name,
                   Pos{static_cast<toml::source_index>(bad->line),
                       static_cast<toml::source_index>(bad->column)},
                   bad->why);
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return located(source_name, e.source().begin, e.description());
  }
  try {
    return Reader(source_name).read(root);
  } catch (const Failure& f) {
    return located(source_name, f.at, f.message);
  }
}

}  // namespace corridor::core
