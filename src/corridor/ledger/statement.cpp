#include <corridor/ledger/statement.hpp>

#include <sodium.h>

#include <algorithm>
#include <charconv>

namespace corridor::ledger {
namespace {

constexpr std::string_view k_kinds[] = {
    "registration",   "decision",   "amendment",  "closure",  "officer-add",
    "officer-revoke", "crossing",   "manifest",   "approval", "gate",
    "reexamination",  "day-report", "attestation"};

constexpr std::size_t k_max_crossing_reason = 200;

// A value may hold any UTF-8 but no control character; values that are ids
// are checked by their own rules before they get here.
bool clean_value(std::string_view v) {
  return !v.empty() && std::none_of(v.begin(), v.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
}

class Writer {
public:
  void field(std::string_view name, std::string_view value) {
    if (!clean_value(value) && m_bad.empty()) m_bad = std::string(name);
    m_out.append(name).append(" ").append(value).append("\n");
  }
  void optional(std::string_view name, std::string_view value) {
    if (!value.empty()) field(name, value);
  }
  core::Result<std::string> finish() {
    if (!m_bad.empty())
      return core::make_error(core::Errc::bad_input, "statement field '" + m_bad +
                                                         "' is empty or holds a control character");
    return std::move(m_out);
  }

private:
  std::string m_out;
  std::string m_bad;
};

class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text) {}

  // The value of the next line if it is `name`, else an error.
  core::Result<std::string> take(std::string_view name) {
    auto v = peek(name);
    if (!v) return fail("expected '" + std::string(name) + "'");
    advance();
    return std::string(*v);
  }
  std::optional<std::string> take_optional(std::string_view name) {
    auto v = peek(name);
    if (!v) return std::nullopt;
    advance();
    return std::string(*v);
  }
  bool at_end() const { return m_pos == m_text.size(); }
  int line() const { return m_line; }
  core::Error fail(std::string what) const { return fail_at(m_line, std::move(what)); }
  // For a value already taken: the line before the current one.
  core::Error fail_taken(std::string what) const { return fail_at(m_line - 1, std::move(what)); }
  core::Error fail_at(int line, std::string what) const {
    return core::make_error(core::Errc::bad_input,
                            "statement line " + std::to_string(line) + ": " + what);
  }
  // The whole next line, for the header.
  std::optional<std::string_view> raw_line() {
    auto nl = m_text.find('\n', m_pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = m_text.substr(m_pos, nl - m_pos);
    m_pos = nl + 1;
    ++m_line;
    return l;
  }

private:
  std::optional<std::string_view> peek(std::string_view name) {
    auto nl = m_text.find('\n', m_pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = m_text.substr(m_pos, nl - m_pos);
    if (l.size() < name.size() + 2 || l.substr(0, name.size()) != name || l[name.size()] != ' ')
      return std::nullopt;
    std::string_view v = l.substr(name.size() + 1);
    if (!clean_value(v)) return std::nullopt;
    m_next = nl + 1;
    return v;
  }
  void advance() {
    m_pos = m_next;
    ++m_line;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::size_t m_next = 0;
  int m_line = 1;
};

std::optional<core::Timestamp> parse_time(std::string_view v) {
  if (v.empty() || (v.size() > 1 && v[0] == '0')) return std::nullopt;
  core::Timestamp t = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || p != v.data() + v.size() || t < 0) return std::nullopt;
  return t;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  return out;
}

std::vector<std::string> split(std::string_view v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto comma = v.find(',', start);
    out.emplace_back(v.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string_view to_string(StatementKind k) { return k_kinds[static_cast<int>(k)]; }

std::optional<StatementKind> parse_statement_kind(std::string_view text) {
  for (std::size_t i = 0; i < std::size(k_kinds); ++i)
    if (k_kinds[i] == text) return static_cast<StatementKind>(i);
  return std::nullopt;
}

bool signed_by_log(StatementKind k) {
  return k == StatementKind::officer_add || k == StatementKind::officer_revoke;
}

bool names_case(StatementKind k) {
  switch (k) {
    case StatementKind::registration:
    case StatementKind::decision:
    case StatementKind::amendment:
    case StatementKind::closure:
    case StatementKind::gate:
    case StatementKind::reexamination:
      return true;
    default:
      return false;
  }
}

bool mentions_case(const Statement& s, std::string_view ref) {
  if (names_case(s.kind)) return s.case_ref == ref;
  if (s.kind != StatementKind::manifest && s.kind != StatementKind::day_report) return false;
  auto listed = [&](const std::string& item) {
    // day-report turned-back items are "REF:reason".
    return item == ref || (item.size() > ref.size() && item.compare(0, ref.size(), ref) == 0 &&
                           item[ref.size()] == ':');
  };
  return std::any_of(s.refs.begin(), s.refs.end(), listed) ||
         std::any_of(s.others.begin(), s.others.end(), listed);
}

std::string officer_key_name(std::string_view party, std::string_view officer) {
  return std::string(party) + "/" + std::string(officer);
}

bool valid_officer_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

core::Result<std::string> format_statement(const Statement& s) {
  Writer w;
  std::string out(k_statement_header);
  w.field("log", s.log);
  w.field("kind", to_string(s.kind));
  w.field("time", std::to_string(s.time));
  w.field("party", s.party);
  w.field("officer", s.officer);
  switch (s.kind) {
    case StatementKind::registration:
      w.field("case", s.case_ref);
      w.field("category", s.category);
      w.field("direction", core::to_string(s.direction));
      w.optional("group", s.group_ref);
      w.field("snapshot", core::to_hex(s.snapshot));
      break;
    case StatementKind::decision:
      w.field("case", s.case_ref);
      w.field("stage", s.stage);
      w.field("outcome", core::to_string(s.outcome));
      w.optional("reason", s.reason);
      if (s.note) w.field("note", core::to_hex(*s.note));
      w.field("snapshot", core::to_hex(s.snapshot));
      break;
    case StatementKind::amendment:
      w.field("case", s.case_ref);
      w.field("fields", join(s.fields));
      w.field("previous", core::to_hex(s.previous));
      w.field("snapshot", core::to_hex(s.snapshot));
      break;
    case StatementKind::closure:
      w.field("case", s.case_ref);
      w.field("closure", core::to_string(s.closure));
      if (s.note) w.field("note", core::to_hex(*s.note));
      break;
    case StatementKind::officer_add:
      w.field("key", s.key);
      break;
    case StatementKind::officer_revoke:
      break;
    case StatementKind::crossing:
      w.field("date", s.day.to_string());
      if (s.until) w.field("until", s.until->to_string());
      w.field("action", s.action);
      w.field("reason", s.reason);
      w.optional("capacity", s.capacity);
      break;
    case StatementKind::manifest:
      w.field("date", s.day.to_string());
      w.field("direction", core::to_string(s.direction));
      w.optional("travellers", join(s.refs));
      w.optional("standby", join(s.others));
      break;
    case StatementKind::approval:
      w.field("date", s.day.to_string());
      w.field("direction", core::to_string(s.direction));
      w.field("manifest", core::to_hex(s.target));
      break;
    case StatementKind::gate:
      w.field("case", s.case_ref);
      w.field("date", s.day.to_string());
      w.field("outcome", s.action);
      w.optional("reason", s.reason);
      w.field("snapshot", core::to_hex(s.snapshot));
      break;
    case StatementKind::reexamination:
      w.field("case", s.case_ref);
      w.field("date", s.day.to_string());
      w.field("step", s.action);
      if (s.note) w.field("note", core::to_hex(*s.note));
      break;
    case StatementKind::day_report:
      w.field("date", s.day.to_string());
      w.optional("crossed", s.capacity);
      w.optional("turned-back", join(s.others));
      w.optional("no-show", join(s.refs));
      break;
    case StatementKind::attestation:
      w.field("date", s.day.to_string());
      w.field("report", core::to_hex(s.target));
      break;
  }
  if (s.kind == StatementKind::crossing && s.reason.size() > k_max_crossing_reason)
    return core::make_error(core::Errc::bad_input,
                            "the reason is at most " + std::to_string(k_max_crossing_reason) +
                                " bytes (it is public, in the log; this one has " +
                                std::to_string(s.reason.size()) + ")");
  auto body = w.finish();
  if (!body) return std::move(body).error();
  return out + "\n" + *body;
}

core::Result<Statement> parse_statement(std::string_view text) {
  Reader r(text);
  auto header = r.raw_line();
  if (!header || *header != k_statement_header)
    return r.fail_at(
        1, "not a statement (the first line must be " + std::string(k_statement_header) + ")");
  Statement s;
  auto hash = [&](std::string_view name, core::Hash256& out) -> core::Result<void> {
    auto v = r.take(name);
    if (!v) return std::move(v).error();
    auto h = core::hash_from_hex(*v);
    if (!h || *v != core::to_hex(*h))
      return r.fail_taken(std::string(name) + ": not 64 lowercase hex");
    out = *h;
    return {};
  };
#define TAKE(var, name)    \
  auto var = r.take(name); \
  if (!var) return std::move(var).error();
  TAKE(log, "log");
  s.log = *log;
  TAKE(kind, "kind");
  auto k = parse_statement_kind(*kind);
  if (!k) return r.fail_taken("unknown kind '" + *kind + "'");
  s.kind = *k;
  TAKE(time, "time");
  auto t = parse_time(*time);
  if (!t) return r.fail_taken("time: not a decimal number of seconds");
  s.time = *t;
  TAKE(party, "party");
  s.party = *party;
  TAKE(officer, "officer");
  s.officer = *officer;
  if (names_case(s.kind)) {
    TAKE(ref, "case");
    s.case_ref = *ref;
  }
  auto date = [&](std::string_view name, core::Date& out) -> core::Result<void> {
    auto v = r.take(name);
    if (!v) return std::move(v).error();
    auto d = core::parse_date(*v);
    if (!d) return r.fail_taken(std::string(name) + ": not a date YYYY-MM-DD");
    out = *d;
    return {};
  };
  auto direction = [&]() -> core::Result<void> {
    auto v = r.take("direction");
    if (!v) return std::move(v).error();
    auto d = core::parse_direction(*v);
    if (!d) return r.fail_taken("direction: not exit or entry");
    s.direction = *d;
    return {};
  };
  auto list = [&](std::string_view name, std::vector<std::string>& out) -> core::Result<void> {
    if (auto v = r.take_optional(name)) {
      out = split(*v);
      if (std::any_of(out.begin(), out.end(), [](const auto& f) { return f.empty(); }))
        return r.fail_taken(std::string(name) + ": an empty item");
    }
    return {};
  };
#define CHECK(expr) \
  if (auto c = (expr); !c) return std::move(c).error();
  auto note = [&]() -> core::Result<void> {
    if (auto v = r.take_optional("note")) {
      auto h = core::hash_from_hex(*v);
      if (!h || *v != core::to_hex(*h)) return r.fail_taken("note: not 64 lowercase hex");
      s.note = *h;
    }
    return {};
  };
  switch (s.kind) {
    case StatementKind::registration: {
      TAKE(cat, "category");
      s.category = *cat;
      TAKE(dir, "direction");
      auto d = core::parse_direction(*dir);
      if (!d) return r.fail_taken("direction: not exit or entry");
      s.direction = *d;
      s.group_ref = r.take_optional("group").value_or("");
      if (auto h = hash("snapshot", s.snapshot); !h) return std::move(h).error();
      break;
    }
    case StatementKind::decision: {
      TAKE(stage, "stage");
      s.stage = *stage;
      TAKE(outcome, "outcome");
      auto o = core::parse_outcome(*outcome);
      if (!o) return r.fail_taken("outcome: not approve, deny, return or revoke");
      s.outcome = *o;
      s.reason = r.take_optional("reason").value_or("");
      if (auto n = note(); !n) return std::move(n).error();
      if (auto h = hash("snapshot", s.snapshot); !h) return std::move(h).error();
      break;
    }
    case StatementKind::amendment: {
      TAKE(fields, "fields");
      s.fields = split(*fields);
      if (std::any_of(s.fields.begin(), s.fields.end(), [](const auto& f) { return f.empty(); }))
        return r.fail_taken("fields: an empty field name");
      if (auto h = hash("previous", s.previous); !h) return std::move(h).error();
      if (auto h = hash("snapshot", s.snapshot); !h) return std::move(h).error();
      break;
    }
    case StatementKind::closure: {
      TAKE(kind_v, "closure");
      auto c = core::parse_closure_kind(*kind_v);
      if (!c) return r.fail_taken("closure: not withdrawn or deceased");
      s.closure = *c;
      if (auto n = note(); !n) return std::move(n).error();
      break;
    }
    case StatementKind::officer_add: {
      TAKE(key, "key");
      s.key = *key;
      break;
    }
    case StatementKind::officer_revoke:
      break;
    case StatementKind::crossing: {
      CHECK(date("date", s.day));
      if (auto v = r.take_optional("until")) {
        auto d = core::parse_date(*v);
        if (!d) return r.fail_taken("until: not a date YYYY-MM-DD");
        if (*d < s.day) return r.fail_taken("until: before the date");
        s.until = *d;
      }
      TAKE(action, "action");
      if (*action != "open" && *action != "suspend" && *action != "close")
        return r.fail_taken("action: not open, suspend or close");
      s.action = *action;
      TAKE(reason, "reason");
      if (reason->size() > k_max_crossing_reason)
        return r.fail_taken("reason: more than " + std::to_string(k_max_crossing_reason) +
                            " bytes");
      s.reason = *reason;
      s.capacity = r.take_optional("capacity").value_or("");
      break;
    }
    case StatementKind::manifest:
      CHECK(date("date", s.day));
      CHECK(direction());
      CHECK(list("travellers", s.refs));
      CHECK(list("standby", s.others));
      break;
    case StatementKind::approval:
      CHECK(date("date", s.day));
      CHECK(direction());
      CHECK(hash("manifest", s.target));
      break;
    case StatementKind::gate: {
      CHECK(date("date", s.day));
      TAKE(outcome, "outcome");
      if (*outcome != "crossed" && *outcome != "turned-back" && *outcome != "no-show")
        return r.fail_taken("outcome: not crossed, turned-back or no-show");
      s.action = *outcome;
      s.reason = r.take_optional("reason").value_or("");
      CHECK(hash("snapshot", s.snapshot));
      break;
    }
    case StatementKind::reexamination: {
      CHECK(date("date", s.day));
      TAKE(step, "step");
      if (*step != "ordered" && *step != "recorded")
        return r.fail_taken("step: not ordered or recorded");
      s.action = *step;
      CHECK(note());
      break;
    }
    case StatementKind::day_report:
      CHECK(date("date", s.day));
      s.capacity = r.take_optional("crossed").value_or("");
      CHECK(list("turned-back", s.others));
      CHECK(list("no-show", s.refs));
      break;
    case StatementKind::attestation:
      CHECK(date("date", s.day));
      CHECK(hash("report", s.target));
      break;
  }
#undef CHECK
#undef TAKE
  if (!r.at_end()) return r.fail("unexpected field");
  return s;
}

core::Result<void> check_statement_signature(const Note& note, const PublicKey& key) {
  const std::string who = key.name;
  if (note.signatures.size() != 1)
    return core::refuse("extra-signature",
                        "a statement carries exactly one signature line (it has " +
                            std::to_string(note.signatures.size()) + ")");
  const NoteSignature& sig = note.signatures.front();
  if (sig.name != key.name || sig.key_id != key.id)
    return core::refuse("unknown-key",
                        "the statement is not signed with the registered key of " + who);
  if (!verify_note_signature(note.text, sig, key))
    return core::refuse("bad-signature", "the signature by " + who + " does not verify");
  return {};
}

core::Hash256 note_hash(std::string_view salt, std::string_view text) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  constexpr std::string_view prefix = "corridor-note/v1\n";
  auto add = [&](std::string_view b) {
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  };
  add(prefix);
  add(salt);
  add(text);
  core::Hash256 h;
  crypto_hash_sha256_final(&st, h.data());
  return h;
}

}  // namespace corridor::ledger
