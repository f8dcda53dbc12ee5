// corridor log proof / corridor verify-proof: a case's statements with
// their inclusion proofs, checkable with no store (docs/log_format.md).

#include <corridor/app/batch.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/ledger/tlog_proof.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;
using nlohmann::json;

// One entry with its tlog-proof against the checkpoint.
Result<json> proven_entry(store::Database& db, std::uint64_t idx, std::uint64_t size,
                          const std::string& checkpoint) {
  auto note = store::log_entry(db, idx);
  if (!note) return std::move(note).error();
  if (!*note)
    return core::make_error(Errc::internal, "entry " + std::to_string(idx) + " is missing");
  ledger::TlogProof p;
  p.index = idx;
  try {
    p.path = ledger::inclusion_proof(store_nodes(db), idx, size);
  } catch (const std::exception& e) {
    return core::make_error(Errc::internal, std::string("log: ") + e.what());
  }
  p.checkpoint = checkpoint;
  return json{{"index", idx}, {"statement", **note}, {"proof", ledger::format_tlog_proof(p)}};
}

// A row of a registration batch (docs/log_format.md 2.1): its batch's
// signed statement with its own inclusion proof, and the row's audit path
// in the batch's tree. Adds the batch's signer to `signers`.
Result<void> add_batch(store::Database& db, std::uint64_t idx, std::uint64_t size,
                       const std::string& checkpoint, json& e, std::set<std::string>& signers) {
  auto b = store::log_case_at_or_before(db, k_batch_subject, idx);
  if (!b) return std::move(b).error();
  if (!*b)
    return core::make_error(Errc::internal,
                            "entry " + std::to_string(idx) + " is a row of no registration batch");
  auto batch_entry = proven_entry(db, **b, size, checkpoint);
  if (!batch_entry) return std::move(batch_entry).error();
  auto note = ledger::parse_note((*batch_entry)["statement"].get<std::string>());
  auto batch = note ? ledger::parse_batch(note->text)
                    : core::Result<ledger::RegistrationBatch>(note.error());
  if (!batch)
    return core::make_error(
        Errc::internal,
        "entry " + std::to_string(**b) + " is not a registration batch: " + batch.error().message);
  const std::uint64_t pos = idx - **b - 1;
  auto leaves = store::log_nodes_range(db, 0, **b + 1, **b + 1 + batch->rows);
  if (!leaves) return std::move(leaves).error();
  if (pos >= batch->rows || leaves->size() != batch->rows)
    return core::make_error(Errc::internal, "the rows of the registration batch at entry " +
                                                std::to_string(**b) + " are not all in the log");
  json path = json::array();
  for (const ledger::Hash& h : ledger::batch_path(*leaves, pos)) path.push_back(core::to_hex(h));
  e["batch"] = std::move(batch_entry).value();
  e["batch_path"] = std::move(path);
  signers.insert(ledger::officer_key_name(batch->party, batch->officer));
  return {};
}

}  // namespace

Result<std::string> case_proof(store::Database& db, const core::Config& config,
                               const ledger::PublicKey& log_key, std::string_view ref,
                               const Withhold& withhold) {
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
  const std::uint64_t size = (*latest)->size;
  std::string checkpoint = (*latest)->note;
  auto cos = store::cosignatures_of(db, size);
  if (!cos) return std::move(cos).error();
  std::set<std::string> signers;
  for (const auto& c : *cos) {
    checkpoint += c.line;
    signers.insert(c.witness);
  }
  auto idxs = store::log_entries_of_case(db, ref);
  if (!idxs) return std::move(idxs).error();
  std::erase_if(*idxs, [&](std::uint64_t i) { return i >= size; });
  if (idxs->empty())
    return core::make_error(Errc::not_found,
                            "the log has no statement about case " + std::string(ref));
  // The case's key links the public id its statements name to the ref,
  // for this case alone (core::case_key).
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(Errc::not_found, "no case " + std::string(ref));
  json doc{{"format", ledger::k_proof_format},
           {"log", ledger::format_vkey(log_key)},
           {"case", ref},
           {"case_key", core::to_hex(core::case_key((*found)->record.salt))},
           {"witness_policy",
            {{"parties", config.log.witnesses}, {"quorum", config.log.witness_quorum}}},
           {"checkpoint", checkpoint},
           {"statements", json::array()},
           {"keys", json::array()}};
  for (std::uint64_t i : *idxs) {
    auto e = proven_entry(db, i, size, checkpoint);
    if (!e) return std::move(e).error();
    if (ledger::is_row_entry((*e)["statement"].get<std::string>())) {
      if (auto b = add_batch(db, i, size, checkpoint, *e, signers); !b) return std::move(b).error();
      doc["statements"].push_back(std::move(e).value());
      continue;
    }
    auto parsed = parse_signed_statement((*e)["statement"].get<std::string>());
    if (parsed)
      signers.insert(ledger::officer_key_name(parsed->statement.party, parsed->statement.officer));
    if (auto text = withhold && parsed ? withhold(parsed->statement) : std::nullopt) {
      (*e)["leaf_hash"] = core::to_hex(ledger::leaf_hash((*e)["statement"].get<std::string>()));
      (*e)["withheld"] = *text;
      e->erase("statement");
    }
    doc["statements"].push_back(std::move(e).value());
  }
  // The key history of everyone who signed: registration and revocation.
  std::set<std::uint64_t> key_entries;
  for (const std::string& name : signers) {
    auto k = store::log_entries_of_case(db, "key " + name);
    if (!k) return std::move(k).error();
    for (std::uint64_t i : *k)
      if (i < size) key_entries.insert(i);
  }
  for (std::uint64_t i : key_entries) {
    auto e = proven_entry(db, i, size, checkpoint);
    if (!e) return std::move(e).error();
    doc["keys"].push_back(std::move(e).value());
  }
  return doc.dump(2) + "\n";
}

}  // namespace corridor::app
