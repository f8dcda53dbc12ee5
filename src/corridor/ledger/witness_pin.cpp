#include <corridor/ledger/witness_pin.hpp>

namespace corridor::ledger {

core::Result<PublicKey> parse_witness_vkey(std::string_view text) {
  auto k = parse_vkey(text);
  if (!k) return std::move(k).error();
  if (k->type != KeyType::cosignature)
    return core::make_error(core::Errc::bad_input,
                            k->name + ": not a witness key (type 0x04, corridor keygen --witness)");
  const auto slash = k->name.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == k->name.size())
    return core::make_error(core::Errc::bad_input,
                            k->name + ": a witness key is named <party>/<name>");
  return k;
}

std::string witness_party(const PublicKey& key) { return key.name.substr(0, key.name.find('/')); }

const PublicKey* pinned_witness(const std::vector<PublicKey>& pinned, const NoteSignature& sig) {
  for (const PublicKey& k : pinned)
    if (k.name == sig.name && k.id == sig.key_id) return &k;
  return nullptr;
}

}  // namespace corridor::ledger
