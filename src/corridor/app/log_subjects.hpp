#pragma once
// What the log's index (log_cases) files an entry under, as apply_statement
// appends it: the subjects a proof or a day's report looks entries up by,
// and the private texts (notes, sealed reasons) it names, each of which
// belongs to one statement. Internal to app/.

#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <string>
#include <vector>

namespace corridor::app {

// The subjects of a statement in its private form: its case's ref and the
// refs its lists name, "day D" for a crossing day's statements, "key
// party/officer" for a key statement.
std::vector<std::string> subjects_of(const ledger::Statement& s);

// The hashes of the private texts the statement names in its public form
// (its free-text note and each sealed reason), as "note <hex>" subjects of
// the log's index. Each text is sealed for one statement: live, a hash
// another entry already names is refused (`note-reused`), so that no one
// can read another party's note or reason by naming its hash in a
// statement of their own.
std::vector<std::string> private_text_subjects(const ledger::Statement& s);
core::Result<void> check_private_texts_unused(store::Database& db,
                                              const std::vector<std::string>& subjects);

}  // namespace corridor::app
