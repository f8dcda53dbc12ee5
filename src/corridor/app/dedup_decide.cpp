// Service::same_person, different_persons and duplicates: the decisions on
// possible duplicates, drafted and signed as closures are (decide.cpp),
// and the pairs still to decide (docs/dedup.md).

#include <corridor/app/apply.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/store/dedup_repo.hpp>

#include <algorithm>

namespace corridor::app {

using core::Result;

Result<core::CaseState> Service::same_person(const SamePersonRequest& req,
                                             const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_same_person(req, key.public_key()), key);
}

Result<core::CaseState> Service::different_persons(const DifferentPersonsRequest& req,
                                                   const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_different_persons(req, key.public_key()), key);
}

namespace {

Result<Prepared<core::CaseState>> state_of(Result<Prepared<Applied>> p) {
  if (!p) return std::move(p).error();
  return then(std::move(p).value(), [](Applied a) -> Result<core::CaseState> { return a.state; });
}

}  // namespace

Result<Prepared<core::CaseState>> Service::prepare_same_person(const SamePersonRequest& req,
                                                               const ledger::PublicKey& officer) {
  auto s = draft(m_config, officer, m_env.now(), req.duplicate, ledger::SamePerson{req.keep});
  if (!s) return std::move(s).error();
  return state_of(prepare_statement(*s, ""));
}

Result<Prepared<core::CaseState>> Service::prepare_different_persons(
    const DifferentPersonsRequest& req, const ledger::PublicKey& officer) {
  auto s = draft(m_config, officer, m_env.now(), req.a, ledger::DifferentPersons{req.b});
  if (!s) return std::move(s).error();
  return state_of(prepare_statement(*s, ""));
}

Result<DuplicatePage> Service::duplicates(std::string_view party, std::size_t limit,
                                          const std::optional<std::string>& after) {
  std::optional<store::DedupCursor> cursor;
  if (after) {
    cursor = store::parse_dedup_cursor(*after);
    if (!cursor)
      return core::Error{
          core::Errc::bad_input, "after: not a cursor this list gave", {}, {}, "after"};
  }
  auto db = reader();
  if (!db) return std::move(db).error();
  DuplicatePage page;
  // Pages of the store's order, skipping the pairs the party may not decide.
  const int chunk = static_cast<int>(std::max<std::size_t>(limit, 64));
  while (page.pairs.size() < limit) {
    auto rows = store::undecided_dedup_pairs(**db, cursor, chunk);
    if (!rows) return std::move(rows).error();
    for (const store::DedupPair& p : *rows) {
      cursor = store::cursor_after(p);
      if (!m_config.may_register(party, p.category_a) ||
          !m_config.may_register(party, p.category_b))
        continue;
      page.pairs.push_back(DuplicatePair{p.ref_a, p.ref_b, p.score, p.evidence});
      if (page.pairs.size() == limit) break;
    }
    if (rows->size() < static_cast<std::size_t>(chunk) && page.pairs.size() < limit) return page;
  }
  if (cursor) page.next = store::format_dedup_cursor(*cursor);
  return page;
}

}  // namespace corridor::app
