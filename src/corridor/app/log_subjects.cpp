#include <corridor/app/log_subjects.hpp>

#include <corridor/store/log_repo.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

// The reason fields of a statement that may be sealed.
template <class F>
void for_each_sealed(const ledger::Statement& s, F&& f) {
  auto sealed = [&](const std::string& reason) {
    if (auto h = ledger::parse_sealed(reason)) f(*h);
  };
  if (const auto* d = s.as<ledger::Decision>()) sealed(d->reason);
  if (const auto* g = s.as<ledger::GateEvent>()) sealed(g->reason);
  if (const auto* r = s.as<ledger::DayReport>())
    for (const auto& t : r->turned_back) sealed(t.reason);
  if (const auto* c = s.as<ledger::Closure>(); c && c->sealed) f(*c->sealed);
}

}  // namespace

// The log's index of an entry, for proofs: a case's statements (with the
// lists that name it), each key's history, and each crossing day's
// statements (for its report's check against the log).
std::vector<std::string> subjects_of(const ledger::Statement& s) {
  std::vector<std::string> out;
  const ledger::StatementKind kind = s.kind();
  if (ledger::signed_by_log(kind)) {
    out.push_back("key " + ledger::officer_key_name(s.party, s.officer));
    return out;
  }
  if (ledger::names_case(kind)) out.push_back(s.case_ref);
  // A day's statements: the crossing kinds, of the case kinds the gate only.
  if (!ledger::names_case(kind) || kind == ledger::StatementKind::gate)
    std::visit(
        [&](const auto& b) {
          if constexpr (requires { b.day; }) out.push_back("day " + b.day.to_string());
        },
        s.body);
  if (const auto* m = s.as<ledger::Manifest>()) {
    out.insert(out.end(), m->travellers.begin(), m->travellers.end());
    out.insert(out.end(), m->standby.begin(), m->standby.end());
  }
  if (const auto* r = s.as<ledger::DayReport>()) {
    out.insert(out.end(), r->no_shows.begin(), r->no_shows.end());
    for (const ledger::TurnBack& t : r->turned_back) out.push_back(t.ref);
  }
  // A pair decision is in the proofs of both its cases.
  if (const auto* p = s.as<ledger::SamePerson>()) out.push_back(p->kept);
  if (const auto* p = s.as<ledger::DifferentPersons>()) out.push_back(p->other);
  return out;
}

std::vector<std::string> private_text_subjects(const ledger::Statement& s) {
  std::vector<std::string> out;
  auto add = [&](const core::Hash256& h) { out.push_back("note " + core::to_hex(h)); };
  std::visit(
      [&](const auto& body) {
        if constexpr (requires { body.note; })
          if (body.note) add(*body.note);
      },
      s.body);
  for_each_sealed(s, add);
  return out;
}

core::Result<void> check_private_texts_unused(store::Database& db,
                                              const std::vector<std::string>& subjects) {
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    auto used = store::log_entries_of_case(db, subjects[i]);
    if (!used) return std::move(used).error();
    const auto end = subjects.begin() + static_cast<std::ptrdiff_t>(i);
    if (!used->empty() || std::find(subjects.begin(), end, subjects[i]) != end)
      return core::refuse("note-reused", "the statement names a note or sealed reason (" +
                                             subjects[i].substr(5, 16) +
                                             "...) that another statement already names: each "
                                             "is sealed for one statement");
  }
  return {};
}

}  // namespace corridor::app
