// One write/read pair per statement kind: the fields after the header, in
// the order docs/log_format.md gives them.

#include <corridor/ledger/statement_text.hpp>

#include <array>
#include <utility>

namespace corridor::ledger::detail {
namespace {

using core::Result;

// --- values ---------------------------------------------------------------

std::string hex(const core::Hash256& h) { return core::to_hex(h); }

Result<core::Hash256> read_hash(Reader& r, std::string_view name) {
  auto v = r.take(name);
  if (!v) return std::move(v).error();
  auto h = core::hash_from_hex(*v);
  if (!h || *v != core::to_hex(*h))
    return r.fail_taken(std::string(name) + ": not 64 lowercase hex");
  return *h;
}

// The optional `note` line: a note_hash.
Result<std::optional<core::Hash256>> read_note(Reader& r) {
  auto v = r.take_optional("note");
  if (!v) return std::optional<core::Hash256>{};
  auto h = core::hash_from_hex(*v);
  if (!h || *v != core::to_hex(*h)) return r.fail_taken("note: not 64 lowercase hex");
  return std::optional<core::Hash256>{*h};
}

void write_note(Writer& w, const std::optional<core::Hash256>& note) {
  if (note) w.field("note", hex(*note));
}

Result<core::Date> read_date(Reader& r, std::string_view name) {
  auto v = r.take(name);
  if (!v) return std::move(v).error();
  auto d = core::parse_date(*v);
  if (!d) return r.fail_taken(std::string(name) + ": not a date YYYY-MM-DD");
  return *d;
}

Result<core::Direction> read_direction(Reader& r) {
  auto v = r.take("direction");
  if (!v) return std::move(v).error();
  auto d = core::parse_direction(*v);
  if (!d) return r.fail_taken("direction: not exit or entry");
  return *d;
}

// An optional list "a,b,c": absent is empty; an empty item is refused.
Result<std::vector<std::string>> read_list(Reader& r, std::string_view name) {
  std::vector<std::string> out;
  if (auto v = r.take_optional(name)) {
    out = split(*v);
    if (std::any_of(out.begin(), out.end(), [](const auto& f) { return f.empty(); }))
      return r.fail_taken(std::string(name) + ": an empty item");
  }
  return out;
}

// An optional capacity line, in format_capacity's form only: one text per
// statement, so that what is signed is what is read back.
Result<std::optional<core::Capacity>> read_capacity(Reader& r, std::string_view name) {
  auto v = r.take_optional(name);
  if (!v) return std::optional<core::Capacity>{};
  auto cap = core::parse_capacity(*v);
  if (!cap) return r.fail_taken(std::string(name) + ": " + cap.error().message);
  if (core::format_capacity(*cap) != *v)
    return r.fail_taken(std::string(name) + ": not in the canonical form '" +
                        core::format_capacity(*cap) + "'");
  return std::optional<core::Capacity>{*cap};
}

void write_capacity(Writer& w, std::string_view name, const std::optional<core::Capacity>& c) {
  w.optional(name, c ? core::format_capacity(*c) : std::string());
}

template <class E>
Result<E> read_enum(Reader& r, std::string_view name, std::optional<E> (*parse)(std::string_view),
                    std::string_view allowed) {
  auto v = r.take(name);
  if (!v) return std::move(v).error();
  auto e = parse(*v);
  if (!e) return r.fail_taken(std::string(name) + ": not " + std::string(allowed));
  return *e;
}

// Moves a value into `out`; its error, if it is one.
template <class T, class U>
std::optional<core::Error> set(U& out, Result<T> value) {
  if (!value) return std::move(value).error();
  out = std::move(value).value();
  return std::nullopt;
}

// --- one pair per kind ------------------------------------------------------

void write(Writer& w, const Registration& b) {
  w.field("category", b.category);
  w.field("direction", core::to_string(b.direction));
  w.optional("group", b.group_ref);
  w.field("snapshot", hex(b.snapshot));
}
Result<void> read(Reader& r, Registration& b) {
  if (auto e = set(b.category, r.take("category"))) return std::move(*e);
  if (auto e = set(b.direction, read_direction(r))) return std::move(*e);
  b.group_ref = r.take_optional("group").value_or("");
  if (auto e = set(b.snapshot, read_hash(r, "snapshot"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Decision& b) {
  w.field("stage", b.stage);
  w.field("outcome", core::to_string(b.outcome));
  w.optional("reason", b.reason);
  write_note(w, b.note);
  w.field("snapshot", hex(b.snapshot));
}
Result<void> read(Reader& r, Decision& b) {
  if (auto e = set(b.stage, r.take("stage"))) return std::move(*e);
  if (auto e = set(b.outcome, read_enum<core::Outcome>(r, "outcome", core::parse_outcome,
                                                       "approve, deny, return or revoke")))
    return std::move(*e);
  b.reason = r.take_optional("reason").value_or("");
  if (auto e = set(b.note, read_note(r))) return std::move(*e);
  if (auto e = set(b.snapshot, read_hash(r, "snapshot"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Amendment& b) {
  w.field("fields", join(b.fields));
  w.field("previous", hex(b.previous));
  w.field("snapshot", hex(b.snapshot));
}
Result<void> read(Reader& r, Amendment& b) {
  std::string fields;
  if (auto e = set(fields, r.take("fields"))) return std::move(*e);
  b.fields = split(fields);
  if (std::any_of(b.fields.begin(), b.fields.end(), [](const auto& f) { return f.empty(); }))
    return r.fail_taken("fields: an empty field name");
  if (auto e = set(b.previous, read_hash(r, "previous"))) return std::move(*e);
  if (auto e = set(b.snapshot, read_hash(r, "snapshot"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Closure& b) {
  w.field("closure", b.sealed ? sealed_token(*b.sealed) : std::string(core::to_string(b.kind)));
  write_note(w, b.note);
}
Result<void> read(Reader& r, Closure& b) {
  auto text = r.take("closure");
  if (!text) return std::move(text).error();
  if (auto sealed = parse_sealed(*text)) {
    b.sealed = sealed;
  } else if (auto kind = core::parse_closure_kind(*text)) {
    b.kind = *kind;
  } else {
    return r.fail_taken("closure: not withdrawn, deceased or a sealed kind");
  }
  if (auto e = set(b.note, read_note(r))) return std::move(*e);
  return {};
}

void write(Writer& w, const OfficerAdd& b) { w.field("key", b.key); }
Result<void> read(Reader& r, OfficerAdd& b) {
  if (auto e = set(b.key, r.take("key"))) return std::move(*e);
  return {};
}

void write(Writer&, const OfficerRevoke&) {}
Result<void> read(Reader&, OfficerRevoke&) { return {}; }

void write(Writer& w, const CrossingChange& b) {
  w.field("date", b.day.to_string());
  if (b.until) w.field("until", b.until->to_string());
  w.field("action", to_string(b.action));
  w.field("reason", b.reason);
  write_capacity(w, "capacity", b.capacity);
}
Result<void> read(Reader& r, CrossingChange& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto v = r.take_optional("until")) {
    auto d = core::parse_date(*v);
    if (!d) return r.fail_taken("until: not a date YYYY-MM-DD");
    if (*d < b.day) return r.fail_taken("until: before the date");
    b.until = *d;
  }
  if (auto e = set(b.action, read_enum<CrossingAction>(r, "action", parse_crossing_action,
                                                       "open, suspend or close")))
    return std::move(*e);
  if (auto e = set(b.reason, r.take("reason"))) return std::move(*e);
  if (b.reason.size() > k_max_crossing_reason)
    return r.fail_taken("reason: more than " + std::to_string(k_max_crossing_reason) + " bytes");
  if (auto e = set(b.capacity, read_capacity(r, "capacity"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Manifest& b) {
  w.field("date", b.day.to_string());
  w.field("direction", core::to_string(b.direction));
  w.optional("travellers", join(b.travellers));
  w.optional("standby", join(b.standby));
}
Result<void> read(Reader& r, Manifest& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e = set(b.direction, read_direction(r))) return std::move(*e);
  if (auto e = set(b.travellers, read_list(r, "travellers"))) return std::move(*e);
  if (auto e = set(b.standby, read_list(r, "standby"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Approval& b) {
  w.field("date", b.day.to_string());
  w.field("direction", core::to_string(b.direction));
  w.field("manifest", hex(b.manifest));
}
Result<void> read(Reader& r, Approval& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e = set(b.direction, read_direction(r))) return std::move(*e);
  if (auto e = set(b.manifest, read_hash(r, "manifest"))) return std::move(*e);
  return {};
}

void write(Writer& w, const GateEvent& b) {
  w.field("date", b.day.to_string());
  w.field("outcome", to_string(b.outcome));
  w.optional("reason", b.reason);
  w.field("snapshot", hex(b.snapshot));
}
Result<void> read(Reader& r, GateEvent& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e = set(b.outcome, read_enum<GateOutcome>(r, "outcome", parse_gate_outcome,
                                                     "crossed, turned-back or no-show")))
    return std::move(*e);
  b.reason = r.take_optional("reason").value_or("");
  if (auto e = set(b.snapshot, read_hash(r, "snapshot"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Reexamination& b) {
  w.field("date", b.day.to_string());
  w.field("step", to_string(b.step));
  write_note(w, b.note);
}
Result<void> read(Reader& r, Reexamination& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e =
          set(b.step, read_enum<ReexamStep>(r, "step", parse_reexam_step, "ordered or recorded")))
    return std::move(*e);
  if (auto e = set(b.note, read_note(r))) return std::move(*e);
  return {};
}

void write(Writer& w, const DayReport& b) {
  w.field("date", b.day.to_string());
  write_capacity(w, "crossed", b.crossed);
  std::vector<std::string> turned_back;
  for (const TurnBack& t : b.turned_back) turned_back.push_back(t.ref + ":" + t.reason);
  w.optional("turned-back", join(turned_back));
  w.optional("no-show", join(b.no_shows));
}
Result<void> read(Reader& r, DayReport& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e = set(b.crossed, read_capacity(r, "crossed"))) return std::move(*e);
  std::vector<std::string> items;
  if (auto e = set(items, read_list(r, "turned-back"))) return std::move(*e);
  for (const std::string& item : items) {
    // "REF:reason": the reason is after the last colon (a reason is a
    // config code, which holds none; a ref may).
    auto colon = item.rfind(':');
    if (colon == std::string::npos)
      return r.fail_taken("turned-back: '" + item + "' is not REF:reason");
    b.turned_back.push_back({item.substr(0, colon), item.substr(colon + 1)});
  }
  if (auto e = set(b.no_shows, read_list(r, "no-show"))) return std::move(*e);
  return {};
}

void write(Writer& w, const Attestation& b) {
  w.field("date", b.day.to_string());
  w.field("report", hex(b.report));
}
Result<void> read(Reader& r, Attestation& b) {
  if (auto e = set(b.day, read_date(r, "date"))) return std::move(*e);
  if (auto e = set(b.report, read_hash(r, "report"))) return std::move(*e);
  return {};
}

void write(Writer& w, const OfficerRotate& b) {
  w.field("key", b.key);
  w.field("previous", b.previous);
}
Result<void> read(Reader& r, OfficerRotate& b) {
  if (auto e = set(b.key, r.take("key"))) return std::move(*e);
  if (auto e = set(b.previous, r.take("previous"))) return std::move(*e);
  return {};
}

void write(Writer& w, const SamePerson& b) { w.field("kept", b.kept); }
Result<void> read(Reader& r, SamePerson& b) {
  if (auto e = set(b.kept, r.take("kept"))) return std::move(*e);
  return {};
}

void write(Writer& w, const DifferentPersons& b) { w.field("other", b.other); }
Result<void> read(Reader& r, DifferentPersons& b) {
  if (auto e = set(b.other, r.take("other"))) return std::move(*e);
  return {};
}

// --- dispatch ---------------------------------------------------------------

template <class T>
Result<StatementBody> read_as(Reader& r) {
  T body;
  if (auto ok = read(r, body); !ok) return std::move(ok).error();
  return StatementBody{std::move(body)};
}

using BodyReader = Result<StatementBody> (*)(Reader&);

template <std::size_t... I>
constexpr std::array<BodyReader, sizeof...(I)> body_readers(std::index_sequence<I...>) {
  return {&read_as<std::variant_alternative_t<I, StatementBody>>...};
}

constexpr auto k_readers =
    body_readers(std::make_index_sequence<std::variant_size_v<StatementBody>>{});

}  // namespace

void write_body(Writer& w, const StatementBody& body) {
  std::visit([&](const auto& b) { write(w, b); }, body);
}

Result<StatementBody> read_body(Reader& r, StatementKind kind) {
  return k_readers.at(static_cast<std::size_t>(kind))(r);
}

}  // namespace corridor::ledger::detail
